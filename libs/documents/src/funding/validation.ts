import { isIsoDate } from '@app/calendar';
import type { IsoDate } from '../format';
import type {
  CostPlan,
  Financing,
  FinancingPlan,
  FundingProgramme,
  GrantContext,
  GrantReference,
  Milestone,
  Period,
  Recipient,
  Signatory,
  TextSection,
} from './funding-document';
import { applyRate } from './settlement';

/** The documents that validate their data before they are built. */
export type FundingDocumentKind =
  | 'application-form'
  | 'disbursement-request'
  | 'interim-report'
  | 'proof-of-use-narrative'
  | 'proof-of-use-figures'
  | 'status-report';

export interface FieldError {
  /** Path of the field in the document data, e.g. "costPlan.lines[2].amounts". */
  field: string;
  message: string;
}

/** The data of a document is not fit to be printed; `fields` names every bad field. */
export class FundingDocumentError extends Error {
  override readonly name = 'FundingDocumentError';

  constructor(
    readonly document: FundingDocumentKind,
    readonly fields: readonly FieldError[],
  ) {
    super(`${document}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`);
  }
}

/**
 * Collects the errors of one document's data; `done()` throws them all at once. Each check
 * returns whether the value passed, so that dependent checks can be skipped.
 */
export class FieldChecker {
  private readonly errors: FieldError[] = [];

  constructor(private readonly document: FundingDocumentKind) {}

  fail(field: string, message: string): false {
    this.errors.push({ field, message });
    return false;
  }

  check(condition: boolean, field: string, message: string): boolean {
    return condition || this.fail(field, message);
  }

  text(value: string | undefined, field: string): boolean {
    return this.check(typeof value === 'string' && value.trim().length > 0, field, 'must not be empty');
  }

  optionalText(value: string | undefined, field: string): boolean {
    return value === undefined || this.text(value, field);
  }

  date(value: IsoDate | undefined, field: string): value is IsoDate {
    return this.check(isIsoDate(value), field, `not an ISO date (YYYY-MM-DD): ${String(value)}`);
  }

  /** Integer cents; `min` defaults to 0 (no negative amounts). */
  cents(value: number, field: string, min = 0): boolean {
    if (!Number.isSafeInteger(value)) return this.fail(field, `must be an integer number of cents, got ${value}`);
    return this.check(value >= min, field, `must be at least ${min} cents, got ${value}`);
  }

  period(period: Period, field: string): boolean {
    const start = this.date(period.start, `${field}.start`);
    const end = this.date(period.end, `${field}.end`);
    return start && end && this.check(period.start <= period.end, field, `ends (${period.end}) before it starts (${period.start})`);
  }

  /** On or between two dates (ISO dates compare as strings). */
  within(value: IsoDate, from: IsoDate, to: IsoDate, field: string, what: string): boolean {
    return this.check(value >= from && value <= to, field, `${value} is outside ${what} ${from}..${to}`);
  }

  sections(sections: readonly TextSection[], field: string): void {
    this.check(sections.length > 0, field, 'needs at least one section');
    sections.forEach((s, i) => {
      this.text(s.heading, `${field}[${i}].heading`);
      this.check(s.paragraphs.length > 0, `${field}[${i}].paragraphs`, 'needs at least one paragraph');
      s.paragraphs.forEach((p, j) => this.text(p, `${field}[${i}].paragraphs[${j}]`));
    });
  }

  signatory(signatory: Signatory, field = 'signatory'): void {
    this.text(signatory.place, `${field}.place`);
    this.date(signatory.date, `${field}.date`);
    this.text(signatory.name, `${field}.name`);
    this.text(signatory.role, `${field}.role`);
  }

  /**
   * A Kostenplan: fiscal years are the calendar years the period touches, every line has a
   * unique position and one non-negative amount per year. Returns whether it is sound, so that
   * checks on its totals can be skipped when it is not.
   */
  costPlan(plan: CostPlan, period: Period, field = 'costPlan'): boolean {
    const before = this.errors.length;
    if (isIsoDate(period.start) && isIsoDate(period.end) && period.start <= period.end) {
      const first = Number(period.start.slice(0, 4));
      const last = Number(period.end.slice(0, 4));
      const expected = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      this.check(
        expected.join(',') === plan.fiscalYears.join(','),
        `${field}.fiscalYears`,
        `must be the years of the period (${expected.join(', ')}), got ${plan.fiscalYears.join(', ') || 'none'}`,
      );
    }
    this.check(plan.lines.length > 0, `${field}.lines`, 'needs at least one line');
    const seen = new Set<string>();
    plan.lines.forEach((line, i) => {
      const at = `${field}.lines[${i}]`;
      if (this.text(line.position, `${at}.position`)) {
        this.check(!seen.has(line.position), `${at}.position`, `position ${line.position} appears twice`);
        seen.add(line.position);
      }
      this.text(line.label, `${at}.label`);
      if (this.check(line.amounts.length === plan.fiscalYears.length, `${at}.amounts`, `needs ${plan.fiscalYears.length} amounts (one per fiscal year), got ${line.amounts.length}`)) {
        line.amounts.forEach((amount, j) => this.cents(amount, `${at}.amounts[${j}]`));
      }
    });
    return this.errors.length === before;
  }

  /** Finanzierungsplan: non-negative parts that add up to the total cost. */
  financingPlan(plan: FinancingPlan, totalCost: number, field = 'financingPlan'): void {
    const ok = [
      this.cents(plan.ownFunds, `${field}.ownFunds`),
      this.cents(plan.grant, `${field}.grant`),
      ...plan.thirdParties.flatMap((t, i) => [this.text(t.name, `${field}.thirdParties[${i}].name`), this.cents(t.amount, `${field}.thirdParties[${i}].amount`)]),
    ].every(Boolean);
    if (!ok) return;
    const financed = plan.ownFunds + plan.grant + plan.thirdParties.reduce((sum, t) => sum + t.amount, 0);
    this.check(financed === totalCost, field, `finances ${financed} cents, the cost plan totals ${totalCost} cents`);
  }

  recipient(recipient: Recipient, field: string): void {
    this.text(recipient.organisation, `${field}.organisation`);
    this.text(recipient.department, `${field}.department`);
    recipient.addressLines?.forEach((line, i) => this.text(line, `${field}.addressLines[${i}]`));
    if (recipient.contact) {
      this.text(recipient.contact.name, `${field}.contact.name`);
      this.optionalText(recipient.contact.phone, `${field}.contact.phone`);
      this.optionalText(recipient.contact.email, `${field}.contact.email`);
    }
    this.check(['NI', 'HE', 'NW'].includes(recipient.state), `${field}.state`, `unknown Land: ${recipient.state}`);
  }

  programme(programme: FundingProgramme, field = 'programme'): void {
    this.text(programme.name, `${field}.name`);
    this.text(programme.funder.name, `${field}.funder.name`);
    const basis = programme.legalBasis;
    if (basis.instrument === 'Zuwendungsbescheid') {
      this.text(basis.budgetRule, `${field}.legalBasis.budgetRule`);
      this.text(basis.guideline, `${field}.legalBasis.guideline`);
    } else {
      this.text(basis.contract, `${field}.legalBasis.contract`);
    }
    this.optionalText(programme.generalConditions, `${field}.generalConditions`);
    const window = programme.disbursementWindow;
    this.check(Number.isInteger(window.length) && window.length >= 1, `${field}.disbursementWindow.length`, `must be a whole number ≥ 1, got ${window.length}`);
  }

  /** Recipient, programme, project title, grant and signatory of a document about a granted project. */
  grantContext(data: GrantContext): void {
    this.recipient(data.recipient, 'recipient');
    this.programme(data.programme);
    this.text(data.projectTitle, 'projectTitle');
    this.grant(data.grant);
    this.signatory(data.signatory);
  }

  /** Amounts in cents, none negative; the fields are named `${field}.${key}`. Returns whether all passed. */
  amounts(values: Readonly<Record<string, number>>, field: string): boolean {
    return Object.entries(values)
      .map(([key, value]) => this.cents(value, `${field}.${key}`))
      .every(Boolean);
  }

  grant(grant: GrantReference, field = 'grant'): void {
    this.text(grant.fileNumber, `${field}.fileNumber`);
    this.date(grant.date, `${field}.date`);
    this.cents(grant.approvedAmount, `${field}.approvedAmount`, 1);
    this.period(grant.period, `${field}.period`);
  }

  /** The financing type's own limits, and the grant they allow for the total cost. */
  financing(financing: Financing, grant: number, totalCost: number, field = 'financing'): void {
    switch (financing.type) {
      case 'Anteilfinanzierung': {
        const rate = financing.rateBasisPoints;
        const rateOk = this.check(Number.isInteger(rate) && rate >= 1 && rate <= 10_000, `${field}.rateBasisPoints`, `must be 1..10000, got ${rate}`);
        if (this.cents(financing.cap, `${field}.cap`, 1)) {
          this.check(grant <= financing.cap, `${field}.cap`, `grant ${grant} cents exceeds the cap of ${financing.cap} cents`);
        }
        if (rateOk && Number.isSafeInteger(totalCost)) {
          const share = applyRate(totalCost, rate);
          this.check(grant <= share, `${field}.rateBasisPoints`, `grant ${grant} cents exceeds ${rate / 100} % of the cost (${share} cents)`);
        }
        return;
      }
      case 'Fehlbedarfsfinanzierung':
      case 'Vollfinanzierung':
        if (this.cents(financing.cap, `${field}.cap`, 1)) {
          this.check(grant <= financing.cap, `${field}.cap`, `grant ${grant} cents exceeds the cap of ${financing.cap} cents`);
        }
        return;
      case 'Festbetragsfinanzierung':
        if (this.cents(financing.amount, `${field}.amount`, 1)) {
          this.check(grant === financing.amount, `${field}.amount`, `grant ${grant} cents differs from the fixed amount ${financing.amount} cents`);
        }
        return;
    }
  }

  milestones(milestones: readonly Milestone[], field = 'milestones'): void {
    milestones.forEach((m, i) => {
      const at = `${field}[${i}]`;
      this.text(m.title, `${at}.title`);
      this.date(m.due, `${at}.due`);
      if (m.doneOn !== undefined) {
        this.date(m.doneOn, `${at}.doneOn`);
        this.text(m.evidence, `${at}.evidence`);
      }
    });
  }

  /** Amounts booked on plan positions: each position exists in the plan. */
  bookings(entries: readonly { position: string; amount: number }[], plan: CostPlan, field: string, unique: boolean): void {
    const positions = new Set(plan.lines.map((l) => l.position));
    const seen = new Set<string>();
    entries.forEach((entry, i) => {
      const at = `${field}[${i}]`;
      if (this.check(positions.has(entry.position), `${at}.position`, `no cost plan line ${entry.position}`) && unique) {
        this.check(!seen.has(entry.position), `${at}.position`, `position ${entry.position} appears twice`);
      }
      seen.add(entry.position);
      this.cents(entry.amount, `${at}.amount`, unique ? 0 : 1);
    });
  }

  /** An IBAN with a correct ISO 13616 check (mod 97 = 1). */
  iban(value: string, field: string): boolean {
    return this.check(isValidIban(value), field, `not a valid IBAN: ${value}`);
  }

  done(): void {
    if (this.errors.length) throw new FundingDocumentError(this.document, this.errors);
  }
}

/** ISO 13616: country, two check digits, up to 30 alphanumerics; the rearranged number mod 97 is 1. */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

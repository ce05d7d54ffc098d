import { daysInclusive, maxDate, minDate, type DisbursementWindow } from '@app/calendar';
import { DomainError, ErrorCode, type Actor } from '@app/common';
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
} from '@app/documents';
import { FundingDocumentError } from '@app/documents';
import { mulDivRoundHalfUp, type Cents } from '@app/money';
import type { ApplicationContext, CostLineRow, MilestoneRow, NoticeRow, OrganisationRow, ProgrammeRow, ReceiptRow } from './sources';

/*
 * From rows to the builders' plain data: recipient, programme, grant, Kostenplan with positions,
 * Finanzierungsplan, signatory, the financing of expenses. What the database does not hold (an
 * address, a Förderrichtlinie's wording) is left out or phrased from what it does hold.
 */

/** A 409 that says why the data does not allow the document yet. */
export function notYet(document: string, reason: string, field = 'data'): DomainError {
  return new DomainError(ErrorCode.StateConflict, `${document} cannot be generated yet: ${reason}`, [{ field, reason }]);
}

/** Runs a builder; data it refuses is a 409 naming each field, not a 500. */
export async function build<T>(document: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FundingDocumentError) {
      throw new DomainError(
        ErrorCode.StateConflict,
        `${document} cannot be generated from the data as it stands: ${error.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
        error.fields.map((f) => ({ field: f.field, reason: f.message })),
      );
    }
    throw error;
  }
}

const STATES = ['NI', 'HE', 'NW'] as const;
type State = (typeof STATES)[number];

export function recipientOf(organisation: OrganisationRow, department: string, document: string): Recipient {
  if (!STATES.includes(organisation.landCode as State)) {
    throw notYet(document, `deadlines are known for the Länder ${STATES.join(', ')} only, the organisation is in ${organisation.landCode}`, 'organisation.landCode');
  }
  return { organisation: organisation.name, department, state: organisation.landCode as State };
}

export function programmeOf(p: ProgrammeRow): FundingProgramme {
  const window: DisbursementWindow = { unit: p.disbursementWindowUnit, length: p.disbursementWindowLength };
  const conditions = p.anbestVariant ? `ANBest-${p.anbestVariant}` : undefined;
  return {
    name: p.name,
    funder: { name: p.funderName },
    legalBasis:
      p.legalBasis === 'land_grant'
        ? { instrument: 'Zuwendungsbescheid', budgetRule: '§ 44 LHO', guideline: `Förderrichtlinie „${p.name}“` }
        : { instrument: 'Fördervertrag', contract: `Fördervereinbarung über die Teilnahme am Programm „${p.name}“` },
    ...(conditions ? { generalConditions: p.legalBasis === 'land_grant' ? conditions : `${conditions} als Vertragsbestandteil` } : {}),
    disbursementWindow: window,
    ...(conditions ? { disbursementRule: `Nr. 1.4 ${conditions}` } : {}),
  };
}

/** The notice of a granted application; none, or a rejection, is a 409. */
export function grantedNotice(ctx: ApplicationContext, document: string): NoticeRow & { periodStart: string; periodEnd: string } {
  const n = ctx.notice;
  if (!n) throw notYet(document, `application "${ctx.application.title}" has no funding notice (Zuwendungsbescheid) yet`, 'notice');
  if (n.decision === 'rejected' || n.periodStart === null || n.periodEnd === null) {
    throw notYet(document, `the funding notice of application "${ctx.application.title}" rejects it`, 'notice.decision');
  }
  return n as NoticeRow & { periodStart: string; periodEnd: string };
}

export function grantOf(notice: NoticeRow & { periodStart: string; periodEnd: string }): GrantReference {
  return {
    fileNumber: notice.fileNumber ?? 'ohne Aktenzeichen',
    date: notice.issuedOn,
    approvedAmount: notice.approvedCents,
    period: { start: notice.periodStart, end: notice.periodEnd },
  };
}

/** Finanzierungsart as decided (the notice's, else the programme's); an open cap is the grant's amount. */
export function financingOf(programme: ProgrammeRow, notice: NoticeRow | null, grant: Cents): Financing {
  const type = notice?.financingType ?? programme.financingType;
  const rate = notice?.rateBp ?? programme.rateBp;
  const cap = programme.capCents ?? grant;
  switch (type) {
    case 'share':
      return { type: 'Anteilfinanzierung', rateBasisPoints: rate ?? 10_000, cap: Math.max(cap, 1) };
    case 'deficit':
      return { type: 'Fehlbedarfsfinanzierung', cap: Math.max(cap, 1) };
    case 'fixed':
      return { type: 'Festbetragsfinanzierung', amount: grant };
    case 'full':
      return { type: 'Vollfinanzierung', cap: Math.max(cap, 1) };
  }
}

/** A plan line of the builders: its position ("1.2"), and the rows of the database it stands for. */
export interface PlanPosition {
  position: string;
  category: CostLineRow['category'];
  label: string;
}

const CATEGORY_NUMBER: Readonly<Record<CostLineRow['category'], number>> = { personnel: 1, material: 2, other: 3 };

/**
 * The Kostenplan of the builders: one line per (category, label), numbered per category (1.x
 * personnel, 2.x material, 3.x other) in the order of the plan; its amounts per fiscal year of
 * `period`. A line without a fiscal year covers the whole period and is spread over its years by
 * days (half-up, the rest on the last year). Years outside the period are a 409.
 */
export function costPlanOf(lines: readonly CostLineRow[], period: Period, document: string): { plan: CostPlan; positions: PlanPosition[] } {
  if (lines.length === 0) throw notYet(document, 'the cost plan in force has no lines', 'costPlan');
  const first = Number(period.start.slice(0, 4));
  const last = Number(period.end.slice(0, 4));
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const positions: PlanPosition[] = [];
  const amounts = new Map<string, number[]>();
  const counters = { personnel: 0, material: 0, other: 0 };
  const keyOf = (category: string, label: string): string => `${category}\u0000${label}`;
  for (const line of lines) {
    const key = keyOf(line.category, line.label);
    if (!amounts.has(key)) {
      counters[line.category] += 1;
      positions.push({ position: `${CATEGORY_NUMBER[line.category]}.${counters[line.category]}`, category: line.category, label: line.label });
      amounts.set(key, years.map(() => 0));
    }
    const row = amounts.get(key)!;
    if (line.fiscalYear === null) {
      spreadOverYears(line.amountCents, period, years).forEach((amount, i) => (row[i]! += amount));
    } else {
      const i = years.indexOf(line.fiscalYear);
      if (i < 0) throw notYet(document, `cost plan line ${line.lineNo} ("${line.label}") is planned for ${line.fiscalYear}, outside the period ${period.start}..${period.end}`, `costPlan.lines[${line.lineNo}].fiscalYear`);
      row[i]! += line.amountCents;
    }
  }
  return {
    plan: {
      fiscalYears: years,
      lines: positions.map((p) => ({ position: p.position, category: p.category, label: p.label, amounts: amounts.get(keyOf(p.category, p.label))! })),
    },
    positions,
  };
}

function spreadOverYears(amount: Cents, period: Period, years: readonly number[]): Cents[] {
  const total = daysInclusive(period.start, period.end);
  let given = 0;
  return years.map((year, i) => {
    if (i === years.length - 1) return amount - given;
    const days = daysInclusive(maxDate(period.start, `${year}-01-01`), minDate(period.end, `${year}-12-31`));
    const part = mulDivRoundHalfUp(amount, BigInt(days), BigInt(total));
    given += part;
    return part;
  });
}

/** The plan position a receipt is charged to (by category and label); a receipt on no line is a 409. */
export function positionOfReceipt(positions: readonly PlanPosition[], r: ReceiptRow, document: string): string {
  const found = positions.find((p) => p.category === r.costCategory && p.label === r.costPlanLabel);
  if (!found) {
    throw notYet(document, `receipt ${r.sequenceNo} is charged to "${r.costPlanLabel}" (${r.costCategory}), which is no line of the cost plan in force`, `receipts[${r.sequenceNo}].costPlanLabel`);
  }
  return found.position;
}

export function sumOf(values: readonly Cents[]): Cents {
  return values.reduce((s, v) => s + v, 0);
}

/** Finanzierungsplan of the revision in force: own funds, grant, third parties by label. */
export function financingPlanOf(ctx: ApplicationContext): FinancingPlan {
  const of = (source: string) => ctx.financingLines.filter((l) => l.source === source);
  return {
    ownFunds: sumOf(of('own').map((l) => l.amountCents)),
    grant: sumOf(of('funder').map((l) => l.amountCents)),
    thirdParties: of('third_party').map((l) => ({ name: l.label, amount: l.amountCents })),
  };
}

/** Who signs: the acting user (else the lead department), in the organisation's seat, on `date`. */
export function signatoryOf(organisationName: string, department: string, date: string, name: string | undefined): Signatory {
  return { place: placeOf(organisationName), date, name: name ?? department, role: department };
}

/** "Landkreis Peine" → "Peine"; "Stadt Kassel" → "Kassel". */
export function placeOf(organisationName: string): string {
  return organisationName.replace(/^(Landkreis|Kreis|Stadt|Hansestadt|Region|Städteregion)\s+/, '').trim() || organisationName;
}

export function grantContextOf(ctx: ApplicationContext, document: string, date: string, signer: string | undefined): GrantContext {
  const notice = grantedNotice(ctx, document);
  return {
    recipient: recipientOf(ctx.organisation, ctx.application.departmentName, document),
    programme: programmeOf(ctx.programme),
    projectTitle: ctx.application.title,
    grant: grantOf(notice),
    signatory: signatoryOf(ctx.organisation.name, ctx.application.departmentName, date, signer),
  };
}

/** The description as paragraphs (blank lines separate them). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

export function milestoneOf(m: MilestoneRow): Milestone {
  return m.status === 'done' && m.doneOn
    ? { title: m.title, due: m.dueOn, doneOn: m.doneOn, evidence: m.evidence?.trim() || 'ohne Nachweisangabe' }
    : { title: m.title, due: m.dueOn };
}

/** The Sachbericht's first section: the project as described in the application. */
export function projectSection(ctx: ApplicationContext, heading: string): TextSection {
  const text = paragraphs(ctx.application.description);
  return { heading, paragraphs: text.length ? text : [ctx.application.title] };
}

/**
 * How expenses were financed: third parties pro rata of the Finanzierungsplan, the grant as far
 * as received money reaches (`grantAvailable`), own funds the rest.
 */
export function financeExpenses(spent: Cents, grantAvailable: Cents, plan: FinancingPlan): { grantUsed: Cents; ownFunds: Cents; thirdPartyFunds: Cents } {
  const planned = plan.ownFunds + plan.grant + sumOf(plan.thirdParties.map((t) => t.amount));
  const thirdPartyFunds = planned === 0 || spent <= 0 ? 0 : mulDivRoundHalfUp(spent, BigInt(sumOf(plan.thirdParties.map((t) => t.amount))), BigInt(planned));
  const grantUsed = Math.max(0, Math.min(grantAvailable, spent - thirdPartyFunds));
  return { grantUsed, ownFunds: spent - thirdPartyFunds - grantUsed, thirdPartyFunds };
}

/** A file name part from a title: letters (umlauts too) and digits, joined by "-", at most 60 characters. */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return (stem.length > 60 ? stem.slice(0, 60).replace(/-[^-]*$/, '') : stem) || 'Dokument';
}

export interface AssembledDocument {
  subjectType: string;
  subjectId: string;
  sourceVersion: number | null;
  mediaType: string;
  content: Buffer;
  fileName: (version: number) => string;
}

export interface AssemblyContext {
  actor: Actor;
  today: string;
  signer: string | undefined;
}

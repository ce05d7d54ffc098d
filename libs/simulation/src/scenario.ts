import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { addDays, addMonths, isIsoDate, type IsoDate } from '@app/calendar';

/*
 * The scenario file (YAML or JSON): one Landkreis, its programme and applications with their
 * council paper, staff positions, milestones and what the people do when (submit, report, check).
 * Dates are written relative to an anchor (`@anchor+2m+14d`) so that a scenario always lies in
 * the future of the time-skipping server, which starts at the real "now" and cannot go back.
 * Validation collects every problem as { field, reason } (ScenarioError), nothing is run then.
 */

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly source: string,
    readonly problems: FieldProblem[],
  ) {
    super(`${source}: invalid scenario\n${problems.map((p) => `  ${p.field}: ${p.reason}`).join('\n')}`);
  }
}

/**
 * A date: `YYYY-MM-DD`, or relative `@anchor`, `@periodStart` or `@periodEnd` (of the application)
 * followed by offsets `+3m`, `-14d`, `+1y` (months by the BGB rule: 31.01. + 1m = 28./29.02.).
 */
export type DateExpr = string;

export interface AssumedTariffIncrease {
  /** `MM-DD`: the day of each year the increase applies from (after the last shipped table) */
  from: string;
  /** e.g. "3.0" */
  percent: string;
  minimumIncreaseCents: number;
}

export interface ScenarioCommittee {
  name: string;
  shortName: string | null;
  sessions: DateExpr[];
}

export interface ScenarioOrganisation {
  slug: string;
  name: string;
  kind: 'county' | 'city';
  landCode: 'NI' | 'HE' | 'NW';
  departments: string[];
  committees: ScenarioCommittee[];
}

export interface ScenarioProgramme {
  funder: { name: string; kind: 'land' | 'foundation' | 'health_insurers' | 'federal' | 'other' };
  name: string;
  legalBasis: 'land_grant' | 'private_contract';
  anbestVariant: 'P' | 'G' | 'K' | null;
  /** Anteilfinanzierung only (what the cost engine computes per month) */
  ratePercent: string;
  capCents: number | null;
  needsCouncilDecision: boolean;
  interimReportWaiver: 'none' | 'lastWhenPeriodEndsBeforeDue' | 'all';
  proofOfUseMonths: number;
  disbursementWindowMonths: number;
  reminderDaysBefore: number[];
  escalationDaysAfterDue: number;
}

export interface ScenarioConsultation {
  committee: string;
  session: DateExpr;
  role: 'acknowledgement' | 'preliminary' | 'decision';
  outcome: 'acknowledged' | 'recommended' | 'decided';
  text: string;
}

export interface ScenarioCouncilPaper {
  number: string;
  /** take title and texts from a known paper (currently `vorlage-2021-844`) */
  textFrom: 'vorlage-2021-844' | null;
  title: string | null;
  date: DateExpr;
  sections: { description: string[]; goals: string[]; resources: string[]; conclusion: string[]; decisionProposal: string[] };
  consultations: ScenarioConsultation[];
}

export interface ScenarioPosition {
  title: string;
  payScale: string;
  payGroup: string;
  stage: number;
  stageChanges: Array<{ from: DateExpr; stage: number }>;
  weeklyHours: string;
  fullTimeHours: string;
  allowances: string[];
  holderName: string;
  product: { number: string; name: string };
  accounts: { pay: string; socialSecurity: string; pension: string; reimbursement: string };
}

export interface ScenarioMilestone {
  title: string;
  due: DateExpr;
  /** days after the nominal due date it is done (negative: before); null: never */
  doneDaysAfterDue: number | null;
}

export interface ScenarioApplication {
  key: string;
  title: string;
  description: string;
  leadDepartment: string;
  /** the application is entered and the sign-off requested */
  created: DateExpr;
  signedOff: DateExpr;
  councilPaper: ScenarioCouncilPaper | null;
  submitted: DateExpr;
  notice: { issued: DateExpr; fileNumber: string };
  period: { start: DateExpr; months: number };
  materialCostsPerYearCents: number;
  positions: ScenarioPosition[];
  milestones: ScenarioMilestone[];
  disbursements: { everyMonths: number; payoutDaysAfterRequest: number };
  /** per Zwischennachweis in order: days after its nominal due date it is submitted (negative: before); the last value repeats */
  interimReportDaysAfterDue: number[];
  proofOfUseDaysAfterDue: number;
  check: { daysAfterProof: number };
  closeDaysAfterCheck: number;
}

export interface Scenario {
  name: string;
  /** pinned anchor; null: the first of the month after the server's "now" */
  anchor: IsoDate | null;
  assumedTariffIncreases: AssumedTariffIncrease[];
  organisation: ScenarioOrganisation;
  programme: ScenarioProgramme;
  applications: ScenarioApplication[];
}

// ------------------------------------------------------------------ reading

/** Reads a .yaml/.yml or .json scenario file; ScenarioError for a bad file or content. */
export async function readScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    throw new ScenarioError(file, [{ field: '(file)', reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return parseScenario(parseStructuredText(file, text, (reason) => new ScenarioError(file, [{ field: '(file)', reason }])), file);
}

/** YAML (by extension .yaml/.yml) or JSON text to a value; `fail` makes the caller's error. */
export function parseStructuredText(file: string, text: string, fail: (reason: string) => Error): unknown {
  if (/\.ya?ml$/i.test(file)) {
    try {
      return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
    } catch (error) {
      throw fail(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(`not valid JSON: ${(error as Error).message}`);
  }
}

// ------------------------------------------------------------------ validation

const DATE_EXPR = /^@(anchor|periodStart|periodEnd)((?:[+-]\d+[ymd])*)$/;
const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

class Checker {
  readonly problems: FieldProblem[] = [];
  fail(field: string, reason: string): undefined {
    this.problems.push({ field, reason });
    return undefined;
  }
  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.fail(field, 'must be an object');
      return {};
    }
    return v as Record<string, unknown>;
  }
  text(v: unknown, field: string, fallback?: string): string {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') return this.fail(field, 'must be a non-empty text') ?? '';
    return v.trim();
  }
  optionalText(v: unknown, field: string): string | null {
    return v === undefined || v === null ? null : this.text(v, field);
  }
  whole(v: unknown, field: string, min: number, max: number, fallback?: number): number {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.fail(field, `must be a whole number ${min}–${max}, got ${JSON.stringify(v)}`) ?? min;
    return v;
  }
  bool(v: unknown, field: string, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') return this.fail(field, 'must be true or false') ?? fallback;
    return v;
  }
  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[], fallback?: T): T {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) return this.fail(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`) ?? allowed[0];
    return v as T;
  }
  list(v: unknown, field: string, fallback?: unknown[]): unknown[] {
    if (v === undefined && fallback !== undefined) return fallback;
    if (!Array.isArray(v)) return this.fail(field, 'must be a list') ?? [];
    return v;
  }
  texts(v: unknown, field: string): string[] {
    return this.list(v, field, []).map((x, i) => this.text(x, `${field}[${i}]`));
  }
  date(v: unknown, field: string): DateExpr {
    if (typeof v === 'string' && (isIsoDate(v) || DATE_EXPR.test(v))) return v;
    return this.fail(field, `must be a date YYYY-MM-DD or @anchor/@periodStart/@periodEnd with offsets like +2m-3d, got ${JSON.stringify(v)}`) ?? '@anchor';
  }
  percent(v: unknown, field: string): string {
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !PERCENT.test(s) || Number(s) > 100) return this.fail(field, `must be a percentage like "3.0", got ${JSON.stringify(v)}`) ?? '0';
    return s;
  }
}

/** Validates a parsed scenario; every problem is reported with its field path. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const c = new Checker();
  const root = c.object(value, '(root)');
  const known = ['name', 'anchor', 'assumedTariffIncreases', 'organisation', 'programme', 'applications'];
  for (const key of Object.keys(root)) if (!known.includes(key)) c.fail(key, `unknown field (known: ${known.join(', ')})`);

  let anchor: IsoDate | null = null;
  if (root.anchor !== undefined && root.anchor !== null) {
    if (!isIsoDate(root.anchor)) c.fail('anchor', `must be a date YYYY-MM-DD, got ${JSON.stringify(root.anchor)}`);
    else anchor = root.anchor;
  }

  const increases = c.list(root.assumedTariffIncreases, 'assumedTariffIncreases', []).map((x, i) => {
    const f = `assumedTariffIncreases[${i}]`;
    const o = c.object(x, f);
    const from = c.text(o.from, `${f}.from`);
    if (from && !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(from)) c.fail(`${f}.from`, `must be a day of the year MM-DD, got ${JSON.stringify(from)}`);
    return { from, percent: c.percent(o.percent, `${f}.percent`), minimumIncreaseCents: c.whole(o.minimumIncreaseCents, `${f}.minimumIncreaseCents`, 0, 100_000, 0) };
  });

  const o = c.object(root.organisation, 'organisation');
  const organisation: ScenarioOrganisation = {
    slug: c.text(o.slug, 'organisation.slug'),
    name: c.text(o.name, 'organisation.name'),
    kind: c.oneOf(o.kind, 'organisation.kind', ['county', 'city'] as const, 'county'),
    landCode: c.oneOf(o.landCode, 'organisation.landCode', ['NI', 'HE', 'NW'] as const),
    departments: c.texts(o.departments, 'organisation.departments'),
    committees: c.list(o.committees, 'organisation.committees').map((x, i) => {
      const f = `organisation.committees[${i}]`;
      const m = c.object(x, f);
      return {
        name: c.text(m.name, `${f}.name`),
        shortName: c.optionalText(m.shortName, `${f}.shortName`),
        sessions: c.list(m.sessions, `${f}.sessions`, []).map((d, k) => c.date(d, `${f}.sessions[${k}]`)),
      };
    }),
  };
  if (organisation.slug && !/^[a-z0-9-]+$/.test(organisation.slug)) c.fail('organisation.slug', 'only a-z, 0-9 and -');

  const p = c.object(root.programme, 'programme');
  const funder = c.object(p.funder, 'programme.funder');
  const programme: ScenarioProgramme = {
    funder: { name: c.text(funder.name, 'programme.funder.name'), kind: c.oneOf(funder.kind, 'programme.funder.kind', ['land', 'foundation', 'health_insurers', 'federal', 'other'] as const) },
    name: c.text(p.name, 'programme.name'),
    legalBasis: c.oneOf(p.legalBasis, 'programme.legalBasis', ['land_grant', 'private_contract'] as const),
    anbestVariant: p.anbestVariant === null || p.anbestVariant === undefined ? null : c.oneOf(p.anbestVariant, 'programme.anbestVariant', ['P', 'G', 'K'] as const),
    ratePercent: c.percent(p.ratePercent, 'programme.ratePercent'),
    capCents: p.capCents === null || p.capCents === undefined ? null : c.whole(p.capCents, 'programme.capCents', 1, 100_000_000_000),
    needsCouncilDecision: c.bool(p.needsCouncilDecision, 'programme.needsCouncilDecision', true),
    interimReportWaiver: c.oneOf(p.interimReportWaiver, 'programme.interimReportWaiver', ['none', 'lastWhenPeriodEndsBeforeDue', 'all'] as const, 'none'),
    proofOfUseMonths: c.whole(p.proofOfUseMonths, 'programme.proofOfUseMonths', 0, 36, 6),
    disbursementWindowMonths: c.whole(p.disbursementWindowMonths, 'programme.disbursementWindowMonths', 1, 12, 2),
    reminderDaysBefore: c.list(p.reminderDaysBefore, 'programme.reminderDaysBefore', [28, 7]).map((d, i) => c.whole(d, `programme.reminderDaysBefore[${i}]`, 1, 366)),
    escalationDaysAfterDue: c.whole(p.escalationDaysAfterDue, 'programme.escalationDaysAfterDue', 1, 366, 7),
  };

  const committees = new Set(organisation.committees.map((m) => m.name));
  const departments = new Set(organisation.departments);
  const apps = c.list(root.applications, 'applications');
  if (Array.isArray(root.applications) && apps.length === 0) c.fail('applications', 'must name at least one application');
  const applications = apps.map((x, i) => parseApplication(c, x, `applications[${i}]`, { committees, departments, needsCouncil: programme.needsCouncilDecision }));
  const keys = new Set<string>();
  applications.forEach((a, i) => {
    if (keys.has(a.key)) c.fail(`applications[${i}].key`, `"${a.key}" is used twice`);
    keys.add(a.key);
  });

  if (c.problems.length) throw new ScenarioError(source, c.problems);
  return { name: c.text(root.name, 'name'), anchor, assumedTariffIncreases: increases, organisation, programme, applications };
}

function parseApplication(
  c: Checker,
  x: unknown,
  f: string,
  ctx: { committees: Set<string>; departments: Set<string>; needsCouncil: boolean },
): ScenarioApplication {
  const a = c.object(x, f);
  const leadDepartment = c.text(a.leadDepartment, `${f}.leadDepartment`);
  if (leadDepartment && !ctx.departments.has(leadDepartment)) c.fail(`${f}.leadDepartment`, `"${leadDepartment}" is not among organisation.departments`);
  let councilPaper: ScenarioCouncilPaper | null = null;
  if (a.councilPaper !== undefined && a.councilPaper !== null) {
    const cp = c.object(a.councilPaper, `${f}.councilPaper`);
    const s = c.object(cp.sections ?? {}, `${f}.councilPaper.sections`);
    const textFrom = cp.textFrom === undefined || cp.textFrom === null ? null : c.oneOf(cp.textFrom, `${f}.councilPaper.textFrom`, ['vorlage-2021-844'] as const);
    councilPaper = {
      number: c.text(cp.number, `${f}.councilPaper.number`),
      textFrom,
      title: c.optionalText(cp.title, `${f}.councilPaper.title`),
      date: c.date(cp.date, `${f}.councilPaper.date`),
      sections: {
        description: c.texts(s.description, `${f}.councilPaper.sections.description`),
        goals: c.texts(s.goals, `${f}.councilPaper.sections.goals`),
        resources: c.texts(s.resources, `${f}.councilPaper.sections.resources`),
        conclusion: c.texts(s.conclusion, `${f}.councilPaper.sections.conclusion`),
        decisionProposal: c.texts(s.decisionProposal, `${f}.councilPaper.sections.decisionProposal`),
      },
      consultations: c.list(cp.consultations, `${f}.councilPaper.consultations`).map((y, k) => {
        const g = `${f}.councilPaper.consultations[${k}]`;
        const m = c.object(y, g);
        const committee = c.text(m.committee, `${g}.committee`);
        if (committee && !ctx.committees.has(committee)) c.fail(`${g}.committee`, `"${committee}" is not among organisation.committees`);
        return {
          committee,
          session: c.date(m.session, `${g}.session`),
          role: c.oneOf(m.role, `${g}.role`, ['acknowledgement', 'preliminary', 'decision'] as const),
          outcome: c.oneOf(m.outcome, `${g}.outcome`, ['acknowledged', 'recommended', 'decided'] as const),
          text: c.text(m.text, `${g}.text`),
        };
      }),
    };
    if (!councilPaper.title && !textFrom) c.fail(`${f}.councilPaper.title`, 'required unless textFrom names a known paper');
    const last = councilPaper.consultations[councilPaper.consultations.length - 1];
    if (last && (last.role !== 'decision' || last.outcome !== 'decided')) c.fail(`${f}.councilPaper.consultations`, 'the last consultation must be the deciding one (role decision, outcome decided)');
  }
  if (ctx.needsCouncil && !councilPaper) c.fail(`${f}.councilPaper`, 'required: the programme needs a council decision');
  const period = c.object(a.period, `${f}.period`);
  const notice = c.object(a.notice, `${f}.notice`);
  const disb = c.object(a.disbursements ?? {}, `${f}.disbursements`);
  const check = c.object(a.check ?? {}, `${f}.check`);
  const periodStart = c.date(period.start, `${f}.period.start`);
  if (periodStart.startsWith('@period')) c.fail(`${f}.period.start`, 'cannot be relative to the period itself');
  return {
    key: c.text(a.key, `${f}.key`),
    title: c.text(a.title, `${f}.title`),
    description: c.text(a.description, `${f}.description`, ''),
    leadDepartment,
    created: c.date(a.created, `${f}.created`),
    signedOff: c.date(a.signedOff, `${f}.signedOff`),
    councilPaper,
    submitted: c.date(a.submitted, `${f}.submitted`),
    notice: { issued: c.date(notice.issued, `${f}.notice.issued`), fileNumber: c.text(notice.fileNumber, `${f}.notice.fileNumber`) },
    period: { start: periodStart, months: c.whole(period.months, `${f}.period.months`, 1, 120) },
    materialCostsPerYearCents: c.whole(a.materialCostsPerYearCents, `${f}.materialCostsPerYearCents`, 0, 1_000_000_000, 0),
    positions: c.list(a.positions, `${f}.positions`, []).map((y, k) => parsePosition(c, y, `${f}.positions[${k}]`)),
    milestones: c.list(a.milestones, `${f}.milestones`, []).map((y, k) => {
      const g = `${f}.milestones[${k}]`;
      const m = c.object(y, g);
      return {
        title: c.text(m.title, `${g}.title`),
        due: c.date(m.due, `${g}.due`),
        doneDaysAfterDue: m.doneDaysAfterDue === null ? null : c.whole(m.doneDaysAfterDue, `${g}.doneDaysAfterDue`, -365, 365, -3),
      };
    }),
    disbursements: {
      everyMonths: c.whole(disb.everyMonths, `${f}.disbursements.everyMonths`, 1, 12, 2),
      payoutDaysAfterRequest: c.whole(disb.payoutDaysAfterRequest, `${f}.disbursements.payoutDaysAfterRequest`, 0, 60, 10),
    },
    interimReportDaysAfterDue: c.list(a.interimReportDaysAfterDue, `${f}.interimReportDaysAfterDue`, [-10]).map((d, k) => c.whole(d, `${f}.interimReportDaysAfterDue[${k}]`, -120, 365)),
    proofOfUseDaysAfterDue: c.whole(a.proofOfUseDaysAfterDue, `${f}.proofOfUseDaysAfterDue`, -180, 365, -14),
    check: { daysAfterProof: c.whole(check.daysAfterProof, `${f}.check.daysAfterProof`, 1, 365, 30) },
    closeDaysAfterCheck: c.whole(a.closeDaysAfterCheck, `${f}.closeDaysAfterCheck`, 0, 365, 1),
  };
}

function parsePosition(c: Checker, y: unknown, g: string): ScenarioPosition {
  const m = c.object(y, g);
  const product = c.object(m.product, `${g}.product`);
  const accounts = c.object(m.accounts ?? {}, `${g}.accounts`);
  const hours = (v: unknown, field: string, fallback: string): string => {
    const s = v === undefined ? fallback : typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !/^\d{1,2}(\.\d{1,2})?$/.test(s) || Number(s) <= 0 || Number(s) > 48) return c.fail(field, `must be weekly hours like 39 or 19.5, got ${JSON.stringify(v)}`) ?? fallback;
    return s;
  };
  return {
    title: c.text(m.title, `${g}.title`),
    payScale: c.oneOf(m.payScale, `${g}.payScale`, ['TVOED_VKA', 'TVOED_VKA_SUE'] as const),
    payGroup: c.text(m.payGroup, `${g}.payGroup`),
    stage: c.whole(m.stage, `${g}.stage`, 1, 6),
    stageChanges: c.list(m.stageChanges, `${g}.stageChanges`, []).map((z, k) => {
      const s = c.object(z, `${g}.stageChanges[${k}]`);
      return { from: c.date(s.from, `${g}.stageChanges[${k}].from`), stage: c.whole(s.stage, `${g}.stageChanges[${k}].stage`, 1, 6) };
    }),
    weeklyHours: hours(m.weeklyHours, `${g}.weeklyHours`, '39'),
    fullTimeHours: hours(m.fullTimeHours, `${g}.fullTimeHours`, '39'),
    allowances: c.texts(m.allowances, `${g}.allowances`),
    holderName: c.text(m.holderName, `${g}.holderName`),
    product: { number: c.text(product.number, `${g}.product.number`), name: c.text(product.name, `${g}.product.name`) },
    accounts: {
      pay: c.text(accounts.pay, `${g}.accounts.pay`, '620010'),
      socialSecurity: c.text(accounts.socialSecurity, `${g}.accounts.socialSecurity`, '640010'),
      pension: c.text(accounts.pension, `${g}.accounts.pension`, '647010'),
      reimbursement: c.text(accounts.reimbursement, `${g}.accounts.reimbursement`, '541100'),
    },
  };
}

// ------------------------------------------------------------------ dates

export interface DateBase {
  anchor: IsoDate;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
}

/** Resolves a date expression against the anchor (and the application's period). */
export function resolveDate(expr: DateExpr, base: DateBase): IsoDate {
  if (isIsoDate(expr)) return expr;
  const m = DATE_EXPR.exec(expr);
  if (!m) throw new Error(`not a date expression: ${expr}`);
  const name = m[1] as keyof DateBase;
  let date = base[name];
  if (!date) throw new Error(`${expr}: ${name} is not known here`);
  for (const [, sign, n, unit] of m[2].matchAll(/([+-])(\d+)([ymd])/g)) {
    const k = (sign === '-' ? -1 : 1) * Number(n);
    date = unit === 'd' ? addDays(date, k) : addMonths(date, unit === 'y' ? 12 * k : k);
  }
  return date;
}

/** The default anchor: the first of the month after `today`. */
export function defaultAnchor(today: IsoDate): IsoDate {
  return addMonths(`${today.slice(0, 7)}-01`, 1);
}

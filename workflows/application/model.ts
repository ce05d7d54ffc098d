import {
  addDays,
  compareDates,
  interimReportDueDates,
  isIsoDate,
  proofOfUseDueDate,
  type HolidayRule,
  type InterimReportWaiver,
  type IsoDate,
} from '@app/calendar';
import type { DocumentRequest } from '@app/document-generation';
import type { ApplicationNotification } from './activities';
import type {
  ApplicationDocumentView,
  ApplicationState,
  ApplicationStatus,
  DeadlineView,
  NoticeDecision,
  RecordCheckInput,
  RecordDisbursementInput,
  RecordNoticeInput,
  SubmitInterimReportInput,
} from './signals';

/*
 * The application as the workflow holds it, and the pure rules of its updates. No clock, no I/O
 * (today is passed in): deterministic, so the workflow and its update validators can run it.
 *
 * Deadlines (PERSONNEL-COSTS.md § 7) are rules of the programme, passed in the input: the interim
 * reports via `interimReportDueDates`, the proof of use via `proofOfUseDueDate`. Reminders count
 * back from the NOMINAL date; the escalation counts from the EFFECTIVE date (weekend/holiday
 * shift). Every event happens at 06:00 UTC of its day.
 */

export const EVENT_HOUR_UTC = 6;
export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [28, 7];
export const DEFAULT_ESCALATION_DAYS_AFTER_DUE = 7;

/** The programme's rules (Richtlinie / Bescheid / Fördervertrag). */
export interface ApplicationProgrammeRules {
  /** a council decision (Kreistag/Ausschuss) is needed before the application goes to the funder */
  needsCouncilDecision: boolean;
  interimReports?: { waiver?: InterimReportWaiver; monthsAfterYearEnd?: number };
  /** Verwendungsnachweis: months after the month the period ends (ANBest-P: 6) */
  proofOfUseMonthsAfterPeriod?: number;
  /** days before each nominal due date when the owner is reminded (default 28 and 7) */
  reminderDaysBefore?: number[];
  /** days after the effective due date for the escalation (default 7) */
  escalationDaysAfterDue?: number;
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  organisationId: string;
  title: string;
  /** who is reminded: `user:<uuid>` */
  owner: string;
  /** who is told when a deadline has passed, e.g. the department head */
  escalateTo: string;
  programme: ApplicationProgrammeRules;
  /** Land holidays for the effective dates (nationwide ones always count) */
  holidayRules?: readonly HolidayRule[];
  /** set by continue-as-new only: the state carried over */
  carried?: ApplicationState;
}

export interface ApplicationRules {
  needsCouncilDecision: boolean;
  interimWaiver: InterimReportWaiver;
  interimMonthsAfterYearEnd: number;
  proofOfUseMonthsAfterPeriod: number;
  reminderDaysBefore: readonly number[];
  escalationDaysAfterDue: number;
  holidayRules: readonly HolidayRule[];
}

/** A rejected update or invalid input; the message says why. */
export class ApplicationRuleViolation extends Error {
  override readonly name = 'ApplicationRuleViolation';
}

function reject(message: string): never {
  throw new ApplicationRuleViolation(message);
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) reject(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function requireText(value: unknown, what: string, max = 500): string {
  if (typeof value !== 'string' || value.trim() === '') reject(`${what} must not be empty`);
  if (value.length > max) reject(`${what} is longer than ${max} characters`);
  return value.trim();
}

function requireDate(value: unknown, what: string): IsoDate {
  if (!isIsoDate(value)) reject(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

function requireWhole(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reject(`${what} must be a whole number ${min}–${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function notInFuture(date: IsoDate, what: string, today: IsoDate): IsoDate {
  if (compareDates(date, today) > 0) reject(`${what} ${date} lies in the future (today is ${today})`);
  return date;
}

/** 26.04.2021 */
export function germanDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** The instant (ms since the epoch, UTC) of an event on `day`. */
export function eventInstant(day: IsoDate): number {
  return Date.parse(`${day}T${String(EVENT_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

const MAX_CENTS = 100_000_000_000; // 1 Mrd. €

/** Validates the workflow input (throws ApplicationRuleViolation). */
export function applicationRules(input: ApplicationWorkflowInput): ApplicationRules {
  const i = requireObject(input, 'input');
  requireText(i.applicationId, 'applicationId', 100);
  requireText(i.organisationId, 'organisationId', 100);
  requireText(i.title, 'title');
  requireText(i.owner, 'owner', 200);
  requireText(i.escalateTo, 'escalateTo', 200);
  const p = requireObject(i.programme, 'programme');
  if (typeof p.needsCouncilDecision !== 'boolean') reject('programme.needsCouncilDecision must be true or false');
  const interim = input.programme.interimReports ?? {};
  const waiver = interim.waiver ?? 'none';
  if (!['none', 'lastWhenPeriodEndsBeforeDue', 'all'].includes(waiver)) reject(`programme.interimReports.waiver: unknown ${JSON.stringify(waiver)}`);
  const offsets = input.programme.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE;
  if (!Array.isArray(offsets)) reject('programme.reminderDaysBefore must be a list of days');
  offsets.forEach((n, k) => requireWhole(n, `programme.reminderDaysBefore[${k}]`, 1, 366));
  if (new Set(offsets).size !== offsets.length) reject(`programme.reminderDaysBefore has a day twice: ${offsets.join(', ')}`);
  const holidayRules = input.holidayRules ?? [];
  if (!Array.isArray(holidayRules)) reject('holidayRules must be a list of holiday rules');
  return {
    needsCouncilDecision: input.programme.needsCouncilDecision,
    interimWaiver: waiver,
    interimMonthsAfterYearEnd: requireWhole(interim.monthsAfterYearEnd ?? 4, 'programme.interimReports.monthsAfterYearEnd', 0, 24),
    proofOfUseMonthsAfterPeriod: requireWhole(input.programme.proofOfUseMonthsAfterPeriod ?? 6, 'programme.proofOfUseMonthsAfterPeriod', 0, 36),
    reminderDaysBefore: [...offsets].sort((a, b) => b - a),
    escalationDaysAfterDue: requireWhole(input.programme.escalationDaysAfterDue ?? DEFAULT_ESCALATION_DAYS_AFTER_DUE, 'programme.escalationDaysAfterDue', 1, 366),
    holidayRules,
  };
}

export function createApplication(input: ApplicationWorkflowInput, rules: ApplicationRules): ApplicationState {
  return {
    applicationId: input.applicationId,
    organisationId: input.organisationId,
    title: input.title,
    status: 'draft',
    needsCouncilDecision: rules.needsCouncilDecision,
    signOffRequestedOn: null,
    signedOff: null,
    council: null,
    councilDecisionsSeen: [],
    submittedOn: null,
    notice: null,
    disbursements: [],
    disbursedCents: 0,
    deadlines: [],
    periodEndedOn: null,
    remindersSent: [],
    check: null,
    amendments: [],
    amendmentCount: 0,
    withdrawal: null,
    notes: [],
    history: [],
    documents: [],
    saving: null,
    continuedAsNew: 0,
  };
}

/**
 * The documents a step produces, queued as 'pending' with a key unique to the step (`stepId`: the
 * update's id), so that a second submission after a change makes a new version.
 */
export function queueDocuments(state: ApplicationState, update: UpdateName, arg: unknown, stepId: string): ApplicationState {
  const applicationId = state.applicationId;
  const requests: DocumentRequest[] = [];
  if (update === 'submitToFunder') requests.push({ kind: 'application-form', applicationId });
  if (update === 'submitInterimReport') requests.push({ kind: 'interim-report', applicationId, fiscalYear: (arg as SubmitInterimReportInput).year });
  if (update === 'submitProofOfUse') {
    requests.push({ kind: 'proof-of-use-report', applicationId }, { kind: 'proof-of-use-statement', applicationId }, { kind: 'proof-of-use-statement-xlsx', applicationId });
  }
  if (requests.length === 0) return state;
  const queued = requests.map((request): ApplicationDocumentView => {
    const year = request.kind === 'interim-report' ? `:${request.fiscalYear}` : '';
    return { key: `application:${applicationId}:${request.kind}${year}:${stepId}`, request, status: 'pending', documentId: null, version: null, error: null };
  });
  return { ...state, documents: [...(state.documents ?? []), ...queued] };
}

/** The state after a queued document was stored or could not be made. */
export function settleDocument(state: ApplicationState, key: string, outcome: { documentId: string; version: number } | { error: string }, on: IsoDate): ApplicationState {
  const documents = (state.documents ?? []).map((d): ApplicationDocumentView => {
    if (d.key !== key) return d;
    return 'error' in outcome ? { ...d, status: 'failed', error: outcome.error } : { ...d, status: 'stored', documentId: outcome.documentId, version: outcome.version };
  });
  const notes = 'error' in outcome ? [...state.notes, { on, text: `Dokument ${key} nicht erzeugt: ${outcome.error}` }] : state.notes;
  return { ...state, documents, notes };
}

// ------------------------------------------------------------------ states

/** The workflow ends in these. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['rejected', 'closed', 'withdrawn'];
/** Withdrawal and amendment are possible here (before the proof of use has been checked). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = [
  'draft',
  'internal_review',
  'council_consultation',
  'submitted',
  'approved',
  'partly_approved',
  'disbursing',
  'reporting',
  'proof_of_use_due',
  'proof_submitted',
];
/** The funded period runs: deadlines are watched, disbursements and interim reports accepted. */
const RUNNING: readonly ApplicationStatus[] = ['approved', 'partly_approved', 'disbursing', 'reporting'];

export function isFinal(state: ApplicationState): boolean {
  return FINAL_STATUSES.includes(state.status);
}

// ------------------------------------------------------------------ updates

/**
 * What an accepted update does: the status change to write (null: none), the audit reason, who,
 * and the new state once written.
 */
export interface UpdatePlan {
  to: ApplicationStatus | null;
  reason: string;
  by: string;
  apply: (state: ApplicationState) => ApplicationState;
}

export type UpdateName =
  | 'requestSignOff'
  | 'signOff'
  | 'startCouncilConsultation'
  | 'submitToFunder'
  | 'recordNotice'
  | 'recordDisbursement'
  | 'submitInterimReport'
  | 'submitProofOfUse'
  | 'recordCheck'
  | 'close'
  | 'withdraw'
  | 'amend';

function requireStatus(state: ApplicationState, update: string, allowed: readonly ApplicationStatus[]): void {
  if (!allowed.includes(state.status)) {
    reject(`${update}: not possible in status ${state.status} (only in ${allowed.join(', ')})`);
  }
}

function byOf(a: Record<string, unknown>, update: string, fallback: string): string {
  return a.by === undefined ? fallback : requireText(a.by, `${update}: by`, 200);
}

/**
 * Validates an update against the state and plans it (throws ApplicationRuleViolation). `actor`
 * is the workflow's own actor, the default `by`.
 */
export function planUpdate(name: UpdateName, state: ApplicationState, rules: ApplicationRules, arg: unknown, today: IsoDate, actor: string): UpdatePlan {
  const a = requireObject(arg ?? {}, name);
  if (isFinal(state)) reject(`${name}: the application is ${state.status}`);
  const by = byOf(a, name, actor);
  switch (name) {
    case 'requestSignOff':
      requireStatus(state, name, ['draft']);
      return { to: 'internal_review', by, reason: 'internal sign-off requested', apply: (s) => ({ ...s, signOffRequestedOn: today, signedOff: null }) };

    case 'signOff': {
      requireStatus(state, name, ['internal_review']);
      if (a.by === undefined) reject('signOff: by (the department head) is required');
      if (state.signedOff) reject(`signOff: already signed off by ${state.signedOff.by} on ${state.signedOff.on}`);
      return { to: null, by, reason: 'signed off', apply: (s) => ({ ...s, signedOff: { by, on: today } }) };
    }

    case 'startCouncilConsultation': {
      requireStatus(state, name, ['internal_review']);
      if (!state.signedOff) reject('startCouncilConsultation: the department head has not signed off yet');
      const paperId = requireText(a.paperId, 'startCouncilConsultation: paperId', 100);
      if (state.councilDecisionsSeen.includes(paperId)) reject(`startCouncilConsultation: paper ${paperId} has already been decided; a new consultation needs a new paper`);
      return {
        to: 'council_consultation',
        by,
        reason: `council paper ${paperId} in consultation`,
        apply: (s) => ({ ...s, council: { paperId, result: null, concludedOn: null } }),
      };
    }

    case 'submitToFunder': {
      const submittedOn = notInFuture(requireDate(a.submittedOn, 'submitToFunder: submittedOn'), 'submitToFunder: submittedOn', today);
      if (state.status === 'internal_review') {
        if (!state.signedOff) reject('submitToFunder: the department head has not signed off yet');
        if (rules.needsCouncilDecision) reject('submitToFunder: the programme needs a council decision first (startCouncilConsultation)');
      } else if (state.status === 'council_consultation') {
        if (state.council?.result !== 'approved') reject(`submitToFunder: the council has not approved paper ${state.council?.paperId} yet`);
      } else {
        requireStatus(state, name, ['internal_review', 'council_consultation']);
      }
      return { to: 'submitted', by, reason: `submitted to the funder on ${submittedOn}`, apply: (s) => ({ ...s, submittedOn }) };
    }

    case 'recordNotice':
      return planNotice(state, rules, a as unknown as RecordNoticeInput, today, by);

    case 'recordDisbursement': {
      requireStatus(state, name, RUNNING);
      const d = a as unknown as RecordDisbursementInput;
      const amountCents = requireWhole(d.amountCents, 'recordDisbursement: amountCents', 1, MAX_CENTS);
      const receivedOn = notInFuture(requireDate(d.receivedOn, 'recordDisbursement: receivedOn'), 'recordDisbursement: receivedOn', today);
      const approved = state.notice?.approvedCents ?? 0;
      if (state.disbursedCents + amountCents > approved) {
        reject(`recordDisbursement: ${amountCents} cents would bring the disbursed total to ${state.disbursedCents + amountCents}, above the approved ${approved}`);
      }
      const to = state.status === 'approved' || state.status === 'partly_approved' ? 'disbursing' : null;
      return {
        to,
        by,
        reason: `disbursement of ${amountCents} cents received on ${receivedOn}`,
        apply: (s) => ({ ...s, disbursements: [...s.disbursements, { amountCents, receivedOn }], disbursedCents: s.disbursedCents + amountCents }),
      };
    }

    case 'submitInterimReport': {
      requireStatus(state, name, [...RUNNING, 'proof_of_use_due']);
      const r = a as unknown as SubmitInterimReportInput;
      const year = requireWhole(r.year, 'submitInterimReport: year', 2000, 2100);
      const submittedOn = notInFuture(requireDate(r.submittedOn, 'submitInterimReport: submittedOn'), 'submitInterimReport: submittedOn', today);
      const deadline = state.deadlines.find((d) => d.kind === 'interimReport' && d.fiscalYear === year);
      if (!deadline) {
        const years = state.deadlines.filter((d) => d.kind === 'interimReport').map((d) => d.fiscalYear);
        reject(`submitInterimReport: no interim report is due for ${year} (due for: ${years.join(', ') || 'none'})`);
      }
      if (deadline.submittedOn) reject(`submitInterimReport: the interim report for ${year} was submitted on ${deadline.submittedOn}`);
      if (compareDates(submittedOn, `${year}-12-31`) <= 0) reject(`submitInterimReport: the report for ${year} cannot be submitted before the year has ended (${submittedOn})`);
      return {
        to: RUNNING.includes(state.status) && state.status !== 'reporting' ? 'reporting' : null,
        by,
        reason: `interim report ${year} submitted on ${submittedOn}`,
        apply: (s) => ({ ...s, deadlines: s.deadlines.map((d) => (d.key === deadline.key ? submitDeadline(d, submittedOn) : d)) }),
      };
    }

    case 'submitProofOfUse': {
      requireStatus(state, name, ['proof_of_use_due']);
      const submittedOn = notInFuture(requireDate(a.submittedOn, 'submitProofOfUse: submittedOn'), 'submitProofOfUse: submittedOn', today);
      return {
        to: 'proof_submitted',
        by,
        reason: `proof of use submitted on ${submittedOn}`,
        apply: (s) => ({ ...s, deadlines: s.deadlines.map((d) => (d.kind === 'proofOfUse' ? submitDeadline(d, submittedOn) : d)) }),
      };
    }

    case 'recordCheck': {
      requireStatus(state, name, ['proof_submitted']);
      const c = a as unknown as RecordCheckInput;
      if (c.result !== 'ok' && c.result !== 'repayment') reject(`recordCheck: result must be 'ok' or 'repayment', got ${JSON.stringify(c.result)}`);
      let repaymentCents = 0;
      if (c.result === 'repayment') {
        repaymentCents = requireWhole(c.repaymentCents, 'recordCheck: repaymentCents', 1, MAX_CENTS);
        if (repaymentCents > state.disbursedCents) reject(`recordCheck: repayment of ${repaymentCents} cents exceeds the ${state.disbursedCents} cents disbursed`);
      } else if (c.repaymentCents !== undefined && c.repaymentCents !== 0) {
        reject("recordCheck: repaymentCents only with result 'repayment'");
      }
      const result = c.result;
      return {
        to: result === 'ok' ? 'checked' : 'repayment',
        by,
        reason: result === 'ok' ? 'proof of use checked without objection' : `proof of use checked: repayment of ${repaymentCents} cents`,
        apply: (s) => ({ ...s, check: { result, repaymentCents, on: today } }),
      };
    }

    case 'close':
      requireStatus(state, name, ['checked', 'repayment']);
      return { to: 'closed', by, reason: 'closed', apply: (s) => s };

    case 'withdraw': {
      requireStatus(state, name, OPEN_STATUSES);
      const reason = requireText(a.reason, 'withdraw: reason', 2000);
      return { to: 'withdrawn', by, reason, apply: (s) => ({ ...s, withdrawal: { reason, on: today, by } }) };
    }

    case 'amend': {
      requireStatus(state, name, OPEN_STATUSES);
      const reason = requireText(a.reason, 'amend: reason', 2000);
      return {
        to: null,
        by,
        reason,
        apply: (s) => ({ ...s, amendments: [...s.amendments, { reason, on: today, by }], amendmentCount: s.amendmentCount + 1 }),
      };
    }
  }
}

function submitDeadline(d: DeadlineView, submittedOn: IsoDate): DeadlineView {
  return {
    ...d,
    submittedOn,
    reminders: d.reminders.map((r) => (r.status === 'pending' ? { ...r, status: 'skipped' } : r)),
  };
}

function planNotice(state: ApplicationState, rules: ApplicationRules, a: RecordNoticeInput, today: IsoDate, by: string): UpdatePlan {
  requireStatus(state, 'recordNotice', ['submitted']);
  const decision: NoticeDecision = a.decision;
  if (!['approved', 'partly_approved', 'rejected'].includes(decision)) {
    reject(`recordNotice: decision must be approved, partly_approved or rejected, got ${JSON.stringify(decision)}`);
  }
  const issuedOn = notInFuture(requireDate(a.issuedOn, 'recordNotice: issuedOn'), 'recordNotice: issuedOn', today);
  if (state.submittedOn && compareDates(issuedOn, state.submittedOn) < 0) reject(`recordNotice: issuedOn ${issuedOn} lies before the submission on ${state.submittedOn}`);
  const approvedCents =
    decision === 'rejected'
      ? requireWhole(a.approvedCents ?? 0, 'recordNotice: approvedCents (rejected)', 0, 0)
      : requireWhole(a.approvedCents, 'recordNotice: approvedCents', 1, MAX_CENTS);
  const periodStart = requireDate(a.periodStart, 'recordNotice: periodStart');
  const periodEnd = requireDate(a.periodEnd, 'recordNotice: periodEnd');
  if (compareDates(periodStart, periodEnd) > 0) reject(`recordNotice: the period ends (${periodEnd}) before it starts (${periodStart})`);
  const notice = { decision, approvedCents, periodStart, periodEnd, issuedOn };
  const deadlines = decision === 'rejected' ? [] : planDeadlines(rules, periodStart, periodEnd, today);
  return {
    to: decision,
    by,
    reason: `funding notice of ${issuedOn}: ${decision}${decision === 'rejected' ? '' : `, ${approvedCents} cents for ${periodStart}..${periodEnd}`}`,
    apply: (s) => ({ ...s, notice, deadlines, periodEndedOn: decision === 'rejected' ? null : addDays(periodEnd, 1) }),
  };
}

/** The reporting deadlines of a notice, planned on `today` (reminder days already past: skipped). */
export function planDeadlines(rules: ApplicationRules, periodStart: IsoDate, periodEnd: IsoDate, today: IsoDate): DeadlineView[] {
  const deadline = (key: string, kind: DeadlineView['kind'], fiscalYear: number | null, nominal: IsoDate, effective: IsoDate): DeadlineView => ({
    key,
    kind,
    fiscalYear,
    nominal,
    effective,
    submittedOn: null,
    reminders: rules.reminderDaysBefore.map((daysBefore) => {
      const on = addDays(nominal, -daysBefore);
      return { daysBefore, on, status: compareDates(on, today) < 0 ? 'skipped' : 'pending' };
    }),
    escalation: { on: addDays(effective, rules.escalationDaysAfterDue), sentOn: null },
  });
  const interim = interimReportDueDates(periodStart, periodEnd, {
    waiver: rules.interimWaiver,
    monthsAfterYearEnd: rules.interimMonthsAfterYearEnd,
    holidays: rules.holidayRules,
  }).map((r) => deadline(`interim-${r.fiscalYear}`, 'interimReport', r.fiscalYear, r.due.nominal, r.due.effective));
  const proof = proofOfUseDueDate(periodEnd, { monthsAfterPeriod: rules.proofOfUseMonthsAfterPeriod, holidays: rules.holidayRules });
  return [...interim, deadline('proof-of-use', 'proofOfUse', null, proof.nominal, proof.effective)];
}

/** The state after a status change (history appended). */
export function transition(state: ApplicationState, to: ApplicationStatus, on: IsoDate, by: string, reason: string): ApplicationState {
  return { ...state, status: to, history: [...state.history, { from: state.status, to, on, by, reason }] };
}

// ------------------------------------------------------------------ council decision

export type CouncilDecisionPlan =
  | { kind: 'ignore'; note: string }
  | { kind: 'approved'; note: string }
  | { kind: 'rejected'; note: string };

export function planCouncilDecision(
  state: ApplicationState,
  d: { paperId: string; paperNumber: string; result: string; concludedOn: IsoDate; text: string | null },
): CouncilDecisionPlan {
  const paper = `Vorlage ${d.paperNumber} (${d.paperId})`;
  if (state.councilDecisionsSeen.includes(d.paperId)) return { kind: 'ignore', note: `${paper}: decision received again, ignored` };
  if (state.status !== 'council_consultation' || state.council?.paperId !== d.paperId) {
    return { kind: 'ignore', note: `${paper}: decision '${d.result}' of ${d.concludedOn} ignored (status ${state.status}, paper in consultation: ${state.council?.paperId ?? 'none'})` };
  }
  const text = d.text ? ` („${d.text}“)` : '';
  if (d.result === 'approved') return { kind: 'approved', note: `${paper}: approved on ${germanDate(d.concludedOn)}${text}; ready to submit to the funder` };
  if (d.result === 'rejected') return { kind: 'rejected', note: `${paper}: rejected on ${germanDate(d.concludedOn)}${text}; back to draft, a new sign-off is needed` };
  return { kind: 'ignore', note: `${paper}: consulted without a decision on ${germanDate(d.concludedOn)}; still waiting for a decision` };
}

// ------------------------------------------------------------------ timers

export type ApplicationEvent =
  | { kind: 'reminder'; deadline: string; daysBefore: number; on: IsoDate }
  | { kind: 'periodEnded'; on: IsoDate }
  | { kind: 'escalation'; deadline: string; on: IsoDate };

const ORDER: Record<ApplicationEvent['kind'], number> = { reminder: 0, periodEnded: 1, escalation: 2 };

/** The next thing to do and its day (06:00 UTC), or null when only an update can move it on. */
export function nextEvent(state: ApplicationState): ApplicationEvent | null {
  if (![...RUNNING, 'proof_of_use_due'].includes(state.status)) return null;
  const candidates: ApplicationEvent[] = [];
  for (const d of state.deadlines) {
    if (d.submittedOn) continue;
    for (const r of d.reminders) if (r.status === 'pending') candidates.push({ kind: 'reminder', deadline: d.key, daysBefore: r.daysBefore, on: r.on });
    if (d.escalation.sentOn === null) candidates.push({ kind: 'escalation', deadline: d.key, on: d.escalation.on });
  }
  if (RUNNING.includes(state.status) && state.periodEndedOn) candidates.push({ kind: 'periodEnded', on: state.periodEndedOn });
  candidates.sort((x, y) => compareDates(x.on, y.on) || ORDER[x.kind] - ORDER[y.kind]);
  return candidates[0] ?? null;
}

export function sameEvent(a: ApplicationEvent | null, b: ApplicationEvent): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

function deadlineOf(state: ApplicationState, key: string): DeadlineView {
  const d = state.deadlines.find((x) => x.key === key);
  if (!d) throw new Error(`no deadline ${key}`);
  return d;
}

function deadlineLabel(d: DeadlineView): string {
  return d.kind === 'interimReport' ? `Zwischennachweis ${d.fiscalYear}` : 'Verwendungsnachweis';
}

function shiftNote(d: DeadlineView): string {
  return d.effective === d.nominal ? '' : ` Da der ${germanDate(d.nominal)} kein Werktag ist, endet die Frist am ${germanDate(d.effective)} (§ 31 Abs. 3 VwVfG).`;
}

export function reminderNotification(state: ApplicationState, input: ApplicationWorkflowInput, key: string, daysBefore: number, actor: string): ApplicationNotification {
  const d = deadlineOf(state, key);
  return {
    dedupKey: `application:${state.applicationId}:${key}:reminder:${d.nominal}:${daysBefore}d`,
    actor,
    organisationId: state.organisationId,
    recipient: input.owner,
    kind: 'application.reminder',
    subject: `${deadlineLabel(d)} für „${state.title}“ ist am ${germanDate(d.nominal)} fällig`,
    body: `Erinnerung ${daysBefore} ${daysBefore === 1 ? 'Tag' : 'Tage'} vor Fälligkeit: Der ${deadlineLabel(d)} für „${state.title}“ ist am ${germanDate(d.nominal)} fällig.${shiftNote(d)}`,
    dueOn: d.nominal,
  };
}

export function escalationNotification(state: ApplicationState, input: ApplicationWorkflowInput, key: string, actor: string): ApplicationNotification {
  const d = deadlineOf(state, key);
  return {
    dedupKey: `application:${state.applicationId}:${key}:escalation:${d.nominal}`,
    actor,
    organisationId: state.organisationId,
    recipient: input.escalateTo,
    kind: 'application.escalation',
    subject: `${deadlineLabel(d)} für „${state.title}“ ist überfällig (fällig am ${germanDate(d.nominal)})`,
    body: `Der ${deadlineLabel(d)} für „${state.title}“ war am ${germanDate(d.nominal)} fällig und ist noch nicht eingereicht.${shiftNote(d)} Verantwortlich: ${input.owner}.`,
    dueOn: d.nominal,
  };
}

export function markReminderSent(state: ApplicationState, n: ApplicationNotification, key: string, daysBefore: number, today: IsoDate): ApplicationState {
  return {
    ...state,
    deadlines: state.deadlines.map((d) =>
      d.key === key ? { ...d, reminders: d.reminders.map((r) => (r.daysBefore === daysBefore ? { ...r, status: 'sent' as const } : r)) } : d,
    ),
    remindersSent: [...state.remindersSent, { dedupKey: n.dedupKey, kind: n.kind, deadline: key, dueOn: n.dueOn, sentOn: today }],
  };
}

export function markEscalated(state: ApplicationState, n: ApplicationNotification, key: string, today: IsoDate): ApplicationState {
  return {
    ...state,
    deadlines: state.deadlines.map((d) =>
      d.key === key
        ? { ...d, escalation: { ...d.escalation, sentOn: today }, reminders: d.reminders.map((r) => (r.status === 'pending' ? { ...r, status: 'skipped' as const } : r)) }
        : d,
    ),
    remindersSent: [...state.remindersSent, { dedupKey: n.dedupKey, kind: n.kind, deadline: key, dueOn: n.dueOn, sentOn: today }],
  };
}

import { addDays, berlinDayStart, compareDates, isIsoDate, type IsoDate } from '@app/calendar';
import type { CouncilOfficeNotification } from './activities';
import type {
  ConsultationOutcome,
  ConsultationRole,
  ConsultationView,
  CouncilDecision,
  CouncilPaperResult,
  CouncilPaperState,
  RecordOutcomeInput,
} from './signals';

/*
 * The paper's Beratungsfolge as the workflow holds it, and the pure rules of its update. No clock,
 * no I/O: deterministic, for the workflow and its update validator.
 *
 * Times: a consultation opens at the start of its session date in Germany (the day is known, the
 * hour is not; 00:00 UTC in executions that began before the council-paper-berlin-day patch);
 * from then its outcome can be recorded. The council office is reminded at 06:00 UTC,
 * `outcomeReminderDaysAfterSession` days after the session, if the outcome is still missing.
 */

export const REMINDER_HOUR_UTC = 6;
export const DEFAULT_OUTCOME_REMINDER_DAYS = 3;

export interface ConsultationInput {
  /** consultation.position: 1, 2, 3 … in the order of the Beratungsfolge */
  position: number;
  committeeId: string;
  /** e.g. "Jugendhilfeausschuss" (for notifications and the state) */
  committeeName: string;
  sessionDate: IsoDate;
  role: ConsultationRole;
  /** OParl authoritative: this consultation decides */
  authoritative: boolean;
}

export interface CouncilPaperWorkflowInput {
  paperId: string;
  /** the tenant; every write carries it */
  organisationId: string;
  /** Vorlagennummer, e.g. "2030/117" */
  paperNumber: string;
  /** the application the paper was drafted from: it gets the `councilDecision` signal */
  applicationId?: string | null;
  /** who is reminded of missing outcomes (the Sitzungsdienst), `user:<uuid>` */
  councilOffice: string;
  /** default 3 */
  outcomeReminderDaysAfterSession?: number;
  /** the Beratungsfolge, in order */
  consultations: ConsultationInput[];
}

/** A rejected update or invalid input; the message says why. */
export class CouncilPaperRuleViolation extends Error {
  override readonly name = 'CouncilPaperRuleViolation';
}

function reject(message: string): never {
  throw new CouncilPaperRuleViolation(message);
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) reject(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function requireText(value: unknown, what: string, max = 500): string {
  if (typeof value !== 'string' || value.trim() === '') reject(`${what} must not be empty`);
  if (value.length > max) reject(`${what} is longer than ${max} characters`);
  return value;
}

function requireDate(value: unknown, what: string): IsoDate {
  if (!isIsoDate(value)) reject(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

const ROLES: readonly ConsultationRole[] = ['acknowledgement', 'preliminary', 'decision'];
const ROLE_NAMES: Record<ConsultationRole, string> = {
  acknowledgement: 'Kenntnisnahme',
  preliminary: 'Vorberatung',
  decision: 'Entscheidung',
};

/** 26.04.2021 */
export function germanDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * When the session day begins: midnight in Germany (`berlin`, since the council-paper-berlin-day
 * patch), else 00:00 UTC as executions that began before it keep counting.
 */
export function sessionStart(date: IsoDate, berlin: boolean): number {
  return berlin ? berlinDayStart(date) : Date.parse(`${date}T00:00:00.000Z`);
}

export function reminderInstant(date: IsoDate): number {
  return Date.parse(`${date}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

export function decides(c: Pick<ConsultationInput, 'role' | 'authoritative'>): boolean {
  return c.authoritative || c.role === 'decision';
}

/** The outcomes a consultation can have. */
export function allowedOutcomes(c: Pick<ConsultationInput, 'role' | 'authoritative'>): ConsultationOutcome[] {
  if (decides(c)) return ['decided', 'rejected', 'postponed'];
  if (c.role === 'preliminary') return ['recommended', 'rejected', 'acknowledged', 'postponed'];
  return ['acknowledged', 'postponed'];
}

/** Validates the input (throws CouncilPaperRuleViolation) and answers the reminder offset in days. */
export function councilPaperRules(input: CouncilPaperWorkflowInput): { reminderDays: number } {
  const i = requireObject(input, 'input');
  requireText(i.paperId, 'paperId', 100);
  requireText(i.organisationId, 'organisationId', 100);
  const number = requireText(i.paperNumber, 'paperNumber', 20);
  if (!/^[0-9]{4}\/[0-9]+$/.test(number)) reject(`paperNumber must look like 2030/117, got ${JSON.stringify(number)}`);
  if (i.applicationId !== undefined && i.applicationId !== null) requireText(i.applicationId, 'applicationId', 100);
  requireText(i.councilOffice, 'councilOffice', 200);
  const reminderDays = input.outcomeReminderDaysAfterSession ?? DEFAULT_OUTCOME_REMINDER_DAYS;
  if (!Number.isInteger(reminderDays) || reminderDays < 1 || reminderDays > 60) {
    reject(`outcomeReminderDaysAfterSession must be a whole number of days 1–60, got ${JSON.stringify(reminderDays)}`);
  }
  if (!Array.isArray(i.consultations) || i.consultations.length === 0) reject('consultations: the Beratungsfolge must have at least one consultation');
  const list = input.consultations;
  list.forEach((raw, k) => {
    const what = `consultations[${k}]`;
    const c = requireObject(raw, what);
    if (typeof c.position !== 'number' || !Number.isInteger(c.position) || c.position < 1) reject(`${what}.position must be a whole number ≥ 1, got ${JSON.stringify(c.position)}`);
    requireText(c.committeeId, `${what}.committeeId`, 100);
    requireText(c.committeeName, `${what}.committeeName`, 200);
    requireDate(c.sessionDate, `${what}.sessionDate`);
    if (!ROLES.includes(c.role as ConsultationRole)) reject(`${what}.role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(c.role)}`);
    if (typeof c.authoritative !== 'boolean') reject(`${what}.authoritative must be true or false`);
    if (k > 0) {
      const prev = list[k - 1];
      if (list[k].position <= prev.position) reject(`${what}.position ${list[k].position} must be greater than the previous one (${prev.position})`);
      if (compareDates(list[k].sessionDate, prev.sessionDate) < 0) {
        reject(`${what}.sessionDate ${list[k].sessionDate} is before the previous consultation's session ${prev.sessionDate}`);
      }
    }
  });
  const deciding = list.filter(decides);
  if (deciding.length > 1) {
    reject(`consultations: only one consultation can decide (authoritative or role decision); positions ${deciding.map((c) => c.position).join(' and ')} do`);
  }
  if (deciding.length === 1 && deciding[0] !== list[list.length - 1]) {
    reject(`consultations: the deciding consultation (position ${deciding[0].position}, ${deciding[0].committeeName}) must be the last of the Beratungsfolge`);
  }
  return { reminderDays };
}

export function createCouncilPaper(input: CouncilPaperWorkflowInput, reminderDays: number): CouncilPaperState {
  return {
    paperId: input.paperId,
    paperNumber: input.paperNumber,
    organisationId: input.organisationId,
    applicationId: input.applicationId ?? null,
    status: 'consulting',
    current: input.consultations[0].position,
    consultations: input.consultations.map((c) => ({
      position: c.position,
      committeeId: c.committeeId,
      committeeName: c.committeeName,
      role: c.role,
      authoritative: c.authoritative,
      decides: decides(c),
      plannedSessionDate: c.sessionDate,
      sessionDate: c.sessionDate,
      status: 'scheduled',
      outcome: null,
      text: null,
      outcomes: [],
      moves: [],
      outcomeReminderOn: addDays(c.sessionDate, reminderDays),
      remindedFor: [],
    })),
    result: null,
    concludedOn: null,
    applicationNotified: null,
  };
}

export function consultationAt(state: CouncilPaperState, position: number): ConsultationView {
  const c = state.consultations.find((x) => x.position === position);
  if (!c) throw new Error(`no consultation at position ${position}`);
  return c;
}

/** The state with one consultation changed. */
export function withConsultation(state: CouncilPaperState, position: number, change: (c: ConsultationView) => ConsultationView): CouncilPaperState {
  return { ...state, consultations: state.consultations.map((c) => (c.position === position ? change(c) : c)) };
}

function label(c: ConsultationView): string {
  return `consultation ${c.position} (${c.committeeName})`;
}

export interface CheckedOutcome {
  position: number;
  outcome: ConsultationOutcome;
  text: string;
  nextSessionDate?: IsoDate;
  by?: string;
}

/** Validates `recordOutcome` against the state (throws CouncilPaperRuleViolation). */
export function checkRecordOutcome(state: CouncilPaperState, arg: RecordOutcomeInput): CheckedOutcome {
  const a = requireObject(arg, 'recordOutcome');
  if (state.current === null) reject(`recordOutcome: the Beratungsfolge has ended (result ${state.result})`);
  if (typeof a.position !== 'number' || !Number.isInteger(a.position)) reject(`recordOutcome: position must be a whole number, got ${JSON.stringify(a.position)}`);
  const target = state.consultations.find((c) => c.position === a.position);
  if (!target) reject(`recordOutcome: the paper has no consultation at position ${a.position}`);
  const current = consultationAt(state, state.current);
  if (target.position < current.position) reject(`recordOutcome: ${label(target)} already has its outcome (${target.outcome})`);
  if (target.position > current.position) reject(`recordOutcome: ${label(target)} comes after ${label(current)}, whose outcome is still missing`);
  if (current.status === 'done' || current.status === 'notHeld') reject(`recordOutcome: ${label(current)} already has its outcome (${current.outcome})`);
  if (current.status === 'scheduled') {
    reject(`recordOutcome: ${label(current)} meets on ${germanDate(current.sessionDate)}; its outcome can be recorded from that day`);
  }
  if (current.status === 'recording') reject(`recordOutcome: an outcome of ${label(current)} is being saved`);
  if (current.status === 'postponed') reject(`recordOutcome: ${label(current)} was postponed; its next session is being scheduled`);
  const allowed = allowedOutcomes(current);
  if (!allowed.includes(a.outcome as ConsultationOutcome)) {
    reject(
      `recordOutcome: ${JSON.stringify(a.outcome)} is not an outcome of ${label(current)} (${ROLE_NAMES[current.role]}${current.authoritative ? ', beschließend' : ''}); allowed: ${allowed.join(', ')}`,
    );
  }
  const outcome = a.outcome as ConsultationOutcome;
  const text = typeof a.text === 'string' ? a.text.trim() : '';
  if (text === '') reject('recordOutcome: text (the recorded wording, e.g. "einstimmig beschlossen") must not be empty');
  if (text.length > 2000) reject('recordOutcome: text is longer than 2000 characters');
  let nextSessionDate: IsoDate | undefined;
  if (a.nextSessionDate !== undefined) {
    if (outcome !== 'postponed') reject(`recordOutcome: nextSessionDate is only for 'postponed', not for '${outcome}'`);
    nextSessionDate = requireDate(a.nextSessionDate, 'recordOutcome: nextSessionDate');
    if (compareDates(nextSessionDate, current.sessionDate) <= 0) {
      reject(`recordOutcome: nextSessionDate ${nextSessionDate} must be after the session of ${germanDate(current.sessionDate)}`);
    }
  }
  const by = a.by === undefined ? undefined : requireText(a.by, 'recordOutcome: by', 200);
  return { position: current.position, outcome, text, nextSessionDate, by };
}

/** Postponed: the consultation waits for its next session; otherwise it is done. */
export function applyOutcome(c: ConsultationView, o: CheckedOutcome, recordedOn: IsoDate, by: string): ConsultationView {
  const outcomes = [...c.outcomes, { sessionDate: c.sessionDate, outcome: o.outcome, text: o.text, recordedOn, by }];
  if (o.outcome === 'postponed') return { ...c, status: 'postponed', outcomes };
  return { ...c, status: 'done', outcome: o.outcome, text: o.text, outcomes };
}

export function applyMove(c: ConsultationView, to: IsoDate, why: 'postponed' | 'previousConsultationLater', reminderDays: number): ConsultationView {
  return {
    ...c,
    status: 'scheduled',
    sessionDate: to,
    outcomeReminderOn: addDays(to, reminderDays),
    moves: [...c.moves, { from: c.sessionDate, to, why }],
  };
}

/** The result once the consultation `c` is done, or null if the Beratungsfolge goes on. */
export function resultAfter(state: CouncilPaperState, c: ConsultationView): CouncilPaperResult | null {
  if (c.decides) return c.outcome === 'decided' ? 'approved' : 'rejected';
  return c.position === state.consultations[state.consultations.length - 1].position ? 'consulted' : null;
}

export function outcomeReminder(state: CouncilPaperState, c: ConsultationView, recipient: string, reminderDays: number, actor: string): CouncilOfficeNotification {
  const session = germanDate(c.sessionDate);
  return {
    dedupKey: `council-paper:${state.paperId}:outcome-reminder:${c.position}:${c.sessionDate}`,
    actor,
    organisationId: state.organisationId,
    recipient,
    kind: 'councilPaper.outcomeReminder',
    subject: `Beratungsergebnis fehlt: Vorlage ${state.paperNumber}, ${c.committeeName} am ${session}`,
    body:
      `Für die Vorlage ${state.paperNumber} ist das Ergebnis der Beratung im ${c.committeeName} ` +
      `(${ROLE_NAMES[c.role]}, Sitzung am ${session}) ${reminderDays} ${reminderDays === 1 ? 'Tag' : 'Tage'} nach der Sitzung noch nicht erfasst. ` +
      'Bitte das Ergebnis eintragen (bei Vertagung mit dem nächsten Sitzungstermin).',
    dueOn: c.sessionDate,
  };
}

export function councilDecision(state: CouncilPaperState, sentBy: string): CouncilDecision {
  const deciding = state.consultations.find((c) => c.decides && c.status === 'done') ?? null;
  return {
    paperId: state.paperId,
    paperNumber: state.paperNumber,
    organisationId: state.organisationId,
    applicationId: state.applicationId ?? '',
    result: state.result ?? 'consulted',
    decidedBy: deciding ? { position: deciding.position, committeeId: deciding.committeeId, committeeName: deciding.committeeName } : null,
    concludedOn: state.concludedOn ?? '',
    text: deciding?.text ?? null,
    consultations: state.consultations.map((c) => ({ position: c.position, committeeName: c.committeeName, sessionDate: c.sessionDate, outcome: c.outcome })),
    sentBy,
  };
}

import { addDays, compareDates, deadlineDates, isIsoDate, type HolidayRule, type IsoDate } from '@app/calendar';
import type { MilestoneNotification } from './activities';
import type { CompleteInput, MilestoneReminderView, MilestoneState, RescheduleInput } from './signals';

/*
 * The milestone as the workflow holds it, and the pure rules of its updates. No clock, no I/O
 * (today is passed in): deterministic, so the workflow and its update validators can run it.
 *
 * Dates (PERSONNEL-COSTS.md § 7): reminders count back from the NOMINAL due date; the deadline
 * itself ends on the EFFECTIVE date (a Saturday, Sunday or public holiday moves it to the next
 * working day, § 31 Abs. 3 VwVfG), so the milestone becomes overdue only on the day after the
 * effective date, and the escalation counts from the effective date too (it always follows the
 * overdue transition). Every event happens at 06:00 UTC (07:00/08:00 in Germany) of its day.
 */

export const EVENT_HOUR_UTC = 6;
export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [14, 3];
export const DEFAULT_ESCALATION_DAYS_AFTER_DUE = 7;

export interface MilestoneWorkflowInput {
  milestoneId: string;
  /** the tenant; every write carries it */
  organisationId: string;
  /** e.g. "Bestandsaufnahme der Angebote abgeschlossen" */
  title: string;
  /** the nominal due date */
  dueOn: IsoDate;
  /** who is reminded: `user:<uuid>` */
  owner: string;
  /** days before the nominal due date when the owner is reminded (default 14 and 3) */
  reminderDaysBefore?: number[];
  /** who is told when the milestone is still not done after the offset, e.g. the department head */
  escalateTo: string;
  /** days after the (effective) due date for the escalation (default 7) */
  escalationDaysAfterDue?: number;
  /**
   * Land-specific public holidays for the deadline shift, as data, e.g.
   * `LAND_HOLIDAY_RULES[organisation.landCode]` from @app/calendar; nationwide holidays always count.
   */
  holidayRules?: readonly HolidayRule[];
}

/** What the workflow keeps besides the state it shows. */
export interface MilestoneRules {
  reminderDaysBefore: readonly number[];
  escalationDaysAfterDue: number;
  holidayRules: readonly HolidayRule[];
}

export type MilestoneEvent =
  | { kind: 'reminder'; on: IsoDate; daysBefore: number }
  | { kind: 'overdue'; on: IsoDate }
  | { kind: 'escalation'; on: IsoDate };

/** A rejected update or invalid input; the message says why. */
export class MilestoneRuleViolation extends Error {
  override readonly name = 'MilestoneRuleViolation';
}

function reject(message: string): never {
  throw new MilestoneRuleViolation(message);
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

function requireDays(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reject(`${what} must be a whole number of days ${min}–${max}, got ${JSON.stringify(value)}`);
  }
  return value;
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

/** Validates the workflow input (throws MilestoneRuleViolation). */
export function milestoneRules(input: MilestoneWorkflowInput): MilestoneRules {
  const i = requireObject(input, 'input');
  requireText(i.milestoneId, 'milestoneId', 100);
  requireText(i.organisationId, 'organisationId', 100);
  requireText(i.title, 'title');
  requireDate(i.dueOn, 'dueOn');
  requireText(i.owner, 'owner', 200);
  requireText(i.escalateTo, 'escalateTo', 200);
  const offsets = input.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE;
  if (!Array.isArray(offsets)) reject('reminderDaysBefore must be a list of days');
  offsets.forEach((n, k) => requireDays(n, `reminderDaysBefore[${k}]`, 1, 366));
  if (new Set(offsets).size !== offsets.length) reject(`reminderDaysBefore has a day twice: ${offsets.join(', ')}`);
  const escalationDaysAfterDue = requireDays(input.escalationDaysAfterDue ?? DEFAULT_ESCALATION_DAYS_AFTER_DUE, 'escalationDaysAfterDue', 1, 366);
  const holidayRules = input.holidayRules ?? [];
  if (!Array.isArray(holidayRules)) reject('holidayRules must be a list of holiday rules');
  return { reminderDaysBefore: [...offsets].sort((a, b) => b - a), escalationDaysAfterDue, holidayRules };
}

/** The dates that follow from a nominal due date, planned on `today`. */
function withDueDate(state: MilestoneState, rules: MilestoneRules, dueOn: IsoDate, today: IsoDate): MilestoneState {
  const { effective } = deadlineDates(dueOn, rules.holidayRules);
  const reminders: MilestoneReminderView[] = rules.reminderDaysBefore.map((daysBefore) => {
    const on = addDays(dueOn, -daysBefore);
    return { daysBefore, on, status: compareDates(on, today) < 0 ? 'skipped' : 'pending' };
  });
  return {
    ...state,
    dueOn,
    effectiveDueOn: effective,
    overdueOn: addDays(effective, 1),
    reminders,
    escalation: { ...state.escalation, on: addDays(effective, rules.escalationDaysAfterDue), sentOn: null },
  };
}

/** The first state (throws MilestoneRuleViolation on invalid input). */
export function createMilestone(input: MilestoneWorkflowInput, rules: MilestoneRules, today: IsoDate): MilestoneState {
  const initial: MilestoneState = {
    milestoneId: input.milestoneId,
    organisationId: input.organisationId,
    title: input.title,
    owner: input.owner,
    status: 'open',
    dueOn: input.dueOn,
    effectiveDueOn: input.dueOn,
    overdueOn: input.dueOn,
    reminders: [],
    escalation: { to: input.escalateTo, daysAfterDue: rules.escalationDaysAfterDue, on: input.dueOn, sentOn: null },
    overdueSince: null,
    evidence: null,
    doneOn: null,
    late: null,
    reschedules: [],
    saving: null,
  };
  return withDueDate(initial, rules, input.dueOn, today);
}

/** The next thing to do and its day (at 06:00 UTC), or null when only an update can move it on. */
export function nextEvent(state: MilestoneState): MilestoneEvent | null {
  if (state.status === 'done') return null;
  // Chronological; on the same day the reminders go first, then overdue, then the escalation.
  const candidates: MilestoneEvent[] = [];
  for (const r of state.reminders) if (r.status === 'pending') candidates.push({ kind: 'reminder', on: r.on, daysBefore: r.daysBefore });
  if (state.status === 'open') candidates.push({ kind: 'overdue', on: state.overdueOn });
  if (state.escalation.sentOn === null) candidates.push({ kind: 'escalation', on: state.escalation.on });
  let next: MilestoneEvent | null = null;
  for (const c of candidates) if (next === null || compareDates(c.on, next.on) < 0) next = c;
  return next;
}

export function sameEvent(a: MilestoneEvent | null, b: MilestoneEvent | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function markReminderSent(state: MilestoneState, daysBefore: number): MilestoneState {
  return { ...state, reminders: state.reminders.map((r) => (r.daysBefore === daysBefore ? { ...r, status: 'sent' } : r)) };
}

export function markOverdue(state: MilestoneState, today: IsoDate): MilestoneState {
  return { ...state, status: 'overdue', overdueSince: today };
}

export function markEscalated(state: MilestoneState, today: IsoDate): MilestoneState {
  return { ...state, escalation: { ...state.escalation, sentOn: today } };
}

// ------------------------------------------------------------------ updates

function checkOpen(state: MilestoneState, update: string): void {
  if (state.status === 'done') reject(`${update}: the milestone is already done (on ${state.doneOn})`);
  if (state.saving !== null) reject(`${update}: a ${state.saving} of this milestone is being saved; try again when it is done`);
}

function optionalActor(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : requireText(value, what, 200);
}

/** Validates `complete` against the state (throws MilestoneRuleViolation). */
export function checkComplete(state: MilestoneState, arg: CompleteInput, today: IsoDate): Required<Omit<CompleteInput, 'by'>> & { by?: string } {
  const a = requireObject(arg, 'complete');
  checkOpen(state, 'complete');
  const evidence = typeof a.evidence === 'string' ? a.evidence.trim() : a.evidence;
  if (typeof evidence !== 'string' || evidence === '') reject('complete: evidence must not be empty (minutes, a link or a document reference)');
  if (evidence.length > 2000) reject('complete: evidence is longer than 2000 characters');
  const doneOn = requireDate(a.doneOn, 'complete: doneOn');
  if (compareDates(doneOn, today) > 0) reject(`complete: doneOn ${doneOn} lies in the future (today is ${today})`);
  return { evidence, doneOn, by: optionalActor(a.by, 'complete: by') };
}

export function applyComplete(state: MilestoneState, c: { evidence: string; doneOn: IsoDate }): MilestoneState {
  return { ...state, status: 'done', evidence: c.evidence, doneOn: c.doneOn, late: compareDates(c.doneOn, state.effectiveDueOn) > 0, saving: null };
}

/** Validates `reschedule` against the state (throws MilestoneRuleViolation). */
export function checkReschedule(state: MilestoneState, arg: RescheduleInput, today: IsoDate): { dueOn: IsoDate; reason: string; by?: string } {
  const a = requireObject(arg, 'reschedule');
  checkOpen(state, 'reschedule');
  const dueOn = requireDate(a.dueOn, 'reschedule: dueOn');
  const reason = typeof a.reason === 'string' ? a.reason.trim() : '';
  if (reason === '') reject('reschedule: a reason is required');
  if (reason.length > 2000) reject('reschedule: reason is longer than 2000 characters');
  if (dueOn === state.dueOn) reject(`reschedule: ${dueOn} is already the due date`);
  if (compareDates(dueOn, today) < 0) reject(`reschedule: dueOn ${dueOn} lies in the past (today is ${today})`);
  return { dueOn, reason, by: optionalActor(a.by, 'reschedule: by') };
}

/** The state for a new due date: reminders, overdue and escalation planned afresh; overdue → open. */
export function applyReschedule(state: MilestoneState, rules: MilestoneRules, r: { dueOn: IsoDate; reason: string; by: string }, today: IsoDate): MilestoneState {
  const moved = withDueDate(state, rules, r.dueOn, today);
  return {
    ...moved,
    status: 'open',
    overdueSince: null,
    reschedules: [...state.reschedules, { from: state.dueOn, to: r.dueOn, reason: r.reason, on: today, by: r.by }],
    saving: null,
  };
}

// ------------------------------------------------------------------ notifications

function deadlineNote(state: MilestoneState): string {
  return state.effectiveDueOn === state.dueOn
    ? ''
    : ` Da der ${germanDate(state.dueOn)} kein Werktag ist, endet die Frist am ${germanDate(state.effectiveDueOn)} (§ 31 Abs. 3 VwVfG).`;
}

export function reminderNotification(state: MilestoneState, daysBefore: number, actor: string): MilestoneNotification {
  const due = germanDate(state.dueOn);
  return {
    milestoneId: state.milestoneId,
    dedupKey: `milestone:${state.milestoneId}:reminder:${state.dueOn}:${daysBefore}d`,
    actor,
    organisationId: state.organisationId,
    recipient: state.owner,
    kind: 'milestone.reminder',
    subject: `Meilenstein „${state.title}“ ist am ${due} fällig`,
    body: `Erinnerung ${daysBefore} ${daysBefore === 1 ? 'Tag' : 'Tage'} vor Fälligkeit: Der Meilenstein „${state.title}“ ist am ${due} fällig.${deadlineNote(state)} Bitte mit Nachweis als erledigt melden.`,
    dueOn: state.dueOn,
  };
}

export function escalationNotification(state: MilestoneState, actor: string): MilestoneNotification {
  const due = germanDate(state.dueOn);
  return {
    milestoneId: state.milestoneId,
    dedupKey: `milestone:${state.milestoneId}:escalation:${state.dueOn}`,
    actor,
    organisationId: state.organisationId,
    recipient: state.escalation.to,
    kind: 'milestone.escalation',
    subject: `Meilenstein „${state.title}“ ist überfällig (fällig am ${due})`,
    body: `Der Meilenstein „${state.title}“ war am ${due} fällig und ist ${state.escalation.daysAfterDue} ${state.escalation.daysAfterDue === 1 ? 'Tag' : 'Tage'} nach Fristende noch nicht erledigt.${deadlineNote(state)} Verantwortlich: ${state.owner}.`,
    dueOn: state.dueOn,
  };
}

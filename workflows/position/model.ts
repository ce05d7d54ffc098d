import {
  addDays,
  addMonths,
  CalendarError,
  compareDates,
  compareMonths,
  isFirstOfMonth,
  isIsoDate,
  monthEnd,
  monthOf,
  monthStart,
  parseIsoDate,
  shiftMonth,
  type IsoDate,
  type IsoMonth,
} from '@app/calendar';
import { PersonnelCostError, validatePosition, type CumulativeState, type Hours, type PositionChange, type PositionInput } from '@app/personnel-costs';
import type { PositionMonthBooked } from './activities';
import type { BookingView, EmploymentView, PositionState, PositionStatus } from './signals';

/*
 * The staff position as the workflow holds it, and the pure rules of its updates. No clock, no
 * I/O: every function here is deterministic, so the workflow can run it (and its validators can
 * run it on a copy), and unit tests can run it without Temporal.
 */

/** Bookings and reminders happen at this hour (UTC) of their day: 07:00/08:00 in Germany. */
export const EVENT_HOUR_UTC = 6;
/** Continue as new after this many booked months (and whenever the server suggests it). */
export const BOOKED_MONTHS_PER_RUN = 12;
export const DEFAULT_REMINDER_MONTHS_BEFORE_END = 6;

/**
 * What every holder of the position shares: the engine's PositionInput without the holder's
 * dates, stage history and changes; `stage` and `weeklyHours` are the defaults for a new holder.
 */
export type PositionTerms = Omit<PositionInput, 'id' | 'start' | 'end' | 'stageHistory' | 'weeklyHours' | 'changes'> & {
  readonly stage: number;
  readonly weeklyHours: Hours;
};

export interface PositionWorkflowInput {
  positionId: string;
  /** the tenant (Landkreis, Stadt) */
  organisationId: string;
  /** e.g. "Netzwerkkoordination Präventionsketten" */
  title: string;
  /** who is reminded of the end, e.g. `user:<uuid>` */
  owner: string;
  /** the council decision (Vorlage) that created the position, e.g. "2024/512" */
  councilDecisionRef: string;
  /** first and last day of the position in the Stellenplan (both inclusive) */
  start: IsoDate;
  end: IsoDate;
  terms: PositionTerms;
  /** the first holder, if known at creation */
  holder?: { holderName: string; from: IsoDate; stage?: number; weeklyHours?: Hours };
  /**
   * What the position's rows already hold when the workflow is started for an existing position
   * (holders and dated changes entered before it ran): applied in order after `holder`, by the
   * same rules as the updates (model.ts `applyStep`); nothing is written for them.
   */
  adopted?: PositionStep[];
  /** months before the fixed end when the owner is reminded (default 6) */
  reminderMonthsBeforeEnd?: number;
  /** set only by continue-as-new */
  carried?: PositionRun;
}

/** One holder's employment, in the engine's terms. */
export interface Employment {
  holderName: string;
  start: IsoDate;
  /** the planned last day when the holder was entered; later ends are in `changes` */
  end: IsoDate;
  stage: number;
  weeklyHours: Hours;
  /** hours, stage, earlyEnd and extension changes, in the order they were decided */
  changes: PositionChange[];
}

export interface PositionPlan {
  start: IsoDate;
  end: IsoDate;
  /** ordered by start; their months never overlap (one booking per month) */
  employments: Employment[];
  councilDecisionRefs: string[];
  /** the last month whose pay due date has been processed (booked, being booked, or vacant) */
  bookedThrough: IsoMonth | null;
}

/** One update's effect, as `adopted` carries it. */
export type PositionStep =
  | { update: 'fill'; arg: { holderName: string; from: IsoDate; to?: IsoDate; stage?: number; weeklyHours?: Hours } }
  | { update: 'vacate'; arg: { from: IsoDate } }
  | { update: 'changeHours'; arg: { effectiveOn: IsoDate; weeklyHours: Hours } }
  | { update: 'changeStage'; arg: { effectiveOn: IsoDate; stage: number } }
  | { update: 'extend'; arg: { newEnd: IsoDate; councilDecisionRef: string } }
  | { update: 'endEarly'; arg: { endOn: IsoDate } };

export type PositionUpdateName = PositionStep['update'];

/** Everything a run carries into the next one on continue-as-new. */
export interface PositionRun {
  plan: PositionPlan;
  /** the next month to process */
  cursor: IsoMonth;
  cumulative: CumulativeState;
  monthsBooked: number;
  totals: PositionState['totals'];
  lastBooking: BookingView | null;
  reminderSent: { forEnd: IsoDate; on: IsoDate } | null;
  continuedAsNew: number;
}

/** A rejected update or invalid input; the message says why. */
export class PositionRuleViolation extends Error {
  override readonly name = 'PositionRuleViolation';
}

function reject(message: string): never {
  throw new PositionRuleViolation(message);
}

// ------------------------------------------------------------------ input checks

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) reject(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function requireDate(value: unknown, what: string): IsoDate {
  if (!isIsoDate(value)) reject(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

function requireText(value: unknown, what: string, max = 200): string {
  if (typeof value !== 'string' || value.trim() === '') reject(`${what} must be a non-empty text`);
  if (value.length > max) reject(`${what} must be at most ${max} characters`);
  return value.trim();
}

function requireStage(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 6) {
    reject(`${what} must be a Stufe 1–6, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireHours(value: unknown, what: string): Hours {
  if (typeof value !== 'number' && typeof value !== 'string') reject(`${what} must be a number of hours, e.g. 19.5`);
  return value;
}

// ------------------------------------------------------------------ reading the plan

/** The holder's last day after all changes. */
export function employmentEnd(e: Employment): IsoDate {
  let end = e.end;
  for (const c of e.changes) if (c.kind === 'earlyEnd' || c.kind === 'extension') end = c.end;
  return end;
}

/** The snapshot the engine (and bookPositionMonth) computes with. */
export function employmentSnapshot(positionId: string, terms: PositionTerms, e: Employment): PositionInput {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { stage, weeklyHours, ...shared } = terms;
  return {
    ...shared,
    id: positionId,
    start: e.start,
    end: e.end,
    stageHistory: [{ from: e.start, stage: e.stage }],
    weeklyHours: e.weeklyHours,
    changes: e.changes,
  };
}

/** The employment whose months include `month` (at most one). */
export function employmentInMonth(plan: PositionPlan, month: IsoMonth): Employment | undefined {
  return plan.employments.find(
    (e) => compareMonths(monthOf(e.start), month) <= 0 && compareMonths(month, monthOf(employmentEnd(e))) <= 0,
  );
}

function employmentOn(plan: PositionPlan, day: IsoDate): Employment | undefined {
  return plan.employments.find((e) => compareDates(e.start, day) <= 0 && compareDates(day, employmentEnd(e)) <= 0);
}

/** The prior cumulative state computeMonth expects (see PositionMonthBooking.prior). */
export function priorFor(e: Employment, month: IsoMonth, cumulative: CumulativeState): CumulativeState {
  return month === monthOf(e.start) ? { ...cumulative, throughMonth: null } : cumulative;
}

export function statusIn(plan: PositionPlan, month: IsoMonth): PositionStatus {
  if (employmentInMonth(plan, month)) return 'filled';
  return plan.employments.some((e) => compareMonths(monthOf(e.start), month) < 0) ? 'vacant' : 'planned';
}

/** The day the owner is reminded of the fixed end (BGB month arithmetic). */
export function reminderDate(end: IsoDate, monthsBefore: number): IsoDate {
  return addMonths(end, -monthsBefore);
}

/** Workflow time (ms) of an event on a calendar day. */
export function eventInstant(day: IsoDate): number {
  return Date.parse(`${day}T${String(EVENT_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

/** The pay due date of a month: its last calendar day (§ 24 Abs. 1 TVöD, nominal). */
export function payDueDate(month: IsoMonth): IsoDate {
  return monthEnd(month);
}

/** 2027-03-31 → "31.03.2027" */
export function germanDate(day: IsoDate): string {
  const { year, month, day: d } = parseIsoDate(day);
  return `${String(d).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

export function endReminderText(title: string, end: IsoDate, refs: readonly string[]): { subject: string; body: string } {
  return {
    subject: `Stelle „${title}“ endet am ${germanDate(end)}`,
    body:
      `Die Stelle „${title}“ (Beschluss ${refs.join(', ')}) endet am ${germanDate(end)}; ` +
      `eine Verlängerung braucht einen neuen Beschluss.`,
  };
}

// ------------------------------------------------------------------ rules of change

function validateEmployment(positionId: string, terms: PositionTerms, e: Employment, what: string): void {
  try {
    validatePosition(employmentSnapshot(positionId, terms, e));
  } catch (err) {
    // PositionInputError from the engine (or a CalendarError for an impossible date)
    if (err instanceof PersonnelCostError || err instanceof CalendarError) {
      // The engine names the change by its index ("changes[2].weeklyHours"); the caller knows it by its kind.
      reject(`${what}: ${err.message.replace(/changes\[\d+\](\.|: )/g, '')}`);
    }
    throw err;
  }
}

/** Dated changes only for months not yet booked: a booked month is never recomputed. */
function assertOpen(plan: PositionPlan, firstChangedDay: IsoDate, what: string): void {
  const month = monthOf(firstChangedDay);
  if (plan.bookedThrough !== null && compareMonths(month, plan.bookedThrough) <= 0) {
    reject(`${what}: ${firstChangedDay} lies in ${month}, which is already booked (booked through ${plan.bookedThrough}); booked months are not changed`);
  }
}

/**
 * An end that moves across 1 December changes whether the Jahressonderzahlung is due
 * (§ 20 Abs. 1 TVöD); it is booked with November, so November must still be open.
 */
function assertBonusOpen(plan: PositionPlan, firstChangedDay: IsoDate, what: string): void {
  const { year, month, day } = parseIsoDate(firstChangedDay);
  const november = `${year}-11`;
  if (month === 12 && day === 1 && plan.bookedThrough !== null && compareMonths(plan.bookedThrough, november) >= 0) {
    reject(
      `${what}: employment on 1 December ${year} decides the Jahressonderzahlung booked with November ${year}, which is already booked`,
    );
  }
}

function withEmployments(plan: PositionPlan, employments: Employment[]): PositionPlan {
  return { ...plan, employments: [...employments].sort((a, b) => compareDates(a.start, b.start)) };
}

function replaceEmployment(plan: PositionPlan, old: Employment, next: Employment | null): PositionPlan {
  return withEmployments(plan, plan.employments.flatMap((e) => (e === old ? (next ? [next] : []) : [e])));
}

export function applyFill(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'fill');
  const holderName = requireText(input.holderName, 'fill: holderName');
  const from = requireDate(input.from, 'fill: from');
  const stage = input.stage === undefined ? terms.stage : requireStage(input.stage, 'fill: stage');
  const weeklyHours = input.weeklyHours === undefined ? terms.weeklyHours : requireHours(input.weeklyHours, 'fill: weeklyHours');
  if (compareDates(from, plan.start) < 0 || compareDates(from, plan.end) > 0) {
    reject(`fill: ${from} is outside the position (${plan.start} to ${plan.end})`);
  }
  assertOpen(plan, from, 'fill');
  for (const e of plan.employments) {
    const last = employmentEnd(e);
    if (compareMonths(monthOf(last), monthOf(from)) < 0) continue;
    if (compareDates(e.start, from) > 0) reject(`fill: ${e.holderName} is already entered from ${e.start}; vacate that first`);
    if (compareDates(from, last) <= 0) reject(`fill: the position is held by ${e.holderName} from ${e.start} to ${last}; vacate it first`);
    reject(
      `fill: ${e.holderName}'s last day is ${last}; the next holder can start on ${monthStart(shiftMonth(monthOf(last), 1))} at the earliest (one booking per month)`,
    );
  }
  let end = plan.end;
  if (input.to !== undefined) {
    end = requireDate(input.to, 'fill: to');
    if (compareDates(end, from) < 0) reject(`fill: the last day ${end} is before the first day ${from}`);
    if (compareDates(end, plan.end) > 0) reject(`fill: the last day ${end} is after the position's end ${plan.end}`);
  }
  const employment: Employment = { holderName, start: from, end, stage, weeklyHours, changes: [] };
  validateEmployment(positionId, terms, employment, 'fill');
  return withEmployments(plan, [...plan.employments, employment]);
}

export function applyVacate(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'vacate');
  const from = requireDate(input.from, 'vacate: from');
  const e = employmentOn(plan, from);
  if (!e) reject(`vacate: nobody holds the position on ${from}`);
  assertOpen(plan, from, 'vacate');
  assertBonusOpen(plan, from, 'vacate');
  if (from === e.start) return replaceEmployment(plan, e, null);
  const next: Employment = { ...e, changes: [...e.changes, { kind: 'earlyEnd', end: addDays(from, -1) }] };
  validateEmployment(positionId, terms, next, 'vacate');
  return replaceEmployment(plan, e, next);
}

export function applyChangeHours(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'changeHours');
  const effectiveOn = requireDate(input.effectiveOn, 'changeHours: effectiveOn');
  const weeklyHours = requireHours(input.weeklyHours, 'changeHours: weeklyHours');
  const e = employmentOn(plan, effectiveOn);
  if (!e) reject(`changeHours: nobody holds the position on ${effectiveOn}`);
  assertOpen(plan, effectiveOn, 'changeHours');
  const next: Employment =
    effectiveOn === e.start
      ? { ...e, weeklyHours }
      : {
          ...e,
          changes: [
            ...e.changes.filter((c) => !(c.kind === 'hours' && c.from === effectiveOn)),
            { kind: 'hours', from: effectiveOn, weeklyHours },
          ],
        };
  validateEmployment(positionId, terms, next, 'changeHours');
  return replaceEmployment(plan, e, next);
}

export function applyChangeStage(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'changeStage');
  const effectiveOn = requireDate(input.effectiveOn, 'changeStage: effectiveOn');
  const stage = requireStage(input.stage, 'changeStage: stage');
  const e = employmentOn(plan, effectiveOn);
  if (!e) reject(`changeStage: nobody holds the position on ${effectiveOn}`);
  assertOpen(plan, effectiveOn, 'changeStage');
  let next: Employment;
  if (effectiveOn === e.start) {
    next = { ...e, stage };
  } else {
    if (!isFirstOfMonth(effectiveOn)) reject(`changeStage: a new Stufe takes effect on the 1st of a month (§ 17 Abs. 1 TVöD), got ${effectiveOn}`);
    next = {
      ...e,
      changes: [...e.changes.filter((c) => !(c.kind === 'stage' && c.from === effectiveOn)), { kind: 'stage', from: effectiveOn, stage }],
    };
  }
  validateEmployment(positionId, terms, next, 'changeStage');
  return replaceEmployment(plan, e, next);
}

export function applyExtend(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'extend');
  const newEnd = requireDate(input.newEnd, 'extend: newEnd');
  if (typeof input.councilDecisionRef !== 'string' || input.councilDecisionRef.trim() === '') {
    reject('extend: an extension needs a new council decision; councilDecisionRef (e.g. "2026/123") is missing');
  }
  const ref = requireText(input.councilDecisionRef, 'extend: councilDecisionRef', 100);
  if (compareDates(newEnd, plan.end) <= 0) reject(`extend: the new end ${newEnd} is not after the current end ${plan.end}`);
  const firstChangedDay = addDays(plan.end, 1);
  assertOpen(plan, firstChangedDay, 'extend');
  assertBonusOpen(plan, firstChangedDay, 'extend');
  let next: PositionPlan = { ...plan, end: newEnd, councilDecisionRefs: [...plan.councilDecisionRefs, ref] };
  for (const e of plan.employments) {
    if (employmentEnd(e) !== plan.end) continue;
    const extended: Employment = { ...e, changes: [...e.changes, { kind: 'extension', end: newEnd }] };
    validateEmployment(positionId, terms, extended, 'extend');
    next = replaceEmployment(next, e, extended);
  }
  return next;
}

export function applyEndEarly(plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown): PositionPlan {
  const input = requireObject(arg, 'endEarly');
  const endOn = requireDate(input.endOn, 'endEarly: endOn');
  if (compareDates(endOn, plan.end) >= 0) reject(`endEarly: ${endOn} is not before the current end ${plan.end}`);
  if (compareDates(endOn, plan.start) < 0) reject(`endEarly: ${endOn} is before the start ${plan.start}`);
  const firstChangedDay = addDays(endOn, 1);
  assertOpen(plan, firstChangedDay, 'endEarly');
  assertBonusOpen(plan, firstChangedDay, 'endEarly');
  const employments: Employment[] = [];
  for (const e of plan.employments) {
    if (compareDates(e.start, endOn) > 0) continue; // a holder who would start after the end: dropped
    if (compareDates(employmentEnd(e), endOn) <= 0) {
      employments.push(e);
      continue;
    }
    const ended: Employment = { ...e, changes: [...e.changes, { kind: 'earlyEnd', end: endOn }] };
    validateEmployment(positionId, terms, ended, 'endEarly');
    employments.push(ended);
  }
  return withEmployments({ ...plan, end: endOn }, employments);
}

/** The rule of each update, by its name. */
export const UPDATE_RULES: Record<PositionUpdateName, (plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown) => PositionPlan> = {
  fill: applyFill,
  vacate: applyVacate,
  changeHours: applyChangeHours,
  changeStage: applyChangeStage,
  extend: applyExtend,
  endEarly: applyEndEarly,
};

export function applyStep(plan: PositionPlan, positionId: string, terms: PositionTerms, step: PositionStep): PositionPlan {
  const step_ = requireObject(step, 'adopted step');
  const name = step_.update;
  if (typeof name !== 'string' || !Object.hasOwn(UPDATE_RULES, name)) reject(`adopted: unknown update ${JSON.stringify(name)}`);
  return UPDATE_RULES[name as PositionUpdateName](plan, positionId, terms, step_.arg);
}

// ------------------------------------------------------------------ the run

/** Validates the workflow input and builds the first run's state (throws PositionRuleViolation). */
export function createRun(input: PositionWorkflowInput): PositionRun {
  const i = requireObject(input, 'input');
  requireText(i.positionId, 'positionId');
  requireText(i.organisationId, 'organisationId');
  requireText(i.title, 'title');
  requireText(i.owner, 'owner');
  const ref = requireText(i.councilDecisionRef, 'councilDecisionRef', 100);
  const start = requireDate(i.start, 'start');
  const end = requireDate(i.end, 'end');
  if (compareDates(start, end) > 0) reject(`end ${end} is before start ${start}`);
  reminderMonths(input);
  const terms = requireObject(i.terms, 'terms') as unknown as PositionTerms;
  requireStage(terms.stage, 'terms.stage');
  requireHours(terms.weeklyHours, 'terms.weeklyHours');
  // The terms alone, as if one holder held the position throughout.
  validateEmployment(input.positionId, terms, { holderName: '-', start, end, stage: terms.stage, weeklyHours: terms.weeklyHours, changes: [] }, 'terms');

  let plan: PositionPlan = { start, end, employments: [], councilDecisionRefs: [ref], bookedThrough: null };
  if (input.holder !== undefined) plan = applyFill(plan, input.positionId, terms, input.holder);
  if (input.adopted !== undefined) {
    if (!Array.isArray(input.adopted)) reject('adopted: expected a list of steps');
    for (const step of input.adopted) plan = applyStep(plan, input.positionId, terms, step);
  }
  return {
    plan,
    cursor: monthOf(start),
    cumulative: { throughMonth: null, eligibleCost: 0, share: 0 },
    monthsBooked: 0,
    totals: { totalCost: 0, eligibleCost: 0, reimbursement: 0, ownShare: 0 },
    lastBooking: null,
    reminderSent: null,
    continuedAsNew: 0,
  };
}

export function reminderMonths(input: Pick<PositionWorkflowInput, 'reminderMonthsBeforeEnd'>): number {
  const n = input.reminderMonthsBeforeEnd ?? DEFAULT_REMINDER_MONTHS_BEFORE_END;
  if (!Number.isInteger(n) || n < 1 || n > 120) reject(`reminderMonthsBeforeEnd must be a whole number of months 1–120, got ${n}`);
  return n;
}

/** The run after a month was booked. */
export function recordBooking(run: PositionRun, booked: PositionMonthBooked, bookedAt: string): PositionRun {
  return {
    ...run,
    cumulative: booked.cumulative,
    monthsBooked: run.monthsBooked + 1,
    totals: {
      totalCost: run.totals.totalCost + booked.totalCost,
      eligibleCost: run.totals.eligibleCost + booked.eligibleCost,
      reimbursement: run.totals.reimbursement + booked.reimbursement,
      ownShare: run.totals.ownShare + booked.ownShare,
    },
    lastBooking: {
      month: booked.month,
      bookedAt,
      totalCost: booked.totalCost,
      reimbursement: booked.reimbursement,
      ownShare: booked.ownShare,
      entriesWritten: booked.entriesWritten,
    },
  };
}

/** The end reminder still to send for the current end, if any. */
export function pendingReminder(run: PositionRun, monthsBefore: number): IsoDate | null {
  if (run.reminderSent?.forEnd === run.plan.end) return null;
  return reminderDate(run.plan.end, monthsBefore);
}

export function isFinished(run: PositionRun): boolean {
  return compareMonths(run.cursor, monthOf(run.plan.end)) > 0;
}

export function positionView(positionId: string, run: PositionRun, monthsBefore: number): PositionState {
  const finished = isFinished(run);
  const e = finished ? undefined : employmentInMonth(run.plan, run.cursor);
  const employments: EmploymentView[] = run.plan.employments.map((x) => ({
    holderName: x.holderName,
    from: x.start,
    to: employmentEnd(x),
    stage: x.stage,
    weeklyHours: String(x.weeklyHours),
    changes: x.changes.length,
  }));
  return {
    positionId,
    status: finished ? 'ended' : statusIn(run.plan, run.cursor),
    holder: e ? { name: e.holderName, from: e.start, to: employmentEnd(e) } : null,
    start: run.plan.start,
    end: run.plan.end,
    currentMonth: finished ? null : run.cursor,
    nextBookingOn: finished ? null : payDueDate(run.cursor),
    bookedThrough: run.plan.bookedThrough,
    monthsBooked: run.monthsBooked,
    lastBooking: run.lastBooking,
    cumulative: run.cumulative,
    totals: run.totals,
    reminderOn: reminderDate(run.plan.end, monthsBefore),
    reminderSent: run.reminderSent,
    employments,
    councilDecisionRefs: run.plan.councilDecisionRefs,
    continuedAsNew: run.continuedAsNew,
  };
}

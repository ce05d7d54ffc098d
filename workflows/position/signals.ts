import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate, IsoMonth } from '@app/calendar';
import type { Cents } from '@app/money';
import type { CumulativeState, Hours } from '@app/personnel-costs';

/*
 * Updates and the query of the staff-position workflow (`position-<id>`).
 *
 * Every update is validated before it is accepted: a rejected update is answered with an
 * ApplicationFailure of type `PositionUpdateRejected` whose message says why, and it changes
 * nothing (nor does it reach the workflow's history). An accepted update answers the new state.
 * Dated changes are accepted only for months not yet booked (a booked month is never
 * recomputed; a correction would be a reversing entry, not automated here).
 *
 * Every update input may carry `by` (who asks, e.g. `user:<uuid>`, for the audit log; default
 * the workflow) and `reason` (for the audit log). Since the patch `position-change-activity` an
 * accepted update is written to PostgreSQL (holder or dated change, with its audit event) by the
 * activity `applyPositionChange` before it answers.
 */

/** Who asks for a change and why (audit); both optional. */
export interface ChangeMeta {
  by?: string;
  reason?: string;
}

/** Matches the `staff_position.status` values the workflow can be in. */
export type PositionStatus = 'planned' | 'filled' | 'vacant' | 'ended';

/** A holder starts on `from` (any day); stage and hours default to the position's terms. */
export interface FillInput extends ChangeMeta {
  holderName: string;
  from: IsoDate;
  /** the holder's last day, if known (a fixed-term holder); default: the position's end */
  to?: IsoDate;
  /** Stufe from the start (Stufenfestsetzung of this holder) */
  stage?: number;
  weeklyHours?: Hours;
}

/** The position is vacant from `from`: the holder's last day is the day before. */
export interface VacateInput extends ChangeMeta {
  from: IsoDate;
}

/** New individual weekly hours from a day (the month is split by days). */
export interface ChangeHoursInput extends ChangeMeta {
  effectiveOn: IsoDate;
  weeklyHours: Hours;
}

/** A new Stufe from the 1st of a month (§ 17 Abs. 1 TVöD). */
export interface ChangeStageInput extends ChangeMeta {
  effectiveOn: IsoDate;
  stage: number;
}

/** A later fixed end; needs the council decision (Beschluss, e.g. Vorlage 2026/123). */
export interface ExtendInput extends ChangeMeta {
  newEnd: IsoDate;
  councilDecisionRef: string;
}

/** The position ends earlier: `endOn` is its new last day. */
export interface EndEarlyInput extends ChangeMeta {
  endOn: IsoDate;
}

export interface EmploymentView {
  holderName: string;
  from: IsoDate;
  /** the last day after all changes */
  to: IsoDate;
  stage: number;
  weeklyHours: string;
  changes: number;
}

export interface BookingView {
  month: IsoMonth;
  /** workflow time of the booking (ISO timestamp) */
  bookedAt: string;
  totalCost: Cents;
  reimbursement: Cents;
  ownShare: Cents;
  entriesWritten: number;
}

export interface PositionState {
  positionId: string;
  status: PositionStatus;
  /** the holder in the current month, if any */
  holder: { name: string; from: IsoDate; to: IsoDate } | null;
  /** first and last day of the position (the fixed end after extensions and early ends) */
  start: IsoDate;
  end: IsoDate;
  /** the month to be booked next (or being booked); null once ended */
  currentMonth: IsoMonth | null;
  /** its pay due date (last calendar day), booked at 06:00 UTC; null once ended */
  nextBookingOn: IsoDate | null;
  /** the last month whose booking has started: dated changes must lie after it */
  bookedThrough: IsoMonth | null;
  monthsBooked: number;
  lastBooking: BookingView | null;
  /** the engine's cumulative state (eligible cost and funder's share so far) */
  cumulative: CumulativeState;
  totals: { totalCost: Cents; eligibleCost: Cents; reimbursement: Cents; ownShare: Cents };
  /** when the end reminder is (or was) due for the current end */
  reminderOn: IsoDate | null;
  /** the end date the last reminder was sent for, and the workflow date it was sent */
  reminderSent: { forEnd: IsoDate; on: IsoDate } | null;
  employments: EmploymentView[];
  /** the decision that created the position, then those of extensions */
  councilDecisionRefs: string[];
  /** how often this workflow has continued as new */
  continuedAsNew: number;
}

export const fillUpdate = defineUpdate<PositionState, [FillInput]>('fill');
export const vacateUpdate = defineUpdate<PositionState, [VacateInput]>('vacate');
export const changeHoursUpdate = defineUpdate<PositionState, [ChangeHoursInput]>('changeHours');
export const changeStageUpdate = defineUpdate<PositionState, [ChangeStageInput]>('changeStage');
export const extendUpdate = defineUpdate<PositionState, [ExtendInput]>('extend');
export const endEarlyUpdate = defineUpdate<PositionState, [EndEarlyInput]>('endEarly');

export const positionStateQuery = defineQuery<PositionState>('positionState');

/** The ApplicationFailure type of a rejected update. */
export const POSITION_UPDATE_REJECTED = 'PositionUpdateRejected';

import type { IsoDate, IsoMonth } from '@app/calendar';
import type { Cents } from '@app/money';
import type { CumulativeState, PositionInput } from '@app/personnel-costs';
import type { PositionStep, PositionUpdateName } from './model';

/**
 * What the staff-position workflow (`position-<id>`) asks of the outside world. Implemented in
 * the worker on PostgreSQL (a factory `createPositionActivities(deps)`); the tests use an
 * in-memory implementation (activities.fixture.ts).
 *
 * Both activities are IDEMPOTENT BY CONTRACT: Temporal retries an attempt whose result it did
 * not receive (the worker died after the commit, a timeout, a network error), so a second call
 * with the same input must write nothing new and answer the same figures.
 */
export interface PositionActivities {
  bookPositionMonth(booking: PositionMonthBooking): Promise<PositionMonthBooked>;
  notifyPositionOwner(notification: PositionNotification): Promise<{ created: boolean }>;
  applyPositionChange(change: PositionRecordChange): Promise<{ changed: boolean }>;
  endPosition(end: PositionEnd): Promise<{ ended: boolean }>;
}

/**
 * The position has passed its end without a booking in its last month (nobody held it then):
 * since the patch `position-end-recorded` the workflow says so once, and the position becomes
 * `ended` with its audit event `position.ended`, in one transaction. (A booked last month ends
 * it inside bookPositionMonth.) A position already ended answers `ended: false` and writes
 * nothing, so a retry is a no-op.
 */
export interface PositionEnd {
  positionId: string;
  organisationId: string;
  /** the end the workflow ran to (the fixed end, an extension's or an early end) */
  end: IsoDate;
  /** `workflow:<workflowId>` */
  actor: string;
}

/**
 * What an accepted update writes (since the patch `position-change-activity`), in ONE
 * transaction under the position's row lock:
 * - fill: a `position_holder` row (holderName, from, to or open); the status becomes filled
 *   (from planned, advertised or vacant);
 * - vacate: the holder on `from` gets `valid_to` = the day before (a holder who would only have
 *   started on `from` is removed);
 * - changeHours / changeStage / extend / endEarly: a `position_change` row (hours, stage,
 *   extension, early_end) as the next in order;
 * - the row's version moves on, and ONE audit event (actor, before, after with `changeKey`,
 *   reason). A retry finds the audit event with its changeKey and answers `changed: false`
 *   without writing anything. A position not in the organisation is a non-retryable
 *   `PositionNotFound`.
 */
export interface PositionRecordChange {
  positionId: string;
  organisationId: string;
  /** the update, e.g. 'changeHours' */
  update: PositionUpdateName;
  /** the update's input (without by/reason); the workflow has validated it */
  arg: PositionStep['arg'];
  /** who asked: `user:<uuid>`, or `workflow:<workflowId>` */
  actor: string;
  reason: string | null;
  /** `position:<id>:<update>:<updateId>`: unique per accepted update, the retry guard */
  changeKey: string;
}

/**
 * Book one calendar month of one employment (holder) of a position.
 *
 * Contract for the implementation:
 * - Compute the month with the pure engine:
 *   `computeMonth(position, referenceData, month, prior)` (@app/personnel-costs), with the
 *   organisation's dated reference data (pay tables, rates) valid for the month.
 * - Write the month's ledger lines (`MonthResult.ledger`: Tabellenentgelt, allowances, bonus,
 *   each on-cost component, the reimbursement) in ONE transaction, each with the dedup key
 *   `<dedupKeyPrefix>:<component>` (e.g. `position:42:2025-03:onCost:SV`), `booked_on` = the
 *   line's date (the pay due date, last day of the month), `reference` = dedupKeyPrefix and
 *   `created_by` = actor; `INSERT … ON CONFLICT (dedup_key) DO NOTHING`. Audit the booking in
 *   the same transaction. A retry therefore writes nothing twice; entriesWritten counts the
 *   rows THIS attempt inserted (0 on a retry after a commit).
 * - Answer the engine's figures for the month (the same on every attempt: the input is the
 *   same and the engine is deterministic).
 * - Errors: missing reference data for the month (e.g. a pay table not yet entered) is an
 *   ordinary, retryable error: the month waits until the data is there (the workflow retries
 *   without limit, at most hourly). The workflow validates the snapshot before it sends it, so
 *   a PositionInputError or CumulativeStateError means a bug on one side; keep it retryable so
 *   that the long-running workflow survives until the fix is deployed.
 */
export interface PositionMonthBooking {
  positionId: string;
  /** the tenant; every write carries it */
  organisationId: string;
  /** 'YYYY-MM', a month overlapping the employment of `position` */
  month: IsoMonth;
  /**
   * Snapshot of the employment as the engine takes it: the position's terms (pay group,
   * allowances, Bewilligungszeitraum, financing, accounts) with this holder's start, stage and
   * weekly hours, and the dated `changes` entered so far (hours, stage, earlyEnd, extension).
   * Changes are only ever accepted for months not yet booked, so every later snapshot gives
   * the same figures for the months already booked.
   */
  position: PositionInput;
  /**
   * The cumulative state as computeMonth expects it: through the month before; for the first
   * month of an employment (a new holder after a vacancy) `throughMonth` is null but the
   * amounts are the position's running totals, so that the funder's share and its cap run over
   * the whole position (PERSONNEL-COSTS.md § 5), not per holder.
   */
  prior: CumulativeState;
  /** `position:<positionId>:<YYYY-MM>`; ledger dedup keys are `<prefix>:<component>` */
  dedupKeyPrefix: string;
  /** who books, for `created_by` and the audit log: `workflow:<workflowId>` */
  actor: string;
}

export interface PositionMonthBooked {
  month: IsoMonth;
  /** gross + on-costs */
  totalCost: Cents;
  /** the part inside the Bewilligungszeitraum and of accepted components */
  eligibleCost: Cents;
  /** the funder's share booked in this month: cumShare(M) − cumShare(M−1) */
  reimbursement: Cents;
  /** eligibleCost − reimbursement */
  ownShare: Cents;
  /** the engine's cumulative state after the month (throughMonth = month) */
  cumulative: CumulativeState;
  /** ledger rows inserted by this attempt (0 when a previous attempt committed them) */
  entriesWritten: number;
}

/**
 * A notification to a person (as the reminder family's deliverNotification): one row in
 * `notification` plus its audit event, in one transaction; the unique dedup key makes a retry a
 * no-op (`created: false`).
 */
export interface PositionNotification {
  /** e.g. `position:<id>:end-reminder:<end>`: one reminder per fixed end */
  dedupKey: string;
  /** `workflow:<workflowId>` */
  actor: string;
  /** the position's owner, e.g. `user:<uuid>` */
  recipient: string;
  /** 'position.endReminder' */
  kind: string;
  subject: string;
  body: string;
  /** the nominal date the notification is about (the position's end) */
  dueOn: IsoDate | null;
  organisationId: string;
}

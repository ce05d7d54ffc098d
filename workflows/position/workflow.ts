import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { WriteLock } from '../write-lock';
import type { UpdateDefinition } from '@temporalio/common';
import { monthOf, shiftMonth, type IsoDate } from '@app/calendar';
import type { PositionActivities } from './activities';
import {
  applyChangeHours,
  applyChangeStage,
  applyEndEarly,
  applyExtend,
  applyFill,
  applyVacate,
  BOOKED_MONTHS_PER_RUN,
  createRun,
  employmentInMonth,
  employmentSnapshot,
  endReminderText,
  eventInstant,
  isFinished,
  payDueDate,
  pendingReminder,
  positionView,
  PositionRuleViolation,
  priorFor,
  recordBooking,
  reminderMonths,
  type PositionPlan,
  type PositionRun,
  type PositionStep,
  type PositionTerms,
  type PositionUpdateName,
  type PositionWorkflowInput,
} from './model';
import {
  changeHoursUpdate,
  changeStageUpdate,
  endEarlyUpdate,
  extendUpdate,
  fillUpdate,
  POSITION_UPDATE_REJECTED,
  positionStateQuery,
  vacateUpdate,
  type PositionState,
} from './signals';

export type { PositionTerms, PositionWorkflowInput } from './model';

const { bookPositionMonth, notifyPositionOwner } = proxyActivities<PositionActivities>({
  // One month is one short transaction. A worker that dies mid-booking is noticed when this
  // runs out (then the retry writes only what is missing: dedup keys), so keep it short.
  startToCloseTimeout: '15s',
  // No attempt limit: a month waits (at most hourly retries) until e.g. missing pay-table data
  // is entered; idempotency is the activities' contract (activities.ts).
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h' },
});

/**
 * Since this patch every accepted update is written to PostgreSQL by `applyPositionChange`
 * (holder or dated change with its audit event, one transaction) before it answers; updates are
 * then handled one at a time and no month is closed while one is being written. Executions
 * that began before it replay the old handlers (the plan only).
 */
export const CHANGE_ACTIVITY_PATCH = 'position-change-activity';

/**
 * Since this patch a position whose last month had no booking (nobody held it then) is ended by
 * `endPosition` when the workflow passes its end; before, only the last month's booking ended
 * the row, and such a position stayed filled or vacant after its end. Executions that ended
 * before it replay without the call.
 */
export const END_RECORDED_PATCH = 'position-end-recorded';

const { applyPositionChange, endPosition } = proxyActivities<PositionActivities>({
  startToCloseTimeout: '30s',
  // No attempt limit: idempotent by its change key; a database outage delays, never loses.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h', nonRetryableErrorTypes: ['PositionNotFound'] },
});

type ApplyRule = (plan: PositionPlan, positionId: string, terms: PositionTerms, arg: unknown) => PositionPlan;

/** The update's input as the activity records it: without who and why. */
function stepArg(arg: unknown): PositionStep['arg'] {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { by, reason, ...rest } = arg as { by?: unknown; reason?: unknown };
  return rest as PositionStep['arg'];
}

function metaText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function rejection(err: unknown): unknown {
  return err instanceof PositionRuleViolation
    ? ApplicationFailure.create({ type: POSITION_UPDATE_REJECTED, message: err.message, nonRetryable: true })
    : err;
}

function today(): IsoDate {
  return new Date(Date.now()).toISOString().slice(0, 10);
}

/**
 * A staff position (Stelle) from its creation in the Stellenplan through its holders to its
 * fixed end. Id: `position-<id>`.
 *
 * - Every calendar month of the position is closed at its pay due date, the last calendar day,
 *   at 06:00 UTC (07:00/08:00 in Germany): if a holder is employed in the month, one
 *   `bookPositionMonth` (costs, on-costs and the funder's share of that month, computed by the
 *   engine from the holder's snapshot and the position's cumulative state); in a vacant month
 *   nothing. A month whose due date has passed (a position entered late) is booked at once.
 * - `reminderMonthsBeforeEnd` (default 6) before the fixed end, at 06:00 UTC, the owner is told
 *   that the position ends and that an extension needs a new council decision; again for a new
 *   end after an extension or an early end. On the same instant the month's booking goes first.
 * - Updates fill, vacate, changeHours, changeStage, extend, endEarly (signals.ts) change the
 *   plan for months not yet booked; since CHANGE_ACTIVITY_PATCH each is written by
 *   `applyPositionChange` (rows + audit event, actor = the update's `by`) before it answers;
 *   query positionState.
 * - Continues as new after every 12 booked months (or when the server suggests it), carrying
 *   the plan and the cumulative state; it waits for running update handlers first.
 */
export async function positionWorkflow(input: PositionWorkflowInput): Promise<PositionState> {
  const { workflowId } = workflowInfo();
  const actor = `workflow:${workflowId}`;
  let run: PositionRun;
  let monthsBefore: number;
  try {
    monthsBefore = reminderMonths(input);
    run = input.carried ?? createRun(input);
  } catch (err) {
    if (err instanceof PositionRuleViolation) {
      throw ApplicationFailure.create({ type: 'InvalidPositionInput', message: err.message, nonRetryable: true });
    }
    throw err;
  }
  let changed = false;
  /** an accepted update is being written (patched path): no month closes meanwhile */
  const lock = new WriteLock();
  let bookedThisRun = 0;
  const view = (): PositionState => positionView(input.positionId, run, monthsBefore);

  setHandler(positionStateQuery, view);
  const onUpdate = <A>(def: UpdateDefinition<PositionState, [A]>, apply: ApplyRule): void => {
    const next = (arg: A): PositionPlan => {
      if (isFinished(run)) throw new PositionRuleViolation(`${def.name}: the position has ended on ${run.plan.end}`);
      return apply(run.plan, input.positionId, input.terms, arg);
    };
    const written = async (arg: A): Promise<PositionState> => {
      await lock.run(async () => {
        // Planned again in its turn: another update may have changed the plan meanwhile.
        let plan: PositionPlan;
        try {
          plan = next(arg);
        } catch (err) {
          throw rejection(err);
        }
        const meta = arg as { by?: unknown; reason?: unknown };
        await applyPositionChange({
          positionId: input.positionId,
          organisationId: input.organisationId,
          update: def.name as PositionUpdateName,
          arg: stepArg(arg),
          actor: metaText(meta.by) ?? actor,
          reason: metaText(meta.reason),
          changeKey: `position:${input.positionId}:${def.name}:${currentUpdateInfo()?.id ?? workflowInfo().historyLength}`,
        });
        run = { ...run, plan };
      });
      changed = true;
      return view();
    };
    setHandler(
      def,
      (arg: A) => {
        if (patched(CHANGE_ACTIVITY_PATCH)) return written(arg);
        try {
          run = { ...run, plan: next(arg) };
        } catch (err) {
          throw rejection(err);
        }
        changed = true;
        return view();
      },
      {
        validator: (arg: A) => {
          try {
            next(arg);
          } catch (err) {
            throw rejection(err);
          }
        },
      },
    );
  };
  onUpdate(fillUpdate, applyFill);
  onUpdate(vacateUpdate, applyVacate);
  onUpdate(changeHoursUpdate, applyChangeHours);
  onUpdate(changeStageUpdate, applyChangeStage);
  onUpdate(extendUpdate, applyExtend);
  onUpdate(endEarlyUpdate, applyEndEarly);

  const sendReminder = async (): Promise<void> => {
    const end = run.plan.end;
    const { subject, body } = endReminderText(input.title, end, run.plan.councilDecisionRefs);
    await notifyPositionOwner({
      dedupKey: `position:${input.positionId}:end-reminder:${end}`,
      actor,
      recipient: input.owner,
      kind: 'position.endReminder',
      subject,
      body,
      dueOn: end,
      organisationId: input.organisationId,
    });
    run = { ...run, reminderSent: { forEnd: end, on: today() } };
  };

  const closeMonth = async (): Promise<void> => {
    const month = run.cursor;
    // From here on the month is closed for dated changes (the booking uses today's snapshot).
    run = { ...run, plan: { ...run.plan, bookedThrough: month } };
    const employment = employmentInMonth(run.plan, month);
    if (employment) {
      const booked = await bookPositionMonth({
        positionId: input.positionId,
        organisationId: input.organisationId,
        month,
        position: employmentSnapshot(input.positionId, input.terms, employment),
        prior: priorFor(employment, month, run.cumulative),
        dedupKeyPrefix: `position:${input.positionId}:${month}`,
        actor,
      });
      run = recordBooking(run, booked, new Date(Date.now()).toISOString());
      bookedThisRun++;
      log.info('position month booked', { month, totalCost: booked.totalCost, reimbursement: booked.reimbursement });
    }
    run = { ...run, cursor: shiftMonth(month, 1) };
  };

  while (!isFinished(run)) {
    const bookingAt = eventInstant(payDueDate(run.cursor));
    const reminderOn = pendingReminder(run, monthsBefore);
    const reminderFirst = reminderOn !== null && eventInstant(reminderOn) < bookingAt;
    const waitMs = (reminderFirst ? eventInstant(reminderOn) : bookingAt) - Date.now();
    if (waitMs > 0) {
      // An update may move the end or the reminder: wake up and plan again.
      changed = false;
      await condition(() => changed, waitMs);
      continue;
    }
    if (reminderFirst) {
      await sendReminder();
      continue;
    }
    if (lock.busy) {
      // An accepted update is being written: its plan decides this month.
      await lock.idle();
      continue;
    }
    await closeMonth();
    if (!isFinished(run) && (bookedThisRun >= BOOKED_MONTHS_PER_RUN || workflowInfo().continueAsNewSuggested)) {
      // Updates already accepted must have finished: their effect travels in `carried`.
      await condition(allHandlersFinished);
      const carried: PositionRun = { ...run, continuedAsNew: run.continuedAsNew + 1 };
      await continueAsNew<typeof positionWorkflow>({ ...input, holder: undefined, carried });
    }
  }
  if (run.cumulative.throughMonth !== monthOf(run.plan.end) && patched(END_RECORDED_PATCH)) {
    await endPosition({ positionId: input.positionId, organisationId: input.organisationId, end: run.plan.end, actor });
  }
  await condition(allHandlersFinished);
  return view();
}

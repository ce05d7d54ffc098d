import { allHandlersFinished, ApplicationFailure, condition, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { calendarDateAt, type IsoDate } from '@app/calendar';
import { WriteLock } from '../write-lock';
import type { MilestoneActivities } from './activities';
import {
  applyComplete,
  applyReschedule,
  checkComplete,
  checkReschedule,
  createMilestone,
  escalationNotification,
  eventInstant,
  markEscalated,
  markOverdue,
  markReminderSent,
  milestoneRules,
  MilestoneRuleViolation,
  nextEvent,
  reminderNotification,
  sameEvent,
  type MilestoneEvent,
  type MilestoneRules,
  type MilestoneWorkflowInput,
} from './model';
import {
  completeUpdate,
  INVALID_MILESTONE_INPUT,
  MILESTONE_UPDATE_REJECTED,
  milestoneStateQuery,
  rescheduleUpdate,
  type CompleteInput,
  type MilestoneState,
  type RescheduleInput,
} from './signals';

export type { MilestoneWorkflowInput } from './model';

const { notifyMilestone, markMilestoneOverdue, completeMilestone, rescheduleMilestone } = proxyActivities<MilestoneActivities>({
  startToCloseTimeout: '30s',
  // No attempt limit: the activities are idempotent (activities.ts); a database outage delays, never loses.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h' },
});

function rejection(err: unknown): unknown {
  return err instanceof MilestoneRuleViolation
    ? ApplicationFailure.create({ type: MILESTONE_UPDATE_REJECTED, message: err.message, nonRetryable: true })
    : err;
}

function validated<A, R>(check: (arg: A) => R): (arg: A) => R {
  return (arg: A) => {
    try {
      return check(arg);
    } catch (err) {
      throw rejection(err);
    }
  };
}

/**
 * A programme milestone (Meilenstein) from its due date to done. Id: `milestone-<id>`.
 *
 * - Reminds the owner `reminderDaysBefore` days (default 14 and 3) before the NOMINAL due date,
 *   at 06:00 UTC; a reminder day already past when the due date is set is skipped.
 * - Not done when the deadline has expired (06:00 UTC of the day after the effective due date:
 *   weekend/holiday shift, § 31 Abs. 3 VwVfG): marks `programme_milestone.status = 'overdue'`.
 * - Still not done `escalationDaysAfterDue` days (default 7) after the effective due date: one
 *   escalation notification to `escalateTo`. Then it waits, as long as it takes, for an update.
 * - Updates `complete({ evidence, doneOn })` (ends the workflow: done) and
 *   `reschedule({ dueOn, reason })` (plans reminders, overdue and escalation afresh for the new
 *   date; an overdue milestone is open again); query `milestoneState` (signals.ts).
 *
 * "Today" (skipped reminders, doneOn not in the future, reschedule not into the past, the days
 * recorded in the state) is the day in Europe/Berlin on workflow time, as in the api; the events
 * at 06:00 UTC fall on the same day either way.
 *
 * One database write at a time: the main loop and the update handlers take turns (`exclusive`), so
 * an overdue mark never overtakes a completion and vice versa; after waiting for its turn each
 * re-checks that its step is still due. The history stays small (a handful of events per due
 * date), so there is no continue-as-new.
 */
export async function milestoneWorkflow(input: MilestoneWorkflowInput): Promise<MilestoneState> {
  const { workflowId } = workflowInfo();
  const actor = `workflow:${workflowId}`;
  let rules: MilestoneRules;
  let state: MilestoneState;
  const berlinDays = patched('milestone-berlin-day');
  // today on workflow time: the German day since the patch, the UTC day in executions from before it
  const today = (): IsoDate => calendarDateAt(Date.now(), berlinDays);
  try {
    rules = milestoneRules(input);
    state = createMilestone(input, rules, today());
  } catch (err) {
    if (err instanceof MilestoneRuleViolation) {
      throw ApplicationFailure.create({ type: INVALID_MILESTONE_INPUT, message: err.message, nonRetryable: true });
    }
    throw err;
  }

  const lock = new WriteLock();
  let changed = false;
  const exclusive = <T>(write: () => Promise<T>): Promise<T> => lock.run(write);

  setHandler(milestoneStateQuery, () => state);

  const checkCompleteNow = validated((arg: CompleteInput) => checkComplete(state, arg, today()));
  setHandler(
    completeUpdate,
    async (arg: CompleteInput) => {
      const c = checkCompleteNow(arg);
      state = { ...state, saving: 'complete' };
      try {
        await exclusive(() =>
          completeMilestone({ milestoneId: state.milestoneId, organisationId: state.organisationId, actor: c.by ?? actor, evidence: c.evidence, doneOn: c.doneOn }),
        );
      } catch (err) {
        state = { ...state, saving: null };
        throw err;
      }
      state = applyComplete(state, c);
      changed = true;
      log.info('milestone completed', { doneOn: c.doneOn, late: state.late });
      return state;
    },
    { validator: (arg: CompleteInput) => void checkCompleteNow(arg) },
  );

  const checkRescheduleNow = validated((arg: RescheduleInput) => checkReschedule(state, arg, today()));
  setHandler(
    rescheduleUpdate,
    async (arg: RescheduleInput) => {
      const r = checkRescheduleNow(arg);
      const previousDueOn = state.dueOn;
      state = { ...state, saving: 'reschedule' };
      try {
        await exclusive(() =>
          rescheduleMilestone({
            milestoneId: state.milestoneId,
            organisationId: state.organisationId,
            actor: r.by ?? actor,
            previousDueOn,
            dueOn: r.dueOn,
            reason: r.reason,
          }),
        );
      } catch (err) {
        state = { ...state, saving: null };
        throw err;
      }
      state = applyReschedule(state, rules, { ...r, by: r.by ?? actor }, today());
      changed = true;
      log.info('milestone rescheduled', { from: previousDueOn, to: r.dueOn });
      return state;
    },
    { validator: (arg: RescheduleInput) => void checkRescheduleNow(arg) },
  );

  const perform = async (event: MilestoneEvent): Promise<void> => {
    switch (event.kind) {
      case 'reminder':
        await notifyMilestone(reminderNotification(state, event.daysBefore, actor));
        state = markReminderSent(state, event.daysBefore);
        return;
      case 'overdue':
        await markMilestoneOverdue({
          milestoneId: state.milestoneId,
          organisationId: state.organisationId,
          actor,
          dueOn: state.dueOn,
          effectiveDueOn: state.effectiveDueOn,
        });
        state = markOverdue(state, today());
        return;
      case 'escalation':
        await notifyMilestone(escalationNotification(state, actor));
        state = markEscalated(state, today());
        return;
    }
  };

  while (state.status !== 'done') {
    const event = nextEvent(state);
    // Sleep until the event, or until an update changes the plan (reschedule) or ends it (complete).
    changed = false;
    if (event === null) {
      await condition(() => changed);
      continue;
    }
    const waitMs = eventInstant(event.on) - Date.now();
    if (waitMs > 0) {
      await condition(() => changed, waitMs);
      continue;
    }
    await exclusive(async () => {
      // An update may have run while this waited for its turn: act only if the step is still due.
      if (sameEvent(nextEvent(state), event)) await perform(event);
    });
  }
  await condition(allHandlersFinished);
  return state;
}

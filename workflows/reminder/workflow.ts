import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReminderActivities } from './activities';
import { cancelReminderSignal, ReminderState, reminderStateQuery } from './signals';

export interface ReminderInput {
  /** The tenant: notifications and queries stay inside it. */
  organisationId: string;
  /** `user:<uuid>` */
  recipient: string;
  subject: string;
  body: string;
  /** Calendar date (YYYY-MM-DD); the reminder fires at 00:00 UTC of that day. */
  dueOn: string;
}

const { deliverNotification } = proxyActivities<ReminderActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/**
 * Waits, for as long as it takes, until a due date and then delivers one notification.
 * Id: `reminder-<id>`. The timer lives in Temporal, so it survives restarts of every process.
 */
export async function reminderWorkflow(input: ReminderInput): Promise<ReminderState> {
  const state: ReminderState = { status: 'scheduled', dueOn: input.dueOn, organisationId: input.organisationId };
  let cancelled = false;
  setHandler(reminderStateQuery, () => state);
  setHandler(cancelReminderSignal, () => {
    cancelled = true;
  });

  const dueAt = Date.parse(`${input.dueOn}T00:00:00Z`);
  const waitMs = Math.max(0, dueAt - Date.now());
  // condition() with a timeout of 0 would not wait at all; a due date in the past fires at once.
  const cancelledInTime = waitMs > 0 ? await condition(() => cancelled, waitMs) : cancelled;
  if (cancelledInTime) {
    state.status = 'cancelled';
    return state;
  }

  const { workflowId } = workflowInfo();
  await deliverNotification({
    dedupKey: `${workflowId}:due`,
    actor: `workflow:${workflowId}`,
    organisationId: input.organisationId,
    recipient: input.recipient,
    kind: 'reminder',
    subject: input.subject,
    body: input.body,
    dueOn: input.dueOn,
  });
  state.status = 'delivered';
  state.deliveredAt = new Date(Date.now()).toISOString();
  return state;
}

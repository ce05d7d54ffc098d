import { defineQuery, defineSignal } from '@temporalio/workflow';

export type ReminderStatus = 'scheduled' | 'delivered' | 'cancelled';

export interface ReminderState {
  status: ReminderStatus;
  dueOn: string;
  organisationId: string;
  deliveredAt?: string;
}

export const reminderStateQuery = defineQuery<ReminderState>('reminderState');
export const cancelReminderSignal = defineSignal<[reason: string]>('cancelReminder');

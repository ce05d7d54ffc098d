import { DataSource } from 'typeorm';
import type { NotificationToDeliver, ReminderActivities } from '@app/workflows/reminder/activities';
import { insertNotification } from './notifications';

/** Writes the notification and its audit event in one transaction; a retry writes nothing new. */
export function createReminderActivities(dataSource: DataSource): ReminderActivities {
  return {
    deliverNotification: (n: NotificationToDeliver) => dataSource.transaction((em) => insertNotification(em, n, 'due date reached')),
  };
}

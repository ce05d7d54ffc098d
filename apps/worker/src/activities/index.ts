import { DataSource } from 'typeorm';
import { createReminderActivities } from './reminder.activities';

/** All activities of the worker, wired from their dependencies. */
export function createActivities(dataSource: DataSource) {
  return {
    ...createReminderActivities(dataSource),
  };
}

import { DataSource } from 'typeorm';
import { createApplicationActivities } from './application.activities';
import { createCouncilPaperActivities } from './council-paper.activities';
import { createDocumentActivities } from './document.activities';
import { createMilestoneActivities } from './milestone.activities';
import { createPositionActivities } from './position.activities';
import { createReminderActivities } from './reminder.activities';

/** All activities of the worker, wired from their dependencies. */
export function createActivities(dataSource: DataSource) {
  return {
    ...createReminderActivities(dataSource),
    ...createPositionActivities(dataSource),
    ...createMilestoneActivities(dataSource),
    ...createCouncilPaperActivities(dataSource),
    ...createApplicationActivities(dataSource),
    ...createDocumentActivities(dataSource),
  };
}

import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '@app/calendar';

/*
 * Updates and the query of the milestone workflow (`milestone-<id>`).
 *
 * Every update is validated before it is accepted: a rejected update is answered with an
 * ApplicationFailure of type `MilestoneUpdateRejected` whose message says why; it changes nothing
 * and does not reach the workflow's history. An accepted update returns once the change is in
 * the database (the activity ran) and answers the new state.
 */

/** The workflow's view of `programme_milestone.status` ('cancelled' is not managed here). */
export type MilestoneStatus = 'open' | 'overdue' | 'done';

export interface CompleteInput {
  /** what shows it is done (minutes, a link, a document reference); must not be empty */
  evidence: string;
  /** the day it was done: a calendar date, not in the future */
  doneOn: IsoDate;
  /** who completes it, for the audit log (`user:<uuid>`); default the workflow */
  by?: string;
}

export interface RescheduleInput {
  /** the new nominal due date: not in the past, not the current one */
  dueOn: IsoDate;
  /** why (e.g. "Fristverlängerung durch das Ministerium, Schreiben vom 12.03.2030"); required */
  reason: string;
  by?: string;
}

export interface MilestoneReminderView {
  daysBefore: number;
  /** nominal due date − daysBefore; sent at 06:00 UTC of that day */
  on: IsoDate;
  /** 'skipped': the day had already passed when the due date was set */
  status: 'pending' | 'sent' | 'skipped';
}

export interface MilestoneState {
  milestoneId: string;
  organisationId: string;
  title: string;
  owner: string;
  status: MilestoneStatus;
  /** the nominal due date (reminders count from it) */
  dueOn: IsoDate;
  /** where the deadline effectively ends: the next working day if dueOn is none (§ 31 Abs. 3 VwVfG) */
  effectiveDueOn: IsoDate;
  /** the day after effectiveDueOn: from 06:00 UTC an open milestone is overdue */
  overdueOn: IsoDate;
  reminders: MilestoneReminderView[];
  escalation: { to: string; daysAfterDue: number; on: IsoDate; sentOn: IsoDate | null };
  overdueSince: IsoDate | null;
  evidence: string | null;
  doneOn: IsoDate | null;
  /** done after the effective deadline */
  late: boolean | null;
  reschedules: Array<{ from: IsoDate; to: IsoDate; reason: string; on: IsoDate; by: string }>;
  /** an accepted update whose database write is under way; meanwhile other updates are rejected */
  saving: 'complete' | 'reschedule' | null;
}

export const completeUpdate = defineUpdate<MilestoneState, [CompleteInput]>('complete');
export const rescheduleUpdate = defineUpdate<MilestoneState, [RescheduleInput]>('reschedule');
export const milestoneStateQuery = defineQuery<MilestoneState>('milestoneState');

/** The ApplicationFailure type of a rejected update. */
export const MILESTONE_UPDATE_REJECTED = 'MilestoneUpdateRejected';
/** The ApplicationFailure type of a workflow started with invalid input. */
export const INVALID_MILESTONE_INPUT = 'InvalidMilestoneInput';

import type { IsoDate } from '@app/calendar';

/**
 * What the milestone workflow (`milestone-<id>`) asks of the outside world. Implemented in the
 * worker on PostgreSQL (apps/worker/src/activities/milestone.activities.ts); the tests also use an
 * in-memory implementation.
 *
 * Every activity is IDEMPOTENT BY CONTRACT: Temporal retries an attempt whose result it did not
 * receive, so a second call with the same input writes nothing new (`changed`/`created` false)
 * and writes no second audit event.
 * - notifications: one row per dedup key (`INSERT … ON CONFLICT (dedup_key) DO NOTHING`);
 * - status changes: a conditional UPDATE of `programme_milestone` that matches only while the
 *   change is still to be made (`WHERE status <> 'done'`, …), with `version = version + 1` and
 *   one audit event in the same transaction when it matched.
 * A milestone row that does not exist in the organisation is a non-retryable
 * `MilestoneNotFound` failure (a bug or a deleted milestone, not something a retry fixes).
 */
export interface MilestoneActivities {
  /**
   * Delivers the notification once per dedup key. A milestone cancelled meanwhile (PATCH status
   * cancelled; the status the API owns) gets none: `withheld: 'cancelled'`, nothing written.
   */
  notifyMilestone(notification: MilestoneNotification): Promise<{ created: boolean; withheld?: 'cancelled' }>;
  markMilestoneOverdue(change: MilestoneOverdue): Promise<{ changed: boolean }>;
  completeMilestone(change: MilestoneCompletion): Promise<{ changed: boolean }>;
  rescheduleMilestone(change: MilestoneReschedule): Promise<{ changed: boolean }>;
}

/** A reminder to the owner or the escalation to the escalation recipient (a `notification` row). */
export interface MilestoneNotification {
  /** the milestone; absent in notifications scheduled by workflows before it was added (then read from dedupKey) */
  milestoneId?: string;
  /** `milestone:<id>:reminder:<dueOn>:<n>d` or `milestone:<id>:escalation:<dueOn>` */
  dedupKey: string;
  /** `workflow:<workflowId>` */
  actor: string;
  organisationId: string;
  /** `user:<uuid>` */
  recipient: string;
  /** 'milestone.reminder' | 'milestone.escalation' */
  kind: MilestoneNotificationKind;
  subject: string;
  body: string;
  /** the nominal due date the notification is about */
  dueOn: IsoDate;
}

export type MilestoneNotificationKind = 'milestone.reminder' | 'milestone.escalation';

interface MilestoneChange {
  milestoneId: string;
  organisationId: string;
  /** who causes the change, for the audit log: `user:<uuid>` or `workflow:<workflowId>` */
  actor: string;
}

/** status 'open' → 'overdue' (only from 'open': a done, overdue or cancelled row stays as it is). */
export interface MilestoneOverdue extends MilestoneChange {
  /** the nominal due date and the effective end of the deadline that has expired */
  dueOn: IsoDate;
  effectiveDueOn: IsoDate;
}

/** status → 'done' with evidence and done_on, unless already done (`WHERE status <> 'done'`). */
export interface MilestoneCompletion extends MilestoneChange {
  evidence: string;
  doneOn: IsoDate;
}

/**
 * due_on → the new date, an overdue milestone becomes 'open' again; unless done
 * (`WHERE status <> 'done'`) or already moved (a retry).
 */
export interface MilestoneReschedule extends MilestoneChange {
  previousDueOn: IsoDate;
  dueOn: IsoDate;
  reason: string;
}

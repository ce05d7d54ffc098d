import type { IsoDate } from '@app/calendar';
import type { ApplicationRecordWrite, ApplicationStatus } from './signals';

/**
 * What the application workflow (`application-<id>`) asks of the outside world. Implemented in
 * the worker on PostgreSQL (apps/worker/src/activities/application.activities.ts); the tests also
 * use an in-memory implementation (activities.fixture.ts).
 *
 * Every activity is IDEMPOTENT BY CONTRACT (Temporal retries an attempt whose result it did not get):
 * - setApplicationStatus: a conditional UPDATE of `funding_application`
 *   (`WHERE status = from`, `version = version + 1`) and one audit event in the same transaction
 *   when it matched; a retry finds the status already `to` and answers `changed: false` without a
 *   second audit event. A row in any other status is a non-retryable `ApplicationStatusConflict`
 *   (someone else changed it); a row not in the organisation a non-retryable `ApplicationNotFound`.
 * - applyApplicationChange (every accepted update since the patch `application-change-activity`):
 *   the status change (if any), the record the update carries (the funding notice, a payment) and
 *   one audit event carrying `changeKey`, all in one transaction under the row lock; a retry finds
 *   the audit event with its changeKey and answers `changed: false` without writing anything. A
 *   row in another status than `from`, or a record that clashes (a second notice), is a
 *   non-retryable `ApplicationStatusConflict`/`ApplicationRecordConflict`.
 * - notifyApplication: one `notification` row per dedup key (`ON CONFLICT (dedup_key) DO NOTHING`).
 */
export interface ApplicationActivities {
  setApplicationStatus(change: ApplicationStatusChange): Promise<{ changed: boolean }>;
  applyApplicationChange(change: ApplicationChange): Promise<{ changed: boolean }>;
  notifyApplication(notification: ApplicationNotification): Promise<{ created: boolean }>;
}

export interface ApplicationStatusChange {
  applicationId: string;
  organisationId: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
  /** who causes the change: `user:<uuid>` or `workflow:<workflowId>` */
  actor: string;
  /** why, for the audit log */
  reason: string;
}

/** What an accepted update writes: status (if it changes), its record, its audit event. */
export interface ApplicationChange {
  applicationId: string;
  organisationId: string;
  /** the update, e.g. 'signOff' */
  update: string;
  from: ApplicationStatus;
  /** null: the status stays */
  to: ApplicationStatus | null;
  actor: string;
  reason: string;
  /** `application:<id>:<update>:<updateId>`: unique per accepted update, the retry guard */
  changeKey: string;
  record?: ApplicationRecordWrite;
}

export type ApplicationNotificationKind = 'application.reminder' | 'application.escalation';

/** A deadline reminder to the owner, or the escalation to the escalation recipient. */
export interface ApplicationNotification {
  /** `application:<id>:<deadline>:reminder:<nominal>:<n>d` or `application:<id>:<deadline>:escalation:<nominal>` */
  dedupKey: string;
  actor: string;
  organisationId: string;
  recipient: string;
  kind: ApplicationNotificationKind;
  subject: string;
  body: string;
  /** the nominal due date the notification is about */
  dueOn: IsoDate;
}

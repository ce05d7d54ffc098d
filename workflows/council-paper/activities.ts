import type { IsoDate } from '@app/calendar';
import type { ConsultationOutcome } from './signals';

/**
 * What the council-paper workflow (`council-paper-<id>`) asks of the outside world. Implemented in
 * the worker on PostgreSQL (apps/worker/src/activities/council-paper.activities.ts).
 *
 * IDEMPOTENT BY CONTRACT (Temporal retries an attempt whose result it did not receive): the row of
 * a consultation is `consultation (organisation_id, paper_id, position)`; every write is a
 * conditional UPDATE that matches only while the write is still to be made, bumps `version` and
 * writes one audit event in the same transaction. A repeated call answers `changed: false` and
 * writes nothing. A row in a state the workflow cannot have produced (another outcome already
 * recorded, another session date) is a non-retryable `ConsultationConflict`; a missing row a
 * non-retryable `ConsultationNotFound`.
 */
export interface CouncilPaperActivities {
  recordConsultationOutcome(outcome: ConsultationOutcomeWrite): Promise<{ changed: boolean }>;
  requeueConsultation(move: ConsultationRequeue): Promise<{ changed: boolean }>;
  findNextCommitteeSession(query: NextSessionQuery): Promise<{ sessionDate: IsoDate }>;
  notifyCouncilOffice(notification: CouncilOfficeNotification): Promise<{ created: boolean }>;
}

interface ConsultationRef {
  organisationId: string;
  paperId: string;
  /** the consultation's place in the Beratungsfolge (consultation.position) */
  position: number;
  /** who causes the change, for the audit log: `user:<uuid>` or `workflow:<workflowId>` */
  actor: string;
}

/**
 * `consultation.outcome` := outcome for the session on `sessionDate`, only while the row still
 * has that session date and no outcome (`WHERE session_date = $sessionDate AND outcome IS NULL`).
 * The outcome code goes into the column; the recorded wording (`text`) into the audit event.
 */
export interface ConsultationOutcomeWrite extends ConsultationRef {
  sessionDate: IsoDate;
  outcome: ConsultationOutcome;
  text: string;
}

/**
 * The consultation moves to another session: `session_date` := to, `outcome` := NULL, only while
 * the row is still on `fromSessionDate` with no final outcome (NULL or 'postponed').
 */
export interface ConsultationRequeue extends ConsultationRef {
  fromSessionDate: IsoDate;
  toSessionDate: IsoDate;
  /** 'postponed': vertagt; 'previousConsultationLater': the consultation before it now meets later */
  why: 'postponed' | 'previousConsultationLater';
}

/**
 * The first `committee_session` of the committee on or after `onOrAfter`. None yet is a
 * RETRYABLE failure (`NoCommitteeSessionScheduled`): the workflow waits, retrying, until the
 * council office has entered the committee's next session dates.
 */
export interface NextSessionQuery {
  organisationId: string;
  committeeId: string;
  onOrAfter: IsoDate;
}

/** A reminder to the council office (one `notification` row per dedup key). */
export interface CouncilOfficeNotification {
  /** `council-paper:<paperId>:outcome-reminder:<position>:<sessionDate>` */
  dedupKey: string;
  actor: string;
  organisationId: string;
  recipient: string;
  /** 'councilPaper.outcomeReminder' */
  kind: string;
  subject: string;
  body: string;
  /** the session the outcome is missing for */
  dueOn: IsoDate;
}

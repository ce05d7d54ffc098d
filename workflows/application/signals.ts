import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '@app/calendar';
import type { Cents } from '@app/money';
import type { DocumentRequest } from '@app/document-generation';

export { councilDecisionSignal, type CouncilDecision } from '../council-paper/signals';

/*
 * Updates, signal and query of the application lifecycle workflow (`application-<id>`).
 *
 * Every update is validated before it is accepted: a rejected update is answered with an
 * ApplicationFailure of type `ApplicationUpdateRejected` whose message says why; it changes
 * nothing and does not reach the history. An accepted update returns once its status change is
 * in the database (`setApplicationStatus` ran) and answers the new state.
 *
 * The signal `councilDecision` comes from the council-paper workflow (`council-paper-<paperId>`,
 * see workflows/council-paper/signals.ts): 'approved' makes the application ready to submit,
 * 'rejected' sends it back to draft (sign-off needed again) with a note; a second signal for the
 * same paper, one for another paper or one outside council_consultation changes nothing (noted).
 */

/** `funding_application.status` (the CHECK list of the domain model). */
export type ApplicationStatus =
  | 'draft'
  | 'internal_review'
  | 'council_consultation'
  | 'submitted'
  | 'approved'
  | 'partly_approved'
  | 'rejected'
  | 'disbursing'
  | 'reporting'
  | 'proof_of_use_due'
  | 'proof_submitted'
  | 'checked'
  | 'closed'
  | 'repayment'
  | 'withdrawn';

/** Who acts, for the audit log (`user:<uuid>`); default the workflow. */
interface ByInput {
  by?: string;
}

/**
 * The record an update carries for the database (written by the change activity in the same
 * transaction as the status and the audit event; not part of the workflow's state).
 * - notice: the Zuwendungsbescheid row (`funding_notice`); a rejection has no period.
 * - payment: a payment received (`payment_received`), optionally answering a sent disbursement
 *   request, which becomes paid once its amount is received.
 */
export type ApplicationRecordWrite =
  | {
      kind: 'notice';
      /** the row's id, chosen by the api (a retry inserts nothing twice) */
      id: string;
      decision: 'approved' | 'partly_approved' | 'rejected';
      approvedCents: Cents;
      periodStart: IsoDate | null;
      periodEnd: IsoDate | null;
      conditions: string;
      issuedOn: IsoDate;
      fileNumber: string | null;
    }
  | { kind: 'payment'; id: string; receivedOn: IsoDate; amountCents: Cents; disbursementRequestId: string | null };

interface WithRecord {
  record?: ApplicationRecordWrite;
}

export type RequestSignOffInput = ByInput;
/** the department head's sign-off (Mitzeichnung); `by` is required */
export interface SignOffInput {
  by: string;
}
export interface StartCouncilConsultationInput extends ByInput {
  /** the council paper (its workflow `council-paper-<paperId>` signals `councilDecision`) */
  paperId: string;
}
export interface SubmitToFunderInput extends ByInput {
  submittedOn: IsoDate;
}
export type NoticeDecision = 'approved' | 'partly_approved' | 'rejected';
/** the Zuwendungsbescheid (or the signed Fördervertrag) */
export interface RecordNoticeInput extends ByInput, WithRecord {
  decision: NoticeDecision;
  /** 0 for 'rejected' */
  approvedCents: Cents;
  /** Bewilligungszeitraum */
  periodStart: IsoDate;
  periodEnd: IsoDate;
  issuedOn: IsoDate;
}
export interface RecordDisbursementInput extends ByInput, WithRecord {
  amountCents: Cents;
  /** the payout date */
  receivedOn: IsoDate;
}
export interface SubmitInterimReportInput extends ByInput {
  /** the fiscal year the Zwischennachweis covers */
  year: number;
  submittedOn: IsoDate;
}
export interface SubmitProofOfUseInput extends ByInput {
  submittedOn: IsoDate;
}
export interface RecordCheckInput extends ByInput {
  result: 'ok' | 'repayment';
  /** required with 'repayment' (> 0, at most what was disbursed) */
  repaymentCents?: Cents;
}
export type CloseInput = ByInput;
export interface WithdrawInput extends ByInput {
  reason: string;
}
/** Änderungsantrag */
export interface AmendInput extends ByInput {
  reason: string;
}

export interface TransitionView {
  from: ApplicationStatus;
  to: ApplicationStatus;
  /** workflow day of the change */
  on: IsoDate;
  by: string;
  reason: string;
}

export interface ReminderView {
  daysBefore: number;
  /** nominal date − daysBefore (06:00 UTC) */
  on: IsoDate;
  /** 'skipped': the day had passed when the notice was recorded, or the report came first */
  status: 'pending' | 'sent' | 'skipped';
}

export interface DeadlineView {
  /** `interim-<year>` or `proof-of-use` */
  key: string;
  kind: 'interimReport' | 'proofOfUse';
  /** interim reports: the fiscal year covered */
  fiscalYear: number | null;
  /** reminders count from the nominal date */
  nominal: IsoDate;
  /** the deadline ends on the effective date (next working day, § 31 Abs. 3 VwVfG) */
  effective: IsoDate;
  submittedOn: IsoDate | null;
  reminders: ReminderView[];
  /** escalation when not submitted `escalationDaysAfterDue` days after the effective date */
  escalation: { on: IsoDate; sentOn: IsoDate | null };
}

export interface SentNotificationView {
  dedupKey: string;
  kind: 'application.reminder' | 'application.escalation';
  deadline: string;
  /** the nominal date it was about */
  dueOn: IsoDate;
  sentOn: IsoDate;
}

/**
 * A document the workflow produces with a step (since the patch `application-documents`): the
 * Förderantrag on submission, the Zwischennachweis with its interim report, the Sachbericht and
 * the zahlenmäßiger Nachweis (PDF and XLSX) with the proof of use. Generated after the step has
 * been answered; a document the data does not allow is 'failed' with the reason (and a note).
 */
export interface ApplicationDocumentView {
  /** the generation (dedup) key, unique per organisation */
  key: string;
  request: DocumentRequest;
  status: 'pending' | 'stored' | 'failed';
  documentId: string | null;
  version: number | null;
  error: string | null;
}

export interface ApplicationState {
  applicationId: string;
  organisationId: string;
  title: string;
  status: ApplicationStatus;
  needsCouncilDecision: boolean;
  signOffRequestedOn: IsoDate | null;
  signedOff: { by: string; on: IsoDate } | null;
  council: { paperId: string; result: 'approved' | 'rejected' | null; concludedOn: IsoDate | null } | null;
  /** paper ids whose councilDecision has been handled (a repeat is a no-op) */
  councilDecisionsSeen: string[];
  submittedOn: IsoDate | null;
  notice: { decision: NoticeDecision; approvedCents: Cents; periodStart: IsoDate; periodEnd: IsoDate; issuedOn: IsoDate } | null;
  disbursements: Array<{ amountCents: Cents; receivedOn: IsoDate }>;
  disbursedCents: Cents;
  deadlines: DeadlineView[];
  /** from 06:00 UTC of this day (the day after the period) the status is proof_of_use_due */
  periodEndedOn: IsoDate | null;
  remindersSent: SentNotificationView[];
  check: { result: 'ok' | 'repayment'; repaymentCents: Cents; on: IsoDate } | null;
  amendments: Array<{ reason: string; on: IsoDate; by: string }>;
  amendmentCount: number;
  withdrawal: { reason: string; on: IsoDate; by: string } | null;
  notes: Array<{ on: IsoDate; text: string }>;
  history: TransitionView[];
  /** documents produced with the steps (absent in states carried from before the patch) */
  documents?: ApplicationDocumentView[];
  /** an accepted update or council decision whose database write is under way */
  saving: string | null;
  continuedAsNew: number;
}

export const requestSignOffUpdate = defineUpdate<ApplicationState, [RequestSignOffInput]>('requestSignOff');
export const signOffUpdate = defineUpdate<ApplicationState, [SignOffInput]>('signOff');
export const startCouncilConsultationUpdate = defineUpdate<ApplicationState, [StartCouncilConsultationInput]>('startCouncilConsultation');
export const submitToFunderUpdate = defineUpdate<ApplicationState, [SubmitToFunderInput]>('submitToFunder');
export const recordNoticeUpdate = defineUpdate<ApplicationState, [RecordNoticeInput]>('recordNotice');
export const recordDisbursementUpdate = defineUpdate<ApplicationState, [RecordDisbursementInput]>('recordDisbursement');
export const submitInterimReportUpdate = defineUpdate<ApplicationState, [SubmitInterimReportInput]>('submitInterimReport');
export const submitProofOfUseUpdate = defineUpdate<ApplicationState, [SubmitProofOfUseInput]>('submitProofOfUse');
export const recordCheckUpdate = defineUpdate<ApplicationState, [RecordCheckInput]>('recordCheck');
export const closeUpdate = defineUpdate<ApplicationState, [CloseInput]>('close');
export const withdrawUpdate = defineUpdate<ApplicationState, [WithdrawInput]>('withdraw');
export const amendUpdate = defineUpdate<ApplicationState, [AmendInput]>('amend');
export const applicationStateQuery = defineQuery<ApplicationState>('applicationState');

/** The ApplicationFailure type of a rejected update. */
export const APPLICATION_UPDATE_REJECTED = 'ApplicationUpdateRejected';
/** The ApplicationFailure type of a workflow started with invalid input. */
export const INVALID_APPLICATION_INPUT = 'InvalidApplicationInput';

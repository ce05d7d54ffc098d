import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '@app/calendar';

/*
 * Update, query and outgoing signal of the council-paper consultation workflow
 * (`council-paper-<paperId>`).
 *
 * The update is validated before it is accepted: a rejected update is answered with an
 * ApplicationFailure of type `CouncilPaperUpdateRejected` whose message says why; it changes
 * nothing and does not reach the history. An accepted update returns once the outcome is in
 * `consultation.outcome` and answers the new state.
 */

/** Kenntnisnahme, Vorberatung, Entscheidung (OParl Consultation.role; `consultation.role`). */
export type ConsultationRole = 'acknowledgement' | 'preliminary' | 'decision';

/**
 * What a committee did with the paper (the code stored in `consultation.outcome`):
 * acknowledged = zur Kenntnis genommen, recommended = Zustimmung empfohlen (Vorberatung),
 * decided = beschlossen, rejected = abgelehnt (Vorberatung: Ablehnung empfohlen),
 * postponed = vertagt (the consultation moves to the committee's next session).
 */
export type ConsultationOutcome = 'acknowledged' | 'recommended' | 'decided' | 'rejected' | 'postponed';

/**
 * approved: the deciding consultation decided; rejected: it rejected; consulted: a Beratungsfolge
 * without a deciding consultation (e.g. an Informationsvorlage) went through every committee.
 */
export type CouncilPaperResult = 'approved' | 'rejected' | 'consulted';

export interface RecordOutcomeInput {
  /** the consultation's position in the Beratungsfolge; must be the current one */
  position: number;
  outcome: ConsultationOutcome;
  /** the recorded wording (OParl AgendaItem.result), e.g. "einstimmig beschlossen"; required */
  text: string;
  /** only with 'postponed': the committee's next session; without it the workflow looks it up */
  nextSessionDate?: IsoDate;
  /** who records it, for the audit log (`user:<uuid>`); default the workflow */
  by?: string;
}

export type ConsultationStatus =
  /** before its session date (which begins at midnight in Germany) */
  | 'scheduled'
  /** its session date has come; outcome not yet recorded */
  | 'awaitingOutcome'
  /** an accepted recordOutcome is being written */
  | 'recording'
  /** vertagt; waiting for the next session date (lookup and requeue) */
  | 'postponed'
  | 'done'
  /** not reached: the Beratungsfolge ended before it */
  | 'notHeld';

export interface RecordedOutcome {
  sessionDate: IsoDate;
  outcome: ConsultationOutcome;
  text: string;
  recordedOn: IsoDate;
  by: string;
}

export interface ConsultationView {
  position: number;
  committeeId: string;
  committeeName: string;
  role: ConsultationRole;
  authoritative: boolean;
  /** this consultation's decision ends the workflow (authoritative or role 'decision') */
  decides: boolean;
  /** the session as planned in the input, and the current one (after postponements) */
  plannedSessionDate: IsoDate;
  sessionDate: IsoDate;
  status: ConsultationStatus;
  /** the final outcome (null until done) */
  outcome: Exclude<ConsultationOutcome, 'postponed'> | null;
  text: string | null;
  /** every recorded outcome in order, postponements included */
  outcomes: RecordedOutcome[];
  /** session moves: postponed, or pushed back because the previous consultation met later */
  moves: Array<{ from: IsoDate; to: IsoDate; why: 'postponed' | 'previousConsultationLater' }>;
  /** when the council office is reminded if no outcome is recorded (06:00 UTC) */
  outcomeReminderOn: IsoDate;
  /** the session dates a reminder was sent for */
  remindedFor: IsoDate[];
}

export interface CouncilPaperState {
  paperId: string;
  paperNumber: string;
  organisationId: string;
  applicationId: string | null;
  status: 'consulting' | CouncilPaperResult;
  /** the position of the consultation under way; null once finished */
  current: number | null;
  consultations: ConsultationView[];
  result: CouncilPaperResult | null;
  /** the session date of the deciding outcome (or of the last consultation for 'consulted') */
  concludedOn: IsoDate | null;
  /** 'signalled': the application workflow got `councilDecision`; 'notFound': it was not running */
  applicationNotified: 'signalled' | 'notFound' | null;
}

export const recordOutcomeUpdate = defineUpdate<CouncilPaperState, [RecordOutcomeInput]>('recordOutcome');
export const councilPaperStateQuery = defineQuery<CouncilPaperState>('councilPaperState');

/** The ApplicationFailure type of a rejected update. */
export const COUNCIL_PAPER_UPDATE_REJECTED = 'CouncilPaperUpdateRejected';
/** The ApplicationFailure type of a workflow started with invalid input. */
export const INVALID_COUNCIL_PAPER_INPUT = 'InvalidCouncilPaperInput';

// ------------------------------------------------------------------ outgoing: to the application workflow

/**
 * CONTRACT for the application workflow (`application-<applicationId>`, not written yet): when the
 * Beratungsfolge of a paper drafted from an application ends, this workflow sends it ONE signal
 * `councilDecision` with a `CouncilDecision`. The application workflow should
 * `setHandler(councilDecisionSignal, (d) => …)` (import it from here), and treat a second signal
 * for the same paperId as a no-op.
 *
 * Delivery: sent once, when the consultation workflow completes. If no workflow
 * `application-<applicationId>` is running at that moment the signal is dropped (the server
 * answers ExternalWorkflowExecutionNotFound; the paper's state shows
 * `applicationNotified: 'notFound'`). An application workflow started later must therefore read the
 * outcome itself (the `consultation` rows, or this workflow's result / `councilPaperState`).
 */
export interface CouncilDecision {
  paperId: string;
  /** Vorlagennummer, e.g. "2030/117" */
  paperNumber: string;
  organisationId: string;
  applicationId: string;
  result: CouncilPaperResult;
  /** the deciding consultation; null for 'consulted' */
  decidedBy: { position: number; committeeId: string; committeeName: string } | null;
  /** its session date (for 'consulted' the last consultation's) */
  concludedOn: IsoDate;
  /** the recorded wording of the deciding outcome; null for 'consulted' */
  text: string | null;
  /** every consultation's final outcome, in Beratungsfolge order */
  consultations: Array<{ position: number; committeeName: string; sessionDate: IsoDate; outcome: ConsultationView['outcome'] }>;
  /** `council-paper-<paperId>` */
  sentBy: string;
}

export const councilDecisionSignal = defineSignal<[CouncilDecision]>('councilDecision');

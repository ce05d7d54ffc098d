import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { addDays, calendarDateAt, compareDates, type IsoDate } from '@app/calendar';
import { workflowIds } from '../names';
import type { CouncilPaperActivities } from './activities';
import {
  applyMove,
  applyOutcome,
  checkRecordOutcome,
  consultationAt,
  councilDecision,
  councilPaperRules,
  CouncilPaperRuleViolation,
  createCouncilPaper,
  outcomeReminder,
  reminderInstant,
  resultAfter,
  sessionStart,
  withConsultation,
  type CouncilPaperWorkflowInput,
} from './model';
import {
  COUNCIL_PAPER_UPDATE_REJECTED,
  councilDecisionSignal,
  councilPaperStateQuery,
  INVALID_COUNCIL_PAPER_INPUT,
  recordOutcomeUpdate,
  type CouncilPaperResult,
  type CouncilPaperState,
  type RecordOutcomeInput,
} from './signals';

export type { ConsultationInput, CouncilPaperWorkflowInput } from './model';

const { recordConsultationOutcome, requeueConsultation, notifyCouncilOffice } = proxyActivities<CouncilPaperActivities>({
  startToCloseTimeout: '30s',
  // No attempt limit: the writes are idempotent (activities.ts).
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h' },
});

// "No session entered yet" is retried until the council office enters the committee's dates.
const { findNextCommitteeSession } = proxyActivities<CouncilPaperActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1m', backoffCoefficient: 2, maximumInterval: '6h' },
});

/** The SDK's failure type when the workflow to signal does not exist (or has completed). */
const EXTERNAL_WORKFLOW_NOT_FOUND = 'ExternalWorkflowExecutionNotFound';

/**
 * Since this patch the paper's day is the day in Germany (as the api's "today" and the
 * milestones'): a session opens at midnight Europe/Berlin and an outcome is dated by the German
 * day. Executions that began before it keep 00:00 UTC and the UTC day.
 */
export const BERLIN_DAY_PATCH = 'council-paper-berlin-day';

/**
 * The consultation of a council paper (Vorlage) along its Beratungsfolge. Id: `council-paper-<paperId>`.
 *
 * For each consultation in order: wait until its session date (midnight in Germany; before
 * BERLIN_DAY_PATCH 00:00 UTC); then wait for the
 * update `recordOutcome`; if none has come `outcomeReminderDaysAfterSession` days (default 3)
 * after the session, remind the council office once (06:00 UTC). 'postponed' moves the
 * consultation to the committee's next session (the date given with the update, or the next
 * `committee_session` of the committee) and it starts over; a consultation whose session now lies
 * before the session of the one before it moves to its committee's next session on or after that
 * date. The deciding consultation (authoritative or role decision; the last one) ends the
 * workflow: 'decided' → approved, 'rejected' → rejected; without one the paper is 'consulted'
 * when the last committee has dealt with it. Then, with an applicationId, the application workflow
 * `application-<applicationId>` gets the signal `councilDecision` (signals.ts); one that is not
 * running is tolerated. Query `councilPaperState`.
 */
export async function councilPaperWorkflow(input: CouncilPaperWorkflowInput): Promise<CouncilPaperState> {
  const { workflowId } = workflowInfo();
  const actor = `workflow:${workflowId}`;
  let reminderDays: number;
  let state: CouncilPaperState;
  try {
    reminderDays = councilPaperRules(input).reminderDays;
    state = createCouncilPaper(input, reminderDays);
  } catch (err) {
    if (err instanceof CouncilPaperRuleViolation) {
      throw ApplicationFailure.create({ type: INVALID_COUNCIL_PAPER_INPUT, message: err.message, nonRetryable: true });
    }
    throw err;
  }
  const berlinDays = patched(BERLIN_DAY_PATCH);
  // today on workflow time: the German day since the patch, the UTC day in executions from before it
  const today = (): IsoDate => calendarDateAt(Date.now(), berlinDays);
  const ref = { organisationId: input.organisationId, paperId: input.paperId };
  /** the next session date given with the last 'postponed' outcome */
  let requestedNextSession: IsoDate | undefined;

  setHandler(councilPaperStateQuery, () => state);

  const check = (arg: RecordOutcomeInput) => {
    try {
      return checkRecordOutcome(state, arg);
    } catch (err) {
      throw err instanceof CouncilPaperRuleViolation
        ? ApplicationFailure.create({ type: COUNCIL_PAPER_UPDATE_REJECTED, message: err.message, nonRetryable: true })
        : err;
    }
  };
  setHandler(
    recordOutcomeUpdate,
    async (arg: RecordOutcomeInput) => {
      const o = check(arg);
      const by = o.by ?? actor;
      const { sessionDate } = consultationAt(state, o.position);
      // From here until the write is done a second recordOutcome is rejected ('recording').
      state = withConsultation(state, o.position, (c) => ({ ...c, status: 'recording' }));
      try {
        await recordConsultationOutcome({ ...ref, position: o.position, actor: by, sessionDate, outcome: o.outcome, text: o.text });
      } catch (err) {
        state = withConsultation(state, o.position, (c) => ({ ...c, status: 'awaitingOutcome' }));
        throw err;
      }
      if (o.outcome === 'postponed') requestedNextSession = o.nextSessionDate;
      state = withConsultation(state, o.position, (c) => applyOutcome(c, o, today(), by));
      log.info('consultation outcome recorded', { position: o.position, outcome: o.outcome });
      return state;
    },
    { validator: (arg: RecordOutcomeInput) => void check(arg) },
  );

  const move = async (position: number, to: IsoDate, why: 'postponed' | 'previousConsultationLater'): Promise<void> => {
    const from = consultationAt(state, position).sessionDate;
    await requeueConsultation({ ...ref, position, actor, fromSessionDate: from, toSessionDate: to, why });
    state = withConsultation(state, position, (c) => applyMove(c, to, why, reminderDays));
    log.info('consultation moved', { position, from, to, why });
  };
  const nextSessionOf = async (committeeId: string, onOrAfter: IsoDate): Promise<IsoDate> =>
    (await findNextCommitteeSession({ organisationId: input.organisationId, committeeId, onOrAfter })).sessionDate;

  let result: CouncilPaperResult | null = null;
  for (let k = 0; k < state.consultations.length && result === null; k++) {
    const position = state.consultations[k].position;
    state = { ...state, current: position };
    if (k > 0) {
      // The Beratungsfolge is ordered: after a postponement of the one before, this one cannot
      // meet earlier than that.
      const previous = state.consultations[k - 1];
      const c = consultationAt(state, position);
      if (compareDates(c.sessionDate, previous.sessionDate) < 0) {
        await move(position, await nextSessionOf(c.committeeId, previous.sessionDate), 'previousConsultationLater');
      }
    }
    for (;;) {
      const opensInMs = sessionStart(consultationAt(state, position).sessionDate, berlinDays) - Date.now();
      if (opensInMs > 0) await sleep(opensInMs);
      state = withConsultation(state, position, (c) => ({ ...c, status: 'awaitingOutcome' }));
      const recorded = (): boolean => ['done', 'postponed'].includes(consultationAt(state, position).status);

      const c = consultationAt(state, position);
      const remindInMs = reminderInstant(c.outcomeReminderOn) - Date.now();
      const inTime = remindInMs > 0 ? await condition(recorded, remindInMs) : recorded();
      // Not while an outcome is being saved ('recording').
      if (!inTime && consultationAt(state, position).status === 'awaitingOutcome') {
        await notifyCouncilOffice(outcomeReminder(state, c, input.councilOffice, reminderDays, actor));
        state = withConsultation(state, position, (x) => ({ ...x, remindedFor: [...x.remindedFor, x.sessionDate] }));
      }
      await condition(recorded);

      const after = consultationAt(state, position);
      if (after.status === 'done') {
        result = resultAfter(state, after);
        break;
      }
      // Vertagt: to the given date, or the committee's next session after this one.
      const to = requestedNextSession ?? (await nextSessionOf(after.committeeId, addDays(after.sessionDate, 1)));
      requestedNextSession = undefined;
      await move(position, to, 'postponed');
    }
  }

  const last = state.consultations.filter((c) => c.status === 'done').pop();
  state = {
    ...state,
    status: result ?? 'consulted',
    result: result ?? 'consulted',
    current: null,
    concludedOn: last?.sessionDate ?? null,
    consultations: state.consultations.map((c) => (c.status === 'done' ? c : { ...c, status: 'notHeld' })),
  };
  log.info('council paper concluded', { result: state.result, concludedOn: state.concludedOn });

  if (input.applicationId) {
    try {
      await getExternalWorkflowHandle(workflowIds.application(input.applicationId)).signal(councilDecisionSignal, councilDecision(state, workflowId));
      state = { ...state, applicationNotified: 'signalled' };
    } catch (err) {
      if (!(err instanceof ApplicationFailure && err.type === EXTERNAL_WORKFLOW_NOT_FOUND)) throw err;
      // The application workflow does not run (yet): it reads the outcome itself when it starts.
      log.warn('application workflow not found; councilDecision not delivered', { applicationId: input.applicationId });
      state = { ...state, applicationNotified: 'notFound' };
    }
  }
  await condition(allHandlersFinished);
  return state;
}

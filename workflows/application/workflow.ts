import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { WriteLock } from '../write-lock';
import type { UpdateDefinition } from '@temporalio/common';
import type { IsoDate } from '@app/calendar';
import type { DocumentActivities } from '../documents/activities';
import type { ApplicationActivities } from './activities';
import {
  applicationRules,
  ApplicationRuleViolation,
  createApplication,
  escalationNotification,
  eventInstant,
  isFinal,
  markEscalated,
  markReminderSent,
  nextEvent,
  planCouncilDecision,
  planUpdate,
  queueDocuments,
  reminderNotification,
  sameEvent,
  settleDocument,
  transition,
  type ApplicationEvent,
  type ApplicationRules,
  type ApplicationWorkflowInput,
  type UpdateName,
} from './model';
import {
  amendUpdate,
  APPLICATION_UPDATE_REJECTED,
  applicationStateQuery,
  closeUpdate,
  councilDecisionSignal,
  INVALID_APPLICATION_INPUT,
  recordCheckUpdate,
  recordDisbursementUpdate,
  recordNoticeUpdate,
  requestSignOffUpdate,
  signOffUpdate,
  startCouncilConsultationUpdate,
  submitInterimReportUpdate,
  submitProofOfUseUpdate,
  submitToFunderUpdate,
  withdrawUpdate,
  type ApplicationRecordWrite,
  type ApplicationState,
  type CouncilDecision,
} from './signals';

export type { ApplicationWorkflowInput } from './model';

/**
 * Since this patch every accepted update writes through `applyApplicationChange` (status, the
 * record it carries, an audit event, one transaction); executions that began before it replay
 * the old command sequence (setApplicationStatus only when the status changes).
 */
export const CHANGE_ACTIVITY_PATCH = 'application-change-activity';

const { setApplicationStatus, applyApplicationChange, notifyApplication } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '30s',
  // No attempt limit: the activities are idempotent (activities.ts); a database outage delays, never loses.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h', nonRetryableErrorTypes: ['ApplicationStatusConflict', 'ApplicationNotFound'] },
});

/**
 * Since this patch a submission produces its documents (model.ts `queueDocuments`): generated
 * and stored by `generateDocument` after the step has been answered, one at a time.
 */
export const DOCUMENTS_PATCH = 'application-documents';

/** Data that does not allow a document (or a bad request) will not get better by retrying. */
const DOCUMENT_FAILURES = ['DocumentNotYetPossible', 'DocumentNotFound', 'DocumentRequestInvalid', 'DocumentKeyConflict'];

const { generateDocument } = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1h', nonRetryableErrorTypes: DOCUMENT_FAILURES },
});

function today(): IsoDate {
  return new Date(Date.now()).toISOString().slice(0, 10);
}

function rejection(err: unknown): unknown {
  return err instanceof ApplicationRuleViolation ? ApplicationFailure.create({ type: APPLICATION_UPDATE_REJECTED, message: err.message, nonRetryable: true }) : err;
}

/**
 * A funding application from draft to closed (or withdrawn / rejected). Id: `application-<id>`.
 *
 * - Updates move it through the states of `funding_application.status` (signals.ts); each status
 *   change is written by `setApplicationStatus` (conditional, audited) before the update answers.
 * - The council-paper workflow signals `councilDecision`: approved → ready to submit, rejected →
 *   back to draft with a note.
 * - `recordNotice` plans the deadlines from the programme's rules in the input: interim reports
 *   (`interimReportDueDates`), proof of use (`proofOfUseDueDate`), reminders `reminderDaysBefore`
 *   days before each NOMINAL date, an escalation `escalationDaysAfterDue` days after the EFFECTIVE
 *   date while not submitted; at 06:00 UTC of the day after the period the status becomes
 *   proof_of_use_due. Timers and updates run concurrently; one database write at a time.
 * - Continue-as-new when the server suggests it, carrying the state.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  const { workflowId } = workflowInfo();
  const actor = `workflow:${workflowId}`;
  let rules: ApplicationRules;
  let state: ApplicationState;
  try {
    rules = applicationRules(input);
    state = input.carried ? { ...input.carried, saving: null } : createApplication(input, rules);
  } catch (err) {
    if (err instanceof ApplicationRuleViolation) throw ApplicationFailure.create({ type: INVALID_APPLICATION_INPUT, message: err.message, nonRetryable: true });
    throw err;
  }

  const lock = new WriteLock();
  let changed = false;
  const exclusive = <T>(write: () => Promise<T>): Promise<T> => lock.run(write);

  setHandler(applicationStateQuery, () => state);

  const validate = (name: UpdateName, arg: unknown): void => {
    try {
      if (state.saving !== null) throw new ApplicationRuleViolation(`${name}: a ${state.saving} of this application is being saved; try again when it is done`);
      planUpdate(name, state, rules, arg, today(), actor);
    } catch (err) {
      throw rejection(err);
    }
  };

  const handle = <A>(def: UpdateDefinition<ApplicationState, [A]>, name: UpdateName) =>
    setHandler(
      def,
      async (arg: A) => {
        state = { ...state, saving: name };
        try {
          await exclusive(async () => {
            // Planned again in its turn: a timer may have moved the status meanwhile.
            let plan;
            try {
              plan = planUpdate(name, { ...state, saving: null }, rules, arg, today(), actor);
            } catch (err) {
              throw rejection(err);
            }
            let next = plan.apply(state);
            if (patched(CHANGE_ACTIVITY_PATCH)) {
              const to = plan.to !== null && plan.to !== state.status ? plan.to : null;
              const record = (arg as { record?: ApplicationRecordWrite } | undefined)?.record;
              await applyApplicationChange({
                applicationId: state.applicationId,
                organisationId: state.organisationId,
                update: name,
                from: state.status,
                to,
                actor: plan.by,
                reason: plan.reason,
                changeKey: `application:${state.applicationId}:${name}:${currentUpdateInfo()?.id ?? workflowInfo().historyLength}`,
                ...(record ? { record } : {}),
              });
              if (to !== null) next = transition(next, to, today(), plan.by, plan.reason);
            } else if (plan.to !== null && plan.to !== state.status) {
              await setApplicationStatus({ applicationId: state.applicationId, organisationId: state.organisationId, from: state.status, to: plan.to, actor: plan.by, reason: plan.reason });
              next = transition(next, plan.to, today(), plan.by, plan.reason);
            }
            if (patched(DOCUMENTS_PATCH)) next = queueDocuments(next, name, arg, currentUpdateInfo()?.id ?? String(workflowInfo().historyLength));
            state = next;
          });
        } finally {
          state = { ...state, saving: null };
        }
        changed = true;
        log.info('application updated', { update: name, status: state.status });
        return state;
      },
      { validator: (arg: A) => validate(name, arg) },
    );

  handle(requestSignOffUpdate, 'requestSignOff');
  handle(signOffUpdate, 'signOff');
  handle(startCouncilConsultationUpdate, 'startCouncilConsultation');
  handle(submitToFunderUpdate, 'submitToFunder');
  handle(recordNoticeUpdate, 'recordNotice');
  handle(recordDisbursementUpdate, 'recordDisbursement');
  handle(submitInterimReportUpdate, 'submitInterimReport');
  handle(submitProofOfUseUpdate, 'submitProofOfUse');
  handle(recordCheckUpdate, 'recordCheck');
  handle(closeUpdate, 'close');
  handle(withdrawUpdate, 'withdraw');
  handle(amendUpdate, 'amend');

  setHandler(councilDecisionSignal, async (d: CouncilDecision) => {
    await exclusive(async () => {
      const plan = planCouncilDecision(state, d);
      const on = today();
      if (plan.kind === 'ignore') {
        log.warn('councilDecision ignored', { paperId: d.paperId, note: plan.note });
        state = { ...state, notes: [...state.notes, { on, text: plan.note }] };
        return;
      }
      const seen = [...state.councilDecisionsSeen, d.paperId];
      const council = { paperId: d.paperId, result: plan.kind, concludedOn: d.concludedOn };
      if (plan.kind === 'approved') {
        state = { ...state, council, councilDecisionsSeen: seen, notes: [...state.notes, { on, text: plan.note }] };
        return;
      }
      state = { ...state, saving: 'councilDecision' };
      try {
        await setApplicationStatus({ applicationId: state.applicationId, organisationId: state.organisationId, from: state.status, to: 'draft', actor: d.sentBy, reason: plan.note });
        state = transition({ ...state, council, councilDecisionsSeen: seen, signedOff: null, notes: [...state.notes, { on, text: plan.note }] }, 'draft', on, d.sentBy, plan.note);
      } finally {
        state = { ...state, saving: null };
      }
    });
    changed = true;
  });

  /** Generates the queued documents, oldest first; what the data does not allow is noted, not retried. */
  const produceDocuments = async (): Promise<void> => {
    for (let due = pendingDocument(); due; due = pendingDocument()) {
      const { key, request } = due;
      await exclusive(async () => {
        try {
          const stored = await generateDocument({ organisationId: state.organisationId, actor, dedupKey: key, document: request, asOf: today() });
          state = settleDocument(state, key, stored, today());
        } catch (err) {
          const cause = err instanceof ActivityFailure ? err.cause : undefined;
          if (!(cause instanceof ApplicationFailure) || !DOCUMENT_FAILURES.includes(cause.type ?? '')) throw err;
          log.warn('document not generated', { key, reason: cause.message });
          state = settleDocument(state, key, { error: cause.message }, today());
        }
      });
    }
  };
  const pendingDocument = () => (state.documents ?? []).find((d) => d.status === 'pending');

  const perform = async (event: ApplicationEvent): Promise<void> => {
    switch (event.kind) {
      case 'reminder': {
        const n = reminderNotification(state, input, event.deadline, event.daysBefore, actor);
        await notifyApplication(n);
        state = markReminderSent(state, n, event.deadline, event.daysBefore, today());
        return;
      }
      case 'escalation': {
        const n = escalationNotification(state, input, event.deadline, actor);
        await notifyApplication(n);
        state = markEscalated(state, n, event.deadline, today());
        return;
      }
      case 'periodEnded': {
        const reason = `funded period ended on ${state.notice?.periodEnd}: proof of use due`;
        await setApplicationStatus({ applicationId: state.applicationId, organisationId: state.organisationId, from: state.status, to: 'proof_of_use_due', actor, reason });
        state = transition(state, 'proof_of_use_due', today(), actor, reason);
        return;
      }
    }
  };

  while (!isFinal(state)) {
    if (workflowInfo().continueAsNewSuggested && state.saving === null && !lock.busy) {
      // Updates already accepted must have finished: their effect travels in `carried`.
      await condition(allHandlersFinished);
      await continueAsNew<typeof applicationWorkflow>({ ...input, carried: { ...state, continuedAsNew: state.continuedAsNew + 1 } });
    }
    if (pendingDocument()) {
      await produceDocuments();
      continue;
    }
    const event = nextEvent(state);
    changed = false;
    if (event === null) {
      await condition(() => changed);
      continue;
    }
    const waitMs = eventInstant(event.on) - Date.now();
    if (waitMs > 0) {
      await condition(() => changed, waitMs);
      continue;
    }
    await exclusive(async () => {
      if (sameEvent(nextEvent(state), event)) await perform(event);
    });
  }
  await condition(allHandlersFinished);
  await produceDocuments();
  return state;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOLIDAY_RULES_NIEDERSACHSEN } from '@app/calendar';
import { workflowIds } from '@app/workflows/names';
import { InMemoryApplicationActivities } from '@app/workflows/application/activities.fixture';
import type { ApplicationWorkflowInput } from '@app/workflows/application/model';
import {
  applicationStateQuery,
  councilDecisionSignal,
  recordDisbursementUpdate,
  recordNoticeUpdate,
  requestSignOffUpdate,
  signOffUpdate,
  startCouncilConsultationUpdate,
  submitToFunderUpdate,
  withdrawUpdate,
  type ApplicationState,
} from '@app/workflows/application/signals';
import type { applicationWorkflow } from '@app/workflows/application/workflow';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * Records the application histories replayed by test/workflow-histories.int.spec.ts (run on
 * purpose: `npm run record-histories`). The test server's clock is locked except during
 * `env.sleep()` or while a result is awaited (see test/workflows/application.int.spec.ts).
 */
describe('record application workflow histories', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const input = (id: string, needsCouncilDecision: boolean): ApplicationWorkflowInput => ({
    applicationId: id,
    organisationId: '00000000-0000-4000-8000-000000000001',
    title: 'Präventionskette Peine',
    owner: 'user:recorded-owner',
    escalateTo: 'user:recorded-head',
    programme: { needsCouncilDecision, reminderDaysBefore: [28, 7], escalationDaysAfterDue: 7 },
    holidayRules: HOLIDAY_RULES_NIEDERSACHSEN,
  });

  const today = async () => new Date(await env.currentTimeMs()).toISOString().slice(0, 10);

  async function until(read: () => Promise<ApplicationState>, ok: (s: ApplicationState) => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!ok(await read())) {
      if (Date.now() > deadline) throw new Error('workflow did not reach the expected state');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function record(name: string, fake: InMemoryApplicationActivities, run: (taskQueue: string) => Promise<string>): Promise<void> {
    const taskQueue = `record-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    const workflowId = await worker.runUntil(run(taskQueue));
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    fs.writeFileSync(path.join(__dirname, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
  }

  it('without council: signed off, submitted, rejected by the funder', async () => {
    const fake = new InMemoryApplicationActivities();
    await record('application-rejected', fake, async (taskQueue) => {
      const h = await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
        taskQueue,
        workflowId: workflowIds.application('recorded-rejected'),
        args: [input('recorded-rejected', false)],
      });
      const on = await today();
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      await h.executeUpdate(signOffUpdate, { args: [{ by: 'user:recorded-head' }] });
      await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: on }] });
      await h.executeUpdate(recordNoticeUpdate, { args: [{ decision: 'rejected', approvedCents: 0, periodStart: '2030-01-01', periodEnd: '2031-12-31', issuedOn: on }] });
      expect((await h.result()).status).toBe('rejected');
      return h.workflowId;
    });
    expect(fake.row.status).toBe('rejected');
  });

  it('council approval signalled, approved, disbursed, reminded, withdrawn', async () => {
    const fake = new InMemoryApplicationActivities();
    await record('application-withdrawn', fake, async (taskQueue) => {
      const h = await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
        taskQueue,
        workflowId: workflowIds.application('recorded-withdrawn'),
        args: [input('recorded-withdrawn', true)],
      });
      const on = await today();
      await h.executeUpdate(requestSignOffUpdate, { args: [{}] });
      await h.executeUpdate(signOffUpdate, { args: [{ by: 'user:recorded-head' }] });
      await h.executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: 'recorded-paper' }] });
      await h.signal(councilDecisionSignal, {
        paperId: 'recorded-paper',
        paperNumber: '2030/1',
        organisationId: '00000000-0000-4000-8000-000000000001',
        applicationId: 'recorded-withdrawn',
        result: 'approved',
        decidedBy: { position: 1, committeeId: 'kt', committeeName: 'Kreistag' },
        concludedOn: on,
        text: 'beschlossen',
        consultations: [],
        sentBy: 'workflow:council-paper-recorded-paper',
      });
      await until(
        () => h.query(applicationStateQuery),
        (s) => s.council?.result === 'approved',
      );
      await h.executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: on }] });
      await h.executeUpdate(recordNoticeUpdate, { args: [{ decision: 'approved', approvedCents: 5_000_000, periodStart: '2030-01-01', periodEnd: '2031-12-31', issuedOn: on }] });
      await h.executeUpdate(recordDisbursementUpdate, { args: [{ amountCents: 1_000_000, receivedOn: on }] });
      // first reminder of the 2030 interim report (due 30.04.2031): 02.04.2031
      await env.sleep(Date.parse('2031-04-02T06:00:30Z') - (await env.currentTimeMs()));
      await until(
        () => h.query(applicationStateQuery),
        (s) => s.remindersSent.length === 1,
      );
      await h.executeUpdate(withdrawUpdate, { args: [{ reason: 'Träger steigt aus', by: 'user:recorded' }] });
      expect((await h.result()).status).toBe('withdrawn');
      return h.workflowId;
    });
    // each update writes through applyApplicationChange (CHANGE_ACTIVITY_PATCH); the submission queues the Förderantrag
    expect(fake.calls.map((c) => c.name)).toEqual([
      'applyApplicationChange',
      'applyApplicationChange',
      'applyApplicationChange',
      'applyApplicationChange',
      'generateDocument',
      'applyApplicationChange',
      'applyApplicationChange',
      'notifyApplication',
      'applyApplicationChange',
    ]);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@app/workflows/names';
import { InMemoryCouncilPaperActivities } from '@app/workflows/council-paper/activities.fixture';
import type { ConsultationInput, CouncilPaperWorkflowInput } from '@app/workflows/council-paper/model';
import { councilPaperStateQuery, recordOutcomeUpdate, type CouncilPaperState } from '@app/workflows/council-paper/signals';
import type { councilPaperWorkflow } from '@app/workflows/council-paper/workflow';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * Records the council-paper histories replayed by test/workflow-histories.int.spec.ts (run on
 * purpose: `npm run record-histories`). The clock is moved step by step as in
 * test/workflows/council-paper.int.spec.ts.
 */
describe('record council-paper workflow histories', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const ORG = '00000000-0000-4000-8000-000000000001';
  const input = (id: string, consultations: ConsultationInput[], over: Partial<CouncilPaperWorkflowInput> = {}): CouncilPaperWorkflowInput => ({
    paperId: id,
    organisationId: ORG,
    paperNumber: '2030/117',
    councilOffice: 'user:recorded-office',
    consultations,
    ...over,
  });

  async function advanceTo(iso: string): Promise<void> {
    await env.sleep(Date.parse(iso) - (await env.currentTimeMs()));
  }

  async function until(read: () => Promise<CouncilPaperState>, ok: (s: CouncilPaperState) => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!ok(await read())) {
      if (Date.now() > deadline) throw new Error('workflow did not reach the expected state');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const at = (s: CouncilPaperState, position: number) => s.consultations.find((c) => c.position === position)!;

  async function record(name: string, fake: InMemoryCouncilPaperActivities, run: (taskQueue: string) => Promise<string>): Promise<void> {
    const taskQueue = `record-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    const workflowId = await worker.runUntil(run(taskQueue));
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    fs.writeFileSync(path.join(__dirname, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
  }

  it('reminded, postponed with a date, next consultation pushed back (looked up), approved; application workflow not found', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, committeeId: 'c-ka', committeeName: 'Kreisausschuss', sessionDate: '2030-03-25', role: 'preliminary', authoritative: false },
      { position: 2, committeeId: 'c-kt', committeeName: 'Kreistag', sessionDate: '2030-04-08', role: 'decision', authoritative: true },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge, { 'c-kt': ['2030-04-08', '2030-05-13'] });
    await record('council-paper-approved', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('recorded-approved'),
        args: [input('recorded-approved', folge, { applicationId: 'recorded-missing' })],
      });
      const read = () => handle.query(councilPaperStateQuery);
      await advanceTo('2030-03-28T06:00:30Z');
      await until(read, (s) => at(s, 1).remindedFor.length === 1);
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'postponed', text: 'vertagt', nextSessionDate: '2030-04-29' }] });
      await advanceTo('2030-04-29T08:00:00Z');
      await until(read, (s) => at(s, 1).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'recommended', text: 'Zustimmung empfohlen', by: 'user:recorded' }] });
      await until(read, (s) => at(s, 2).sessionDate === '2030-05-13');
      await advanceTo('2030-05-13T08:00:00Z');
      await until(read, (s) => at(s, 2).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 2, outcome: 'decided', text: 'beschlossen' }] });
      expect(await handle.result()).toMatchObject({ result: 'approved', applicationNotified: 'notFound' });
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual([
      'notifyCouncilOffice',
      'recordConsultationOutcome',
      'requeueConsultation',
      'recordConsultationOutcome',
      'findNextCommitteeSession',
      'requeueConsultation',
      'recordConsultationOutcome',
    ]);
  });

  it('an Informationsvorlage taken note of, postponed without a date (looked up)', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, committeeId: 'c-jha', committeeName: 'Jugendhilfeausschuss', sessionDate: '2030-06-03', role: 'acknowledgement', authoritative: false },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge, { 'c-jha': ['2030-06-03', '2030-07-01'] });
    await record('council-paper-consulted', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('recorded-consulted'),
        args: [input('recorded-consulted', folge, { paperNumber: '2030/119' })],
      });
      const read = () => handle.query(councilPaperStateQuery);
      await advanceTo('2030-06-03T08:00:00Z');
      await until(read, (s) => at(s, 1).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'postponed', text: 'vertagt' }] });
      await until(read, (s) => at(s, 1).sessionDate === '2030-07-01');
      await advanceTo('2030-07-01T08:00:00Z');
      await until(read, (s) => at(s, 1).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'acknowledged', text: 'zur Kenntnis genommen' }] });
      expect(await handle.result()).toMatchObject({ result: 'consulted', applicationNotified: null });
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual(['recordConsultationOutcome', 'findNextCommitteeSession', 'requeueConsultation', 'recordConsultationOutcome']);
  });

  it('council-paper-berlin-day: a session that opens at midnight in Germany, its outcome recorded before 00:00 UTC', async () => {
    const folge: ConsultationInput[] = [
      { position: 1, committeeId: 'c-jha', committeeName: 'Jugendhilfeausschuss', sessionDate: '2030-09-16', role: 'decision', authoritative: true },
    ];
    const fake = new InMemoryCouncilPaperActivities(folge, { 'c-jha': ['2030-09-16'] });
    await record('council-paper-berlin-day', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof councilPaperWorkflow>('councilPaperWorkflow', {
        taskQueue,
        workflowId: workflowIds.councilPaper('recorded-berlin-day'),
        args: [input('recorded-berlin-day', folge, { paperNumber: '2030/131' })],
      });
      const read = () => handle.query(councilPaperStateQuery);
      // 16.09.2030 begins at 22:00 UTC on the 15th (CEST)
      await advanceTo('2030-09-15T22:30:00Z');
      await until(read, (s) => at(s, 1).status === 'awaitingOutcome');
      await handle.executeUpdate(recordOutcomeUpdate, { args: [{ position: 1, outcome: 'decided', text: 'beschlossen' }] });
      expect(await handle.result()).toMatchObject({ result: 'approved', concludedOn: '2030-09-16' });
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual(['recordConsultationOutcome']);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOLIDAY_RULES_NIEDERSACHSEN } from '@app/calendar';
import { workflowIds } from '@app/workflows/names';
import { InMemoryMilestoneActivities } from '@app/workflows/milestone/activities.fixture';
import type { MilestoneWorkflowInput } from '@app/workflows/milestone/model';
import { completeUpdate, milestoneStateQuery, rescheduleUpdate, type MilestoneState } from '@app/workflows/milestone/signals';
import type { milestoneWorkflow } from '@app/workflows/milestone/workflow';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * Records the milestone histories replayed by test/workflow-histories.int.spec.ts (run on purpose:
 * `npm run record-histories`). The test server's clock is locked except during `env.sleep()`,
 * so updates sent right after the start come before every timer, and the clock is moved step by
 * step to the instants where the workflow acts (see test/workflows/milestone.int.spec.ts).
 */
describe('record milestone workflow histories', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  const input = (id: string, over: Partial<MilestoneWorkflowInput>): MilestoneWorkflowInput => ({
    milestoneId: id,
    organisationId: '00000000-0000-4000-8000-000000000001',
    title: 'Bestandsaufnahme der Angebote',
    dueOn: '2030-04-19',
    owner: 'user:recorded-owner',
    reminderDaysBefore: [14, 3],
    escalateTo: 'user:recorded-head',
    escalationDaysAfterDue: 7,
    holidayRules: HOLIDAY_RULES_NIEDERSACHSEN,
    ...over,
  });

  async function advanceTo(iso: string): Promise<void> {
    await env.sleep(Date.parse(iso) - (await env.currentTimeMs()));
  }

  async function until(read: () => Promise<MilestoneState>, ok: (s: MilestoneState) => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!ok(await read())) {
      if (Date.now() > deadline) throw new Error('workflow did not reach the expected state');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function record(name: string, fake: InMemoryMilestoneActivities, run: (taskQueue: string) => Promise<string>): Promise<void> {
    const taskQueue = `record-${name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), activities: fake.activities() });
    const workflowId = await worker.runUntil(run(taskQueue));
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    // protobufjs's own JSON form (see reminder.record.ts).
    fs.writeFileSync(path.join(__dirname, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
  }

  it('reminded twice, overdue, escalated, completed late', async () => {
    const fake = new InMemoryMilestoneActivities('2030-04-19');
    await record('milestone-escalated', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('recorded-escalated'),
        args: [input('recorded-escalated', {})],
      });
      const read = () => handle.query(milestoneStateQuery);
      await advanceTo('2030-04-30T06:00:30Z');
      await until(read, (s) => s.escalation.sentOn !== null);
      await handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Protokoll vom 29.04.2030', doneOn: '2030-04-29', by: 'user:recorded' }] });
      expect((await handle.result()).status).toBe('done');
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual(['notifyMilestone', 'notifyMilestone', 'markMilestoneOverdue', 'notifyMilestone', 'completeMilestone']);
  });

  it('rescheduled before it was due, reminded, completed on time', async () => {
    const fake = new InMemoryMilestoneActivities('2030-09-30');
    await record('milestone-rescheduled', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('recorded-rescheduled'),
        args: [input('recorded-rescheduled', { dueOn: '2030-09-30' })],
      });
      await handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-10-31', reason: 'Fristverlängerung', by: 'user:recorded' }] });
      await advanceTo('2030-10-17T06:00:30Z');
      await until(
        () => handle.query(milestoneStateQuery),
        (s) => s.reminders[0].status === 'sent',
      );
      await handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Kreistagsbeschluss 2030/211', doneOn: '2030-10-17' }] });
      expect((await handle.result()).late).toBe(false);
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual(['rescheduleMilestone', 'notifyMilestone', 'completeMilestone']);
  });
  it('counts the day in Europe/Berlin: rescheduled and completed at 00:30 in Germany (23:30 UTC the day before)', async () => {
    const fake = new InMemoryMilestoneActivities('2030-12-20');
    await record('milestone-berlin-day', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof milestoneWorkflow>('milestoneWorkflow', {
        taskQueue,
        workflowId: workflowIds.milestone('recorded-berlin-day'),
        args: [input('recorded-berlin-day', { dueOn: '2030-12-20' })],
      });
      await advanceTo('2030-12-09T23:30:00Z');
      await handle.executeUpdate(rescheduleUpdate, { args: [{ dueOn: '2030-12-23', reason: 'Sitzung verlegt', by: 'user:recorded' }] });
      // 2030-12-10 is today in Germany, tomorrow in UTC
      await handle.executeUpdate(completeUpdate, { args: [{ evidence: 'Protokoll vom 10.12.2030', doneOn: '2030-12-10', by: 'user:recorded' }] });
      const done = await handle.result();
      expect(done.reschedules.map((r) => r.on)).toEqual(['2030-12-10']);
      expect(done.reminders).toEqual([
        { daysBefore: 14, on: '2030-12-09', status: 'skipped' },
        { daysBefore: 3, on: '2030-12-20', status: 'pending' },
      ]);
      return handle.workflowId;
    });
    expect(fake.calls.map((c) => c.name)).toEqual(['notifyMilestone', 'rescheduleMilestone', 'completeMilestone']);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowIds } from '@app/workflows/names';
import { InMemoryPositionActivities } from '@app/workflows/position/activities.fixture';
import type { PositionWorkflowInput } from '@app/workflows/position/model';
import { changeHoursUpdate, changeStageUpdate, endEarlyUpdate, extendUpdate, fillUpdate, positionStateQuery, vacateUpdate } from '@app/workflows/position/signals';
import type { positionWorkflow } from '@app/workflows/position/workflow';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * Records the staff-position histories replayed by test/workflow-histories.int.spec.ts. Run on
 * purpose only: `FW_RECORD_HISTORIES=1 npx jest --selectProjects record -- test/histories/position`.
 * Activities are the in-memory fixture (real engine, shipped reference data).
 */
describe('record staff-position workflow histories', () => {
  // A server per recording: a fresh test server skips no time until a result is awaited through
  // its client, and afterwards its clock may have run far ahead.
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  function input(id: string, over: Partial<PositionWorkflowInput>): PositionWorkflowInput {
    return {
      positionId: id,
      organisationId: 'org-recorded',
      title: 'Netzwerkkoordination Präventionsketten',
      owner: 'user:recorded',
      councilDecisionRef: '2024/512',
      start: '2025-01-01',
      end: '2026-02-28',
      terms: {
        payScale: 'TVOED_VKA_SUE',
        payGroup: 'S 12',
        stage: 3,
        weeklyHours: 39,
        fullTimeHours: 39,
        allowances: [{ code: 'SUE_ZULAGE' }],
        fundingPeriod: { from: '2025-01-01', to: '2026-12-31' },
        financing: { type: 'share', ratePercent: '80', cap: 9_000_000 },
      },
      holder: { holderName: 'Recorded Holder', from: '2025-01-01' },
      ...over,
    };
  }

  async function record(
    name: string,
    fake: InMemoryPositionActivities,
    run: (taskQueue: string) => Promise<{ workflowId: string; runId: string }>,
  ): Promise<void> {
    const taskQueue = `record-${name}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: fake.activities(),
    });
    const { workflowId, runId } = await worker.runUntil(run(taskQueue).finally(() => fake.releaseAll()));
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    // protobufjs's own JSON form, as reminder.record.ts writes it.
    fs.writeFileSync(path.join(__dirname, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
  }

  it('a run that books 12 months, takes an hours change and continues as new', async () => {
    const fake = new InMemoryPositionActivities();
    const paused = fake.pauseBefore('2025-03');
    await record('position-continued', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('recorded-continued'),
        args: [input('recorded-continued', {})],
      });
      await paused.reached;
      await handle.executeUpdate(changeHoursUpdate, { args: [{ effectiveOn: '2025-06-01', weeklyHours: '30' }] });
      paused.release();
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'ended', monthsBooked: 14, continuedAsNew: 1 });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    });
    expect(new Set(fake.bookings.map((b) => b.runId)).size).toBe(2);
    expect(fake.bookings.filter((b) => b.runId === fake.bookings[0].runId)).toHaveLength(12);
  });

  it('a position vacated, refilled, extended and ended early, waiting for due dates', async () => {
    // Months after the recording date are waited for (timers): record before February 2027, or
    // move the dates once reference data beyond March 2027 exists.
    const fake = new InMemoryPositionActivities();
    const paused = fake.pauseBefore('2026-08');
    await record('position-ended', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('recorded-ended'),
        args: [input('recorded-ended', { start: '2026-07-01', end: '2027-02-28', holder: { holderName: 'Recorded Holder', from: '2026-07-01' }, reminderMonthsBeforeEnd: 2 })],
      });
      await paused.reached;
      await handle.executeUpdate(vacateUpdate, { args: [{ from: '2026-10-01' }] });
      await handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Recorded Successor', from: '2026-12-01', stage: 2 }] });
      await handle.executeUpdate(extendUpdate, { args: [{ newEnd: '2027-03-31', councilDecisionRef: '2026/117' }] });
      paused.release();
      // Time stands still until the result is awaited: the workflow waits for the next due date.
      for (let i = 0; i < 500 && (await handle.query(positionStateQuery)).bookedThrough !== '2026-10'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await handle.executeUpdate(endEarlyUpdate, { args: [{ endOn: '2027-03-15' }] });
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'ended', end: '2027-03-15', monthsBooked: 7, continuedAsNew: 0 });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    });
    expect(fake.bookings.map((b) => b.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect([...fake.notifications.values()].map((n) => n.dueOn)).toEqual(['2027-03-15']);
  });

  it('updates written by applyPositionChange (patch position-change-activity): hours, Stufe, vacancy, successor', async () => {
    // Months after the recording date are waited for: record before January 2027 (reference data ends March 2027).
    const fake = new InMemoryPositionActivities();
    await record('position-change-activity', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('recorded-change-activity'),
        args: [input('recorded-change-activity', { start: '2027-01-01', end: '2027-03-31', holder: { holderName: 'Recorded Holder', from: '2027-01-01' }, reminderMonthsBeforeEnd: 1 })],
      });
      await handle.executeUpdate(changeHoursUpdate, { args: [{ effectiveOn: '2027-01-15', weeklyHours: '30', by: 'user:recorded', reason: 'Aufstockung' }] });
      await handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: '2027-02-01', stage: 4, by: 'user:recorded' }] });
      await handle.executeUpdate(vacateUpdate, { args: [{ from: '2027-03-01', by: 'user:recorded' }] });
      await handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Recorded Successor', from: '2027-03-01', to: '2027-03-31', stage: 2, by: 'user:recorded' }] });
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'ended', monthsBooked: 3, continuedAsNew: 0 });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    });
    expect([...fake.changes.values()].map((c) => [c.update, c.actor])).toEqual([
      ['changeHours', 'user:recorded'],
      ['changeStage', 'user:recorded'],
      ['vacate', 'user:recorded'],
      ['fill', 'user:recorded'],
    ]);
    expect(fake.bookings.map((b) => b.month)).toEqual(['2027-01', '2027-02', '2027-03']);
  });

  it('a position whose last month nobody holds, ended by endPosition (patch position-end-recorded)', async () => {
    // months long past: booked at once, no timer, so this can be recorded again on any day
    const fake = new InMemoryPositionActivities();
    await record('position-end-recorded', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('recorded-end-recorded'),
        args: [
          input('recorded-end-recorded', {
            start: '2025-01-01',
            end: '2025-03-31',
            holder: undefined,
            adopted: [{ update: 'fill', arg: { holderName: 'Recorded Holder', from: '2025-01-01', to: '2025-02-28' } }],
          }),
        ],
      });
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'ended', monthsBooked: 2, continuedAsNew: 0 });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    });
    expect(fake.bookings.map((b) => b.month)).toEqual(['2025-01', '2025-02']);
    expect([...fake.ended.values()].map((e) => e.end)).toEqual(['2025-03-31']);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * Records the histories replayed by test/workflow-histories.int.spec.ts. Run on purpose only
 * (`npm run record-histories`), when a workflow family is added or a change is released; the
 * recorded files are then committed and every later test run replays them.
 */
describe('record reminder workflow histories', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function record(name: string, run: (taskQueue: string) => Promise<string>) {
    const taskQueue = `record-${name}`;
    const delivered: unknown[] = [];
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: { deliverNotification: async (n: unknown) => (delivered.push(n), { created: true }) },
    });
    const workflowId = await worker.runUntil(run(taskQueue));
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    // protobufjs's own JSON form (camelCase, enum names, longs as strings); under jest's module
    // registry historyToJSON() sees a foreign protobuf Type, so the message serialises itself.
    fs.writeFileSync(path.join(__dirname, `${name}.json`), `${JSON.stringify(history, null, 1)}\n`);
    return delivered;
  }

  it('a reminder that fires after 365 days', async () => {
    const delivered = await record('reminder-delivered', async (taskQueue) => {
      const handle = await env.client.workflow.start('reminderWorkflow', {
        taskQueue,
        workflowId: 'reminder-recorded-delivered',
        args: [{ organisationId: '00000000-0000-4000-8000-000000000001', recipient: 'user:recorded', subject: 'Zwischennachweis fällig', body: '', dueOn: '2030-04-30' }],
      });
      await handle.result();
      return handle.workflowId;
    });
    expect(delivered).toHaveLength(1);
  });

  it('a reminder cancelled before it is due', async () => {
    const delivered = await record('reminder-cancelled', async (taskQueue) => {
      // Signal with start: the test server skips idle time at once, so a later signal would
      // arrive only after the timer fired.
      const handle = await env.client.workflow.signalWithStart('reminderWorkflow', {
        taskQueue,
        workflowId: 'reminder-recorded-cancelled',
        args: [{ organisationId: '00000000-0000-4000-8000-000000000001', recipient: 'user:recorded', subject: 'Meilenstein', body: '', dueOn: '2030-04-30' }],
        signal: 'cancelReminder',
        signalArgs: ['no longer needed'],
      });
      expect((await handle.result()).status).toBe('cancelled');
      return handle.workflowId;
    });
    expect(delivered).toHaveLength(0);
  });
});

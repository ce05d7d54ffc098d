/**
 * Child-process entry for fault tests: the real worker wiring (the worker's activities on a
 * PostgreSQL DataSource, a Temporal Worker on the prebuilt workflow bundle) in a process of its
 * own, so that a test can SIGKILL it. Run as `node -r ./test/support/ts-child.js worker-process.ts`.
 *
 * Environment: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, FW_WORKFLOW_BUNDLE,
 * FW_APPLICATION_NAME (the PostgreSQL application_name, so the test can find this worker's
 * sessions), FW_CACHE_WORKFLOWS=1 (keep a workflow cache; only on a real server, see below).
 * Prints "ready" on stdout once the worker polls, "drained" once a SIGTERM's shutdown completed.
 */
import 'reflect-metadata';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { createActivities } from '../../apps/worker/src/activities';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
  });
  const dataSource = await new DataSource(
    dataSourceOptions(env('DATABASE_URL'), { poolSize: 4, applicationName: env('FW_APPLICATION_NAME') }),
  ).initialize();
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: env('TEMPORAL_TASK_QUEUE'),
    activities: createActivities(dataSource),
    workflowBundle: { codePath: env('FW_WORKFLOW_BUNDLE') },
    // No workflow cache, so no sticky task queue: the time-skipping test server does not hand a
    // dead worker's sticky workflow tasks back to the normal queue (a real server does after 5 s),
    // so the restarted worker would never see the workflow again.
    maxCachedWorkflows: process.env.FW_CACHE_WORKFLOWS ? undefined : 0,
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  const stop = () => worker.getState() === 'RUNNING' && worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await running;
  await connection.close();
  await dataSource.destroy();
  process.stdout.write('drained\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker-process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { loadDemoData } from '@app/demo';
import { temporalCliPath } from '@app/temporal';
import { workflowIds } from '@app/workflows/names';
import { positionStateQuery } from '@app/workflows/position/signals';
import { reminderStateQuery } from '@app/workflows/reminder/signals';
import type { reminderWorkflow } from '@app/workflows/reminder/workflow';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/ports';
import { installTestRuntime } from '../support/temporal';
import { blockedInLedgerInsert, peineOwner, peinePositionInput, peineSchedule, startPeinePosition } from './support/position';
import { assertRunning, ChildHandle, killAll, printFigures, spawnChild, startApiProcess, startWorkerProcess, waitUntil } from './support/processes';

const TASK_QUEUE = 'faults-temporal-restart';

/**
 * The Temporal server stops hard (SIGKILL) and starts again on the same state file while a
 * position's monthly booking is in flight and reminders wait on their timers (a real dev server
 * with SQLite persistence, the real worker and the real api in child processes). While it is down
 * the api's readiness answers 503 naming Temporal; afterwards the booking completes, the position
 * books every due month exactly once and waits for the next pay day, the reminders still wait.
 */
describe('Temporal server stop and start', () => {
  let db: TestDatabase;
  let dir: string;
  let port: number;
  let connection: Connection | undefined;
  let client: Client;
  let lock: PgClient | undefined;
  const children: ChildHandle[] = [];

  const startServer = async (): Promise<ChildHandle> => {
    const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--db-filename', path.join(dir, 'temporal.db'), '--log-level', 'error'];
    const server = spawnChild('temporal', temporalCliPath(), args, {}, children);
    const probe = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${port}`, connectTimeout: 1000 }) });
    await waitUntil('the Temporal dev server answering', async () => {
      assertRunning(server);
      return probe.connection.withDeadline(Date.now() + 1000, () => probe.workflowService.describeNamespace({ namespace: 'default' })).then(() => true, () => false);
    }, 60_000);
    await probe.connection.close();
    return server;
  };

  beforeAll(async () => {
    installTestRuntime();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-fault-temporal-'));
    port = await freePort();
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await connection?.close();
    await killAll(children);
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes the in-flight booking and the timers after a hard restart, writing each booking once', async () => {
    const demo = await loadDemoData(db.dataSource);
    const organisationId = demo.ids.organisations.landkreisPeine;
    const positionId = demo.ids.peine.positionId;
    const owner = await peineOwner(db.dataSource, organisationId);

    let server = await startServer();
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    client = new Client({ connection });
    const address = `127.0.0.1:${port}`;
    const [, api] = await Promise.all([
      startWorkerProcess('worker', { databaseUrl: db.url, temporalAddress: address, taskQueue: TASK_QUEUE, cacheWorkflows: true }, children),
      startApiProcess('api', { databaseUrl: db.url, temporalAddress: address, taskQueue: TASK_QUEUE }, children),
    ]);
    await waitUntil('api ready', async () => (await fetch(`${api.url}/health/ready`)).status === 200, 20_000);

    // In flight: the position's first booking waits on a lock inside its transaction.
    lock = new PgClient({ connectionString: db.url, application_name: 'fw-fault-lock' });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE ledger_entry IN SHARE ROW EXCLUSIVE MODE');
    const position = await startPeinePosition(client, TASK_QUEUE, peinePositionInput(positionId, organisationId, owner));
    await waitUntil('the booking waiting in INSERT INTO ledger_entry', () => blockedInLedgerInsert(db.dataSource, 'worker'), 20_000);
    // Waiting on timers: reminders due next year.
    const reminders = await Promise.all(
      [1, 2, 3].map((i) =>
        client.workflow.start<typeof reminderWorkflow>('reminderWorkflow', {
          taskQueue: TASK_QUEUE,
          workflowId: workflowIds.reminder(`fault-${i}`),
          args: [{ organisationId, recipient: owner, subject: `Erinnerung ${i}`, body: 'Fehlertest', dueOn: `${new Date().getUTCFullYear() + 1}-01-0${i}` }],
        }),
      ),
    );
    await waitUntil('the reminders waiting on their timers', async () => (await Promise.all(reminders.map((r) => r.query(reminderStateQuery)))).every((s) => s.status === 'scheduled'), 10_000);

    // Down: SIGKILL, no chance to flush anything beyond what SQLite has committed.
    server.process.kill('SIGKILL');
    await server.exited;
    const down = await fetch(`${api.url}/health/ready`);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as { error?: Record<string, { status?: string }> };
    expect(downBody.error?.temporal?.status).toBe('down');
    expect(downBody.error?.database).toBeUndefined(); // only Temporal is down
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);

    server = await startServer();
    await waitUntil('api ready again', async () => (await fetch(`${api.url}/health/ready`)).status === 200, 30_000);
    await lock.query('COMMIT');
    await lock.end();
    lock = undefined;

    // The position catches up: every due month booked, then it waits for the next pay day.
    // Caught up: no activity pending and the latest run's last event is a timer (the next pay day).
    await waitUntil('the position caught up and waiting on its next timer', async () => {
      const latest = client.workflow.getHandle(position.workflowId);
      const [description, history] = await Promise.all([latest.describe(), latest.fetchHistory()]);
      const events = history.events ?? [];
      return (description.raw.pendingActivities ?? []).length === 0 && !!events[events.length - 1]?.timerStartedEventAttributes;
    }, 60_000);
    const last = (await position.query(positionStateQuery)).bookedThrough;
    const now = new Date();
    const previousMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    expect(last! >= previousMonth).toBe(true);
    expect((await position.describe()).status.name).toBe('RUNNING');

    const expected = peineSchedule()
      .months.filter((m) => m.month <= last!)
      .map((m) => ({ reference: `position:${positionId}:${m.month}`, n: m.ledger.filter((l) => l.amount !== 0).length }));
    const found: Array<{ reference: string; n: number; keys: number }> = await db.dataSource.query(
      `SELECT reference, count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM ledger_entry WHERE reference LIKE $1 GROUP BY reference ORDER BY reference`,
      [`position:${positionId}:%`],
    );
    const reminderStates = await Promise.all(reminders.map((r) => r.query(reminderStateQuery)));
    const [{ notifications }] = await db.dataSource.query(`SELECT count(*)::int AS notifications FROM notification WHERE dedup_key LIKE 'reminder-fault-%'`);
    printFigures('temporal-restart', {
      workflowsStarted: 1 + reminders.length,
      positionBookedThrough: last!,
      monthsExpected: expected.length,
      monthsFound: found.length,
      entriesExpected: expected.reduce((s, r) => s + r.n, 0),
      entriesFound: found.reduce((s, r) => s + r.n, 0),
      duplicates: found.reduce((s, r) => s + r.n - r.keys, 0),
      remindersStillWaiting: reminderStates.filter((s) => s.status === 'scheduled').length,
      earlyNotifications: notifications,
    });
    expect(found.map(({ reference, n }) => ({ reference, n }))).toEqual(expected);
    expect(found.every((r) => r.keys === r.n)).toBe(true);
    expect(reminderStates.map((s) => s.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect(notifications).toBe(0);
    await Promise.all([position.terminate('test over'), ...reminders.map((r) => r.cancel())]);
  });
});

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { loadDemoData } from '@app/demo';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createBudgetLine, createOrganisation, createUser, devLogin } from '../support/factories';
import { createTimeSkippingEnv } from '../support/temporal';
import { blockedInLedgerInsert, peineOwner, peinePositionInput, peineSchedule, startPeinePosition } from './support/position';
import { assertRunning, ChildHandle, killAll, spawnTs, startApiProcess, waitUntil } from './support/processes';

/**
 * SIGTERM to the real api and the real worker (their main.ts in child processes), each while a
 * piece of work is in flight: the test holds a lock on ledger_entry, so the api's booking and the
 * worker's monthly booking wait inside their transactions when the signal arrives.
 *  - api: readiness answers 503 at once (liveness still 200), the in-flight request completes
 *    with 201 once the lock is released, and the process exits with 0.
 *  - worker: it stops polling but keeps running until its activity has finished (on its first
 *    attempt, no retry), then exits with 0.
 */
describe('graceful shutdown on SIGTERM', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  const children: ChildHandle[] = [];
  let lock: PgClient | undefined;

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
  });

  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await killAll(children);
    await env?.teardown();
    await db?.drop();
  });

  async function lockLedger(): Promise<void> {
    lock = new PgClient({ connectionString: db.url, application_name: 'fw-fault-lock' });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE ledger_entry IN SHARE ROW EXCLUSIVE MODE');
  }
  async function releaseLedger(): Promise<void> {
    await lock!.query('COMMIT');
    await lock!.end();
    lock = undefined;
  }

  it('api: readiness flips to 503 first, the in-flight request completes, exit code 0', async () => {
    const org = await createOrganisation(db.dataSource, { slug: 'landkreis-peine', name: 'Landkreis Peine' });
    const user = await createUser(db.dataSource, org, { subject: 'kaemmerei-1', roles: ['finance'] });
    const line = await createBudgetLine(db.dataSource, org);
    const api = await startApiProcess('api', { databaseUrl: db.url, temporalAddress: env.connection.options.address, taskQueue: 'faults-shutdown' }, children);
    await waitUntil('api ready', async () => (await fetch(`${api.url}/health/ready`)).status === 200, 20_000);

    await lockLedger();
    const inFlight = fetch(`${api.url}/api/v1/ledger-entries`, {
      method: 'POST',
      headers: { ...devLogin(org, user), 'content-type': 'application/json', 'idempotency-key': 'shutdown-1' },
      body: JSON.stringify({ budgetLineId: line.id, bookedOn: '2026-03-31', kind: 'actual', amountCents: 123_45, text: 'Buchung während des Herunterfahrens' }),
    });
    await waitUntil('the booking waiting in INSERT INTO ledger_entry', () => blockedInLedgerInsert(db.dataSource, 'foerderwerk-foerderwerk-api'), 15_000);

    api.process.kill('SIGTERM');
    await waitUntil('readiness 503 after SIGTERM', async () => (await fetch(`${api.url}/health/ready`)).status === 503, 900);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ statusCode: 503, message: 'the api is shutting down' });
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    assertRunning(api); // still serving: the request is in flight

    await releaseLedger();
    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ amountCents: 123_45, budgetLineId: line.id });
    expect(await api.exited).toEqual({ code: 0, signal: null });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE organisation_id = $1`, [org.id]);
    expect(n).toBe(1);
  });

  it('worker: drains the running activity (first attempt completes), then exits with 0', async () => {
    const demo = await loadDemoData(db.dataSource);
    const organisationId = demo.ids.organisations.landkreisPeine;
    const positionId = demo.ids.peine.positionId;
    const taskQueue = 'faults-worker-shutdown';
    await lockLedger();
    const worker = spawnTs(
      'worker',
      'apps/worker/src/main.ts',
      { NODE_ENV: 'test', DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.connection.options.address, TEMPORAL_TASK_QUEUE: taskQueue },
      children,
    );
    const handle = await startPeinePosition(env.client, taskQueue, peinePositionInput(positionId, organisationId, await peineOwner(db.dataSource, organisationId)));
    // The real entry bundles the workflows at start; then the first month's booking waits on the lock.
    await waitUntil('the worker\'s booking waiting in INSERT INTO ledger_entry', () => {
      assertRunning(worker);
      return blockedInLedgerInsert(db.dataSource, 'foerderwerk-foerderwerk-worker');
    }, 60_000);

    worker.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500)); // the drain has begun; the activity still holds the worker
    assertRunning(worker);
    await releaseLedger();
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    const firstMonth = peineSchedule().months[0];
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference = $1`, [`position:${positionId}:${firstMonth.month}`]);
    expect(n).toBe(firstMonth.ledger.filter((l) => l.amount !== 0).length);
    const history = await handle.fetchHistory();
    const completed = (history.events ?? []).filter((e) => e.activityTaskCompletedEventAttributes);
    const started = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(started[0].activityTaskStartedEventAttributes?.attempt).toBe(1);
    await handle.terminate('test over');
  });
});

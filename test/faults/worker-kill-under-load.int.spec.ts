import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { loadDemoData } from '@app/demo';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createTimeSkippingEnv } from '../support/temporal';
import { blockedInLedgerInsert, peineOwner, peinePositionInput, peineSchedule, sessionsOf, startPeinePosition } from './support/position';
import { ChildHandle, killAll, printFigures, startWorkerProcess, waitUntil } from './support/processes';

const TASK_QUEUE = 'faults-worker-kill-under-load';
/** Running position workflows when the worker dies. */
const POSITIONS = 16;

/**
 * kill -9 of the worker under load: POSITIONS position workflows book their months at once (the
 * months lie in the past), the worker process is SIGKILLed while bookings are in flight, a new
 * worker takes over. Every workflow finishes; every position's ledger is exactly the cost
 * engine's schedule, no dedup key twice.
 *
 * "In flight" is made certain, not left to timing: once a part of the bookings is written, the
 * test holds a lock on ledger_entry until at least one of the worker's booking transactions waits
 * in its INSERT, kills the worker there and releases the lock.
 */
describe('worker killed (SIGKILL) under load of running workflows', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let organisationId: string;
  let owner: string;
  const positionIds: string[] = [];
  const children: ChildHandle[] = [];
  let lock: PgClient | undefined;

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
    const demo = await loadDemoData(db.dataSource);
    organisationId = demo.ids.organisations.landkreisPeine;
    owner = await peineOwner(db.dataSource, organisationId);
    // POSITIONS copies of the demo's coordinator position (same terms, own ids and titles)
    for (let n = 1; n <= POSITIONS; n++) {
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO staff_position SELECT (jsonb_populate_record(NULL::staff_position, to_jsonb(s) || jsonb_build_object('id', $2::uuid, 'title', s.title || ' #' || $3::text))).* FROM staff_position s WHERE s.id = $1`,
        [demo.ids.peine.positionId, id, n],
      );
      positionIds.push(id);
    }
  });

  afterAll(async () => {
    await killAll(children);
    await lock?.end().catch(() => undefined);
    await env?.teardown();
    await db?.drop();
  });

  const startWorker = (name: string) =>
    startWorkerProcess(name, { databaseUrl: db.url, temporalAddress: env.connection.options.address, taskQueue: TASK_QUEUE }, children);
  const ledgerRows = async (): Promise<number> =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference LIKE 'position:%'`))[0].n;

  it('finishes every workflow after a restart, each position booked exactly as the engine computes it', async () => {
    const schedule = peineSchedule();
    const linesPerPosition = schedule.months.reduce((sum, m) => sum + m.ledger.filter((l) => l.amount !== 0).length, 0);
    const expectedRows = linesPerPosition * POSITIONS;

    const first = await startWorker('fw-fault-load-worker-1');
    const handles = await Promise.all(positionIds.map((id) => startPeinePosition(env.client, TASK_QUEUE, peinePositionInput(id, organisationId, owner))));

    // Under load: a part of the bookings is written, then the ledger is held until a booking waits in its INSERT.
    await waitUntil('a tenth of the bookings written', async () => (await ledgerRows()) >= expectedRows / 10, 60_000);
    lock = new PgClient({ connectionString: db.url, application_name: 'fw-fault-load-lock' });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE ledger_entry IN SHARE ROW EXCLUSIVE MODE');
    await waitUntil('a booking of the worker blocked in INSERT INTO ledger_entry', () => blockedInLedgerInsert(db.dataSource, first.name), 30_000);
    const rowsAtKill = await ledgerRows();
    first.process.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await lock.query('COMMIT');
    await lock.end();
    lock = undefined;
    await waitUntil("the killed worker's sessions gone", async () => (await sessionsOf(db.dataSource, first.name)).length === 0, 10_000);
    expect(rowsAtKill).toBeLessThan(expectedRows);

    await startWorker('fw-fault-load-worker-2');
    // One result at a time: each result() of the time-skipping client unlocks time skipping while
    // it waits and locks it again; sixteen at once unbalance the test server's lock count.
    const finals = [];
    for (const h of handles) finals.push(await h.result());
    expect(finals.map((f) => f.status)).toEqual(positionIds.map(() => 'ended'));
    expect(finals.map((f) => f.monthsBooked)).toEqual(positionIds.map(() => schedule.months.length));

    // Per position and month exactly the engine's lines, each dedup key once.
    const perPosition: Array<{ position: string; n: number; keys: number }> = await db.dataSource.query(
      `SELECT split_part(reference, ':', 2) AS position, count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys
         FROM ledger_entry WHERE organisation_id = $1 AND reference LIKE 'position:%' GROUP BY 1 ORDER BY 1`,
      [organisationId],
    );
    expect(perPosition.filter((r) => positionIds.includes(r.position)).map((r) => [r.position, r.n, r.keys]).sort()).toEqual(
      [...positionIds].sort().map((id) => [id, linesPerPosition, linesPerPosition]),
    );
    const totalCents: Array<{ position: string; total: string }> = await db.dataSource.query(
      `SELECT split_part(reference, ':', 2) AS position, sum(amount_cents)::text AS total FROM ledger_entry WHERE reference LIKE 'position:%' GROUP BY 1`,
    );
    const expectedTotal = schedule.months.reduce((sum, m) => sum + m.ledger.reduce((s, l) => s + l.amount, 0), 0);
    for (const id of positionIds) expect(Number(totalCents.find((r) => r.position === id)?.total)).toBe(expectedTotal);

    // Bookings in flight at the kill completed on a later attempt.
    let retried = 0;
    for (const h of handles) {
      const history = await env.client.workflow.getHandle(h.workflowId, h.firstExecutionRunId).fetchHistory();
      retried += (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length;
    }
    expect(retried).toBeGreaterThanOrEqual(1);
    const found = perPosition.reduce((sum, r) => sum + (positionIds.includes(r.position) ? r.n : 0), 0);
    printFigures('worker-kill-under-load', {
      workflowsStarted: handles.length,
      workflowsFinished: finals.filter((f) => f.status === 'ended').length,
      entriesAtKill: rowsAtKill,
      entriesExpected: expectedRows,
      entriesFound: found,
      duplicates: perPosition.reduce((sum, r) => sum + r.n - r.keys, 0),
      attemptsRetriedAfterKill: retried,
    });
  });
});

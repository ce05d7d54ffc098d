import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { loadDemoData } from '@app/demo';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createTimeSkippingEnv } from '../support/temporal';
import { blockedInLedgerInsert, peineOwner, peinePositionInput, peineSchedule, sessionsOf, startPeinePosition } from './support/position';
import { ChildHandle, killAll, printFigures, startWorkerProcess, waitUntil } from './support/processes';

const T0 = Date.now();
const step = (m: string) => process.env.FW_TEST_VERBOSE && process.stderr.write(`[worker-kill +${Date.now() - T0} ms] ${m}\n`);
const TASK_QUEUE = 'faults-worker-kill';

/**
 * The worker process dies (SIGKILL) in the middle of a monthly position booking: its
 * transaction has computed the month and is inside bookPositionMonth's INSERT into the ledger
 * when the process is killed. After a restart, Temporal retries the attempt (after the 15 s
 * startToClose timeout, waited out in real time: the test server skips no time while an
 * attempt is started) and the ledger holds exactly one set of entries for that month, and
 * over the whole position exactly the cost engine's schedule.
 *
 * The kill is timed from the outside: the test holds `LOCK TABLE ledger_entry IN SHARE ROW
 * EXCLUSIVE MODE`, so the worker's first INSERT waits on the lock (seen in pg_stat_activity
 * under the child's application_name); then the child is killed and the lock released.
 */
describe('worker killed (SIGKILL) mid-booking', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let organisationId: string;
  let positionId: string;
  let owner: string;
  const children: ChildHandle[] = [];
  let lock: PgClient | undefined;

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
    const demo = await loadDemoData(db.dataSource);
    organisationId = demo.ids.organisations.landkreisPeine;
    positionId = demo.ids.peine.positionId;
    owner = await peineOwner(db.dataSource, organisationId);
  });

  afterAll(async () => {
    await killAll(children);
    await lock?.end().catch(() => undefined);
    await env?.teardown();
    await db?.drop();
  });

  const startWorker = (name: string) =>
    startWorkerProcess(name, { databaseUrl: db.url, temporalAddress: env.connection.options.address, taskQueue: TASK_QUEUE }, children);

  it('books the killed month exactly once after a restart, and the whole position as the engine computes it', async () => {
    const input = peinePositionInput(positionId, organisationId, owner);
    const schedule = peineSchedule();
    const firstMonth = schedule.months[0].month;
    expect(firstMonth).toBe('2025-01'); // long due: booked at once when the workflow starts

    // 1. Hold the ledger so that the first booking's INSERT waits inside its transaction.
    lock = new PgClient({ connectionString: db.url, application_name: 'fw-fault-lock' });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE ledger_entry IN SHARE ROW EXCLUSIVE MODE');

    step('lock held');
    const first = await startWorker('fw-fault-worker-1');
    step('worker 1 ready');
    const handle = await startPeinePosition(env.client, TASK_QUEUE, input);

    step('started+update');
    // 2. The child's INSERT INTO ledger_entry waits on the lock: kill the child right there.
    await waitUntil('the worker blocked in INSERT INTO ledger_entry', () => blockedInLedgerInsert(db.dataSource, first.name), 15_000);
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    expect(pending.map((a) => [a.activityType?.name, a.attempt, String(a.state)])).toEqual([['bookPositionMonth', 1, '2']]); // 2 = STARTED
    step('blocked; killing');
    first.process.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    step('killed');
    // 3. Release the lock: the dead worker's sessions end, their transaction rolled back.
    await lock.query('COMMIT');
    await lock.end();
    lock = undefined;
    await waitUntil('the killed worker\'s sessions gone', async () => (await sessionsOf(db.dataSource, first.name)).length === 0, 10_000);
    step('sessions gone');
    const afterKill = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference LIKE $1`, [`position:${positionId}:%`]);
    expect(afterKill[0].n).toBe(0);

    // 4. A new worker; the server retries the lost attempt after its startToClose timeout (15 s, real time).
    await startWorker('fw-fault-worker-2');
    step('worker 2 ready');
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'ended', monthsBooked: schedule.months.length, bookedThrough: '2027-03' });

    step('workflow done');
    // 5. The ledger: per month exactly the engine's lines, once; per account the schedule's totals.
    const perMonth: Array<{ reference: string; n: number; keys: number }> = await db.dataSource.query(
      `SELECT reference, count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM ledger_entry
        WHERE organisation_id = $1 AND reference LIKE $2 GROUP BY reference ORDER BY reference`,
      [organisationId, `position:${positionId}:%`],
    );
    const expectedPerMonth = schedule.months.map((m) => ({
      reference: `position:${positionId}:${m.month}`,
      n: m.ledger.filter((l) => l.amount !== 0).length,
    }));
    expect(perMonth.map(({ reference, n }) => ({ reference, n }))).toEqual(expectedPerMonth);
    expect(perMonth.every((r) => r.keys === r.n)).toBe(true);
    const killedMonth = perMonth.find((r) => r.reference === `position:${positionId}:${firstMonth}`);
    expect(killedMonth?.n).toBe(expectedPerMonth[0].n);

    const expectedTotals = new Map<string, number>();
    for (const m of schedule.months) for (const l of m.ledger) expectedTotals.set(l.account, (expectedTotals.get(l.account) ?? 0) + l.amount);
    const totals: Array<{ number: string; total: string }> = await db.dataSource.query(
      `SELECT a.number, sum(e.amount_cents)::text AS total
         FROM ledger_entry e JOIN budget_line bl ON bl.id = e.budget_line_id JOIN account a ON a.id = bl.account_id
        WHERE e.organisation_id = $1 AND e.reference LIKE $2 GROUP BY a.number`,
      [organisationId, `position:${positionId}:%`],
    );
    expect(new Map(totals.map((r) => [r.number, Number(r.total)]))).toEqual(new Map([...expectedTotals].filter(([, v]) => v !== 0)));
    const audits = await db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT after->>'month')::int AS months FROM audit_event WHERE action = 'position.month_booked' AND subject_id = $1`,
      [positionId],
    );
    expect(audits[0]).toEqual({ n: schedule.months.length, months: schedule.months.length });

    // 6. The history of the first run: the killed booking completed on its second attempt (after
    //    the 15 s start-to-close timeout: the test server skips no time while an activity is
    //    started, so this test waits it out in real time); every other booking on its first.
    const history = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    // Only the bookings: the Stufe update is written by its own activity (applyPositionChange).
    const events = history.events ?? [];
    const bookings = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'bookPositionMonth').map((e) => String(e.eventId)));
    const started = events.filter((e) => e.activityTaskStartedEventAttributes && bookings.has(String(e.activityTaskStartedEventAttributes.scheduledEventId)));
    const attempts = started.map((e) => e.activityTaskStartedEventAttributes?.attempt);
    expect(attempts[0]).toBe(2);
    expect(attempts.slice(1).every((a) => a === 1)).toBe(true);
    printFigures('worker-kill', {
      workflowsStarted: 1,
      workflowsFinished: final.status === 'ended' ? 1 : 0,
      monthsBooked: final.monthsBooked,
      entriesExpected: expectedPerMonth.reduce((sum, r) => sum + r.n, 0),
      entriesFound: perMonth.reduce((sum, r) => sum + r.n, 0),
      duplicates: perMonth.reduce((sum, r) => sum + r.n - r.keys, 0),
      killedMonthRows: killedMonth?.n ?? 0,
      killedBookingAttempt: attempts[0] ?? 0,
    });
  });
});

import { loadDemoData, PEINE_COORDINATOR_POSITION } from '@app/demo';
import { computeSchedule, INITIAL_CUMULATIVE_STATE, TVOED_VKA_REFERENCE_DATA, type CumulativeState } from '@app/personnel-costs';
import { createPositionActivities } from '../../apps/worker/src/activities/position.activities';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * The position workflow's booking activity on real PostgreSQL: the month's ledger lines, once,
 * whatever the retries; over the whole employment the ledger equals the cost engine's schedule.
 */
describe('bookPositionMonth on PostgreSQL', () => {
  let db: TestDatabase;
  let organisationId: string;
  let positionId: string;
  const schedule = computeSchedule(PEINE_COORDINATOR_POSITION, TVOED_VKA_REFERENCE_DATA);

  beforeAll(async () => {
    db = await createTestDatabase();
    const demo = await loadDemoData(db.dataSource);
    organisationId = demo.ids.organisations.landkreisPeine;
    positionId = demo.ids.peine.positionId;
  });
  afterAll(() => db?.drop());

  const booking = (month: string, prior: CumulativeState) => ({
    positionId,
    organisationId,
    month,
    position: PEINE_COORDINATOR_POSITION,
    prior,
    dedupKeyPrefix: `position:${positionId}:${month}`,
    actor: `workflow:position-${positionId}`,
  });

  it('writes a month once: a retry writes nothing and answers the same figures', async () => {
    const activities = createPositionActivities(db.dataSource);
    const first = schedule.months[0];
    const a = await activities.bookPositionMonth(booking(first.month, INITIAL_CUMULATIVE_STATE));
    const b = await activities.bookPositionMonth(booking(first.month, INITIAL_CUMULATIVE_STATE));
    const lines = first.ledger.filter((l) => l.amount !== 0).length;
    expect(a.entriesWritten).toBe(lines);
    expect(b.entriesWritten).toBe(0);
    expect({ ...b, entriesWritten: lines }).toEqual(a);
    expect(a.totalCost).toBe(first.totalCost);
    const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference = $1`, [`position:${positionId}:${first.month}`]);
    expect(rows[0].n).toBe(lines);
    const audit = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'position.month_booked' AND subject_id = $1`, [positionId]);
    expect(audit[0].n).toBe(1);
  });

  it('books the whole employment so that the ledger per account equals the schedule to the cent', async () => {
    const activities = createPositionActivities(db.dataSource);
    let prior: CumulativeState = INITIAL_CUMULATIVE_STATE;
    for (const m of schedule.months) {
      const booked = await activities.bookPositionMonth(booking(m.month, prior));
      expect(booked.reimbursement).toBe(m.reimbursement);
      prior = booked.cumulative;
    }
    const expected = new Map<string, number>();
    for (const m of schedule.months) for (const l of m.ledger) expected.set(l.account, (expected.get(l.account) ?? 0) + l.amount);
    const rows: Array<{ number: string; total: string }> = await db.dataSource.query(
      `SELECT a.number, sum(e.amount_cents)::text AS total
         FROM ledger_entry e JOIN budget_line bl ON bl.id = e.budget_line_id JOIN account a ON a.id = bl.account_id
        WHERE e.organisation_id = $1 AND e.reference LIKE $2
        GROUP BY a.number`,
      [organisationId, `position:${positionId}:%`],
    );
    const actual = new Map(rows.map((r) => [r.number, Number(r.total)]));
    expect(actual).toEqual(new Map([...expected].filter(([, v]) => v !== 0)));
    expect(schedule.months.length).toBeGreaterThan(20);
  });
});

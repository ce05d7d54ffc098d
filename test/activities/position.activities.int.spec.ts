import { loadDemoData, PEINE_COORDINATOR_POSITION } from '@app/demo';
import { computeSchedule, INITIAL_CUMULATIVE_STATE, TVOED_VKA_REFERENCE_DATA, type CumulativeState } from '@app/personnel-costs';
import { createRun, employmentSnapshot } from '@app/workflows/position/model';
import { positionWorkflowInput } from '../../apps/api/src/workflows/position-workflow-input';
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
    const status = async () => (await db.dataSource.query(`SELECT status FROM staff_position WHERE id = $1`, [positionId]))[0].status;
    expect(await status()).toBe('planned');
    const activities = createPositionActivities(db.dataSource);
    const first = schedule.months[0];
    const a = await activities.bookPositionMonth(booking(first.month, INITIAL_CUMULATIVE_STATE));
    const b = await activities.bookPositionMonth(booking(first.month, INITIAL_CUMULATIVE_STATE));
    const lines = first.ledger.filter((l) => l.amount !== 0).length;
    const zvkProductOf = (ledger: typeof first.ledger) => ledger.find((l) => l.component === 'onCost:ZVK')?.product;
    expect(a.entriesWritten).toBe(lines);
    expect(b.entriesWritten).toBe(0);
    expect({ ...b, entriesWritten: lines }).toEqual(a);
    expect(a.totalCost).toBe(first.totalCost);
    const rows = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference = $1`, [`position:${positionId}:${first.month}`]);
    expect(rows[0].n).toBe(lines);
    const audit = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'position.month_booked' AND subject_id = $1`, [positionId]);
    expect(audit[0].n).toBe(1);
    // not the month of its end: the position does not end
    expect(await status()).toBe('planned');
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

  it('opens a budget line without a plan (plan 0, one audit event) and waits, writing nothing, on an account missing from the chart', async () => {
    const activities = createPositionActivities(db.dataSource);
    const first = schedule.months[0];
    // an account in the chart that has no budget line yet
    await db.dataSource.query(
      `INSERT INTO account (organisation_id, number, name, kind) SELECT organisation_id, '647099', 'Zusatzversorgung (Test)', kind FROM account WHERE organisation_id = $1 AND number = '647010'`,
      [organisationId],
    );
    const accounts = PEINE_COORDINATOR_POSITION.accounts;
    if (!accounts) throw new Error('the demo position has its accounts');
    const onAccount = (zvk: string, prefix: string) => ({
      ...booking(first.month, INITIAL_CUMULATIVE_STATE),
      position: { ...PEINE_COORDINATOR_POSITION, accounts: { ...accounts, onCosts: { ...accounts.onCosts, ZVK: zvk } } },
      dedupKeyPrefix: `position:${positionId}:${prefix}:${first.month}`,
    });
    const opened = async () =>
      db.dataSource.query(
        `SELECT bl.fiscal_year, bl.planned_cents::int AS planned, (SELECT count(*)::int FROM audit_event e WHERE e.action = 'budget_line.opened' AND e.subject_id = bl.id::text) AS audits
           FROM budget_line bl JOIN account a ON a.id = bl.account_id WHERE bl.organisation_id = $1 AND a.number = '647099'`,
        [organisationId],
      );
    const lines = first.ledger.filter((l) => l.amount !== 0).length;
    const zvkProductOf = (ledger: typeof first.ledger) => ledger.find((l) => l.component === 'onCost:ZVK')?.product;
    expect((await activities.bookPositionMonth(onAccount('647099', 'opens'))).entriesWritten).toBe(lines);
    expect(await opened()).toEqual([{ fiscal_year: Number(first.month.slice(0, 4)), planned: 0, audits: 1 }]);
    const [audit] = await db.dataSource.query(
      `SELECT e.actor, e.after, e.reason FROM audit_event e JOIN budget_line bl ON e.subject_id = bl.id::text JOIN account a ON a.id = bl.account_id
        WHERE e.action = 'budget_line.opened' AND a.number = '647099'`,
    );
    expect(audit).toEqual({
      actor: `workflow:position-${positionId}`,
      after: { product: zvkProductOf(first.ledger), account: '647099', fiscalYear: Number(first.month.slice(0, 4)), plannedCents: 0 },
      reason: 'booking on a line without a plan',
    });
    expect((await activities.bookPositionMonth(onAccount('647099', 'opens'))).entriesWritten).toBe(0);
    expect(await opened()).toEqual([{ fiscal_year: Number(first.month.slice(0, 4)), planned: 0, audits: 1 }]);
    const zvkRow = first.ledger.find((l) => l.component === 'onCost:ZVK');
    expect(zvkRow?.amount).toBeGreaterThan(0);
    const [onNew] = await db.dataSource.query(
      `SELECT sum(e.amount_cents)::int AS total FROM ledger_entry e JOIN budget_line bl ON bl.id = e.budget_line_id JOIN account a ON a.id = bl.account_id
        WHERE e.reference = $1 AND a.number = '647099'`,
      [`position:${positionId}:opens:${first.month}`],
    );
    expect(onNew.total).toBe(zvkRow?.amount);

    // an account the chart does not have: a retryable failure, and not one line of the month written
    await expect(activities.bookPositionMonth(onAccount('647098', 'missing'))).rejects.toMatchObject({ type: 'BudgetSetupMissing', nonRetryable: false });
    const [none] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entry WHERE reference = $1`, [`position:${positionId}:missing:${first.month}`]);
    expect(none.n).toBe(0);
  });

  it('the booking of the month of its end ends the position, once, with its audit event', async () => {
    const activities = createPositionActivities(db.dataSource);
    const [row] = await db.dataSource.query(`SELECT status, end_on::text AS "end" FROM staff_position WHERE id = $1`, [positionId]);
    expect(row).toEqual({ status: 'ended', end: PEINE_COORDINATOR_POSITION.end });
    const ended = async () => db.dataSource.query(`SELECT actor, before, after, reason FROM audit_event WHERE action = 'position.ended' AND subject_id = $1`, [positionId]);
    expect(await ended()).toEqual([
      {
        actor: `workflow:position-${positionId}`,
        before: { status: 'planned', version: expect.any(Number) },
        after: expect.objectContaining({ status: 'ended', end: PEINE_COORDINATOR_POSITION.end, month: PEINE_COORDINATOR_POSITION.end.slice(0, 7) }),
        reason: `last month booked: the position ends on ${PEINE_COORDINATOR_POSITION.end}`,
      },
    ]);
    // a retry of the last month (the worker died after the commit) ends nothing twice
    const last = schedule.months[schedule.months.length - 1];
    const prior = schedule.months[schedule.months.length - 2].cumulative;
    expect((await activities.bookPositionMonth(booking(last.month, prior))).entriesWritten).toBe(0);
    expect(await ended()).toHaveLength(1);
    // the change tests below start from a planned Stelle again
    await db.dataSource.query(`UPDATE staff_position SET status = 'planned' WHERE id = $1`, [positionId]);
  });

  it('endPosition ends a position whose last month had no booking, once, with its audit event; an unknown one is not retried', async () => {
    const activities = createPositionActivities(db.dataSource);
    const end = { positionId, organisationId, end: PEINE_COORDINATOR_POSITION.end, actor: `workflow:position-${positionId}` };
    const reason = `end passed without a holder in its last month: the position ends on ${end.end}`;
    const events = async () => db.dataSource.query(`SELECT actor, before, after FROM audit_event WHERE action = 'position.ended' AND subject_id = $1 AND reason = $2`, [positionId, reason]);
    const [{ version }] = await db.dataSource.query(`SELECT version FROM staff_position WHERE id = $1`, [positionId]);
    expect(await activities.endPosition(end)).toEqual({ ended: true });
    expect(await activities.endPosition(end)).toEqual({ ended: false });
    expect(await db.dataSource.query(`SELECT status, version FROM staff_position WHERE id = $1`, [positionId])).toEqual([{ status: 'ended', version: version + 1 }]);
    expect(await events()).toEqual([{ actor: end.actor, before: { status: 'planned', version }, after: { status: 'ended', version: version + 1, end: end.end } }]);
    const unknown = await activities.endPosition({ ...end, positionId: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ type: 'PositionNotFound', nonRetryable: true });
    await db.dataSource.query(`UPDATE staff_position SET status = 'planned' WHERE id = $1`, [positionId]);
  });

  it("builds the workflow's input from the demo rows: the engine computes the same schedule as from the demo's own position", async () => {
    const input = await positionWorkflowInput(db.dataSource, organisationId, positionId, { owner: 'user:x', extraHolder: { holderName: 'Demo', from: PEINE_COORDINATOR_POSITION.start } });
    expect(input).toMatchObject({ start: PEINE_COORDINATOR_POSITION.start, end: PEINE_COORDINATOR_POSITION.end, councilDecisionRef: '2021/844' });
    expect(input?.terms).toMatchObject({ fundingPeriod: PEINE_COORDINATOR_POSITION.fundingPeriod, financing: PEINE_COORDINATOR_POSITION.financing, accounts: PEINE_COORDINATOR_POSITION.accounts, stage: 2 });
    // the Stufe 3 from 2027-01-01 of the stage history is adopted as a change of the holder
    expect(input?.adopted).toEqual([
      { update: 'fill', arg: { holderName: 'Demo', from: PEINE_COORDINATOR_POSITION.start, stage: 2 } },
      { update: 'changeStage', arg: { effectiveOn: '2027-01-01', stage: 3 } },
    ]);
    const run = createRun(input!);
    expect(run.plan.employments).toHaveLength(1);
    const fromRows = computeSchedule(employmentSnapshot(positionId, input!.terms, run.plan.employments[0]), TVOED_VKA_REFERENCE_DATA);
    const figures = (months: typeof schedule.months) => months.map((m) => [m.month, m.totalCost, m.reimbursement, m.ledger.length]);
    expect(figures(fromRows.months)).toEqual(figures(schedule.months));
  });

  it('applyPositionChange writes holder and changes with one audit event each, once per change key', async () => {
    const activities = createPositionActivities(db.dataSource);
    const change = (update: 'fill' | 'changeHours' | 'vacate', arg: object, key: string) =>
      activities.applyPositionChange({ positionId, organisationId, update, arg: arg as never, actor: 'user:personal', reason: key === 'k1' ? 'Einstellung' : null, changeKey: `position:${positionId}:${update}:${key}` });
    const audits = async () => db.dataSource.query(`SELECT action, actor, before, after, reason FROM audit_event WHERE subject_id = $1 AND after ? 'changeKey' ORDER BY id`, [positionId]);
    expect(await change('fill', { holderName: 'P. Rüfung', from: '2025-01-01' }, 'k1')).toEqual({ changed: true });
    expect(await change('fill', { holderName: 'P. Rüfung', from: '2025-01-01' }, 'k1')).toEqual({ changed: false }); // a retry
    expect(await change('changeHours', { effectiveOn: '2025-07-15', weeklyHours: '30' }, 'k2')).toEqual({ changed: true });
    expect(await change('vacate', { from: '2026-01-01' }, 'k3')).toEqual({ changed: true });
    const holders = await db.dataSource.query(`SELECT holder_name, valid_from::text, valid_to::text FROM position_holder WHERE position_id = $1`, [positionId]);
    expect(holders).toEqual([{ holder_name: 'P. Rüfung', valid_from: '2025-01-01', valid_to: '2025-12-31' }]);
    const changes = await db.dataSource.query(`SELECT kind, effective_on::text, payload FROM position_change WHERE position_id = $1 ORDER BY sequence_no`, [positionId]);
    expect(changes).toEqual([{ kind: 'hours', effective_on: '2025-07-15', payload: { weeklyHours: '30' } }]);
    const trail = await audits();
    expect(trail.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['position.holder_added', 'user:personal'],
      ['position.hours_changed', 'user:personal'],
      ['position.vacated', 'user:personal'],
    ]);
    expect(trail[0]).toMatchObject({ reason: 'Einstellung', before: { status: 'planned', holders: [] }, after: { status: 'filled', update: 'fill', holders: [{ holderName: 'P. Rüfung', validTo: null }] } });
    expect(trail[2].after.version).toBe(trail[2].before.version + 1);
    // nobody holds the Stelle from the vacancy on: vacant
    expect(trail[2]).toMatchObject({ before: { status: 'filled' }, after: { status: 'vacant' } });
    await expect(activities.applyPositionChange({ positionId, organisationId: '00000000-0000-4000-8000-000000000000', update: 'vacate', arg: { from: '2026-01-01' }, actor: 'user:x', reason: null, changeKey: 'x' })).rejects.toMatchObject({ type: 'PositionNotFound', nonRetryable: true });
  });

});

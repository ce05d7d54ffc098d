import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { monthEnd, monthRange } from '@app/calendar';
import {
  computeMonth,
  computeSchedule,
  INITIAL_CUMULATIVE_STATE,
  TVOED_VKA_REFERENCE_DATA,
  type CumulativeState,
  type MonthResult,
  type PositionInput,
} from '@app/personnel-costs';
import { workflowIds } from '@app/workflows/names';
import { InMemoryPositionActivities } from '@app/workflows/position/activities.fixture';
import type { PositionTerms, PositionWorkflowInput } from '@app/workflows/position/model';
import {
  changeHoursUpdate,
  changeStageUpdate,
  endEarlyUpdate,
  extendUpdate,
  fillUpdate,
  positionStateQuery,
  vacateUpdate,
  type PositionState,
} from '@app/workflows/position/signals';
import type { positionWorkflow } from '@app/workflows/position/workflow';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

/**
 * The staff-position workflow on the real time-skipping test server, with in-memory activities
 * that compute every month with the real engine and the shipped TVöD-VKA reference data.
 *
 * The test server's clock starts at the real "now", so months of a position in the past are
 * booked at once (catch-up) and later ones at their due instant (time skipped). The reference
 * data ends 2027-03-31, so every position here lies (mostly) in the past; where a test must
 * know where the workflow is, an activity pauses (`pauseBefore`) instead of relying on timing.
 */
describe('positionWorkflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function withWorker<T>(
    name: string,
    fake: InMemoryPositionActivities,
    fn: (taskQueue: string) => Promise<T>,
    on: TestWorkflowEnvironment = env,
  ): Promise<T> {
    const taskQueue = `position-test-${name}`;
    const worker = await Worker.create({
      connection: on.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: fake.activities(),
    });
    // A failed expectation must not leave a paused activity behind: the worker would wait for it.
    return worker.runUntil(fn(taskQueue).finally(() => fake.releaseAll()));
  }

  const SUE_ZULAGE = [{ code: 'SUE_ZULAGE' }];

  function s12Terms(over: Partial<PositionTerms> = {}): PositionTerms {
    return {
      payScale: 'TVOED_VKA_SUE',
      payGroup: 'S 12',
      stage: 3,
      weeklyHours: 39,
      fullTimeHours: 39,
      allowances: SUE_ZULAGE,
      fundingPeriod: { from: '2025-01-01', to: '2027-03-31' },
      financing: { type: 'share', ratePercent: '80', cap: null },
      ...over,
    };
  }

  function positionInput(id: string, over: Partial<PositionWorkflowInput>): PositionWorkflowInput {
    return {
      positionId: id,
      organisationId: 'org-landkreis-kassel',
      title: 'Netzwerkkoordination Präventionsketten',
      owner: 'user:jugendamt-leitung',
      councilDecisionRef: '2024/512',
      start: '2025-01-01',
      end: '2027-03-31',
      terms: s12Terms(),
      holder: { holderName: 'Alex Beispiel', from: '2025-01-01' },
      ...over,
    };
  }

  /** The due instant of a month's booking: its last day, 06:00 UTC. */
  const dueAt = (month: string): number => Date.parse(`${monthEnd(month)}T06:00:00Z`);

  async function rejectionOf(update: Promise<unknown>): Promise<{ type?: string; message: string }> {
    const err = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause as { name: string; type?: string; message: string };
    expect(cause.name).toBe('ApplicationFailure');
    expect(cause.type).toBe('PositionUpdateRejected');
    return cause;
  }

  it('books a full-time S 12 coordinator 2025-01..2027-03 month by month, capped, reminded, continued as new', async () => {
    const fake = new InMemoryPositionActivities();
    const cap = 12_000_000; // 120.000,00 € Höchstbetrag
    const input = positionInput('coord-1', { terms: s12Terms({ financing: { type: 'share', ratePercent: '80', cap } }) });
    // The same position as the engine sees it, written out by hand.
    const expectedInput: PositionInput = {
      id: 'coord-1',
      payScale: 'TVOED_VKA_SUE',
      payGroup: 'S 12',
      start: '2025-01-01',
      end: '2027-03-31',
      stageHistory: [{ from: '2025-01-01', stage: 3 }],
      weeklyHours: 39,
      fullTimeHours: 39,
      allowances: SUE_ZULAGE,
      fundingPeriod: { from: '2025-01-01', to: '2027-03-31' },
      financing: { type: 'share', ratePercent: '80', cap },
      changes: [],
    };
    const schedule = computeSchedule(expectedInput, TVOED_VKA_REFERENCE_DATA);
    const months = monthRange('2025-01', '2027-03');

    const startedAt = await env.currentTimeMs();
    const final = await withWorker('three-year', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('coord-1'),
        args: [input],
      });
      expect(handle.workflowId).toBe('position-coord-1');
      return handle.result();
    });

    // 27 bookings, one per month, each a single attempt, each with the employment snapshot.
    expect(fake.bookings.map((b) => b.month)).toEqual(months);
    expect(fake.bookings.every((b) => b.attempt === 1 && !b.crashed)).toBe(true);
    for (const b of fake.bookings) expect(b.input.position).toEqual(expectedInput);

    // Booking dates: every ledger line is dated at the month's last day; no month was booked
    // before its due instant, and months due after the start were booked at that instant.
    for (const row of fake.ledger.values()) expect(row.date).toBe(monthEnd(row.month));
    for (const b of fake.bookings) {
      expect(b.scheduledAtMs).toBeGreaterThanOrEqual(dueAt(b.month));
      if (dueAt(b.month) > startedAt) expect(b.scheduledAtMs - dueAt(b.month)).toBeLessThan(60_000);
    }

    // Figures to the cent: month by month and in total equal to computeSchedule of the same input.
    fake.bookings.forEach((b, i) => {
      const m = schedule.months[i];
      expect(b.result).toEqual({
        month: m.month,
        totalCost: m.totalCost,
        eligibleCost: m.eligibleCost,
        reimbursement: m.reimbursement,
        ownShare: m.ownShare,
        cumulative: m.cumulative,
        entriesWritten: m.ledger.length,
      });
    });
    const expectedRows = schedule.months.flatMap((m) =>
      m.ledger.map((line) => ({
        ...line,
        dedupKey: `position:coord-1:${m.month}:${line.component}`,
        positionId: 'coord-1',
        organisationId: 'org-landkreis-kassel',
        createdBy: 'workflow:position-coord-1',
      })),
    );
    expect([...fake.ledger.values()]).toEqual(expectedRows);
    const totals = {
      totalCost: schedule.totals.totalCost,
      eligibleCost: schedule.totals.eligibleCost,
      reimbursement: schedule.totals.reimbursement,
      ownShare: schedule.totals.ownShare,
    };
    expect(final.totals).toEqual(totals);
    expect(totals).toEqual({ totalCost: 16_993_261, eligibleCost: 16_993_261, reimbursement: 12_000_000, ownShare: 4_993_261 });
    expect(final.cumulative).toEqual({ throughMonth: '2027-03', eligibleCost: 16_993_261, share: 12_000_000 });

    // The cap (120.000,00 €) is reached in December 2026: that month gets the remainder, later months 0.
    const capIndex = fake.bookings.findIndex((b) => b.result.cumulative.share === cap);
    expect(fake.bookings[capIndex].month).toBe('2026-12');
    expect(fake.bookings[capIndex].result.reimbursement).toBe(346_514);
    expect(fake.bookings[capIndex - 1].result.cumulative.share).toBe(11_653_486);
    expect(fake.bookings.slice(capIndex + 1).map((b) => b.result.reimbursement)).toEqual([0, 0, 0]);
    expect(fake.bookings.slice(0, capIndex).every((b) => b.result.reimbursement > 0)).toBe(true);
    // Jahressonderzahlung with November: 2025 at 70.28 %, 2026 at 85 %.
    expect(fake.bookings.find((b) => b.month === '2025-11')?.result.totalCost).toBe(1_004_264);
    expect(fake.bookings.find((b) => b.month === '2026-11')?.result.totalCost).toBe(1_122_212);

    // The reminder: 6 months before the fixed end 31.03.2027 = 30.09.2026, once, to the owner,
    // after September 2026 was booked (same instant: the booking goes first) and before October.
    expect(final.reminderOn).toBe('2026-09-30');
    expect(final.reminderSent?.forEnd).toBe('2027-03-31');
    expect([...fake.notifications.values()]).toEqual([
      {
        dedupKey: 'position:coord-1:end-reminder:2027-03-31',
        actor: 'workflow:position-coord-1',
        recipient: 'user:jugendamt-leitung',
        kind: 'position.endReminder',
        subject: 'Stelle „Netzwerkkoordination Präventionsketten“ endet am 31.03.2027',
        body: 'Die Stelle „Netzwerkkoordination Präventionsketten“ (Beschluss 2024/512) endet am 31.03.2027; eine Verlängerung braucht einen neuen Beschluss.',
        dueOn: '2027-03-31',
        organisationId: 'org-landkreis-kassel',
      },
    ]);
    expect(fake.notifies).toHaveLength(1);
    expect(fake.notifies[0].scheduledAtMs).toBeGreaterThanOrEqual(Date.parse('2026-09-30T06:00:00Z'));
    const notifyAt = fake.events.indexOf('notify 2027-03-31');
    expect(fake.events[notifyAt - 1]).toBe('book 2026-09');
    expect(fake.events[notifyAt + 1]).toBe('book 2026-10');

    // Continue-as-new after 12 and 24 booked months: three runs of 12, 12 and 3 bookings.
    const runs = [...new Set(fake.bookings.map((b) => b.runId))];
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => fake.bookings.filter((b) => b.runId === r).length)).toEqual([12, 12, 3]);
    expect(final.continuedAsNew).toBe(2);

    expect(final).toMatchObject({
      status: 'ended',
      holder: null,
      currentMonth: null,
      nextBookingOn: null,
      monthsBooked: 27,
      bookedThrough: '2027-03',
      end: '2027-03-31',
      lastBooking: { month: '2027-03', totalCost: 606_601, reimbursement: 0, ownShare: 606_601 },
    });
  });

  it('applies vacancy, hours, stage, extension and early end to the months not yet booked; rejects invalid updates unchanged', async () => {
    const fake = new InMemoryPositionActivities();
    const terms = s12Terms({ stage: 2, fundingPeriod: { from: '2025-01-01', to: '2026-12-31' } });
    const input = positionInput('upd-1', { end: '2026-06-30', terms, councilDecisionRef: '2024/600' });
    const atFebruary = fake.pauseBefore('2025-02');
    const atMarch2026 = fake.pauseBefore('2026-03');

    const final = await withWorker('updates', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('upd-1'),
        args: [input],
      });

      // The workflow is booking February 2025: January is booked, February closed.
      await atFebruary.reached;
      const before = await handle.query(positionStateQuery);
      expect(before).toMatchObject({
        status: 'filled',
        holder: { name: 'Alex Beispiel', from: '2025-01-01', to: '2026-06-30' },
        currentMonth: '2025-02',
        nextBookingOn: '2025-02-28',
        bookedThrough: '2025-02',
        monthsBooked: 1,
        end: '2026-06-30',
        reminderOn: '2025-12-30', // 30.06.2026 − 6 months (BGB § 188)
      });

      // Invalid updates: rejected with the reason, nothing changes.
      const rejected = [
        await rejectionOf(handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: '2025-02-01', stage: 3 }] })),
        await rejectionOf(handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: '2025-04-15', stage: 3 }] })),
        await rejectionOf(handle.executeUpdate(extendUpdate, { args: [{ newEnd: '2026-12-31', councilDecisionRef: '' }] })),
        await rejectionOf(handle.executeUpdate(changeHoursUpdate, { args: [{ effectiveOn: '2025-05-01', weeklyHours: 45 }] })),
        await rejectionOf(handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Kim Nachfolge', from: '2025-03-01' }] })),
        await rejectionOf(handle.executeUpdate(vacateUpdate, { args: [{ from: '2025-02-30' }] })),
        await rejectionOf(handle.executeUpdate(endEarlyUpdate, { args: [{ endOn: '2026-07-31' }] })),
      ].map((r) => r.message);
      expect(rejected).toEqual([
        'changeStage: 2025-02-01 lies in 2025-02, which is already booked (booked through 2025-02); booked months are not changed',
        'changeStage: a new Stufe takes effect on the 1st of a month (§ 17 Abs. 1 TVöD), got 2025-04-15',
        'extend: an extension needs a new council decision; councilDecisionRef (e.g. "2026/123") is missing',
        'changeHours: weeklyHours 45 exceeds fullTimeHours 39',
        'fill: the position is held by Alex Beispiel from 2025-01-01 to 2026-06-30; vacate it first',
        'vacate: from must be a calendar date YYYY-MM-DD, got "2025-02-30"',
        'endEarly: 2026-07-31 is not before the current end 2026-06-30',
      ]);
      expect(await handle.query(positionStateQuery)).toEqual(before);

      // Valid updates answer the new state.
      const afterHours = await handle.executeUpdate(changeHoursUpdate, { args: [{ effectiveOn: '2025-03-16', weeklyHours: '19.5' }] });
      expect(afterHours.employments).toEqual([
        { holderName: 'Alex Beispiel', from: '2025-01-01', to: '2026-06-30', stage: 2, weeklyHours: '39', changes: 1 },
      ]);
      await handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: '2025-04-01', stage: 3 }] });
      const afterVacate = await handle.executeUpdate(vacateUpdate, { args: [{ from: '2025-06-01' }] });
      expect(afterVacate.employments[0].to).toBe('2025-05-31');
      const tooEarly = await rejectionOf(handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Kim Nachfolge', from: '2025-05-20' }] }));
      expect(tooEarly.message).toBe('fill: the position is held by Alex Beispiel from 2025-01-01 to 2025-05-31; vacate it first');
      const afterFill = await handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Kim Nachfolge', from: '2025-09-01', stage: 2 }] });
      expect(afterFill.employments.map((e) => [e.holderName, e.from, e.to])).toEqual([
        ['Alex Beispiel', '2025-01-01', '2025-05-31'],
        ['Kim Nachfolge', '2025-09-01', '2026-06-30'],
      ]);
      const afterExtend = await handle.executeUpdate(extendUpdate, { args: [{ newEnd: '2026-12-31', councilDecisionRef: '2025/117' }] });
      expect(afterExtend).toMatchObject({ end: '2026-12-31', reminderOn: '2026-06-30', councilDecisionRefs: ['2024/600', '2025/117'] });
      expect(afterExtend.employments[1].to).toBe('2026-12-31');
      atFebruary.release();

      // March 2026 is the 12th booked month (Jan–May 2025, Sep 2025–Mar 2026): right after it the
      // workflow continues as new. An early end accepted now must survive that.
      await atMarch2026.reached;
      const during = await handle.query(positionStateQuery);
      expect(during).toMatchObject({ status: 'filled', holder: { name: 'Kim Nachfolge' }, monthsBooked: 11, continuedAsNew: 0 });
      const afterEnd = await handle.executeUpdate(endEarlyUpdate, { args: [{ endOn: '2026-08-15' }] });
      expect(afterEnd).toMatchObject({ end: '2026-08-15', reminderOn: '2026-02-15' });
      atMarch2026.release();
      return handle.result();
    });

    // What the engine gives for the same history, written out by hand: two employments, the
    // funder's share running on across the vacancy.
    const shared = {
      payScale: 'TVOED_VKA_SUE',
      payGroup: 'S 12',
      fullTimeHours: 39,
      allowances: SUE_ZULAGE,
      fundingPeriod: { from: '2025-01-01', to: '2026-12-31' },
      financing: { type: 'share', ratePercent: '80', cap: null },
      id: 'upd-1',
    } as const;
    const alex: PositionInput = {
      ...shared,
      start: '2025-01-01',
      end: '2026-06-30',
      stageHistory: [{ from: '2025-01-01', stage: 2 }],
      weeklyHours: 39,
      changes: [
        { kind: 'hours', from: '2025-03-16', weeklyHours: '19.5' },
        { kind: 'stage', from: '2025-04-01', stage: 3 },
        { kind: 'earlyEnd', end: '2025-05-31' },
      ],
    };
    const kim: PositionInput = {
      ...shared,
      start: '2025-09-01',
      end: '2026-06-30',
      stageHistory: [{ from: '2025-09-01', stage: 2 }],
      weeklyHours: 39,
      changes: [
        { kind: 'extension', end: '2026-12-31' },
        { kind: 'earlyEnd', end: '2026-08-15' },
      ],
    };
    const expected: MonthResult[] = [];
    let cumulative: CumulativeState = INITIAL_CUMULATIVE_STATE;
    for (const [position, months] of [
      [alex, monthRange('2025-01', '2025-05')],
      [kim, monthRange('2025-09', '2026-08')],
    ] as const) {
      months.forEach((month, i) => {
        const m = computeMonth(position, TVOED_VKA_REFERENCE_DATA, month, i === 0 ? { ...cumulative, throughMonth: null } : cumulative);
        expected.push(m);
        cumulative = m.cumulative;
      });
    }

    // No bookings in the vacant months June–August 2025, none after the early end.
    expect(fake.bookings.map((b) => b.month)).toEqual(expected.map((m) => m.month));
    for (const vacant of ['2025-06', '2025-07', '2025-08']) {
      expect(fake.bookings.map((b) => b.month)).not.toContain(vacant);
      expect(fake.rowsOf('upd-1', vacant)).toEqual([]);
    }
    expect(fake.bookings.map((b) => b.result)).toEqual(
      expected.map((m) => ({
        month: m.month,
        totalCost: m.totalCost,
        eligibleCost: m.eligibleCost,
        reimbursement: m.reimbursement,
        ownShare: m.ownShare,
        cumulative: m.cumulative,
        entriesWritten: m.ledger.length,
      })),
    );
    // The snapshots the workflow sent for the last month of each holder.
    expect(fake.bookings.find((b) => b.month === '2025-05')?.input.position).toEqual(alex);
    expect(fake.bookings.find((b) => b.month === '2026-08')?.input.position).toEqual(kim);
    // Hours split in March 2025 (19.5 h from the 16th), Stufe 3 from April, Kim's bonus in November,
    // the partial last month.
    const byMonth = (month: string) => fake.bookings.find((b) => b.month === month)!.result;
    expect(expected[2].basePay.segments.map((s) => s.weeklyHours)).toEqual(['39', '19.5']);
    expect(byMonth('2025-03').totalCost).toBeLessThan(byMonth('2025-02').totalCost);
    expect(expected[3].stage).toBe(3);
    expect(expected.find((m) => m.month === '2025-11')?.bonus?.amount).toBeGreaterThan(0);
    expect(expected.at(-1)?.entitlementDays).toBe(15);
    // 80 % of the whole position's eligible cost, across the vacancy (no cap).
    expect(final.totals.reimbursement).toBe(Math.round((final.totals.eligibleCost * 4) / 5));
    expect(final.totals).toEqual({
      totalCost: expected.reduce((s, m) => s + m.totalCost, 0),
      eligibleCost: expected.reduce((s, m) => s + m.eligibleCost, 0),
      reimbursement: expected.reduce((s, m) => s + m.reimbursement, 0),
      ownShare: expected.reduce((s, m) => s + m.ownShare, 0),
    });

    // One reminder, for the final end 15.08.2026 (due 15.02.2026, sent right after March 2026).
    expect([...fake.notifications.values()].map((n) => [n.dedupKey, n.dueOn])).toEqual([
      ['position:upd-1:end-reminder:2026-08-15', '2026-08-15'],
    ]);
    const notifyAt = fake.events.indexOf('notify 2026-08-15');
    expect(fake.events.slice(notifyAt - 1, notifyAt + 2)).toEqual(['book 2026-03', 'notify 2026-08-15', 'book 2026-04']);

    expect(new Set(fake.bookings.map((b) => b.runId)).size).toBe(2);
    expect(final).toMatchObject({
      status: 'ended',
      end: '2026-08-15',
      monthsBooked: 17,
      continuedAsNew: 1,
      councilDecisionRefs: ['2024/600', '2025/117'],
      employments: [
        { holderName: 'Alex Beispiel', from: '2025-01-01', to: '2025-05-31', stage: 2, weeklyHours: '39', changes: 3 },
        { holderName: 'Kim Nachfolge', from: '2025-09-01', to: '2026-08-15', stage: 2, weeklyHours: '39', changes: 2 },
      ],
    });
  });

  it('a booking that fails after writing is retried and writes nothing twice', async () => {
    const fake = new InMemoryPositionActivities();
    fake.crashOnceAfterWriting('2025-03');
    const input = positionInput('retry-1', { end: '2025-06-30' });
    const final = await withWorker('retry', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('retry-1'),
        args: [input],
      });
      return handle.result();
    });
    const schedule = computeSchedule(
      {
        id: 'retry-1',
        payScale: 'TVOED_VKA_SUE',
        payGroup: 'S 12',
        start: '2025-01-01',
        end: '2025-06-30',
        stageHistory: [{ from: '2025-01-01', stage: 3 }],
        weeklyHours: 39,
        fullTimeHours: 39,
        allowances: SUE_ZULAGE,
        fundingPeriod: { from: '2025-01-01', to: '2027-03-31' },
        financing: { type: 'share', ratePercent: '80', cap: null },
      },
      TVOED_VKA_REFERENCE_DATA,
    );
    const march = fake.bookings.filter((b) => b.month === '2025-03');
    const linesOfMarch = schedule.months[2].ledger.length;
    expect(march.map((b) => [b.attempt, b.crashed, b.result.entriesWritten])).toEqual([
      [1, true, linesOfMarch],
      [2, false, 0],
    ]);
    expect(march[1].result).toEqual({ ...march[0].result, entriesWritten: 0 });
    expect(fake.rowsOf('retry-1', '2025-03')).toHaveLength(linesOfMarch);
    expect(fake.ledger.size).toBe(schedule.months.reduce((n, m) => n + m.ledger.length, 0));
    expect(fake.events.filter((e) => e.startsWith('book'))).toEqual(monthRange('2025-01', '2025-06').map((m) => `book ${m}`));
    expect(final).toMatchObject({
      status: 'ended',
      monthsBooked: 6,
      totals: {
        totalCost: schedule.totals.totalCost,
        eligibleCost: schedule.totals.eligibleCost,
        reimbursement: schedule.totals.reimbursement,
        ownShare: schedule.totals.ownShare,
      },
    });
    // The reminder (due 30.12.2024, before the first booking) went out first, once.
    expect(fake.events[0]).toBe('notify 2025-06-30');
    expect(fake.notifications.size).toBe(1);
  });

  it('a position whose last month nobody holds is ended by endPosition as it passes its end; a booked last month ends it in its booking', async () => {
    const fake = new InMemoryPositionActivities();
    // the holder leaves on 28.02.2025 (adopted rows); March, the last month, has nobody
    const vacantEnd = positionInput('vacant-end', { end: '2025-03-31', adopted: [{ update: 'fill', arg: { holderName: 'Alex Beispiel', from: '2025-01-01', to: '2025-02-28' } }], holder: undefined });
    const bookedEnd = positionInput('booked-end', { end: '2025-02-28' });
    // one result awaited at a time: each awaiting client call unlocks the server's time skipping once
    const [vacant, booked] = await withWorker('vacant-end', fake, async (taskQueue) => {
      const results: PositionState[] = [];
      for (const input of [vacantEnd, bookedEnd]) {
        const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', { taskQueue, workflowId: workflowIds.position(input.positionId), args: [input] });
        results.push(await handle.result());
      }
      return results;
    });
    expect(vacant).toMatchObject({ status: 'ended', end: '2025-03-31', monthsBooked: 2 });
    expect(booked).toMatchObject({ status: 'ended', end: '2025-02-28', monthsBooked: 2 });
    expect(fake.bookings.filter((b) => b.input.positionId === 'vacant-end').map((b) => b.month)).toEqual(['2025-01', '2025-02']);
    expect([...fake.ended.values()]).toEqual([{ positionId: 'vacant-end', organisationId: 'org-landkreis-kassel', end: '2025-03-31', actor: 'workflow:position-vacant-end' }]);
  });

  it('refuses to start with an invalid position and says why', async () => {
    const fake = new InMemoryPositionActivities();
    const input = positionInput('bad-1', { start: '2025-04-01', end: '2025-03-31' });
    const error = await withWorker('invalid', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('bad-1'),
        args: [input],
      });
      return handle.result().then(
        () => undefined,
        (e: unknown) => e as { cause?: { type?: string; message?: string } },
      );
    });
    expect(error?.cause).toMatchObject({ type: 'InvalidPositionInput', message: 'end 2025-03-31 is before start 2025-04-01' });
    expect(fake.bookings).toHaveLength(0);
  });
  describe('on a server of its own', () => {
    // A fresh test server skips no time until a result is awaited through its client; after that
    // its clock may have run far ahead. This test acts while the workflow waits for a timer.
    let fresh: TestWorkflowEnvironment;
    beforeAll(async () => {
      fresh = await createTimeSkippingEnv();
    });
    afterAll(() => fresh?.teardown());

    it('an update while the workflow waits re-plans at once: an early end brings the reminder forward', async () => {
      // Far in the future and never filled, so no month needs reference data: only timers run.
      const fake = new InMemoryPositionActivities();
      const input = positionInput('future-1', { start: '2030-01-01', end: '2030-12-31', holder: undefined });
      const startedAt = await fresh.currentTimeMs();
      const final = await withWorker('replan', fake, async (taskQueue) => {
        const handle = await fresh.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
          taskQueue,
          workflowId: workflowIds.position('future-1'),
          args: [input],
        });
        // Time stands still until the result is awaited: the workflow waits for 31.01.2030.
        expect(await handle.query(positionStateQuery)).toMatchObject({
          status: 'planned',
          holder: null,
          currentMonth: '2030-01',
          nextBookingOn: '2030-01-31',
          bookedThrough: null,
          reminderOn: '2030-06-30',
          reminderSent: null,
        });
        const ended = await handle.executeUpdate(endEarlyUpdate, { args: [{ endOn: '2030-03-31' }] });
        expect(ended).toMatchObject({ end: '2030-03-31', reminderOn: '2029-09-30' });
        return handle.result();
      }, fresh);
      // Reminded at 30.09.2029 06:00 UTC, not at the timer that was running (31.01.2030).
      expect(fake.notifies.map((n) => [n.notification.dueOn, n.notification.dedupKey])).toEqual([
        ['2030-03-31', 'position:future-1:end-reminder:2030-03-31'],
      ]);
      const remindAt = Date.parse('2029-09-30T06:00:00Z');
      expect(remindAt).toBeGreaterThan(startedAt);
      expect(fake.notifies[0].scheduledAtMs - remindAt).toBeGreaterThanOrEqual(0);
      expect(fake.notifies[0].scheduledAtMs - remindAt).toBeLessThan(60_000);
      expect(fake.bookings).toHaveLength(0);
      expect(final).toMatchObject({ status: 'ended', end: '2030-03-31', monthsBooked: 0, bookedThrough: '2030-03', reminderSent: { forEnd: '2030-03-31', on: '2029-09-30' } });
    });
  });

  it('writes every accepted update through applyPositionChange (as the asking user), one at a time; a refused one writes nothing; adopted rows are planned, not written', async () => {
    const fake = new InMemoryPositionActivities();
    const paused = fake.pauseBefore('2025-02');
    await withWorker('change-activity', fake, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof positionWorkflow>('positionWorkflow', {
        taskQueue,
        workflowId: workflowIds.position('change-activity'),
        args: [
          positionInput('change-activity', {
            end: '2025-06-30',
            holder: undefined,
            adopted: [
              { update: 'fill', arg: { holderName: 'Alt', from: '2025-01-01', to: '2025-03-31', stage: 2 } },
              { update: 'changeHours', arg: { effectiveOn: '2025-03-01', weeklyHours: '30' } },
            ],
          }),
        ],
      });
      await paused.reached; // 2025-02 is being booked
      const [hours, successor] = await Promise.all([
        handle.executeUpdate(changeHoursUpdate, { args: [{ effectiveOn: '2025-03-15', weeklyHours: '20', by: 'user:personal', reason: 'Teilzeit' }] }),
        handle.executeUpdate(fillUpdate, { args: [{ holderName: 'Neu', from: '2025-04-01', by: 'user:personal' }] }),
      ]);
      expect(hours.employments[0]).toMatchObject({ holderName: 'Alt', to: '2025-03-31', changes: 2 });
      expect(successor.employments.map((e) => e.holderName)).toEqual(['Alt', 'Neu']);
      const refused = await rejectionOf(handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: '2025-02-01', stage: 4, by: 'user:personal' }] }));
      expect(refused.message).toContain('already booked');
      paused.release();
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'ended', monthsBooked: 6 });
    });
    const changes = [...fake.changes.values()];
    expect(changes.map((c) => [c.update, c.actor, c.reason])).toEqual(
      expect.arrayContaining([
        ['changeHours', 'user:personal', 'Teilzeit'],
        ['fill', 'user:personal', null],
      ]),
    );
    expect(changes).toHaveLength(2);
    expect(changes.find((c) => c.update === 'changeHours')?.arg).toEqual({ effectiveOn: '2025-03-15', weeklyHours: '20' });
    expect(new Set(changes.map((c) => c.changeKey)).size).toBe(2);
    // March is booked with both hours changes (30 from the 1st as adopted, 20 from the 15th)
    const march = fake.bookings.find((b) => b.month === '2025-03');
    expect(march?.input.position.changes).toEqual([
      { kind: 'hours', from: '2025-03-01', weeklyHours: '30' },
      { kind: 'hours', from: '2025-03-15', weeklyHours: '20' },
    ]);
    expect(fake.bookings.find((b) => b.month === '2025-04')?.input.position).toMatchObject({ start: '2025-04-01', stageHistory: [{ from: '2025-04-01', stage: 3 }] });
  });
});

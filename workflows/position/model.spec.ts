import { MockActivityEnvironment } from '@temporalio/testing';
import { computeMonth, INITIAL_CUMULATIVE_STATE, TVOED_VKA_REFERENCE_DATA } from '@app/personnel-costs';
import type { PositionMonthBooked } from './activities';
import { InMemoryPositionActivities } from './activities.fixture';
import {
  applyChangeHours,
  applyChangeStage,
  applyEndEarly,
  applyExtend,
  applyFill,
  applyVacate,
  createRun,
  employmentEnd,
  employmentInMonth,
  employmentSnapshot,
  endReminderText,
  eventInstant,
  germanDate,
  pendingReminder,
  positionView,
  priorFor,
  reminderDate,
  statusIn,
  type Employment,
  type PositionPlan,
  type PositionTerms,
  type PositionWorkflowInput,
} from './model';

const terms: PositionTerms = {
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 12',
  stage: 3,
  weeklyHours: 39,
  fullTimeHours: 39,
  allowances: [{ code: 'SUE_ZULAGE' }],
  fundingPeriod: { from: '2025-01-01', to: '2027-03-31' },
  financing: { type: 'share', ratePercent: '80', cap: null },
};

function employment(over: Partial<Employment> = {}): Employment {
  return { holderName: 'A', start: '2025-01-01', end: '2026-12-31', stage: 3, weeklyHours: 39, changes: [], ...over };
}

function plan(over: Partial<PositionPlan> = {}): PositionPlan {
  return { start: '2025-01-01', end: '2026-12-31', employments: [employment()], councilDecisionRefs: ['2024/512'], bookedThrough: null, ...over };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('position model: dates', () => {
  it('reminds n months before the end by BGB month arithmetic', () => {
    expect(reminderDate('2027-03-31', 6)).toBe('2026-09-30');
    expect(reminderDate('2026-06-30', 6)).toBe('2025-12-30');
    expect(reminderDate('2026-08-31', 6)).toBe('2026-02-28');
  });

  it('books and reminds at 06:00 UTC of the day', () => {
    expect(eventInstant('2025-01-31')).toBe(Date.UTC(2025, 0, 31, 6));
  });

  it('writes German dates and the reminder text', () => {
    expect(germanDate('2027-03-31')).toBe('31.03.2027');
    expect(endReminderText('Netzwerkkoordination', '2027-03-31', ['2024/512', '2026/117'])).toEqual({
      subject: 'Stelle „Netzwerkkoordination“ endet am 31.03.2027',
      body: 'Die Stelle „Netzwerkkoordination“ (Beschluss 2024/512, 2026/117) endet am 31.03.2027; eine Verlängerung braucht einen neuen Beschluss.',
    });
  });
});

describe('position model: reading the plan', () => {
  it('builds the engine snapshot from the terms and the holder', () => {
    const e = employment({ stage: 2, weeklyHours: '19.5', changes: [{ kind: 'earlyEnd', end: '2025-06-30' }] });
    expect(employmentSnapshot('p1', terms, e)).toEqual({
      id: 'p1',
      payScale: 'TVOED_VKA_SUE',
      payGroup: 'S 12',
      fullTimeHours: 39,
      allowances: [{ code: 'SUE_ZULAGE' }],
      fundingPeriod: { from: '2025-01-01', to: '2027-03-31' },
      financing: { type: 'share', ratePercent: '80', cap: null },
      start: '2025-01-01',
      end: '2026-12-31',
      stageHistory: [{ from: '2025-01-01', stage: 2 }],
      weeklyHours: '19.5',
      changes: [{ kind: 'earlyEnd', end: '2025-06-30' }],
    });
    expect(employmentEnd(e)).toBe('2025-06-30');
  });

  it('knows the status of a month', () => {
    const p = plan({ employments: [employment({ start: '2025-03-10', changes: [{ kind: 'earlyEnd', end: '2025-05-31' }] })] });
    expect(statusIn(p, '2025-02')).toBe('planned');
    expect(statusIn(p, '2025-03')).toBe('filled');
    expect(statusIn(p, '2025-06')).toBe('vacant');
    expect(employmentInMonth(p, '2025-05')?.holderName).toBe('A');
    expect(employmentInMonth(p, '2025-06')).toBeUndefined();
  });

  it('carries the running totals into the first month of a new holder', () => {
    const cumulative = { throughMonth: '2025-05', eligibleCost: 100, share: 80 };
    const e = employment({ start: '2025-09-01' });
    expect(priorFor(e, '2025-09', cumulative)).toEqual({ throughMonth: null, eligibleCost: 100, share: 80 });
    expect(priorFor(e, '2025-10', { ...cumulative, throughMonth: '2025-09' })).toEqual({ throughMonth: '2025-09', eligibleCost: 100, share: 80 });
  });
});

describe('position model: updates', () => {
  it('never changes the plan it is given (validators run on it)', () => {
    const p = deepFreeze(plan({ bookedThrough: '2025-02' }));
    expect(() => applyChangeHours(p, 'p1', terms, { effectiveOn: '2025-04-01', weeklyHours: 30 })).not.toThrow();
    expect(() => applyVacate(p, 'p1', terms, { from: '2025-07-01' })).not.toThrow();
    expect(() => applyExtend(p, 'p1', terms, { newEnd: '2027-03-31', councilDecisionRef: '2026/1' })).not.toThrow();
    expect(() => applyEndEarly(p, 'p1', terms, { endOn: '2026-06-30' })).not.toThrow();
  });

  it('fill: one holder at a time, and a new holder at the earliest in the month after the last one', () => {
    const p = plan({ employments: [employment({ changes: [{ kind: 'earlyEnd', end: '2025-05-15' }] })] });
    expect(() => applyFill(p, 'p1', terms, { holderName: 'B', from: '2025-05-20' })).toThrow(
      "fill: A's last day is 2025-05-15; the next holder can start on 2025-06-01 at the earliest (one booking per month)",
    );
    expect(() => applyFill(p, 'p1', terms, { holderName: 'B', from: '2025-05-10' })).toThrow(
      'fill: the position is held by A from 2025-01-01 to 2025-05-15; vacate it first',
    );
    expect(() => applyFill(p, 'p1', terms, { holderName: 'B', from: '2027-01-01' })).toThrow('fill: 2027-01-01 is outside the position (2025-01-01 to 2026-12-31)');
    expect(() => applyFill(p, 'p1', terms, { holderName: ' ', from: '2025-06-01' })).toThrow('fill: holderName must be a non-empty text');
    expect(() => applyFill(p, 'p1', terms, { holderName: 'B', from: '2025-06-01', weeklyHours: 40 })).toThrow(
      'fill: weeklyHours 40 exceeds fullTimeHours 39',
    );
    const next = applyFill(p, 'p1', terms, { holderName: 'B', from: '2025-06-01', stage: 2, weeklyHours: '19.5' });
    expect(next.employments[1]).toEqual({ holderName: 'B', start: '2025-06-01', end: '2026-12-31', stage: 2, weeklyHours: '19.5', changes: [] });
  });

  it('vacate: ends the holder the day before; on the start day removes the holder; never in a booked month', () => {
    const p = plan({ bookedThrough: '2025-02' });
    expect(applyVacate(p, 'p1', terms, { from: '2025-04-01' }).employments[0].changes).toEqual([{ kind: 'earlyEnd', end: '2025-03-31' }]);
    expect(() => applyVacate(p, 'p1', terms, { from: '2025-02-15' })).toThrow(
      'vacate: 2025-02-15 lies in 2025-02, which is already booked (booked through 2025-02); booked months are not changed',
    );
    const future = plan({ employments: [employment({ start: '2025-06-01' })] });
    expect(applyVacate(future, 'p1', terms, { from: '2025-06-01' }).employments).toEqual([]);
    expect(() => applyVacate(future, 'p1', terms, { from: '2025-05-01' })).toThrow('vacate: nobody holds the position on 2025-05-01');
  });

  it('an end moving across 1 December needs November still open (the Jahressonderzahlung)', () => {
    const p = plan({ bookedThrough: '2025-11' });
    expect(() => applyVacate(p, 'p1', terms, { from: '2025-12-01' })).toThrow(
      'vacate: employment on 1 December 2025 decides the Jahressonderzahlung booked with November 2025, which is already booked',
    );
    expect(() => applyEndEarly(p, 'p1', terms, { endOn: '2025-11-30' })).toThrow(/Jahressonderzahlung booked with November 2025/);
    expect(applyVacate(p, 'p1', terms, { from: '2025-12-02' }).employments[0].changes).toEqual([{ kind: 'earlyEnd', end: '2025-12-01' }]);
  });

  it('changeHours / changeStage: on the start day they set the holder, later dates become changes (a second one on a date replaces it)', () => {
    const p = plan();
    expect(applyChangeHours(p, 'p1', terms, { effectiveOn: '2025-01-01', weeklyHours: 30 }).employments[0]).toMatchObject({ weeklyHours: 30, changes: [] });
    const once = applyChangeHours(p, 'p1', terms, { effectiveOn: '2025-03-16', weeklyHours: 30 });
    const twice = applyChangeHours(once, 'p1', terms, { effectiveOn: '2025-03-16', weeklyHours: '19.5' });
    expect(twice.employments[0].changes).toEqual([{ kind: 'hours', from: '2025-03-16', weeklyHours: '19.5' }]);
    expect(applyChangeStage(p, 'p1', terms, { effectiveOn: '2025-01-01', stage: 4 }).employments[0]).toMatchObject({ stage: 4, changes: [] });
    expect(applyChangeStage(p, 'p1', terms, { effectiveOn: '2026-01-01', stage: 4 }).employments[0].changes).toEqual([
      { kind: 'stage', from: '2026-01-01', stage: 4 },
    ]);
    expect(() => applyChangeStage(p, 'p1', terms, { effectiveOn: '2026-01-02', stage: 4 })).toThrow(/1st of a month/);
    expect(() => applyChangeStage(p, 'p1', terms, { effectiveOn: '2026-01-01', stage: 7 })).toThrow('changeStage: stage must be a Stufe 1–6, got 7');
    expect(() => applyChangeHours(p, 'p1', terms, { effectiveOn: '2027-01-01', weeklyHours: 30 })).toThrow('changeHours: nobody holds the position on 2027-01-01');
    expect(() => applyChangeHours(p, 'p1', terms, undefined)).toThrow('changeHours: expected an object');
    expect(() => applyChangeHours(p, 'p1', terms, { effectiveOn: '2025-03-16', weeklyHours: 45 })).toThrow('changeHours: weeklyHours 45 exceeds fullTimeHours 39');
    expect(() => applyChangeHours(p, 'p1', terms, { effectiveOn: '2025-03-16', weeklyHours: '19.55555' })).toThrow(/^changeHours: weeklyHours/);
  });

  it('extend: needs a council decision; moves the end of the holder who stays to the end', () => {
    const p = plan({
      employments: [employment({ changes: [{ kind: 'earlyEnd', end: '2025-03-31' }] }), employment({ holderName: 'B', start: '2025-06-01' })],
    });
    expect(() => applyExtend(p, 'p1', terms, { newEnd: '2027-03-31' })).toThrow(
      'extend: an extension needs a new council decision; councilDecisionRef (e.g. "2026/123") is missing',
    );
    expect(() => applyExtend(p, 'p1', terms, { newEnd: '2026-12-31', councilDecisionRef: '2026/1' })).toThrow(
      'extend: the new end 2026-12-31 is not after the current end 2026-12-31',
    );
    const next = applyExtend(p, 'p1', terms, { newEnd: '2027-03-31', councilDecisionRef: '2026/117' });
    expect(next.end).toBe('2027-03-31');
    expect(next.councilDecisionRefs).toEqual(['2024/512', '2026/117']);
    expect(next.employments.map(employmentEnd)).toEqual(['2025-03-31', '2027-03-31']);
  });

  it('endEarly: ends the current holder and drops one who would start later', () => {
    const p = plan({
      employments: [employment({ changes: [{ kind: 'earlyEnd', end: '2025-03-31' }] }), employment({ holderName: 'B', start: '2025-09-01' })],
    });
    const next = applyEndEarly(p, 'p1', terms, { endOn: '2025-06-30' });
    expect(next.end).toBe('2025-06-30');
    expect(next.employments.map((e) => [e.holderName, employmentEnd(e)])).toEqual([['A', '2025-03-31']]);
    expect(() => applyEndEarly(p, 'p1', terms, { endOn: '2024-12-31' })).toThrow('endEarly: 2024-12-31 is before the start 2025-01-01');
  });
});

describe('position model: the run', () => {
  const input: PositionWorkflowInput = {
    positionId: 'p1',
    organisationId: 'org',
    title: 'Netzwerkkoordination',
    owner: 'user:owner',
    councilDecisionRef: '2024/512',
    start: '2025-01-01',
    end: '2026-12-31',
    terms,
    holder: { holderName: 'A', from: '2025-02-15' },
  };

  it('starts planned, with the holder entered and the reminder pending', () => {
    const run = createRun(input);
    expect(run.cursor).toBe('2025-01');
    expect(pendingReminder(run, 6)).toBe('2026-06-30');
    expect(positionView('p1', run, 6)).toMatchObject({
      status: 'planned',
      holder: null,
      currentMonth: '2025-01',
      nextBookingOn: '2025-01-31',
      employments: [{ holderName: 'A', from: '2025-02-15', to: '2026-12-31', stage: 3, weeklyHours: '39', changes: 0 }],
      councilDecisionRefs: ['2024/512'],
    });
    expect(pendingReminder({ ...run, reminderSent: { forEnd: '2026-12-31', on: '2026-06-30' } }, 6)).toBeNull();
  });

  it('refuses invalid input with the reason', () => {
    expect(() => createRun({ ...input, councilDecisionRef: '' })).toThrow('councilDecisionRef must be a non-empty text');
    expect(() => createRun({ ...input, reminderMonthsBeforeEnd: 0 })).toThrow('reminderMonthsBeforeEnd must be a whole number of months 1–120, got 0');
    expect(() => createRun({ ...input, terms: { ...terms, weeklyHours: 45 } })).toThrow('terms: weeklyHours 45 exceeds fullTimeHours 39');
    expect(() => createRun({ ...input, holder: { holderName: 'A', from: '2024-12-01' } })).toThrow('fill: 2024-12-01 is outside the position');
  });
});

describe('in-memory activities fixture (MockActivityEnvironment)', () => {
  it('writes a month once: a second call with the same dedup keys writes nothing and answers the same figures', async () => {
    const fake = new InMemoryPositionActivities();
    const position = employmentSnapshot('p1', terms, employment());
    const booking = {
      positionId: 'p1',
      organisationId: 'org',
      month: '2025-01',
      position,
      prior: INITIAL_CUMULATIVE_STATE,
      dedupKeyPrefix: 'position:p1:2025-01',
      actor: 'workflow:position-p1',
    };
    const env = new MockActivityEnvironment();
    const { bookPositionMonth } = fake.activities();
    const first: PositionMonthBooked = await env.run(bookPositionMonth, booking);
    const second: PositionMonthBooked = await env.run(bookPositionMonth, booking);
    const expected = computeMonth(position, TVOED_VKA_REFERENCE_DATA, '2025-01', INITIAL_CUMULATIVE_STATE);
    expect(first).toMatchObject({ totalCost: expected.totalCost, reimbursement: expected.reimbursement, entriesWritten: expected.ledger.length });
    expect(second).toEqual({ ...first, entriesWritten: 0 });
    expect([...fake.ledger.keys()]).toEqual(expected.ledger.map((l) => `position:p1:2025-01:${l.component}`));
  });
});

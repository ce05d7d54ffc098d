import {
  computeMonth,
  computeSchedule,
  CumulativeState,
  employmentMonths,
  MissingPayTableRowError,
  MonthResult,
  PositionInput,
  PositionInputError,
  ReferenceData,
  TVOED_VKA_REFERENCE_DATA as REF,
  validatePosition,
} from '@app/personnel-costs';
import { s12Position } from './position.fixture';
import { shiftMonth } from '@app/calendar';

/** A full-time S 12 position, not funded (so the cumulative state of an earlier month is zero). */
const position = s12Position;

/** computeMonth alone; for an unfunded position the prior cumulative cost and share are 0. */
function month(p: PositionInput, m: string, ref: ReferenceData = REF): MonthResult {
  const first = employmentMonths(p)[0];
  const prior: CumulativeState = { throughMonth: m === first ? null : shiftMonth(m, -1), eligibleCost: 0, share: 0 };
  return computeMonth(p, ref, m, prior);
}

describe('section 2: the worked example', () => {
  it('S 11b Stufe 2, 19.5 of 39 h, start 10 June 2025 ⇒ P 2,033.66, A 1,423.56, Zulage 63.00', () => {
    const p = position({
      payGroup: 'S 11b',
      start: '2025-06-10',
      end: '2026-06-30',
      stageHistory: [{ from: '2025-06-10', stage: 2 }],
      weeklyHours: 19.5,
    });
    const june = month(p, '2025-06');
    // entitlement 10.06.–30.06. = 30 − 10 + 1 = 21 days of 30; reference date = first day
    expect(june.entitlementDays).toBe(21);
    expect(june.daysInMonth).toBe(30);
    expect(june.referenceDate).toBe('2025-06-10');
    // T = 4,067.31 (S 11b St 2, valid 01.04.2025–30.04.2026)
    expect(june.basePay.fullTimeAmount).toBe(406731);
    // P = round(4,067.31 × 19.5/39) = round(2,033.655) = 2,033.66 (half-up)
    expect(june.basePay.partTimeAmount).toBe(203366);
    // A = round(2,033.66 × 21/30) = round(1,423.562) = 1,423.56
    expect(june.basePay.amount).toBe(142356);
    // SuE-Zulage 180.00 → P = 90.00 → round(90.00 × 21/30) = 63.00
    const zulage = june.allowances.find((a) => a.code === 'SUE_ZULAGE');
    expect(zulage?.fullTimeAmount).toBe(18000);
    expect(zulage?.partTimeAmount).toBe(9000);
    expect(zulage?.amount).toBe(6300);
    // gross = 1,423.56 + 63.00 = 1,486.56
    expect(june.gross).toBe(148656);
    // July is a full month: A = P = 2,033.66; Zulage 90.00
    const july = month(p, '2025-07');
    expect(july.basePay.amount).toBe(203366);
    expect(july.allowances[0].amount).toBe(9000);
  });
});

describe('§ 24 Abs. 4 TVöD: half-up rounding of every money step', () => {
  it('rounds an exact half cent up (banker’s rounding would go down)', () => {
    // S 12 Stufe 4 2025 = 4,769.97; × 19.5/39 = 2,384.985 → 2,384.99 (to-even would give 2,384.98)
    const p = position({ start: '2025-06-01', stageHistory: [{ from: '2025-06-01', stage: 4 }], weeklyHours: '19.5' });
    expect(month(p, '2025-06').basePay.amount).toBe(238499);
  });

  it('rounds below a half cent down and at or above it up', () => {
    // 4,769.97 × 25/39 = 3,057.673… → 3,057.67
    const down = position({ start: '2025-06-01', stageHistory: [{ from: '2025-06-01', stage: 4 }], weeklyHours: 25 });
    expect(month(down, '2025-06').basePay.amount).toBe(305767);
    // 4,769.97 × 30/39 = 3,669.207… → 3,669.21
    const up = position({ start: '2025-06-01', stageHistory: [{ from: '2025-06-01', stage: 4 }], weeklyHours: 30 });
    expect(month(up, '2025-06').basePay.amount).toBe(366921);
  });

  it('rounds P before applying the days ratio (two steps, each rounded)', () => {
    // S 12 St 2 2025 = 4,122.07, 19.5/39 h, start 11.06.2025 (20 of 30 days):
    // P = round(4,122.07 × 0.5) = round(2,061.035) = 2,061.04
    // A = round(2,061.04 × 20/30) = round(1,374.0266…) = 1,374.03
    // (rounding only once, 4,122.07 × 0.5 × 20/30 = 1,374.0233… would give 1,374.02)
    const p = position({ start: '2025-06-11', stageHistory: [{ from: '2025-06-11', stage: 2 }], weeklyHours: 19.5 });
    const r = month(p, '2025-06');
    expect(r.basePay.partTimeAmount).toBe(206104);
    expect(r.basePay.amount).toBe(137403);
  });
});

describe('§ 24 Abs. 3 TVöD: partial month by actual calendar days', () => {
  it('February 2025 (28 days): start 15.02. ⇒ 14/28', () => {
    // S 12 St 1 2024 table (valid until 31.03.2025) = 3,747.09; × 14/28 = 1,873.545 → 1,873.55
    const p = position({ start: '2025-02-15', stageHistory: [{ from: '2025-02-15', stage: 1 }] });
    const r = month(p, '2025-02');
    expect([r.entitlementDays, r.daysInMonth]).toEqual([14, 28]);
    expect(r.basePay.fullTimeAmount).toBe(374709);
    expect(r.basePay.amount).toBe(187355);
    expect(r.allowances[0].amount).toBe(9000); // 180.00 × 14/28
  });

  it('February 2028 (29 days, leap year): start 15.02. ⇒ 15/29', () => {
    // The shipped table ends 31.03.2027, so this test adds a fictitious 2028 row (4,000.00 in St 1).
    const ref: ReferenceData = {
      ...REF,
      payTable: [
        ...REF.payTable,
        {
          payScale: 'TVOED_VKA_SUE',
          payGroup: 'S 12',
          validFrom: '2028-01-01',
          validTo: '2028-12-31',
          amounts: { '1': 400000 },
          computed: true,
          note: 'fictitious test row',
        },
      ],
    };
    const p = position({ start: '2028-02-15', end: '2028-12-31', stageHistory: [{ from: '2028-02-15', stage: 1 }] });
    const r = month(p, '2028-02', ref);
    expect([r.entitlementDays, r.daysInMonth]).toEqual([15, 29]);
    // 4,000.00 × 15/29 = 2,068.9655… → 2,068.97
    expect(r.basePay.amount).toBe(206897);
    // 180.00 × 15/29 = 93.103… → 93.10
    expect(r.allowances[0].amount).toBe(9310);
  });

  it('October (31 days): start 15.10. ⇒ 17/31, not 16/30', () => {
    // S 12 St 1 2025 = 3,859.50; × 17/31 = 2,116.50 exactly; Zulage 180 × 17/31 = 98.709… → 98.71
    const p = position({ start: '2025-10-15', stageHistory: [{ from: '2025-10-15', stage: 1 }] });
    const r = month(p, '2025-10');
    expect([r.entitlementDays, r.daysInMonth]).toEqual([17, 31]);
    expect(r.basePay.amount).toBe(211650);
    expect(r.allowances[0].amount).toBe(9871);
  });

  it('an end inside a 31-day month: 01.03.–20.03.2025 ⇒ 20/31', () => {
    // S 12 St 3 2024 table = 4,335.64; × 20/31 = 2,797.187… → 2,797.19
    const p = position({ end: '2025-03-20' });
    const r = month(p, '2025-03');
    expect(r.lastDay).toBe('2025-03-20');
    expect(r.basePay.amount).toBe(279719);
    // 180.00 × 20/31 = 116.129… → 116.13
    expect(r.allowances[0].amount).toBe(11613);
  });

  it('a full month is paid as P without a days factor', () => {
    const r = month(position(), '2025-01');
    expect([r.entitlementDays, r.daysInMonth]).toEqual([31, 31]);
    expect(r.basePay.amount).toBe(433564);
  });
});

describe('tariff increases and stage changes', () => {
  it('switches to the new table on 01.04.2025 and 01.05.2026 (the latter computed)', () => {
    const months = computeSchedule(position(), REF).months;
    const t = (m: string) => months.find((x) => x.month === m);
    expect(t('2025-03')?.basePay.amount).toBe(433564); // S 12 St 3 2024
    expect(t('2025-04')?.basePay.amount).toBe(446571); // 2025 = max(round(4,335.64 × 1.03), 4,335.64 + 110) = 4,465.71
    expect(t('2026-04')?.basePay.amount).toBe(446571);
    expect(t('2026-05')?.basePay.amount).toBe(459075); // 2026 = round(4,465.71 × 1.028) = 4,590.75
    expect(t('2026-04')?.payTableRowComputed).toBe(false);
    expect(t('2026-05')?.payTableRowComputed).toBe(true);
    expect(t('2026-05')?.notes.some((n) => n.includes('computed by rule'))).toBe(true);
  });

  it('applies a stage change from the 1st of a month (stage history or change entry)', () => {
    const viaHistory = position({
      stageHistory: [
        { from: '2025-01-01', stage: 3 },
        { from: '2025-09-01', stage: 4 },
      ],
    });
    const viaChange = position({ changes: [{ kind: 'stage', from: '2025-09-01', stage: 4 }] });
    for (const p of [viaHistory, viaChange]) {
      expect(month(p, '2025-08').stage).toBe(3);
      expect(month(p, '2025-08').basePay.amount).toBe(446571);
      expect(month(p, '2025-09').stage).toBe(4);
      expect(month(p, '2025-09').basePay.amount).toBe(476997);
    }
    expect(computeSchedule(viaHistory, REF)).toEqual(computeSchedule(viaChange, REF));
  });

  it('rejects a stage change not on the 1st and a first entry other than the start', () => {
    expect(() => validatePosition(position({ changes: [{ kind: 'stage', from: '2025-09-15', stage: 4 }] }))).toThrow(
      PositionInputError,
    );
    expect(() =>
      validatePosition(
        position({
          stageHistory: [
            { from: '2025-01-01', stage: 3 },
            { from: '2025-09-02', stage: 4 },
          ],
        }),
      ),
    ).toThrow(/1st of a month/);
    // the first entry may be any day, but must be the employment start
    expect(() => validatePosition(position({ start: '2025-01-10', stageHistory: [{ from: '2025-01-01', stage: 3 }] }))).toThrow(
      /employment start/,
    );
    expect(validatePosition(position({ start: '2025-01-10' }))).toEqual({ start: '2025-01-10', end: '2026-12-31' });
  });

  it('names group, stage and date when no pay table row is valid', () => {
    // the shipped S 12 rows end 31.03.2027
    const tooLong = position({ end: '2027-04-30' });
    expect(() => computeSchedule(tooLong, REF)).toThrow(MissingPayTableRowError);
    expect(() => computeSchedule(tooLong, REF)).toThrow('no pay table row for TVOED_VKA_SUE S 12 Stufe 3 valid on 2027-04-01');
    // no Stufe 7
    expect(() => month(position({ stageHistory: [{ from: '2025-01-01', stage: 7 }] }), '2025-01')).toThrow(
      'no pay table row for TVOED_VKA_SUE S 12 Stufe 7 valid on 2025-01-01',
    );
    // before the first row (01.03.2024)
    try {
      month(position({ start: '2024-02-15', stageHistory: [{ from: '2024-02-15', stage: 1 }] }), '2024-02');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(MissingPayTableRowError);
      expect(e).toMatchObject({ payGroup: 'S 12', stage: 1, date: '2024-02-15' });
    }
  });
});

describe('changes over time: hours, early end, extension', () => {
  it('splits a month at an hours change and rounds each part', () => {
    // 39 h until 15.06.2025, 19.5 h from 16.06. (June: 30 days; 15 + 15)
    const p = position({ changes: [{ kind: 'hours', from: '2025-06-16', weeklyHours: 19.5 }] });
    const june = month(p, '2025-06');
    // part 1: P = 4,465.71; A = round(4,465.71 × 15/30) = round(2,232.855) = 2,232.86
    // part 2: P = round(4,465.71 × 19.5/39) = round(2,232.855) = 2,232.86; A = round(2,232.86 × 15/30) = 1,116.43
    expect(june.basePay.segments.map((s) => [s.from, s.to, s.days, s.partTimeAmount, s.amount])).toEqual([
      ['2025-06-01', '2025-06-15', 15, 446571, 223286],
      ['2025-06-16', '2025-06-30', 15, 223286, 111643],
    ]);
    expect(june.basePay.partTimeAmount).toBeNull();
    expect(june.basePay.amount).toBe(334929); // 2,232.86 + 1,116.43
    // Zulage: 180 × 15/30 = 90.00; 90.00 × 15/30 = 45.00
    expect(june.allowances[0].amount).toBe(13500);
    expect(month(p, '2025-07').basePay.amount).toBe(223286);
    expect(month(p, '2025-05').basePay.amount).toBe(446571);
  });

  it('applies an hours change on the 1st to the whole month', () => {
    const p = position({ changes: [{ kind: 'hours', from: '2025-07-01', weeklyHours: '29.25' }] });
    // 4,465.71 × 29.25/39 = 3,349.2825 → 3,349.28
    expect(month(p, '2025-07').basePay.segments).toHaveLength(1);
    expect(month(p, '2025-07').basePay.amount).toBe(334928);
  });

  it('honours an early end and an extension', () => {
    const early = position({ changes: [{ kind: 'earlyEnd', end: '2025-08-20' }] });
    const s = computeSchedule(early, REF);
    expect(s.months.map((m) => m.month).slice(-2)).toEqual(['2025-07', '2025-08']);
    // 4,465.71 × 20/31 = 2,881.103… → 2,881.10
    expect(s.months[s.months.length - 1].basePay.amount).toBe(288110);

    const extended = position({ changes: [{ kind: 'extension', end: '2027-03-31' }] });
    expect(employmentMonths(extended)).toHaveLength(27); // 2025-01 .. 2027-03
    expect(computeSchedule(extended, REF).months[26].basePay.amount).toBe(459075);

    expect(() => validatePosition(position({ changes: [{ kind: 'earlyEnd', end: '2027-01-31' }] }))).toThrow(/not before/);
    expect(() => validatePosition(position({ changes: [{ kind: 'extension', end: '2026-06-30' }] }))).toThrow(/not after/);
    expect(() => validatePosition(position({ weeklyHours: 40 }))).toThrow(/exceeds fullTimeHours/);
  });
});

describe('allowances with their flags', () => {
  it('computes a position-specific allowance with its own flags', () => {
    // 100.00 not pro rata for part-time, pro rata for the partial month, outside the on-cost base
    const p = position({
      start: '2025-06-10',
      stageHistory: [{ from: '2025-06-10', stage: 3 }],
      weeklyHours: 19.5,
      allowances: [
        {
          code: 'FIX',
          name: 'Test allowance',
          fullTimeAmount: 10000,
          flags: { proRataPartTime: false, proRataPartialMonth: true, inBonusBase: false, inOnCostBase: false },
        },
      ],
    });
    const r = month(p, '2025-06');
    // P = 100.00; A = round(100.00 × 21/30) = 70.00
    expect(r.allowances[0].partTimeAmount).toBe(10000);
    expect(r.allowances[0].amount).toBe(7000);
    // on-cost base = Tabellenentgelt only: A = round(round(4,465.71 × 0.5) × 21/30) = round(2,232.86 × 0.7) = 1,563.00
    expect(r.basePay.amount).toBe(156300);
    expect(r.onCostBase).toBe(156300);
    expect(r.gross).toBe(163300);
  });

  it('requires the flags of a fixed allowance and a reference row for a coded one', () => {
    expect(() => validatePosition(position({ allowances: [{ code: 'FIX', fullTimeAmount: 10000 }] }))).toThrow(PositionInputError);
    // E 10 has no SuE-Zulage row
    const e10 = position({ payScale: 'TVOED_VKA', payGroup: 'E 10' });
    expect(() => month(e10, '2025-01')).toThrow('no allowance row SUE_ZULAGE for E 10 valid on 2025-01-01');
  });

  it('matches a Fallgruppe row (S 15 Fg 6 gets the 180 € Zulage)', () => {
    const ref: ReferenceData = {
      ...REF,
      payTable: [
        ...REF.payTable,
        { payScale: 'TVOED_VKA_SUE', payGroup: 'S 15', validFrom: '2025-04-01', validTo: '2026-04-30', amounts: { '1': 400000 }, computed: true, note: 'fictitious test row' },
      ],
    };
    const p = position({ payGroup: 'S 15', caseGroup: '6', start: '2025-05-01', stageHistory: [{ from: '2025-05-01', stage: 1 }] });
    expect(month(p, '2025-05', ref).allowances[0].amount).toBe(18000);
    const noCase = position({ payGroup: 'S 15', start: '2025-05-01', stageHistory: [{ from: '2025-05-01', stage: 1 }] });
    expect(() => month(noCase, '2025-05', ref)).toThrow(/no allowance row SUE_ZULAGE for S 15/);
  });
});

import {
  BonusResult,
  computeSchedule,
  MissingReferenceDataError,
  PositionInput,
  ReferenceData,
  TVOED_VKA_REFERENCE_DATA as REF,
  UnsupportedCaseError,
} from '@app/personnel-costs';
import { s12Position } from './position.fixture';

/** Full-time S 12 Stufe 3 with SuE-Zulage, 2025–2026, not funded. */
const position = s12Position;

function bonuses(p: PositionInput, ref: ReferenceData = REF): Map<string, BonusResult> {
  const out = new Map<string, BonusResult>();
  for (const m of computeSchedule(p, ref).months) if (m.bonus !== null) out.set(m.month, m.bonus);
  return out;
}

describe('§ 20 TVöD-VKA Jahressonderzahlung', () => {
  it('all of July–September paid, 12 qualifying months (no twelfths): booked in November', () => {
    const b = bonuses(position());
    expect([...b.keys()]).toEqual(['2025-11', '2026-11']);
    const y2025 = b.get('2025-11');
    // Jul, Aug, Sep 2025: 4,465.71 + 180.00 = 4,645.71 each; sum 13,937.13
    expect(y2025?.baseMethod).toBe('julyToSeptemberFull');
    expect(y2025?.baseSum).toBe(1393713);
    expect(y2025?.calendarDaysWithPay).toBe(92);
    // avg = round(13,937.13 / 3) = 4,645.71
    expect(y2025?.average).toBe(464571);
    // S 12 on 1 Sep ⇒ band EG 9a–12 / S 10–S 18, 2025: 70.28 %
    expect(y2025?.ratePercent).toBe('70.28');
    // full = round(4,645.71 × 0.7028) = round(3,265.004988) = 3,265.00
    expect(y2025?.fullAmount).toBe(326500);
    expect(y2025?.qualifyingMonths).toBe(12);
    expect(y2025?.amount).toBe(326500);
  });

  it('averages a stage change inside July–September instead of replacing it', () => {
    const b = bonuses(position({ changes: [{ kind: 'stage', from: '2025-08-01', stage: 4 }] })).get('2025-11');
    // Jul 4,465.71 + 180 = 4,645.71; Aug, Sep 4,769.97 + 180 = 4,949.97; sum 14,545.65
    expect(b?.baseSum).toBe(1454565);
    // avg = round(14,545.65 / 3) = 4,848.55; full = round(4,848.55 × 0.7028) = round(3,407.55…) = 3,407.56
    expect(b?.average).toBe(484855);
    expect(b?.amount).toBe(340756);
  });

  it('uses the 30.67 protocol and twelfths when not all days of July–September are paid', () => {
    const b = bonuses(position({ start: '2025-08-11' })).get('2025-11');
    // Aug: 21 of 31 days: round(4,465.71 × 21/31) = 3,025.16; Zulage round(180 × 21/31) = 121.94
    // Sep: 4,645.71; sum = 3,025.16 + 121.94 + 4,645.71 = 7,792.81; days with pay 21 + 30 = 51
    expect(b?.baseMethod).toBe('julyToSeptemberPartial');
    expect(b?.baseMonths).toEqual(['2025-08', '2025-09']);
    expect(b?.baseSum).toBe(779281);
    expect(b?.calendarDaysWithPay).toBe(51);
    // avg = round(7,792.81 / 51 × 30.67) = round(4,686.378…) = 4,686.38
    expect(b?.average).toBe(468638);
    // full = round(4,686.38 × 0.7028) = round(3,293.5878…) = 3,293.59
    expect(b?.fullAmount).toBe(329359);
    // Aug–Dec = 5 months with entitlement: round(3,293.59 × 5/12) = round(1,372.329…) = 1,372.33
    expect(b?.qualifyingMonths).toBe(5);
    expect(b?.amount).toBe(137233);
  });

  it('one paid day in September: 30.67 protocol on a single day', () => {
    const b = bonuses(position({ start: '2025-09-30' })).get('2025-11');
    // Sep: round(4,465.71 × 1/30) = 148.86; Zulage 180 × 1/30 = 6.00; sum 154.86, 1 day
    // avg = round(154.86 × 30.67) = round(4,749.5562) = 4,749.56; full = round(4,749.56 × 0.7028) = 3,337.99
    // Sep–Dec = 4 months: round(3,337.99 × 4/12) = round(1,112.663…) = 1,112.66
    expect([b?.baseSum, b?.calendarDaysWithPay, b?.average, b?.fullAmount, b?.amount]).toEqual([
      15486, 1, 474956, 333799, 111266,
    ]);
  });

  it('employment beginning after 30 September: base = first full calendar month', () => {
    // start 15.10.2025 ⇒ first full month November: 4,645.71
    const b = bonuses(position({ start: '2025-10-15' })).get('2025-11');
    expect(b?.baseMethod).toBe('firstFullMonth');
    expect(b?.baseMonths).toEqual(['2025-11']);
    expect(b?.average).toBe(464571);
    expect(b?.fullAmount).toBe(326500);
    // Oct, Nov, Dec = 3 months: round(3,265.00 × 3/12) = 816.25
    expect(b?.qualifyingMonths).toBe(3);
    expect(b?.amount).toBe(81625);
    // start on 01.10. ⇒ October itself is the first full month
    expect(bonuses(position({ start: '2025-10-01' })).get('2025-11')?.baseMonths).toEqual(['2025-10']);
  });

  it('employment beginning on 1 December: booked in December with 1/12', () => {
    const b = bonuses(position({ start: '2025-12-01' }));
    const dec = b.get('2025-12');
    expect(dec?.baseMonths).toEqual(['2025-12']);
    // round(3,265.00 × 1/12) = round(272.083…) = 272.08
    expect(dec?.amount).toBe(27208);
    expect(b.has('2025-11')).toBe(false);
  });

  it('no bonus when the employment ends before 1 December; the full one if it exists on 1 December', () => {
    expect(bonuses(position({ end: '2025-11-30' })).size).toBe(0);
    const dec1 = bonuses(position({ end: '2025-12-01' })).get('2025-11');
    // December has one day of entitlement ⇒ it counts fully: 12 months
    expect(dec1?.qualifyingMonths).toBe(12);
    expect(dec1?.amount).toBe(326500);
  });

  it('uses 85 % from 2026', () => {
    const b = bonuses(position()).get('2026-11');
    // Jul–Sep 2026: 4,590.75 (computed 2026 row) + 180 = 4,770.75; full = round(4,770.75 × 0.85) = round(4,055.1375) = 4,055.14
    expect(b?.ratePercent).toBe('85');
    expect(b?.average).toBe(477075);
    expect(b?.amount).toBe(405514);
  });

  it('follows part-time: the base is the part-time monthly amount incl. the Zulage', () => {
    const b = bonuses(position({ weeklyHours: 19.5 })).get('2025-11');
    // round(4,465.71 / 2) = 2,232.86 (from 2,232.855) + 90.00 = 2,322.86; × 0.7028 = 1,632.506… → 1,632.51
    expect(b?.average).toBe(232286);
    expect(b?.amount).toBe(163251);
  });

  it('leaves out allowances that are not in the bonus base', () => {
    const p = position({
      allowances: [
        { code: 'SUE_ZULAGE' },
        {
          code: 'FIX',
          fullTimeAmount: 10000,
          flags: { proRataPartTime: true, proRataPartialMonth: true, inBonusBase: false, inOnCostBase: true },
        },
      ],
    });
    expect(bonuses(p).get('2025-11')?.average).toBe(464571);
  });

  it('reduces the cash amount only for a chosen conversion into free days', () => {
    const p = position({ bonusConversions: [{ year: 2026, freeDays: 2, cashReduction: 50000 }] });
    const b = bonuses(p);
    expect(b.get('2025-11')?.amount).toBe(326500);
    // 4,055.14 − 500.00 = 3,555.14
    expect(b.get('2026-11')?.reducedAmount).toBe(405514);
    expect(b.get('2026-11')?.amount).toBe(355514);
  });

  it('is part of November’s gross', () => {
    const nov = computeSchedule(position(), REF).months.find((m) => m.month === '2025-11');
    // 4,465.71 + 180.00 + 3,265.00 = 7,910.71
    expect(nov?.gross).toBe(791071);
  });

  it('fails with typed errors when the rules or data do not determine it', () => {
    // began after 30 September without any full calendar month
    expect(() => computeSchedule(position({ start: '2025-11-02', end: '2025-12-20' }), REF)).toThrow(UnsupportedCaseError);
    // a pay group in no band
    const noBand: ReferenceData = {
      ...REF,
      bonusBands: REF.bonusBands.map((b) => ({ ...b, payGroups: b.payGroups.filter((g) => g !== 'S 12') })),
    };
    expect(() => computeSchedule(position(), noBand)).toThrow(MissingReferenceDataError);
    expect(() => computeSchedule(position(), noBand)).toThrow('pay group S 12 is in no Jahressonderzahlung band');
  });
});

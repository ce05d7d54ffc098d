import {
  computeMonth,
  computeSchedule,
  CumulativeStateError,
  FLAT_ON_COST_MODEL_SIMPLIFICATIONS,
  INITIAL_CUMULATIVE_STATE,
  MissingReferenceDataError,
  MonthOutsideEmploymentError,
  MonthResult,
  PositionInput,
  TVOED_VKA_REFERENCE_DATA as REF,
} from '@app/personnel-costs';
import { s12Position } from './position.fixture';

/**
 * Full-time S 12 Stufe 3 with SuE-Zulage from 01.04.2025, funded 80 % (Anteilfinanzierung).
 * A full month 2025: gross 4,465.71 + 180.00 = 4,645.71;
 *   SV  = round(4,645.71 × 20.95 %) = round(973.276245) = 973.28
 *   ZVK = round(4,645.71 × 6.00 %)  = round(278.7426)   = 278.74
 *   cost = 4,645.71 + 973.28 + 278.74 = 5,897.73
 */
function position(over: Partial<PositionInput> = {}): PositionInput {
  return s12Position({
    start: '2025-04-01',
    end: '2027-03-31',
    fundingPeriod: { from: '2025-04-01', to: '2027-03-31' },
    financing: { type: 'share', ratePercent: '80', cap: null },
    ...over,
  });
}

function byMonth(p: PositionInput): Map<string, MonthResult> {
  return new Map(computeSchedule(p, REF).months.map((m) => [m.month, m]));
}

describe('section 4: on-costs per component', () => {
  it('rounds each component separately on the month’s gross', () => {
    const m = byMonth(position()).get('2025-06');
    expect(m?.gross).toBe(464571);
    expect(m?.onCostBase).toBe(464571);
    expect(m?.onCosts.map((c) => [c.component, c.ratePercent, c.amount])).toEqual([
      ['SV', '20.95', 97328],
      ['ZVK', '6.00', 27874],
    ]);
    expect(m?.onCostsTotal).toBe(125202);
    expect(m?.totalCost).toBe(589773);
    expect(m?.simplifications).toEqual(FLAT_ON_COST_MODEL_SIMPLIFICATIONS);
    expect(m?.notes.some((n) => n.includes('ZVK 6.00 % is assumed'))).toBe(true);
  });

  it('includes the bonus in November’s base', () => {
    const m = byMonth(position()).get('2025-11');
    // bonus: Jul–Sep 4,645.71 each ⇒ avg 4,645.71 × 70.28 % = 3,265.00; employment from April:
    // Apr–Dec = 9 qualifying months ⇒ round(3,265.00 × 9/12) = 2,448.75
    expect(m?.bonus?.qualifyingMonths).toBe(9);
    expect(m?.bonus?.amount).toBe(244875);
    // gross = 4,645.71 + 2,448.75 = 7,094.46; SV = round(7,094.46 × 0.2095) = round(1,486.28937) = 1,486.29;
    // ZVK = round(7,094.46 × 0.06) = round(425.6676) = 425.67
    expect(m?.gross).toBe(709446);
    expect(m?.onCosts.map((c) => c.amount)).toEqual([148629, 42567]);
  });

  it('uses the rate valid on the reference date: 21.15 % in 2026, assumed unchanged in 2027', () => {
    const months = byMonth(position());
    // 2026-01: SV = round(4,645.71 × 0.2115) = round(982.567665) = 982.57
    expect(months.get('2026-01')?.onCosts[0].amount).toBe(98257);
    expect(months.get('2026-01')?.onCosts[0].assumed).toBe(false);
    expect(months.get('2027-01')?.onCosts[0].ratePercent).toBe('21.15');
    expect(months.get('2027-01')?.onCosts[0].assumed).toBe(true);
  });

  it('leaves an allowance outside the on-cost base when flagged so', () => {
    const p = position({
      allowances: [
        {
          code: 'FIX',
          fullTimeAmount: 10000,
          flags: { proRataPartTime: true, proRataPartialMonth: true, inBonusBase: false, inOnCostBase: false },
        },
      ],
    });
    const m = byMonth(p).get('2025-06');
    // gross 4,465.71 + 100.00 = 4,565.71, base 4,465.71: SV = round(935.566245) = 935.57, ZVK = round(267.9426) = 267.94
    expect(m?.gross).toBe(456571);
    expect(m?.onCostBase).toBe(446571);
    expect(m?.onCosts.map((c) => c.amount)).toEqual([93557, 26794]);
  });

  it('fails with a typed error where no on-cost rate is known (SV before 2025 is not in the data)', () => {
    const p = position({ start: '2024-06-01', fundingPeriod: null, financing: { type: 'none' } });
    expect(() => computeSchedule(p, REF)).toThrow(MissingReferenceDataError);
    expect(() => computeSchedule(p, REF)).toThrow('no on-cost rate for SV valid on 2024-06-01');
  });
});

describe('section 5: eligible cost and the cumulative capped share', () => {
  it('takes cumShare = min(H, round(q × cumCost)); the cap month gets the remainder, later months 0', () => {
    const p = position({ financing: { type: 'share', ratePercent: '80', cap: 1000000 } });
    const m = computeSchedule(p, REF).months;
    const rows = m.slice(0, 4).map((x) => [x.month, x.eligibleCost, x.cumulative.share, x.reimbursement, x.ownShare]);
    expect(rows).toEqual([
      // cumCost 5,897.73: round(0.8 × 5,897.73) = round(4,718.184) = 4,718.18
      ['2025-04', 589773, 471818, 471818, 117955],
      // cumCost 11,795.46: round(9,436.368) = 9,436.37 ⇒ 4,718.19 (one cent more than round(q × costM))
      ['2025-05', 589773, 943637, 471819, 117954],
      // cumCost 17,693.19: round(14,154.552) = 14,154.55 > H ⇒ 10,000.00; remainder 10,000.00 − 9,436.37 = 563.63
      ['2025-06', 589773, 1000000, 56363, 533410],
      // capped: 0, the own share carries the whole cost
      ['2025-07', 589773, 1000000, 0, 589773],
    ]);
    expect(m.slice(3).every((x) => x.reimbursement === 0 && x.ownShare === x.eligibleCost)).toBe(true);
    expect(m.reduce((s, x) => s + x.reimbursement, 0)).toBe(1000000);
  });

  it('only counts months inside the Bewilligungszeitraum, pro rata by days where it splits a month', () => {
    const p = position({ fundingPeriod: { from: '2025-04-16', to: '2025-05-31' } });
    const months = byMonth(p);
    const apr = months.get('2025-04');
    // 16.04.–30.04. = 15 of 30 entitlement days: round(5,897.73 × 15/30) = round(2,948.865) = 2,948.87
    expect(apr?.fundingDays).toBe(15);
    expect(apr?.eligibleCost).toBe(294887);
    expect(apr?.nonEligibleCost).toBe(589773 - 294887);
    expect(apr?.notes.some((n) => n.includes('15 of 30'))).toBe(true);
    expect(months.get('2025-05')?.eligibleCost).toBe(589773);
    const june = months.get('2025-06');
    expect([june?.eligibleCost, june?.reimbursement, june?.ownShare, june?.nonEligibleCost]).toEqual([0, 0, 0, 589773]);
  });

  it('leaves out components the programme does not accept', () => {
    const p = position({ ineligibleComponents: ['onCost:ZVK'] });
    const m = byMonth(p).get('2025-04');
    // 4,645.71 + 973.28 = 5,618.99 eligible; ZVK 278.74 not
    expect(m?.eligibleCost).toBe(561899);
    expect(m?.nonEligibleCost).toBe(27874);
    // round(0.8 × 5,618.99) = round(4,495.192) = 4,495.19
    expect(m?.reimbursement).toBe(449519);
  });

  it('represents Fehlbedarf and Festbetrag (accrual as cost arises)', () => {
    // Fehlbedarf: own funds 5,000.00 first: Apr max(0, 5,897.73 − 5,000) = 897.73; May 11,795.46 − 5,000 = 6,795.46
    const deficit = computeSchedule(
      position({ financing: { type: 'deficit', ownFunds: 500000, thirdPartyFunds: 0, cap: null } }),
      REF,
    ).months;
    expect(deficit.slice(0, 2).map((x) => x.reimbursement)).toEqual([89773, 589773]);
    // Festbetrag 8,000.00: Apr 5,897.73; May 8,000.00 − 5,897.73 = 2,102.27; then 0
    const fixed = computeSchedule(position({ financing: { type: 'fixed', amount: 800000 } }), REF).months;
    expect(fixed.slice(0, 3).map((x) => x.reimbursement)).toEqual([589773, 210227, 0]);
  });
});

describe('section 6: ledger entries', () => {
  it('books every component on its account, dated the last day of the month', () => {
    const m = byMonth(position()).get('2025-04');
    expect(m?.ledger.map((l) => [l.date, l.account, l.component, l.kind, l.amount])).toEqual([
      ['2025-04-30', '620010', 'basePay', 'expense', 446571],
      ['2025-04-30', '620010', 'allowance:SUE_ZULAGE', 'expense', 18000],
      ['2025-04-30', '640010', 'onCost:SV', 'expense', 97328],
      ['2025-04-30', '647010', 'onCost:ZVK', 'expense', 27874],
      ['2025-04-30', '541100', 'reimbursement', 'revenue', 471818],
    ]);
  });

  it('takes account numbers and the product from configuration', () => {
    const p = position({
      accounts: { pay: '501200', bonus: '501250', onCosts: { SV: '503200', ZVK: '504200' }, reimbursement: '414100', product: '3636' },
    });
    const nov = byMonth(p).get('2025-11');
    expect(nov?.ledger.map((l) => [l.date, l.account, l.component, l.product])).toEqual([
      ['2025-11-30', '501200', 'basePay', '3636'],
      ['2025-11-30', '501200', 'allowance:SUE_ZULAGE', '3636'],
      ['2025-11-30', '501250', 'bonus', '3636'],
      ['2025-11-30', '503200', 'onCost:SV', '3636'],
      ['2025-11-30', '504200', 'onCost:ZVK', '3636'],
      ['2025-11-30', '414100', 'reimbursement', '3636'],
    ]);
    const expenses = nov?.ledger.filter((l) => l.kind === 'expense').reduce((s, l) => s + l.amount, 0);
    expect(expenses).toBe(nov?.totalCost);
  });
});

describe('computeMonth alone', () => {
  it('equals the schedule month by month when fed the cumulative state', () => {
    const p = position({ financing: { type: 'share', ratePercent: '80', cap: 5000000 } });
    const schedule = computeSchedule(p, REF);
    let state = INITIAL_CUMULATIVE_STATE;
    for (const expected of schedule.months) {
      const actual = computeMonth(p, REF, expected.month, state);
      expect(actual).toEqual(expected);
      state = actual.cumulative;
    }
    expect(state.share).toBe(5000000);
  });

  it('survives a JSON round trip of position, reference data and state (Temporal payloads)', () => {
    const p = position();
    const ref = JSON.parse(JSON.stringify(REF));
    const first = computeMonth(p, ref, '2025-04', INITIAL_CUMULATIVE_STATE);
    const second = computeMonth(JSON.parse(JSON.stringify(p)), ref, '2025-05', JSON.parse(JSON.stringify(first.cumulative)));
    expect(second).toEqual(computeSchedule(p, REF).months[1]);
  });

  it('rejects a cumulative state that does not run through the month before', () => {
    const p = position();
    expect(() => computeMonth(p, REF, '2025-05', INITIAL_CUMULATIVE_STATE)).toThrow(CumulativeStateError);
    expect(() => computeMonth(p, REF, '2025-04', { throughMonth: '2025-03', eligibleCost: 0, share: 0 })).toThrow(
      CumulativeStateError,
    );
    expect(() => computeMonth(p, REF, '2025-05', { throughMonth: '2025-04', eligibleCost: 1.5, share: 0 })).toThrow(
      CumulativeStateError,
    );
  });

  it('rejects a month outside the employment', () => {
    const p = position();
    expect(() => computeMonth(p, REF, '2025-03', INITIAL_CUMULATIVE_STATE)).toThrow(MonthOutsideEmploymentError);
    expect(() => computeMonth(p, REF, '2027-04', { throughMonth: '2027-03', eligibleCost: 0, share: 0 })).toThrow(
      'month 2027-04 does not overlap the employment 2025-04-01..2027-03-31',
    );
  });
});

import {
  computeMonth,
  computeSchedule,
  INITIAL_CUMULATIVE_STATE,
  MissingReferenceDataError,
  PositionInput,
  ReferenceData,
  TVOED_VKA_REFERENCE_DATA,
} from '@app/personnel-costs';
import { monthEnd } from '@app/calendar';

/**
 * "Eine Vollzeitstelle für eine/n Netzwerkkoordinator/in für die Dauer von 3 Jahren":
 * S 12, full-time (39/39 h), 01.04.2024–31.03.2027 (36 months, the span the pay rows cover),
 * Stufe 3, Stufe 4 from 01.04.2026, SuE-Zulage 180 €, Anteilfinanzierung 80 %, cap 170,000.00 €.
 */
const coordinator: PositionInput = {
  id: 'netzwerkkoordination-2024',
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 12',
  start: '2024-04-01',
  end: '2027-03-31',
  stageHistory: [{ from: '2024-04-01', stage: 3 }],
  weeklyHours: 39,
  fullTimeHours: 39,
  allowances: [{ code: 'SUE_ZULAGE' }],
  fundingPeriod: { from: '2024-04-01', to: '2027-03-31' },
  financing: { type: 'share', ratePercent: '80', cap: 17000000 },
  changes: [{ kind: 'stage', from: '2026-04-01', stage: 4 }],
};

/**
 * PERSONNEL-COSTS.md gives on-cost rates from 2025 only. For 2024 this test adds (test data,
 * not shipped): SV 20.45 % = RV 9.30 + KV 7.30 + ½ × average Zusatzbeitrag 1.7 % (0.85)
 * + PV 1.70 + AV 1.30, and ZVK 6.00 % (assumed, as for 2025).
 */
const REF: ReferenceData = {
  ...TVOED_VKA_REFERENCE_DATA,
  onCostRates: [
    ...TVOED_VKA_REFERENCE_DATA.onCostRates,
    { component: 'SV', name: 'Arbeitgeberanteil Sozialversicherung', validFrom: '2024-01-01', validTo: '2024-12-31', ratePercent: '20.45', assumed: true, note: 'test data' },
    { component: 'ZVK', name: 'Zusatzversorgung (ZVK-Umlage, Arbeitgeber)', validFrom: '2024-01-01', validTo: '2024-12-31', ratePercent: '6.00', assumed: true, note: 'test data' },
  ],
};

describe('3-year full-time S 12 coordinator position, 2024-04..2027-03', () => {
  it('fails with a typed error on the shipped data alone (no SV rate for 2024)', () => {
    expect(() => computeSchedule(coordinator, TVOED_VKA_REFERENCE_DATA)).toThrow(MissingReferenceDataError);
    expect(() => computeSchedule(coordinator, TVOED_VKA_REFERENCE_DATA)).toThrow('no on-cost rate for SV valid on 2024-04-01');
  });

  const schedule = computeSchedule(coordinator, REF);
  const at = (m: string) => {
    const r = schedule.months.find((x) => x.month === m);
    if (r === undefined) throw new Error(`no month ${m}`);
    return r;
  };

  it('has 36 months with tariff rises, the stage change and three bonuses', () => {
    expect(schedule.months).toHaveLength(36);
    expect(schedule.months[0].month).toBe('2024-04');
    expect(schedule.months[35].month).toBe('2027-03');
    // Tabellenentgelt: 4,335.64 (St 3, 2024) → 4,465.71 (St 3, 2025) → 4,769.97 (St 4, 2025) → 4,903.53 (St 4, 2026 computed)
    expect([at('2025-03'), at('2025-04'), at('2026-04'), at('2026-05')].map((m) => [m.stage, m.basePay.amount])).toEqual([
      [3, 433564],
      [3, 446571],
      [4, 476997],
      [4, 490353],
    ]);
    // 2024: avg Jul–Sep 4,515.64 × 70.28 % = 3,173.591… → 3,173.59; Apr–Dec 9/12 ⇒ round(2,380.1925) = 2,380.19
    // 2025: avg 4,645.71 × 70.28 % = 3,265.004988 → 3,265.00 (12/12)
    // 2026: avg (4,903.53 + 180) = 5,083.53 × 85 % = 4,321.0005 → 4,321.00 (12/12)
    expect(schedule.months.filter((m) => m.bonus !== null).map((m) => [m.month, m.bonus?.amount])).toEqual([
      ['2024-11', 238019],
      ['2025-11', 326500],
      ['2026-11', 432100],
    ]);
  });

  it('has the totals to the cent', () => {
    /*
     * Tabellenentgelt: 12 × 4,335.64 + 12 × 4,465.71 + 4,769.97 + 11 × 4,903.53
     *   = 52,027.68 + 53,588.52 + 4,769.97 + 53,938.83 = 164,325.00
     * SuE-Zulage: 36 × 180.00 = 6,480.00
     * Jahressonderzahlung: 2,380.19 + 3,265.00 + 4,321.00 = 9,966.19
     * gross = 164,325.00 + 6,480.00 + 9,966.19 = 180,771.19
     * SV per month rounded, e.g. 2024 regular month round(4,515.64 × 20.45 %) = round(923.44838) = 923.45;
     *   by year 8,797.80 + 12,281.62 + 13,509.88 + 3,225.51 = 37,814.81
     * ZVK per month rounded, e.g. round(4,515.64 × 6 %) = round(270.9384) = 270.94;
     *   by year 2,581.27 + 3,517.38 + 3,832.56 + 915.03 = 10,846.24
     * cost = 180,771.19 + 37,814.81 + 10,846.24 = 229,432.24 (all eligible)
     * share: cumCost through 2026-12 = 210,041.11 ⇒ round(0.8 ×) = 168,032.89;
     *   through 2027-01 = 216,504.82 ⇒ 173,203.86 > cap ⇒ 170,000.00
     * own share = 229,432.24 − 170,000.00 = 59,432.24
     * (figures cross-checked with an independent Decimal computation)
     */
    expect(schedule.totals).toEqual({
      basePay: 16432500,
      allowances: { SUE_ZULAGE: 648000 },
      bonus: 996619,
      gross: 18077119,
      onCosts: { SV: 3781481, ZVK: 1084624 },
      onCostsTotal: 4866105,
      totalCost: 22943224,
      eligibleCost: 22943224,
      nonEligibleCost: 0,
      reimbursement: 17000000,
      ownShare: 5943224,
    });
  });

  it('reaches the cap in January 2027 and pays nothing after', () => {
    expect(at('2026-12').cumulative.share).toBe(16803289);
    // 170,000.00 − 168,032.89 = 1,967.11; own share 6,463.71 − 1,967.11 = 4,496.60
    expect([at('2027-01').reimbursement, at('2027-01').ownShare]).toEqual([196711, 449660]);
    expect([at('2027-02').reimbursement, at('2027-03').reimbursement]).toEqual([0, 0]);
    expect(at('2027-03').ownShare).toBe(646371);
  });

  it('gives the same months when computed one at a time with the cumulative state', () => {
    let state = INITIAL_CUMULATIVE_STATE;
    const months = [];
    for (const m of schedule.months.map((x) => x.month)) {
      const r = computeMonth(coordinator, REF, m, state);
      months.push(r);
      state = r.cumulative;
    }
    expect(months).toEqual(schedule.months);
    expect(state).toEqual({ throughMonth: '2027-03', eligibleCost: 22943224, share: 17000000 });
  });

  it('books ledger lines that add up to the totals', () => {
    const lines = schedule.months.flatMap((m) => m.ledger);
    const byAccount = (account: string) => lines.filter((l) => l.account === account).reduce((s, l) => s + l.amount, 0);
    expect(byAccount('620010')).toBe(18077119);
    expect(byAccount('640010')).toBe(3781481);
    expect(byAccount('647010')).toBe(1084624);
    expect(byAccount('541100')).toBe(17000000);
    // dated at the nominal pay day, the last calendar day of each month
    expect(lines.every((l) => l.date === monthEnd(l.month))).toBe(true);
    expect(lines.filter((l) => l.month === '2026-02').map((l) => l.date)).toEqual(Array(5).fill('2026-02-28'));
    expect(schedule.notes.some((n) => n.includes('computed by rule'))).toBe(true);
    expect(schedule.simplifications.length).toBeGreaterThan(0);
  });
});

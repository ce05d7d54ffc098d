import { isAmendable, lastDayOfPeriod, periodProblems, planProblems, planTotals } from './application-rules';

describe('application rules', () => {
  describe('lastDayOfPeriod (BGB §§ 187 Abs. 2, 188)', () => {
    it.each([
      ['2026-01-01', 36, '2028-12-31'],
      ['2026-01-15', 1, '2026-02-14'],
      ['2026-01-31', 1, '2026-02-28'],
      ['2026-01-29', 1, '2026-02-28'],
      ['2026-01-28', 1, '2026-02-27'],
      ['2027-01-31', 1, '2027-02-28'],
      ['2027-12-31', 2, '2028-02-29'],
      ['2026-03-31', 1, '2026-04-30'],
    ])('%s + %i months ends on %s', (start, months, end) => {
      expect(lastDayOfPeriod(start, months)).toBe(end);
    });
  });

  describe('periodProblems', () => {
    const rules = { minPeriodMonths: 36, maxPeriodMonths: 48 };
    it('accepts the limits themselves and no rules at all', () => {
      expect(periodProblems('2026-01-01', '2028-12-31', rules)).toEqual([]);
      expect(periodProblems('2026-01-01', '2029-12-31', rules)).toEqual([]);
      expect(periodProblems('2026-01-01', '2026-01-02', { minPeriodMonths: null, maxPeriodMonths: null })).toEqual([]);
    });
    it('refuses an end not after the start, and lengths beyond the limits, naming the day', () => {
      expect(periodProblems('2026-01-01', '2026-01-01', rules)).toEqual([{ field: 'periodEnd', reason: 'must be after periodStart (2026-01-01)' }]);
      expect(periodProblems('2026-01-01', '2025-12-31', rules)).toHaveLength(1);
      expect(periodProblems('2026-01-01', '2028-12-30', rules)).toEqual([
        { field: 'periodEnd', reason: 'the programme asks for at least 36 months: end on or after 2028-12-31' },
      ]);
      expect(periodProblems('2026-01-01', '2030-01-01', rules)).toEqual([
        { field: 'periodEnd', reason: 'the programme allows at most 48 months: end on or before 2029-12-31' },
      ]);
    });
  });

  describe('plans', () => {
    const cost = [
      { category: 'personnel' as const, label: 'Stelle', fiscalYear: 2026, amountCents: 5_670_000 },
      { category: 'material' as const, label: 'Sachkosten', fiscalYear: null, amountCents: 30_001 },
    ];
    const financing = [
      { source: 'funder' as const, label: 'Land', amountCents: 4_560_000 },
      { source: 'own' as const, label: 'Eigenmittel', amountCents: 1_000_000 },
      { source: 'third_party' as const, label: 'Stiftung', amountCents: 140_001 },
    ];

    it('totals every source in cents', () => {
      expect(planTotals(cost, financing)).toEqual({ costCents: 5_700_001, financingCents: 5_700_001, funderCents: 4_560_000, ownCents: 1_000_000, thirdPartyCents: 140_001 });
      expect(planProblems(cost, financing, '2026-01-01', '2026-12-31')).toEqual([]);
    });

    it('demands that the financing plan covers the cost plan to the cent', () => {
      expect(planProblems(cost, financing.slice(0, 2), '2026-01-01', '2026-12-31')).toEqual([
        { field: 'financingPlan', reason: 'the financing plan (55.600,00 €) must cover the cost plan total (57.000,01 €) exactly; difference -1.400,01 €' },
      ]);
    });

    it('demands fiscal years within the period and exact totals', () => {
      expect(planProblems(cost, financing, '2027-01-01', '2028-12-31')).toEqual([
        { field: 'costPlan.0.fiscalYear', reason: '2026 is not a year of the project period 2027-01-01 to 2028-12-31' },
      ]);
      const big = Number.MAX_SAFE_INTEGER;
      expect(planProblems([{ ...cost[0]!, amountCents: big }, { ...cost[1]!, amountCents: 1 }], [{ ...financing[0]!, amountCents: big }], '2026-01-01', '2026-12-31')).toEqual([
        { field: 'costPlan', reason: 'the total exceeds the largest amount that can be held exactly' },
      ]);
    });
  });

  it('allows amendments in open states after the draft only', () => {
    expect(isAmendable('draft')).toBe(false);
    for (const status of ['closed', 'withdrawn', 'rejected', 'repayment'] as const) expect(isAmendable(status)).toBe(false);
    for (const status of ['internal_review', 'council_consultation', 'submitted', 'approved', 'partly_approved', 'disbursing', 'reporting', 'proof_of_use_due', 'proof_submitted', 'checked'] as const) {
      expect(isAmendable(status)).toBe(true);
    }
  });
});

import {
  disbursementWindowEnd,
  earliestPayoutDate,
  interimReportDueDates,
  LAND_HOLIDAY_RULES,
  latestCoverableMonth,
  monthsCoverableByPayout,
  proofOfUseDueDate,
} from '@app/calendar';

describe('Zwischennachweis', () => {
  it('is due on 30 April after every fiscal year whose 31.12. lies before the period end', () => {
    // 2025-01-01..2027-12-31: 31.12.2025 and 31.12.2026 lie before the end; 31.12.2027 is the end itself
    const due = interimReportDueDates('2025-01-01', '2027-12-31');
    expect(due.map((d) => [d.fiscalYear, d.due.nominal])).toEqual([
      [2025, '2026-04-30'], // addMonths(31.12.2025, 4) = 30.04.2026
      [2026, '2027-04-30'],
    ]);
  });

  it('includes the last full year even when the period ends before that 30 April, unless waived', () => {
    // 2024-04-01..2027-03-31: years 2024, 2025, 2026; the 2026 report (30.04.2027) falls after the end
    const due = interimReportDueDates('2024-04-01', '2027-03-31');
    expect(due.map((d) => d.due.nominal)).toEqual(['2025-04-30', '2026-04-30', '2027-04-30']);
    const waived = interimReportDueDates('2024-04-01', '2027-03-31', { waiver: 'lastWhenPeriodEndsBeforeDue' });
    expect(waived.map((d) => d.due.nominal)).toEqual(['2025-04-30', '2026-04-30']);
    // the waiver does not touch a last report that falls inside the period
    expect(interimReportDueDates('2025-01-01', '2027-06-30', { waiver: 'lastWhenPeriodEndsBeforeDue' })).toHaveLength(2);
    expect(interimReportDueDates('2024-04-01', '2027-03-31', { waiver: 'all' })).toEqual([]);
  });

  it('is not due for a period inside one year', () => {
    expect(interimReportDueDates('2025-02-01', '2025-12-31')).toEqual([]);
  });

  it('shows the nominal and the effective date', () => {
    // 30.04.2028 is a Sunday, 01.05. a holiday ⇒ effective Tuesday 02.05.2028
    const due = interimReportDueDates('2025-01-01', '2028-06-30');
    expect(due[2]).toEqual({
      fiscalYear: 2027,
      due: { nominal: '2028-04-30', effective: '2028-05-02', shifted: true },
    });
  });
});

describe('Verwendungsnachweis', () => {
  it('is due on the last day of the sixth month after the month the period ends', () => {
    expect(proofOfUseDueDate('2027-03-31').nominal).toBe('2027-09-30'); // ending 31.03. ⇒ 30.09.
    expect(proofOfUseDueDate('2026-03-15').nominal).toBe('2026-09-30'); // ending 15.03. ⇒ also 30.09.
    expect(proofOfUseDueDate('2025-08-31').nominal).toBe('2026-02-28');
  });

  it('is earlier when the purpose was fulfilled earlier (six months after fulfilment)', () => {
    expect(proofOfUseDueDate('2027-03-31', { purposeFulfilledOn: '2026-12-15' }).nominal).toBe('2027-06-15');
  });

  it('is shifted off a weekend', () => {
    // ending 30.11.2025 ⇒ 31.05.2026, a Sunday ⇒ Monday 01.06.2026
    expect(proofOfUseDueDate('2025-11-30', { holidays: LAND_HOLIDAY_RULES.HE })).toEqual({
      nominal: '2026-05-31',
      effective: '2026-06-01',
      shifted: true,
    });
  });
});

describe('Mittelabruf (ANBest-P Nr. 1.4, two-month rule)', () => {
  it('covers the months whose last day is on or before addMonths(A, 2)', () => {
    // payout 30.11.2025 ⇒ window ends 30.01.2026 ⇒ January (due 31.01.) is not yet covered
    expect(disbursementWindowEnd('2025-11-30')).toBe('2026-01-30');
    expect(monthsCoverableByPayout('2025-11-30', ['2025-10', '2025-11', '2025-12', '2026-01'])).toEqual([
      '2025-10', // already due months are included
      '2025-11',
      '2025-12',
    ]);
    // payout 01.12.2025 ⇒ window ends 01.02.2026 ⇒ January covered
    expect(monthsCoverableByPayout('2025-12-01', ['2025-12', '2026-01', '2026-02'])).toEqual(['2025-12', '2026-01']);
    expect(latestCoverableMonth('2025-11-30')).toBe('2025-12');
    expect(latestCoverableMonth('2025-12-01')).toBe('2026-01');
    // 31.12.2025 + 2 months = 28.02.2026 = the last day of February ⇒ February covered
    expect(latestCoverableMonth('2025-12-31')).toBe('2026-02');
  });

  it('gives the earliest payout date for a month', () => {
    // costs due 31.01. may not be paid out before 01.12. (30.11. + 2 months = 30.01.)
    expect(earliestPayoutDate('2026-01')).toBe('2025-12-01');
    // due 28.02.2026: 28.12.2025 + 2 = 28.02.2026, but 27.12.2025 + 2 = 27.02.2026
    expect(earliestPayoutDate('2026-02')).toBe('2025-12-28');
    // due 29.02.2028: 29.12.2027 + 2 = 29.02.2028
    expect(earliestPayoutDate('2028-02')).toBe('2027-12-29');
    // due 30.04.2026: 28.02.2026 + 2 = 28.04. (too early); 01.03.2026 + 2 = 01.05.
    expect(earliestPayoutDate('2026-04')).toBe('2026-03-01');
  });

  it('accepts other windows (six weeks, three months)', () => {
    const sixWeeks = { unit: 'weeks', length: 6 } as const;
    // 6 weeks = 42 days: 31.01.2026 − 42 days = 20.12.2025
    expect(disbursementWindowEnd('2025-12-20', sixWeeks)).toBe('2026-01-31');
    expect(earliestPayoutDate('2026-01', sixWeeks)).toBe('2025-12-20');
    const threeMonths = { unit: 'months', length: 3 } as const;
    expect(monthsCoverableByPayout('2025-11-30', ['2026-01', '2026-02', '2026-03'], threeMonths)).toEqual([
      '2026-01',
      '2026-02', // 30.11.2025 + 3 = 28.02.2026
    ]);
    expect(earliestPayoutDate('2026-01', threeMonths)).toBe('2025-10-31');
  });
});

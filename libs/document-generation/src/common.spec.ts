import { costPlanOf, fileStem, financeExpenses, placeOf } from './common';
import { plannedPayments } from './funding-documents';
import type { CostLineRow } from './sources';

const line = (lineNo: number, category: CostLineRow['category'], label: string, fiscalYear: number | null, amountCents: number): CostLineRow => ({ lineNo, category, label, fiscalYear, amountCents });

describe('costPlanOf', () => {
  const period = { start: '2025-07-01', end: '2027-06-30' };

  it('numbers the lines per category in plan order and puts each amount into its fiscal year', () => {
    const { plan, positions } = costPlanOf(
      [line(1, 'material', 'Sachkosten', 2026, 500), line(2, 'personnel', 'Stelle', 2025, 1000), line(3, 'personnel', 'Stelle', 2026, 2000), line(4, 'personnel', 'Honorare', 2027, 300)],
      period,
      'Test',
    );
    expect(plan.fiscalYears).toEqual([2025, 2026, 2027]);
    expect(positions.map((p) => [p.position, p.label])).toEqual([['2.1', 'Sachkosten'], ['1.1', 'Stelle'], ['1.2', 'Honorare']]);
    expect(plan.lines.map((l) => l.amounts)).toEqual([[0, 500, 0], [1000, 2000, 0], [0, 0, 300]]);
  });

  it('spreads a line for the whole period over its years by days, half-up, the rest on the last year', () => {
    // 184 days in 2025, 365 in 2026, 181 in 2027: 730 days.
    const { plan } = costPlanOf([line(1, 'other', 'Ausstattung', null, 1_000_001)], period, 'Test');
    const [a, b, c] = plan.lines[0]!.amounts;
    expect([a, b]).toEqual([Math.round((1_000_001 * 184) / 730), Math.round((1_000_001 * 365) / 730)]);
    expect(a! + b! + c!).toBe(1_000_001);
  });

  it('refuses an empty plan and a year outside the period as a conflict naming the line', () => {
    expect(() => costPlanOf([], period, 'Test')).toThrow(/no lines/);
    expect(() => costPlanOf([line(7, 'personnel', 'Stelle', 2030, 1)], period, 'Test')).toThrow(/line 7 \("Stelle"\) is planned for 2030, outside the period/);
  });
});

describe('plannedPayments', () => {
  it('takes each month of the window pro rata of its days in the year, due at the month’s end or the window’s end', () => {
    const plan = { fiscalYears: [2026], lines: [{ position: '1.1', category: 'personnel' as const, label: 'Stelle', amounts: [36_500] }] };
    const payments = plannedPayments(plan, { start: '2026-01-01', end: '2026-12-31' }, '2026-02-01', '2026-03-15');
    expect(payments).toEqual([
      { description: 'Personalausgaben 02/2026 lt. Kostenplan', dueDate: '2026-02-28', cost: 2_800 },
      { description: 'Personalausgaben 03/2026 lt. Kostenplan', dueDate: '2026-03-15', cost: 3_100 },
    ]);
  });
});

describe('financeExpenses', () => {
  const plan = { ownFunds: 9_200, grant: 9_600, thirdParties: [{ name: 'Stiftung', amount: 400 }] };

  it('third parties pro rata of the plan, the grant as far as received, own funds the rest', () => {
    expect(financeExpenses(10_000, 1_000, plan)).toEqual({ thirdPartyFunds: 208, grantUsed: 1_000, ownFunds: 8_792 });
    expect(financeExpenses(1_000, 50_000, plan)).toEqual({ thirdPartyFunds: 21, grantUsed: 979, ownFunds: 0 });
    expect(financeExpenses(0, 50_000, plan)).toEqual({ thirdPartyFunds: 0, grantUsed: 0, ownFunds: 0 });
  });
});

describe('names', () => {
  it('file stems keep umlauts and digits, join the rest with "-", and stay short', () => {
    expect(fileStem('Aufbau einer Präventionskette (Netzwerk/Koordination) 2025')).toBe('Aufbau-einer-Präventionskette-Netzwerk-Koordination-2025');
    expect(fileStem('A'.repeat(50) + ' ' + 'B'.repeat(30))).toBe('A'.repeat(50));
    expect(fileStem('§§')).toBe('Dokument');
  });

  it('the place of the signature is the seat in the organisation’s name', () => {
    expect(placeOf('Landkreis Peine')).toBe('Peine');
    expect(placeOf('Stadt Kassel')).toBe('Kassel');
    expect(placeOf('Hochsauerlandkreis')).toBe('Hochsauerlandkreis');
  });
});

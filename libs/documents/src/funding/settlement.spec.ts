import {
  applyRate,
  compareLines,
  costPlanTotal,
  grantEntitlement,
  settle,
  shareBasisPoints,
  toleratedAmount,
  totalsByPosition,
  type CostPlan,
} from '@app/documents';

const plan: CostPlan = {
  fiscalYears: [2023, 2024],
  lines: [
    { position: '1.1', category: 'personnel', label: 'Personal', amounts: [600_000, 400_000] }, // 10.000,00
    { position: '2.1', category: 'material', label: 'Reisen', amounts: [50_000, 50_000] }, // 1.000,00
    { position: '2.2', category: 'material', label: 'Druck', amounts: [100_000, 0] }, // 1.000,00
  ],
};
const anteil = { type: 'Anteilfinanzierung', rateBasisPoints: 5_000, cap: 1_000_000 } as const;

describe('settlement arithmetic', () => {
  it('shares and rates round half-up to a hundredth of a percent and to the cent', () => {
    expect(shareBasisPoints(1, 3)).toBe(3_333);
    expect(shareBasisPoints(2, 3)).toBe(6_667);
    expect(shareBasisPoints(5, 0)).toBe(0);
    expect(applyRate(19_306_755, 5_000)).toBe(9_653_378); // 96.533,775 → 96.533,78
    expect(applyRate(3, 5_000)).toBe(2);
  });

  it('tolerates 20 % over a line, to the cent below', () => {
    expect(toleratedAmount(262_500)).toBe(315_000);
    expect(toleratedAmount(1)).toBe(1);
    expect(toleratedAmount(4)).toBe(4); // 4.8 → 4
  });

  it('flags a line exceeding its plan by more than 20 % and counts only the tolerated part', () => {
    const actual = totalsByPosition([
      { position: '1.1', amount: 900_000 },
      { position: '2.1', amount: 120_000 }, // exactly +20 %: tolerated
      { position: '2.2', amount: 130_000 }, // +30 %: flagged
      { position: '2.2', amount: 1 },
    ]);
    const lines = compareLines(plan.lines, actual);
    expect(lines.map((l) => [l.position, l.actual, l.deviation, l.deviationBasisPoints, l.exceedsTolerance, l.eligible])).toEqual([
      ['1.1', 900_000, -100_000, -1_000, false, 900_000],
      ['2.1', 120_000, 20_000, 2_000, false, 120_000],
      ['2.2', 130_001, 30_001, 3_000, true, 120_000],
    ]);
  });

  it('binds the total: savings elsewhere cover a tolerated overrun, never more than the plan', () => {
    const over = settle({
      plan,
      actualByPosition: new Map([['1.1', 1_050_000], ['2.1', 110_000], ['2.2', 110_000]]),
      financing: anteil,
      approved: 600_000,
      received: 600_000,
      ownFunds: 0,
      thirdPartyFunds: 0,
    });
    expect(costPlanTotal(plan)).toBe(1_200_000);
    expect(over.actualTotal).toBe(1_270_000);
    expect(over.eligibleCost).toBe(1_200_000);
    expect(over.entitlement).toBe(600_000);
    expect(over.balance).toBe(0);
  });

  it('gives back the overpayment when less was spent', () => {
    const under = settle({
      plan,
      actualByPosition: new Map([['1.1', 1_000_000], ['2.1', 50_001]]),
      financing: anteil,
      approved: 600_000,
      received: 600_000,
      ownFunds: 525_001,
      thirdPartyFunds: 0,
    });
    expect(under.eligibleCost).toBe(1_050_001);
    expect(under.entitlement).toBe(525_001); // 525.000,5 → half-up
    expect(under.balance).toBe(74_999);
  });

  it('applies each financing type', () => {
    const base = { approved: 500_000, eligibleCost: 1_000_000, ownFunds: 300_000, thirdPartyFunds: 100_000 };
    expect(grantEntitlement({ ...base, financing: anteil })).toBe(500_000);
    expect(grantEntitlement({ ...base, financing: { ...anteil, cap: 400_000 } })).toBe(400_000);
    expect(grantEntitlement({ ...base, financing: { type: 'Fehlbedarfsfinanzierung', cap: 1_000_000 } })).toBe(500_000);
    expect(grantEntitlement({ ...base, approved: 900_000, financing: { type: 'Fehlbedarfsfinanzierung', cap: 1_000_000 } })).toBe(600_000);
    expect(grantEntitlement({ ...base, financing: { type: 'Festbetragsfinanzierung', amount: 450_000 } })).toBe(450_000);
    expect(grantEntitlement({ ...base, eligibleCost: 200_000, financing: { type: 'Festbetragsfinanzierung', amount: 450_000 } })).toBe(200_000);
    expect(grantEntitlement({ ...base, approved: 2_000_000, financing: { type: 'Vollfinanzierung', cap: 2_000_000 } })).toBe(900_000);
  });
});

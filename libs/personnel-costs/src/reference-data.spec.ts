import {
  applyTariffIncrease,
  findOnCostRate,
  findPayTableRow,
  loadReferenceData,
  ReferenceDataError,
  TVOED_VKA_REFERENCE_DATA as REF,
  TVOED_VKA_REFERENCE_FILE,
  validateReferenceData,
} from '@app/personnel-costs';

type RawFile = {
  payTable: Array<Record<string, unknown>>;
  allowances: Array<Record<string, unknown>>;
  bonusBands: Array<Record<string, unknown>>;
  bonusRates: Array<Record<string, unknown>>;
  onCostRates: Array<Record<string, unknown>>;
};

function rawCopy(): RawFile {
  return JSON.parse(JSON.stringify(TVOED_VKA_REFERENCE_FILE)) as RawFile;
}

describe('shipped TVöD-VKA reference data (section 8)', () => {
  it('holds S 11b, S 12, S 14, E 9b, E 10, E 11 for 2024, 2025, 2026 with their validity', () => {
    expect(REF.payTable).toHaveLength(18);
    const periods = [...new Set(REF.payTable.map((r) => `${r.validFrom}..${r.validTo}`))];
    expect(periods).toEqual(['2024-03-01..2025-03-31', '2025-04-01..2026-04-30', '2026-05-01..2027-03-31']);
    expect(findPayTableRow(REF, 'TVOED_VKA_SUE', 'S 11b', 2, '2025-06-10').amount).toBe(406731);
    expect(findPayTableRow(REF, 'TVOED_VKA_SUE', 'S 14', 6, '2027-03-31').amount).toBe(565206);
    expect(findPayTableRow(REF, 'TVOED_VKA', 'E 9b', 1, '2025-04-01').amount).toBe(377690);
    expect(findPayTableRow(REF, 'TVOED_VKA', 'E 11', 6, '2024-03-01').amount).toBe(597519);
  });

  it('flags the computed rows: S from 01.05.2026, E from 01.04.2025', () => {
    const computed = REF.payTable.filter((r) => r.computed).map((r) => `${r.payGroup} ${r.validFrom}`);
    expect(computed.sort()).toEqual(
      [
        'E 10 2025-04-01', 'E 10 2026-05-01', 'E 11 2025-04-01', 'E 11 2026-05-01', 'E 9b 2025-04-01', 'E 9b 2026-05-01',
        'S 11b 2026-05-01', 'S 12 2026-05-01', 'S 14 2026-05-01',
      ].sort(),
    );
  });

  it('reproduces every 2025 cell by +3.0 % min. +110 € and every 2026 cell by +2.8 % (section 2a)', () => {
    let checked = 0;
    for (const row2025 of REF.payTable.filter((r) => r.validFrom === '2025-04-01')) {
      const key = (r: { payScale: string; payGroup: string }) => r.payScale === row2025.payScale && r.payGroup === row2025.payGroup;
      const row2024 = REF.payTable.find((r) => key(r) && r.validFrom === '2024-03-01');
      const row2026 = REF.payTable.find((r) => key(r) && r.validFrom === '2026-05-01');
      for (const stage of Object.keys(row2025.amounts)) {
        expect(applyTariffIncrease(row2024?.amounts[stage] ?? NaN, '3.0', 11000)).toBe(row2025.amounts[stage]);
        expect(applyTariffIncrease(row2025.amounts[stage], '2.8')).toBe(row2026?.amounts[stage]);
        checked++;
      }
    }
    expect(checked).toBe(36);
    // the published S 2 cells from 01.05.2026: 2,829.14 → 2,908.36; 2,948.41 → 3,030.97
    expect(applyTariffIncrease(282914, '2.8')).toBe(290836);
    expect(applyTariffIncrease(294841, '2.8')).toBe(303097);
    // E 9b St 1: round(3,666.89 × 1.03) = 3,776.90 beats 3,666.89 + 110 = 3,776.89
    expect(applyTariffIncrease(366689, '3', 11000)).toBe(377690);
  });

  it('applies the 2023 rule (old + 200.00) × 1.055, at least +340.00 (formula check, synthetic cells)', () => {
    // (3,000.00 + 200.00) × 1.055 = 3,376.00 > 3,000.00 + 340.00
    expect(applyTariffIncrease(300000, '5.5', 34000, 20000)).toBe(337600);
    // (2,500.01 + 200.00) × 1.055 = 2,848.510… → 2,848.51 > 2,840.01
    expect(applyTariffIncrease(250001, '5.5', 34000, 20000)).toBe(284851);
    // (1,000.00 + 200.00) × 1.055 = 1,266.00 < 1,000.00 + 340.00 = 1,340.00
    expect(applyTariffIncrease(100000, '5.5', 34000, 20000)).toBe(134000);
  });

  it('holds the SuE-Zulage, bonus rates and on-cost rates', () => {
    const zulage = (group: string, date: string) =>
      REF.allowances.find(
        (r) => r.code === 'SUE_ZULAGE' && r.payGroups.includes(group) && r.validFrom <= date && (r.validTo === null || date <= r.validTo),
      );
    expect(zulage('S 9', '2022-07-01')?.amount).toBe(13000);
    expect(zulage('S 11a', '2025-06-01')?.amount).toBe(13000);
    expect(zulage('S 12', '2022-07-01')?.amount).toBe(18000);
    expect(zulage('S 15 Fg 6', '2030-01-01')?.amount).toBe(18000);
    expect(zulage('S 12', '2022-06-30')).toBeUndefined();
    expect(zulage('S 12', '2025-04-01')?.assumed).toBe(true); // not dynamised: assumed
    expect(zulage('S 12', '2025-03-31')?.assumed).toBe(false);

    const rates = REF.bonusRates.map((r) => [r.band, r.validFrom, r.validTo, r.ratePercent]);
    expect(rates).toContainEqual(['EG 1-8 / S 2-S 9', '2022-01-01', '2025-12-31', '84.51']);
    expect(rates).toContainEqual(['EG 9a-12 / S 10-S 18', '2022-01-01', '2025-12-31', '70.28']);
    expect(rates).toContainEqual(['EG 13-15', '2022-01-01', '2025-12-31', '51.78']);
    expect(REF.bonusRates.filter((r) => r.validFrom === '2026-01-01').map((r) => r.ratePercent)).toEqual(['85', '85', '85']);

    expect(findOnCostRate(REF, 'SV', '2025-12-31').ratePercent).toBe('20.95');
    expect(findOnCostRate(REF, 'SV', '2026-01-01').ratePercent).toBe('21.15');
    // after the last known year: the last row is open-ended and flagged assumed
    const later = findOnCostRate(REF, 'SV', '2031-07-01');
    expect([later.ratePercent, later.validTo, later.assumed]).toEqual(['21.15', null, true]);
    expect(findOnCostRate(REF, 'ZVK', '2025-01-01')).toMatchObject({ ratePercent: '6.00', assumed: true });
    expect(() => findOnCostRate(REF, 'SV', '2024-12-31')).toThrow('no on-cost rate for SV valid on 2024-12-31');
  });

  it('loads the file form into the same data and validates data in cents', () => {
    expect(loadReferenceData(TVOED_VKA_REFERENCE_FILE)).toEqual(REF);
    expect(validateReferenceData(JSON.parse(JSON.stringify(REF)))).toEqual(REF);
  });
});

describe('reference data validation', () => {
  it('rejects validity boundaries that are not month boundaries', () => {
    const a = rawCopy();
    a.payTable[0].validFrom = '2024-03-02';
    expect(() => loadReferenceData(a)).toThrow(ReferenceDataError);
    expect(() => loadReferenceData(a)).toThrow('payTable[0].validFrom 2024-03-02 is not the first day of a month');
    const b = rawCopy();
    b.onCostRates[0].validTo = '2025-12-30';
    expect(() => loadReferenceData(b)).toThrow('onCostRates[0].validTo 2025-12-30 is not the last day of a month');
  });

  it('rejects overlapping rows for the same key', () => {
    const a = rawCopy();
    a.payTable[1].validFrom = '2025-03-01';
    expect(() => loadReferenceData(a)).toThrow(/pay table TVOED_VKA_SUE S 11b: rows valid .* overlap/);
    const b = rawCopy();
    b.onCostRates.push({ ...b.onCostRates[3], validFrom: '2030-01-01' });
    expect(() => loadReferenceData(b)).toThrow(/on-cost rate ZVK/);
  });

  it('rejects malformed amounts, rates, bands and shapes', () => {
    const a = rawCopy();
    (a.payTable[0].amounts as Record<string, unknown>)['1'] = '3.697,55';
    expect(() => loadReferenceData(a)).toThrow(/payTable\[0\]\.amounts\.1/);
    const b = rawCopy();
    b.onCostRates[0].ratePercent = '20,95';
    expect(() => loadReferenceData(b)).toThrow(/onCostRates\[0\]\.ratePercent/);
    const c = rawCopy();
    c.bonusRates[0].band = 'EG 99';
    expect(() => loadReferenceData(c)).toThrow('bonus rate for unknown band EG 99');
    const d = rawCopy();
    (d.bonusBands[2].payGroups as string[]).push('S 12');
    expect(() => loadReferenceData(d)).toThrow(/pay group S 12 is in bonus bands/);
    expect(() => loadReferenceData({ name: 'x' })).toThrow('payTable: expected an array');
    expect(() => validateReferenceData(TVOED_VKA_REFERENCE_FILE)).toThrow(/expected a non-negative integer number of cents/);
  });
});

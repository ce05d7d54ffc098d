import { employmentMonths, PositionInput, PositionInputError, validatePosition } from '@app/personnel-costs';

const base: PositionInput = {
  payScale: 'TVOED_VKA_SUE',
  payGroup: 'S 12',
  start: '2025-01-01',
  end: '2026-12-31',
  stageHistory: [{ from: '2025-01-01', stage: 3 }],
  weeklyHours: 39,
  fullTimeHours: 39,
  fundingPeriod: { from: '2025-01-01', to: '2026-12-31' },
  financing: { type: 'share', ratePercent: '80', cap: 10000000 },
};

function invalid(over: Partial<PositionInput>, message: RegExp): void {
  const p = { ...base, ...over } as PositionInput;
  expect(() => validatePosition(p)).toThrow(PositionInputError);
  expect(() => validatePosition(p)).toThrow(message);
}

describe('position validation', () => {
  it('accepts a valid position and applies end changes in order', () => {
    expect(validatePosition(base)).toEqual({ start: '2025-01-01', end: '2026-12-31' });
    const changed: PositionInput = {
      ...base,
      changes: [
        { kind: 'earlyEnd', end: '2026-06-30' },
        { kind: 'extension', end: '2027-03-31' },
      ],
    };
    expect(validatePosition(changed)).toEqual({ start: '2025-01-01', end: '2027-03-31' });
    expect(employmentMonths(changed)).toHaveLength(27);
  });

  it('rejects inconsistent dates', () => {
    invalid({ end: '2024-12-31' }, /end 2024-12-31 is before start/);
    invalid({ start: '2025-02-30' }, /start is not an ISO date/);
    invalid({ stageHistory: [] }, /stageHistory must not be empty/);
    invalid(
      {
        stageHistory: [
          { from: '2025-01-01', stage: 3 },
          { from: '2025-01-01', stage: 4 },
        ],
      },
      /not after the previous entry/,
    );
    invalid({ changes: [{ kind: 'stage', from: '2025-01-01', stage: 4 }] }, /not after the employment start/);
    invalid({ changes: [{ kind: 'hours', from: '2024-12-01', weeklyHours: 20 }] }, /not after the employment start/);
    invalid({ changes: [{ kind: 'earlyEnd', end: '2024-12-31' }] }, /before the start/);
    invalid({ fundingPeriod: { from: '2026-01-01', to: '2025-12-31' } }, /fundingPeriod ends/);
  });

  it('rejects hours that are not exact decimals or out of range', () => {
    invalid({ weeklyHours: 0 }, /weeklyHours must be positive/);
    invalid({ weeklyHours: '19,5' }, /weeklyHours/);
    invalid({ weeklyHours: 1e-7 }, /weeklyHours/);
    invalid({ fullTimeHours: 0 }, /fullTimeHours must be positive/);
    invalid({ changes: [{ kind: 'hours', from: '2025-03-01', weeklyHours: 41 }] }, /exceeds fullTimeHours/);
  });

  it('rejects bad financing, components and accounts', () => {
    invalid({ financing: { type: 'share', ratePercent: '101', cap: null } }, /must not exceed 100/);
    invalid({ financing: { type: 'share', ratePercent: '80', cap: 1.5 } }, /financing.cap/);
    invalid({ financing: { type: 'fixed', amount: -1 } }, /financing.amount/);
    invalid({ ineligibleComponents: ['ZVK'] }, /ineligibleComponents/);
    invalid({ onCostComponents: ['SV', 'BG'] }, /no account for on-cost component BG/);
    invalid({ onCostComponents: ['SV', 'SV'] }, /duplicates/);
    invalid({ allowances: [{ code: 'SUE_ZULAGE', validFrom: '2025-03-15' }] }, /not the first day of a month/);
    invalid({ bonusConversions: [{ year: 2026, freeDays: 4, cashReduction: 0 }] }, /freeDays must be 1..3/);
  });
});

import {
  formatDeadline,
  formatDisbursementWindow,
  formatIban,
  formatPercent,
  formatSignedAmount,
  formatSignedPercent,
  isValidIban,
} from '@app/documents';

describe('funding document formatting', () => {
  it('formats basis points as German percentages', () => {
    expect(formatPercent(5_000)).toBe('50\u00a0%');
    expect(formatPercent(5_000, { fixed: true })).toBe('50,00\u00a0%');
    expect(formatPercent(4_795)).toBe('47,95\u00a0%');
    expect(formatPercent(5)).toBe('0,05\u00a0%');
    expect(formatPercent(-89, { fixed: true })).toBe('-0,89\u00a0%');
    expect(() => formatPercent(0.5)).toThrow(RangeError);
  });

  it('signs deviations', () => {
    expect(formatSignedAmount(122_764)).toBe('+1.227,64');
    expect(formatSignedAmount(-29_340)).toBe('-293,40');
    expect(formatSignedAmount(0)).toBe('0,00');
    expect(formatSignedPercent(3_589)).toBe('+35,89\u00a0%');
    expect(formatSignedPercent(null)).toBe('–');
  });

  it('shows the effective end only when a deadline is moved', () => {
    expect(formatDeadline({ nominal: '2023-04-30', effective: '2023-05-02', shifted: true })).toBe('30.04.2023 (Fristende: 02.05.2023)');
    expect(formatDeadline({ nominal: '2024-04-30', effective: '2024-04-30', shifted: false })).toBe('30.04.2024');
  });

  it('words the disbursement window', () => {
    expect(formatDisbursementWindow({ unit: 'months', length: 2 })).toBe('innerhalb von zwei Monaten');
    expect(formatDisbursementWindow({ unit: 'weeks', length: 6 })).toBe('innerhalb von sechs Wochen');
    expect(formatDisbursementWindow({ unit: 'months', length: 1 })).toBe('innerhalb eines Monats');
    expect(formatDisbursementWindow({ unit: 'weeks', length: 14 })).toBe('innerhalb von 14 Wochen');
  });

  it('checks and groups IBANs', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044')).toBe(false);
    expect(formatIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});

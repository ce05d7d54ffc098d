import { formatEuro, mulDivRoundHalfUp, parseEuro } from '@app/money';

describe('money', () => {
  it('rounds half-up, not to even', () => {
    // 4,067.31 € × 19.5/39 = 2,033.655 € → 2,033.66 €
    expect(mulDivRoundHalfUp(406731, 195n, 390n)).toBe(203366);
    // 2,040.625 → 2,040.63 (banker's rounding would give .62)
    expect(mulDivRoundHalfUp(408125, 1n, 2n)).toBe(204063);
    expect(mulDivRoundHalfUp(-408125, 1n, 2n)).toBe(-204063);
    expect(mulDivRoundHalfUp(10, 1n, 3n)).toBe(3);
  });

  it('parses and formats German amounts', () => {
    expect(parseEuro('4067.31')).toBe(406731);
    expect(parseEuro('56700')).toBe(5670000);
    expect(parseEuro('0.5')).toBe(50);
    expect(() => parseEuro('1,5')).toThrow('not a euro amount');
    expect(formatEuro(5670000)).toBe('56.700,00 €');
    expect(formatEuro(-5)).toBe('-0,05 €');
    expect(formatEuro(123456789, false)).toBe('1.234.567,89');
  });
});

import {
  FormatError,
  formatDate,
  formatList,
  formatMoney,
  formatPageOf,
  formatPublicity,
  formatPublicityShort,
  formatYesNo,
} from '@app/documents';

describe('German document formatting', () => {
  it('formats ISO calendar dates as DD.MM.YYYY', () => {
    expect(formatDate('2021-04-26')).toBe('26.04.2021');
    expect(formatDate('2021-03-30')).toBe('30.03.2021');
    expect(formatDate('2024-02-29')).toBe('29.02.2024');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => formatDate('26.04.2021')).toThrow(FormatError);
    expect(() => formatDate('2021-4-26')).toThrow(FormatError);
    expect(() => formatDate('2021-02-29')).toThrow('no such date');
    expect(() => formatDate(new Date('nonsense'))).toThrow(FormatError);
  });

  it('shows a Date as the calendar day in Germany', () => {
    // 22:30 UTC on 25 April is already 26 April in Berlin (CEST, UTC+2).
    expect(formatDate(new Date('2021-04-25T22:30:00Z'))).toBe('26.04.2021');
    // 23:30 UTC on 31 December is 1 January in Berlin (CET, UTC+1).
    expect(formatDate(new Date('2020-12-31T23:30:00Z'))).toBe('01.01.2021');
  });

  it('formats money from integer cents via @app/money', () => {
    expect(formatMoney(5_670_000)).toBe('56.700,00 €');
    expect(formatMoney(0)).toBe('0,00 €');
    expect(formatMoney(-123_456_789)).toBe('-1.234.567,89 €');
    expect(() => formatMoney(0.5)).toThrow();
  });

  it('formats booleans and publicity', () => {
    expect(formatYesNo(true)).toBe('ja');
    expect(formatYesNo(false)).toBe('nein');
    expect(formatPublicity(true)).toBe('öffentlich');
    expect(formatPublicity(false)).toBe('nichtöffentlich');
    expect(formatPublicityShort(true)).toBe('Ö');
    expect(formatPublicityShort(false)).toBe('N');
  });

  it('formats page numbers and lists', () => {
    expect(formatPageOf(1, 3)).toBe('Seite 1 von 3');
    expect(() => formatPageOf(4, 3)).toThrow(FormatError);
    expect(() => formatPageOf(0, 3)).toThrow(FormatError);
    expect(formatList([])).toBe('');
    expect(formatList(['Jugendamt'])).toBe('Jugendamt');
    expect(formatList(['Jugendamt', 'Sozialamt', 'Gesundheitsamt'])).toBe('Jugendamt, Sozialamt und Gesundheitsamt');
  });
});

import { MAX_SHEET_NAME_LENGTH, SheetNames, sanitizeSheetName } from './sheet-names';

describe('sheet names', () => {
  it('replaces the characters Excel forbids and collapses white space', () => {
    expect(sanitizeSheetName('Stelle a/b\\c[d]e:f*g?h')).toBe('Stelle a-b-c-d-e-f-g-h');
    expect(sanitizeSheetName('  Stelle \t Kita\nNord  ')).toBe('Stelle Kita Nord');
    expect(sanitizeSheetName("'Stelle'")).toBe('Stelle');
    expect(sanitizeSheetName('history')).toBe('History-');
  });

  it('keeps at most 31 characters and never splits a surrogate pair', () => {
    const long = 'Stelle Sozialpädagogin Familienzentrum Peine-Ost';
    expect(sanitizeSheetName(long)).toBe('Stelle Sozialpädagogin Familien');
    expect(sanitizeSheetName(long)).toHaveLength(MAX_SHEET_NAME_LENGTH);
    const emoji = 'x'.repeat(30) + '😀';
    expect(sanitizeSheetName(emoji)).toBe('x'.repeat(30));
  });

  it('numbers names that collide, ignoring case, within 31 characters', () => {
    const names = new SheetNames();
    expect(names.reserve('Übersicht')).toBe('Übersicht');
    expect(names.unique('Stelle ', 'Kita')).toBe('Stelle Kita');
    expect(names.unique('Stelle ', 'KITA')).toBe('Stelle KITA (2)');
    expect(names.unique('Stelle ', 'kita')).toBe('Stelle kita (3)');
    const long = 'Verwaltungsfachkraft Familienzentrum';
    expect(names.unique('Stelle ', long)).toBe('Stelle Verwaltungsfachkraft Fam');
    expect(names.unique('Stelle ', long)).toBe('Stelle Verwaltungsfachkraft (2)');
    expect(names.unique('Stelle ', '')).toBe('Stelle');
    expect(names.unique('', '[]')).toBe('--');
  });

  it('refuses to reserve an invalid or used name', () => {
    const names = new SheetNames();
    names.reserve('Buchungen');
    expect(() => names.reserve('buchungen')).toThrow('used twice');
    expect(() => names.reserve('a/b')).toThrow('not a valid sheet name');
    expect(() => names.reserve('')).toThrow('not a valid sheet name');
  });
});

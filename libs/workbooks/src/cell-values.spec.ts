import { cellText, euros, formulaString, germanDate, isoDateToCellDate, isoMonthToCellDate, yearsLabel } from './cell-values';

describe('cell values', () => {
  it('turns cents into euros and refuses fractions of a cent', () => {
    expect(euros(5_670_000)).toBe(56_700);
    expect(euros(-230_366)).toBe(-2_303.66);
    expect(euros(1)).toBe(0.01);
    expect(() => euros(1.5, 'Betrag')).toThrow('Betrag must be an integer number of cents');
  });

  it('turns ISO dates and months into midnight UTC, whatever the server zone', () => {
    expect(isoDateToCellDate('2021-04-26').toISOString()).toBe('2021-04-26T00:00:00.000Z');
    expect(isoDateToCellDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(isoMonthToCellDate('2022-11').toISOString()).toBe('2022-11-01T00:00:00.000Z');
    expect(() => isoDateToCellDate('2023-02-29')).toThrow('not a calendar date');
    expect(() => isoDateToCellDate('26.04.2021')).toThrow('ISO date');
    expect(() => isoMonthToCellDate('2022-13')).toThrow('not a calendar date');
  });

  it('strips characters XML cannot carry and caps the length at 32,767', () => {
    expect(cellText('a\u0000b\u0007c\td\ne')).toBe('a b c\td\ne');
    expect(cellText('„Anführungszeichen“ & <Tags>')).toBe('„Anführungszeichen“ & <Tags>');
    expect(cellText('x'.repeat(40_000))).toHaveLength(32_767);
  });

  it('formats the German date in Berlin and year ranges', () => {
    expect(germanDate(new Date('2021-04-25T22:30:00Z'))).toBe('26.04.2021');
    expect(yearsLabel([2023, 2021, 2022])).toBe('2021–2023');
    expect(yearsLabel([2021, 2023])).toBe('2021, 2023');
    expect(yearsLabel([2022])).toBe('2022');
  });

  it('quotes text for formulas', () => {
    expect(formulaString('Ist')).toBe('"Ist"');
    expect(formulaString('a"b')).toBe('"a""b"');
  });
});

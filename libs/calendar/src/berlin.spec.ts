import { berlinDate, berlinDayStart, berlinOffsetHours, calendarDateAt } from './berlin';

const at = (iso: string): number => Date.parse(iso);
const berlinFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** What the host's Intl (full ICU) says the Berlin date is: an independent oracle. */
function intlBerlinDate(ms: number): string {
  return berlinFormat.format(ms);
}

describe('berlinDate', () => {
  it('is the next day from 23:00 UTC in winter and from 22:00 UTC in summer', () => {
    expect(berlinDate(at('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(berlinDate(at('2026-01-15T23:00:00.000Z'))).toBe('2026-01-16');
    expect(berlinDate(at('2026-07-15T21:59:59.999Z'))).toBe('2026-07-15');
    expect(berlinDate(at('2026-07-15T22:00:00.000Z'))).toBe('2026-07-16');
    expect(berlinDate(at('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
  });

  it('switches to summer time at 01:00 UTC on the last Sunday of March (2026-03-29)', () => {
    expect(berlinOffsetHours(at('2026-03-29T00:59:59.999Z'))).toBe(1);
    expect(berlinOffsetHours(at('2026-03-29T01:00:00.000Z'))).toBe(2);
    // the evening before and of the switch: midnight Berlin is 23:00 UTC before, 22:00 UTC after
    expect(berlinDate(at('2026-03-28T22:59:00.000Z'))).toBe('2026-03-28');
    expect(berlinDate(at('2026-03-28T23:00:00.000Z'))).toBe('2026-03-29');
    expect(berlinDate(at('2026-03-29T21:59:00.000Z'))).toBe('2026-03-29');
    expect(berlinDate(at('2026-03-29T22:00:00.000Z'))).toBe('2026-03-30');
  });

  it('switches back at 01:00 UTC on the last Sunday of October (2026-10-25)', () => {
    expect(berlinOffsetHours(at('2026-10-25T00:59:59.999Z'))).toBe(2);
    expect(berlinOffsetHours(at('2026-10-25T01:00:00.000Z'))).toBe(1);
    expect(berlinDate(at('2026-10-24T21:59:00.000Z'))).toBe('2026-10-24');
    expect(berlinDate(at('2026-10-24T22:00:00.000Z'))).toBe('2026-10-25');
    expect(berlinDate(at('2026-10-25T22:59:00.000Z'))).toBe('2026-10-25');
    expect(berlinDate(at('2026-10-25T23:00:00.000Z'))).toBe('2026-10-26');
  });

  it('finds the last Sunday when the month ends on a Sunday (March 2024, October 2027)', () => {
    expect(berlinOffsetHours(at('2024-03-31T00:30:00.000Z'))).toBe(1);
    expect(berlinOffsetHours(at('2024-03-31T01:30:00.000Z'))).toBe(2);
    expect(berlinOffsetHours(at('2027-10-31T00:30:00.000Z'))).toBe(2);
    expect(berlinOffsetHours(at('2027-10-31T01:30:00.000Z'))).toBe(1);
  });

  it('agrees with the IANA zone every 37 minutes over two years around the switches', () => {
    const from = at('2025-01-01T00:00:00Z');
    const to = at('2027-01-01T00:00:00Z');
    const disagreements: string[] = [];
    for (let ms = from; ms < to; ms += 37 * 60_000) {
      if (berlinDate(ms) !== intlBerlinDate(ms)) disagreements.push(new Date(ms).toISOString());
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses a non-finite instant', () => {
    expect(() => berlinDate(Number.NaN)).toThrow('finite');
  });
});

describe('berlinDayStart', () => {
  it('is 23:00 UTC of the day before in winter, 22:00 UTC in summer, and right on the switch days', () => {
    expect(new Date(berlinDayStart('2030-01-15')).toISOString()).toBe('2030-01-14T23:00:00.000Z');
    expect(new Date(berlinDayStart('2030-07-10')).toISOString()).toBe('2030-07-09T22:00:00.000Z');
    // 2030-03-31 (summer time begins at 01:00 UTC) starts in winter time; 2030-10-27 (it ends) in summer time
    expect(new Date(berlinDayStart('2030-03-31')).toISOString()).toBe('2030-03-30T23:00:00.000Z');
    expect(new Date(berlinDayStart('2030-10-27')).toISOString()).toBe('2030-10-26T22:00:00.000Z');
  });

  it('is the first instant whose Berlin date is that day, for every day of two years (checked against the IANA zone)', () => {
    const wrong: string[] = [];
    for (let ms = Date.parse('2025-01-01T12:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 86_400_000) {
      const day = intlBerlinDate(ms);
      const start = berlinDayStart(day);
      if (intlBerlinDate(start) !== day || intlBerlinDate(start - 1) === day) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });
});

describe('calendarDateAt', () => {
  it('is the Berlin date, or the UTC date as toISOString gives it', () => {
    for (const iso of ['2030-01-14T23:30:00.000Z', '2030-07-09T21:59:59.999Z', '2030-07-09T22:00:00.000Z', '1970-01-01T00:00:00.000Z', '2030-12-31T23:59:59.999Z']) {
      const ms = at(iso);
      expect(calendarDateAt(ms, true)).toBe(berlinDate(ms));
      expect(calendarDateAt(ms, false)).toBe(iso.slice(0, 10));
    }
    expect(calendarDateAt(at('2030-01-14T23:30:00.000Z'), true)).toBe('2030-01-15');
  });
});

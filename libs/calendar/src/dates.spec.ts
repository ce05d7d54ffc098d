import {
  addDays,
  addMonths,
  CalendarError,
  dayOfWeek,
  daysBetween,
  daysInclusive,
  daysInIsoMonth,
  daysInMonth,
  fromDayNumber,
  isFirstOfMonth,
  isIsoDate,
  isLastOfMonth,
  lastDayOfMonth,
  monthEnd,
  monthRange,
  monthsOverlapping,
  monthStart,
  shiftMonth,
  toDayNumber,
} from '@app/calendar';

describe('ISO date parsing', () => {
  it('accepts only real calendar dates in YYYY-MM-DD', () => {
    expect(isIsoDate('2024-02-29')).toBe(true); // 2024 is a leap year
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false); // divisible by 100, not by 400
    expect(isIsoDate('2000-02-29')).toBe(true); // divisible by 400
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-4-1')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(() => addDays('31.12.2025', 1)).toThrow(CalendarError);
  });
});

describe('days in month / last day of month', () => {
  it('knows 28/29/30/31', () => {
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(daysInMonth(2025, 12)).toBe(31);
    expect(daysInIsoMonth('2028-02')).toBe(29);
    expect(lastDayOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(lastDayOfMonth('2025-06-10')).toBe('2025-06-30');
    expect(isFirstOfMonth('2025-06-01')).toBe(true);
    expect(isFirstOfMonth('2025-06-02')).toBe(false);
    expect(isLastOfMonth('2025-02-28')).toBe(true);
    expect(isLastOfMonth('2024-02-28')).toBe(false);
    expect(monthStart('2025-09')).toBe('2025-09-01');
    expect(monthEnd('2025-09')).toBe('2025-09-30');
  });
});

describe('day numbers and differences', () => {
  it('counts days from 1970-01-01 (cross-checked with Python datetime)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2000-02-29')).toBe(11016);
    expect(toDayNumber('2026-04-30')).toBe(20573);
    expect(fromDayNumber(20573)).toBe('2026-04-30');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-31', -42)).toBe('2025-12-20');
  });

  it('computes differences and inclusive day counts', () => {
    // 10 June to 30 June inclusive = 30 − 10 + 1 = 21 days (the section-2 example)
    expect(daysInclusive('2025-06-10', '2025-06-30')).toBe(21);
    // 15 October to 31 October inclusive = 17 days (Haufe example 17/31)
    expect(daysInclusive('2025-10-15', '2025-10-31')).toBe(17);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    // July + August + September = 31 + 31 + 30 = 92
    expect(daysInclusive('2025-07-01', '2025-09-30')).toBe(92);
  });

  it('knows the ISO weekday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2028-04-30')).toBe(7); // Sunday
    expect(dayOfWeek('2028-05-01')).toBe(1); // Monday
    expect(dayOfWeek('2025-10-31')).toBe(5); // Friday
  });
});

describe('addMonths (BGB §§ 187 Abs. 1, 188 Abs. 2, 3)', () => {
  it('keeps the day number when the target month has it', () => {
    expect(addMonths('2024-11-30', 2)).toBe('2025-01-30'); // 30.11. + 2 = 30.01.
    expect(addMonths('2025-01-15', 1)).toBe('2025-02-15');
    expect(addMonths('2025-03-31', 12)).toBe('2026-03-31');
  });

  it('falls back to the last day of a shorter target month', () => {
    expect(addMonths('2024-12-31', 2)).toBe('2025-02-28'); // 31.12. + 2 = 28.02. (2025 common year)
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29'); // 31.12. + 2 = 29.02. (2024 leap year)
    expect(addMonths('2024-12-31', 4)).toBe('2025-04-30'); // 31.12. + 4 = 30.04.
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
  });

  it('counts backwards with the same clamping and across years', () => {
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-05-20', -17)).toBe('2023-12-20');
    expect(addMonths('2025-05-20', 0)).toBe('2025-05-20');
  });
});

describe('month iteration', () => {
  it('shifts and lists months', () => {
    expect(shiftMonth('2025-11', 2)).toBe('2026-01');
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2025-11')).toEqual([]);
    expect(monthsOverlapping('2024-04-01', '2027-03-31')).toHaveLength(36);
    expect(monthsOverlapping('2025-06-10', '2025-06-10')).toEqual(['2025-06']);
  });
});

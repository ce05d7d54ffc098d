import { CalendarError, dayOfWeek, fromDayNumber, isoDate, toDayNumber, type IsoDate } from './dates';

/*
 * The calendar day in Germany (Europe/Berlin) of an instant, computed from the EU summer-time rule
 * (Richtlinie 2000/84/EG: CEST, UTC+2, from the last Sunday of March 01:00 UTC to the last Sunday
 * of October 01:00 UTC; otherwise CET, UTC+1). Pure and without Intl or the host's time zone, so
 * workflows may use it on workflow time.
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** The last Sunday of a month of `year` (month 1–12). */
function lastSunday(year: number, month: number): IsoDate {
  const last = month === 12 ? isoDate(year, 12, 31) : fromDayNumber(toDayNumber(isoDate(year, month + 1, 1)) - 1);
  return fromDayNumber(toDayNumber(last) - (dayOfWeek(last) % 7));
}

/** The UTC instant (ms) at which summer time begins / ends in `year`. */
function summerTime(year: number): { begins: number; ends: number } {
  return {
    begins: toDayNumber(lastSunday(year, 3)) * MS_PER_DAY + MS_PER_HOUR,
    ends: toDayNumber(lastSunday(year, 10)) * MS_PER_DAY + MS_PER_HOUR,
  };
}

/** Hours Europe/Berlin is ahead of UTC at the instant `epochMs` (1 in winter, 2 in summer). */
export function berlinOffsetHours(epochMs: number): 1 | 2 {
  if (!Number.isFinite(epochMs)) throw new CalendarError(`instant must be a finite number of milliseconds, got ${epochMs}`);
  const year = Number(fromDayNumber(Math.floor(epochMs / MS_PER_DAY)).slice(0, 4));
  const { begins, ends } = summerTime(year);
  return epochMs >= begins && epochMs < ends ? 2 : 1;
}

/** The calendar date in Europe/Berlin at the instant `epochMs` (e.g. workflow time `Date.now()`). */
export function berlinDate(epochMs: number): IsoDate {
  return fromDayNumber(Math.floor((epochMs + berlinOffsetHours(epochMs) * MS_PER_HOUR) / MS_PER_DAY));
}

/**
 * The calendar date of the instant `epochMs` in Europe/Berlin, the domain's day (as the api's
 * "today"), or in UTC: the day workflows counted before their Berlin-day patches, kept on replay.
 */
export function calendarDateAt(epochMs: number, inBerlin: boolean): IsoDate {
  return inBerlin ? berlinDate(epochMs) : fromDayNumber(Math.floor(epochMs / MS_PER_DAY));
}

/**
 * The UTC instant (ms) at which the calendar day `date` begins in Europe/Berlin: 23:00 UTC of the
 * day before in winter, 22:00 UTC in summer (the changes happen at 01:00 UTC on a Sunday, so
 * midnight has the offset of the evening before).
 */
export function berlinDayStart(date: IsoDate): number {
  const utcMidnight = toDayNumber(date) * MS_PER_DAY;
  const summer = utcMidnight - 2 * MS_PER_HOUR;
  return berlinOffsetHours(summer) === 2 ? summer : utcMidnight - MS_PER_HOUR;
}

/**
 * ISO date-only arithmetic on plain strings ('YYYY-MM-DD') and months ('YYYY-MM').
 *
 * Pure integer arithmetic (proleptic Gregorian calendar, days counted from 1970-01-01);
 * no `Date`, no time zones, no Node built-ins, so it is safe inside Temporal workflow code.
 * ISO dates of four-digit years compare correctly as strings.
 */

/** A calendar date 'YYYY-MM-DD' (year 0001–9999). */
export type IsoDate = string;
/** A calendar month 'YYYY-MM'. */
export type IsoMonth = string;

export class CalendarError extends Error {
  override readonly name: string = 'CalendarError';
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface MonthParts {
  readonly year: number;
  readonly month: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Calendar days of a month (28/29/30/31). */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new CalendarError(`month must be 1..12, got ${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return n.toString().padStart(width, '0');
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new CalendarError(`year must be 1..9999, got ${year}`);
  }
}

/** Builds a validated IsoDate from its parts. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  checkYear(year);
  const dim = daysInMonth(year, month);
  if (!Number.isInteger(day) || day < 1 || day > dim) {
    throw new CalendarError(`day must be 1..${dim} in ${pad(year, 4)}-${pad(month, 2)}, got ${day}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function parseIsoDate(value: IsoDate): DateParts {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (!m) throw new CalendarError(`not an ISO date (YYYY-MM-DD): ${String(value)}`);
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  isoDate(parts.year, parts.month, parts.day); // validates ranges
  return parts;
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws a CalendarError naming `what` unless `value` is a valid IsoDate. */
export function assertIsoDate(value: unknown, what = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new CalendarError(`${what} is not an ISO date (YYYY-MM-DD): ${String(value)}`);
  return value;
}

// ---- day numbers (Howard Hinnant's days_from_civil / civil_from_days) ----

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber)) throw new CalendarError(`day number must be an integer, got ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return isoDate(year, month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new CalendarError(`days must be an integer, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** `to − from` in days (0 for the same day, negative if `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Number of days from `from` to `to`, both inclusive (`to − from + 1`). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return daysBetween(from, to) + 1;
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function dayOfWeek(date: IsoDate): number {
  const n = toDayNumber(date); // 1970-01-01 was a Thursday (4)
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: IsoDate): boolean {
  return dayOfWeek(date) >= 6;
}

export function firstDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(date);
  return isoDate(year, month, 1);
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(date);
  return isoDate(year, month, daysInMonth(year, month));
}

export function isFirstOfMonth(date: IsoDate): boolean {
  return parseIsoDate(date).day === 1;
}

export function isLastOfMonth(date: IsoDate): boolean {
  return lastDayOfMonth(date) === date;
}

/**
 * Adds n calendar months per BGB §§ 187 Abs. 1, 188 Abs. 2, 3: the day with the same number
 * n months later; if that month has no such day, its last day. Negative n counts backwards
 * with the same clamping.
 * 30.11. + 2 = 30.01.; 31.12. + 2 = 28.02./29.02.; 31.12. + 4 = 30.04.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new CalendarError(`months must be an integer, got ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  checkYear(y);
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

// ---- months ----

export function isoMonth(year: number, month: number): IsoMonth {
  checkYear(year);
  daysInMonth(year, month);
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

export function parseIsoMonth(value: IsoMonth): MonthParts {
  const m = typeof value === 'string' ? MONTH_RE.exec(value) : null;
  if (!m) throw new CalendarError(`not an ISO month (YYYY-MM): ${String(value)}`);
  const parts = { year: Number(m[1]), month: Number(m[2]) };
  isoMonth(parts.year, parts.month);
  return parts;
}

export function isIsoMonth(value: unknown): value is IsoMonth {
  if (typeof value !== 'string') return false;
  try {
    parseIsoMonth(value);
    return true;
  } catch {
    return false;
  }
}

export function monthOf(date: IsoDate): IsoMonth {
  const { year, month } = parseIsoDate(date);
  return isoMonth(year, month);
}

export function monthStart(month: IsoMonth): IsoDate {
  const { year, month: m } = parseIsoMonth(month);
  return isoDate(year, m, 1);
}

export function monthEnd(month: IsoMonth): IsoDate {
  const { year, month: m } = parseIsoMonth(month);
  return isoDate(year, m, daysInMonth(year, m));
}

export function daysInIsoMonth(month: IsoMonth): number {
  const { year, month: m } = parseIsoMonth(month);
  return daysInMonth(year, m);
}

/** The month n months after (n < 0: before) the given month. */
export function shiftMonth(month: IsoMonth, n: number): IsoMonth {
  if (!Number.isInteger(n)) throw new CalendarError(`n must be an integer, got ${n}`);
  const { year, month: m } = parseIsoMonth(month);
  const index = year * 12 + (m - 1) + n;
  const y = Math.floor(index / 12);
  return isoMonth(y, index - y * 12 + 1);
}

export function compareMonths(a: IsoMonth, b: IsoMonth): -1 | 0 | 1 {
  parseIsoMonth(a);
  parseIsoMonth(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** All months from `from` to `to`, both inclusive, in order (empty if `to` < `from`). */
export function monthRange(from: IsoMonth, to: IsoMonth): IsoMonth[] {
  const out: IsoMonth[] = [];
  for (let m = from; compareMonths(m, to) <= 0; m = shiftMonth(m, 1)) out.push(m);
  return out;
}

/** The months that overlap the date interval [from, to] (both inclusive). */
export function monthsOverlapping(from: IsoDate, to: IsoDate): IsoMonth[] {
  if (compareDates(from, to) > 0) return [];
  return monthRange(monthOf(from), monthOf(to));
}

import { addDays, CalendarError, dayOfWeek, IsoDate, isoDate, parseIsoDate } from './dates';

/**
 * A public-holiday rule: a fixed day of the year or an offset from Easter Sunday, optionally
 * limited to a range of years (both inclusive). Land-specific rules are passed in as data.
 */
export type HolidayRule =
  | {
      readonly kind: 'fixed';
      readonly name: string;
      readonly month: number;
      readonly day: number;
      readonly fromYear?: number;
      readonly toYear?: number;
    }
  | {
      readonly kind: 'easter';
      readonly name: string;
      /** days after Easter Sunday (negative: before) */
      readonly offsetDays: number;
      readonly fromYear?: number;
      readonly toYear?: number;
    };

export interface Holiday {
  readonly date: IsoDate;
  readonly name: string;
}

/** Easter Sunday (Gregorian calendar; anonymous Gregorian algorithm / Meeus–Jones–Butcher). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new CalendarError(`Easter is computed for Gregorian years 1583..9999, got ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** Gesetzliche Feiertage in all 16 Länder (federal law or identical Land laws). */
export const NATIONWIDE_HOLIDAY_RULES: readonly HolidayRule[] = [
  { kind: 'fixed', name: 'Neujahr', month: 1, day: 1 },
  { kind: 'easter', name: 'Karfreitag', offsetDays: -2 },
  { kind: 'easter', name: 'Ostermontag', offsetDays: 1 },
  { kind: 'fixed', name: 'Tag der Arbeit', month: 5, day: 1 },
  { kind: 'easter', name: 'Christi Himmelfahrt', offsetDays: 39 },
  { kind: 'easter', name: 'Pfingstmontag', offsetDays: 50 },
  { kind: 'fixed', name: 'Tag der Deutschen Einheit', month: 10, day: 3, fromYear: 1990 },
  // 500 years of the Reformation: a one-off holiday in every Land in 2017.
  { kind: 'fixed', name: 'Reformationstag', month: 10, day: 31, fromYear: 2017, toYear: 2017 },
  { kind: 'fixed', name: '1. Weihnachtstag', month: 12, day: 25 },
  { kind: 'fixed', name: '2. Weihnachtstag', month: 12, day: 26 },
];

function ruleApplies(rule: HolidayRule, year: number): boolean {
  return (rule.fromYear === undefined || year >= rule.fromYear) && (rule.toYear === undefined || year <= rule.toYear);
}

function ruleDate(rule: HolidayRule, year: number, easter: () => IsoDate): IsoDate {
  if (rule.kind === 'fixed') return isoDate(year, rule.month, rule.day);
  if (!Number.isInteger(rule.offsetDays)) throw new CalendarError(`holiday ${rule.name}: offsetDays must be an integer`);
  return addDays(easter(), rule.offsetDays);
}

/**
 * The public holidays of a year: the nationwide ones plus the given Land rules, sorted by
 * date; a date named by several rules appears once (names joined with " / ").
 */
export function publicHolidays(year: number, landRules: readonly HolidayRule[] = []): Holiday[] {
  let easterCache: IsoDate | undefined;
  const easter = (): IsoDate => (easterCache ??= easterSunday(year));
  const byDate = new Map<IsoDate, string[]>();
  for (const rule of [...NATIONWIDE_HOLIDAY_RULES, ...landRules]) {
    if (!ruleApplies(rule, year)) continue;
    const date = ruleDate(rule, year, easter);
    const names = byDate.get(date) ?? [];
    if (!names.includes(rule.name)) names.push(rule.name);
    byDate.set(date, names);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({ date, name: names.join(' / ') }));
}

export function isPublicHoliday(date: IsoDate, landRules: readonly HolidayRule[] = []): boolean {
  const { year } = parseIsoDate(date);
  return publicHolidays(year, landRules).some((h) => h.date === date);
}

/** A working day: Monday–Friday and not a public holiday (nationwide or of the given Land). */
export function isWorkingDay(date: IsoDate, landRules: readonly HolidayRule[] = []): boolean {
  return dayOfWeek(date) <= 5 && !isPublicHoliday(date, landRules);
}

/** The date itself if it is a working day, else the next working day after it. */
export function nextWorkingDayOnOrAfter(date: IsoDate, landRules: readonly HolidayRule[] = []): IsoDate {
  let d = date;
  while (!isWorkingDay(d, landRules)) d = addDays(d, 1);
  return d;
}

/** A deadline as set (nominal; reminders use it) and as it effectively ends. */
export interface DeadlineDates {
  readonly nominal: IsoDate;
  readonly effective: IsoDate;
  /** true when the effective date differs from the nominal one */
  readonly shifted: boolean;
}

/**
 * § 31 Abs. 3 Satz 1 VwVfG: a deadline ending on a Saturday, Sunday or public holiday ends
 * with the expiry of the next working day.
 */
export function deadlineDates(nominal: IsoDate, landRules: readonly HolidayRule[] = []): DeadlineDates {
  const effective = nextWorkingDayOnOrAfter(nominal, landRules);
  return { nominal, effective, shifted: effective !== nominal };
}

import {
  addDays,
  addMonths,
  CalendarError,
  compareDates,
  IsoDate,
  isoDate,
  IsoMonth,
  lastDayOfMonth,
  minDate,
  monthEnd,
  monthOf,
  parseIsoDate,
  shiftMonth,
} from './dates';
import { deadlineDates, DeadlineDates, HolidayRule } from './holidays';

/** Deadline rules of the Zuwendungsbescheid (ANBest-P family), PERSONNEL-COSTS.md section 7. */

function checkPeriod(periodStart: IsoDate, periodEnd: IsoDate): void {
  if (compareDates(periodStart, periodEnd) > 0) {
    throw new CalendarError(`Bewilligungszeitraum ends before it starts: ${periodStart}..${periodEnd}`);
  }
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new CalendarError(`${what} must be a non-negative integer, got ${value}`);
}

// ---- Zwischennachweis ----

/**
 * - 'none': every Zwischennachweis is due;
 * - 'lastWhenPeriodEndsBeforeDue': the Bescheid waives the one for the last fiscal year when
 *   the Bewilligungszeitraum ends before that Zwischennachweis would be due;
 * - 'all': no Zwischennachweis at all.
 */
export type InterimReportWaiver = 'none' | 'lastWhenPeriodEndsBeforeDue' | 'all';

export interface InterimReportOptions {
  readonly waiver?: InterimReportWaiver;
  /** months after 31 December (ANBest-P: 4 ⇒ 30 April) */
  readonly monthsAfterYearEnd?: number;
  /** Land holidays for the effective date (nationwide ones always apply) */
  readonly holidays?: readonly HolidayRule[];
}

export interface InterimReportDue {
  /** the Haushaltsjahr (calendar year) the report covers */
  readonly fiscalYear: number;
  readonly due: DeadlineDates;
}

/**
 * Zwischennachweis: one for every fiscal year whose 31 December lies (strictly) before the
 * end of the Bewilligungszeitraum, due addMonths(31.12., 4) = 30 April of the following
 * year — also for the last full year when the period ends before that 30 April, unless waived.
 */
export function interimReportDueDates(
  periodStart: IsoDate,
  periodEnd: IsoDate,
  options: InterimReportOptions = {},
): InterimReportDue[] {
  checkPeriod(periodStart, periodEnd);
  const waiver = options.waiver ?? 'none';
  const monthsAfter = options.monthsAfterYearEnd ?? 4;
  checkCount(monthsAfter, 'monthsAfterYearEnd');
  if (waiver === 'all') return [];
  const out: InterimReportDue[] = [];
  const firstYear = parseIsoDate(periodStart).year;
  const lastYear = parseIsoDate(periodEnd).year;
  for (let year = firstYear; year <= lastYear; year++) {
    const yearEnd = isoDate(year, 12, 31);
    if (compareDates(yearEnd, periodEnd) >= 0) continue;
    const nominal = addMonths(yearEnd, monthsAfter);
    out.push({ fiscalYear: year, due: deadlineDates(nominal, options.holidays) });
  }
  if (waiver === 'lastWhenPeriodEndsBeforeDue' && out.length > 0) {
    const last = out[out.length - 1];
    if (compareDates(periodEnd, last.due.nominal) < 0) out.pop();
  }
  return out;
}

// ---- Verwendungsnachweis ----

export interface ProofOfUseOptions {
  /** "spätestens mit Ablauf des sechsten auf den Bewilligungszeitraum folgenden Monats" */
  readonly monthsAfterPeriod?: number;
  /** if the Zuwendungszweck was fulfilled earlier: "innerhalb von sechs Monaten nach Erfüllung" */
  readonly purposeFulfilledOn?: IsoDate;
  readonly holidays?: readonly HolidayRule[];
}

/**
 * Verwendungsnachweis: the last day of the sixth month after the month in which the
 * Bewilligungszeitraum ends (31.03. ⇒ 30.09.; 15.03. ⇒ 30.09.); if the purpose was fulfilled
 * earlier, addMonths(fulfilment, 6) when that is earlier.
 */
export function proofOfUseDueDate(periodEnd: IsoDate, options: ProofOfUseOptions = {}): DeadlineDates {
  const monthsAfter = options.monthsAfterPeriod ?? 6;
  checkCount(monthsAfter, 'monthsAfterPeriod');
  let nominal = monthEnd(shiftMonth(monthOf(periodEnd), monthsAfter));
  if (options.purposeFulfilledOn !== undefined) {
    nominal = minDate(nominal, addMonths(options.purposeFulfilledOn, monthsAfter));
  }
  return deadlineDates(nominal, options.holidays);
}

// ---- Mittelabruf ----

/** How long after the payout the called money may be needed (a rule of the programme). */
export interface DisbursementWindow {
  readonly unit: 'months' | 'weeks';
  readonly length: number;
}

/** ANBest-P Nr. 1.4: two months. */
export const TWO_MONTH_DISBURSEMENT_WINDOW: DisbursementWindow = { unit: 'months', length: 2 };

/**
 * The last due date that money paid out on `payout` may cover: addMonths(A, n) for months,
 * A + 7·n days for weeks (BGB § 188 Abs. 2).
 */
export function disbursementWindowEnd(
  payout: IsoDate,
  window: DisbursementWindow = TWO_MONTH_DISBURSEMENT_WINDOW,
): IsoDate {
  checkCount(window.length, 'window length');
  return window.unit === 'months' ? addMonths(payout, window.length) : addDays(payout, 7 * window.length);
}

/** Personnel costs of a month fall due on its nominal Zahltag, the last calendar day (§ 24 Abs. 1 TVöD). */
export function personnelCostDueDate(month: IsoMonth): IsoDate {
  return monthEnd(month);
}

/**
 * Of the not-yet-called months given, those a payout on `payout` may cover: every month whose
 * due date (last day) is on or before the window end (already due months included).
 */
export function monthsCoverableByPayout(
  payout: IsoDate,
  openMonths: readonly IsoMonth[],
  window: DisbursementWindow = TWO_MONTH_DISBURSEMENT_WINDOW,
): IsoMonth[] {
  const end = disbursementWindowEnd(payout, window);
  return openMonths.filter((m) => compareDates(personnelCostDueDate(m), end) <= 0);
}

/** The latest month whose costs a payout on `payout` may cover. */
export function latestCoverableMonth(
  payout: IsoDate,
  window: DisbursementWindow = TWO_MONTH_DISBURSEMENT_WINDOW,
): IsoMonth {
  const end = disbursementWindowEnd(payout, window);
  const m = monthOf(end);
  return lastDayOfMonth(end) === end ? m : shiftMonth(m, -1);
}

/**
 * The earliest payout date for the costs of `month`: the smallest A with
 * windowEnd(A) ≥ last day of the month (31.01. ⇒ 01.12., since 30.11. + 2 months = 30.01.).
 * windowEnd is non-decreasing in A, so the answer is found by stepping from an estimate.
 */
export function earliestPayoutDate(
  month: IsoMonth,
  window: DisbursementWindow = TWO_MONTH_DISBURSEMENT_WINDOW,
): IsoDate {
  const due = personnelCostDueDate(month);
  checkCount(window.length, 'window length');
  let a = window.unit === 'months' ? addMonths(due, -window.length) : addDays(due, -7 * window.length);
  while (compareDates(disbursementWindowEnd(a, window), due) < 0) a = addDays(a, 1);
  while (compareDates(disbursementWindowEnd(addDays(a, -1), window), due) >= 0) a = addDays(a, -1);
  return a;
}

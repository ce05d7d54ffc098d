import { assertCents, type Cents } from '@app/money';
import { MAX_CELL_TEXT } from './layout';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
// Characters XML 1.0 does not allow (a cell holding one would make the file unreadable).
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Workbook cells hold euros: cents / 100 (the nearest double; the number format shows two decimals). */
export function euros(cents: Cents, what = 'amount'): number {
  return assertCents(cents, what) / 100;
}

/**
 * "2021-04-26" → a Date at 00:00 UTC, which exceljs stores as the serial day number 44312
 * (exceljs converts Dates in UTC, so the calendar day survives any server time zone).
 */
export function isoDateToCellDate(value: string, what = 'date'): Date {
  const m = ISO_DATE.exec(value);
  if (!m) throw new Error(`${what} must be an ISO date YYYY-MM-DD, got "${value}"`);
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]), what, value);
}

/** "2021-04" → the first day of the month at 00:00 UTC. */
export function isoMonthToCellDate(value: string, what = 'month'): Date {
  const m = ISO_MONTH.exec(value);
  if (!m) throw new Error(`${what} must be an ISO month YYYY-MM, got "${value}"`);
  return utcDate(Number(m[1]), Number(m[2]), 1, what, value);
}

function utcDate(year: number, month: number, day: number, what: string, raw: string): Date {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new Error(`${what} is not a calendar date: "${raw}"`);
  }
  return date;
}

/** Removes characters XML cannot carry and shortens to Excel's 32,767 characters per cell. */
export function cellText(value: string): string {
  let text = value;
  XML_INVALID.lastIndex = 0;
  if (XML_INVALID.test(text)) text = text.replace(XML_INVALID, ' ');
  return text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text;
}

/** Formats an instant as the German calendar date in Berlin: 26.04.2021. */
export function germanDate(instant: Date): string {
  return new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(instant);
}

/** "2021–2023" for consecutive years, else "2021, 2023". */
export function yearsLabel(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const consecutive = sorted.every((year, i) => i === 0 || year === sorted[i - 1]! + 1);
  if (sorted.length > 1 && consecutive) return `${sorted[0]}–${sorted[sorted.length - 1]}`;
  return sorted.join(', ');
}

/** Quotes a text for use inside a formula: a"b → "a""b". */
export function formulaString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

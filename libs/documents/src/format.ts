import { formatEuro, type Cents } from '@app/money';

/**
 * German formatting for documents. Pure functions, no layout.
 */

/** A calendar date without time zone, as PostgreSQL `date` columns return it: 2021-04-26. */
export type IsoDate = string;

export class FormatError extends Error {}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const berlinDate = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/**
 * 2021-04-26 → "26.04.2021". A Date is shown as the calendar day it is in Germany.
 * Rejects dates that do not exist (2021-02-30).
 */
export function formatDate(value: IsoDate | Date): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new FormatError('invalid Date');
    return berlinDate.format(value);
  }
  const m = ISO_DATE.exec(value);
  if (!m) throw new FormatError(`not an ISO date (YYYY-MM-DD): "${value}"`);
  const [, year, month, day] = m as unknown as [string, string, string, string];
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCFullYear() !== Number(year) || check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) {
    throw new FormatError(`no such date: "${value}"`);
  }
  return `${day}.${month}.${year}`;
}

/** Integer cents → "56.700,00 €" (delegates to @app/money). */
export function formatMoney(cents: Cents): string {
  return formatEuro(cents);
}

/** true → "ja", false → "nein". */
export function formatYesNo(value: boolean): string {
  return value ? 'ja' : 'nein';
}

/** "öffentlich" / "nichtöffentlich", as the status of a council paper. */
export function formatPublicity(isPublic: boolean): string {
  return isPublic ? 'öffentlich' : 'nichtöffentlich';
}

/** "Ö" / "N", as the status of a session item in the Beratungsfolge. */
export function formatPublicityShort(isPublic: boolean): string {
  return isPublic ? 'Ö' : 'N';
}

/** "Seite 2 von 3". */
export function formatPageOf(page: number, pageCount: number): string {
  if (!Number.isInteger(page) || !Number.isInteger(pageCount) || page < 1 || page > pageCount) {
    throw new FormatError(`page ${page} of ${pageCount} is out of range`);
  }
  return `Seite ${page} von ${pageCount}`;
}

/** ["a", "b", "c"] → "a, b und c". */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} und ${items[items.length - 1]}`;
}

import { formatEuro } from '@app/money';

/** Writes one line (without its newline). */
export type LineWriter = (line: string) => void;

/** Money for people: cents → "56.700,00 €"; null/undefined → "–". */
export function euro(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '–' : formatEuro(cents);
}

const BERLIN_DATE = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

/** A date for people: "2026-03-31" (or a timestamp, read in Europe/Berlin) → "31.03.2026"; null → "–". */
export function date(value: string | null | undefined): string {
  if (!value) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : BERLIN_DATE.format(parsed);
}

/** A percentage of basis points the German way: 5000 → "50 %", 3333 → "33,33 %". */
export function percentBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '–';
  return `${(bp / 100).toLocaleString('de-DE', { maximumFractionDigits: 2 })} %`;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Numbers and money: right-aligned. */
  align?: 'left' | 'right';
}

/** An aligned text table: header, a rule, one line per row; "(keine Einträge)" when empty. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string[] {
  if (!rows.length) return ['(keine Einträge)'];
  const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? pad(v, widths[i]!, 'left') : pad(v, widths[i]!, 'right')))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** Label/value pairs, labels padded to one width. */
export function fields(pairs: ReadonlyArray<[string, string]>): string[] {
  const w = Math.max(...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) => `${pad(`${label}:`, w + 1, 'right')} ${oneLine(value)}`);
}

/** The raw JSON for machines, pretty-printed. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Shortens a long text for a table cell. */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

function oneLine(value: string): string {
  return value.replace(/\s*\n\s*/g, ' ');
}

function width(value: string): number {
  return [...value].length;
}

function pad(value: string, w: number, side: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(value)));
  return side === 'left' ? fill + value : value + fill;
}

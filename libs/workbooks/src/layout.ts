import type { PageSetup, Style } from 'exceljs';
import type { LedgerEntryKind } from './finance-workbook.types';

/**
 * Layout of the finance workbook: sheet names, German texts, columns, widths, formats, styles.
 * Number formats are stored locale-neutrally (Excel's codes); a de-DE Excel or LibreOffice shows
 * 56.700,00 € and 26.04.2021.
 */

export const SHEET_OVERVIEW = 'Übersicht';
export const SHEET_LEDGER = 'Buchungen';
export const STAFF_SHEET_PREFIX = 'Stelle ';

export const FORMAT_EURO = '#,##0.00 "€"';
export const FORMAT_DATE = 'dd.mm.yyyy';
export const FORMAT_MONTH = 'mm.yyyy';
export const FORMAT_YEAR = '0';

/** Excel's last row (1,048,576) minus the header row. */
export const MAX_LEDGER_ROWS = 1_048_575;
/** Excel's limit on the characters in one cell. */
export const MAX_CELL_TEXT = 32_767;

export const KIND_LABELS: Readonly<Record<LedgerEntryKind, string>> = {
  commitment: 'Mittelbindung',
  actual: 'Ist',
  reimbursement: 'Erstattung',
};

// Style objects are shared on purpose: exceljs caches the style id per object (WeakMap), so one
// object for a million cells costs one lookup each instead of building and hashing a style.
const FONT = { name: 'Calibri', family: 2, size: 11 } as const;
const thin = { style: 'thin' } as const;
const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } } as const;
const centred = { horizontal: 'center' } as const;

function header(horizontal: 'left' | 'center' | 'right', indent = 0): Partial<Style> {
  return {
    font: { ...FONT, bold: true },
    fill: headerFill,
    border: { bottom: thin },
    alignment: { horizontal, vertical: 'middle', wrapText: true, indent },
  };
}

export const STYLE = {
  plain: {} as Partial<Style>,
  euro: { numFmt: FORMAT_EURO } as Partial<Style>,
  date: { numFmt: FORMAT_DATE, alignment: centred } as Partial<Style>,
  month: { numFmt: FORMAT_MONTH, alignment: centred } as Partial<Style>,
  year: { numFmt: FORMAT_YEAR, alignment: centred } as Partial<Style>,
  title: { font: { ...FONT, bold: true, size: 14 } } as Partial<Style>,
  subtitle: { font: { ...FONT, italic: true } } as Partial<Style>,
  header: header('left'),
  headerCentred: header('center'),
  headerRight: header('right'),
  headerIndented: header('left', 1),
  /** Text right of a money column: indented so that "12,50 €" and "LA-2023" do not touch. */
  indented: { alignment: { horizontal: 'left', indent: 1 } } as Partial<Style>,
  subtotalLabel: { font: { ...FONT, bold: true } } as Partial<Style>,
  subtotalYear: { font: { ...FONT, bold: true }, numFmt: FORMAT_YEAR, alignment: centred } as Partial<Style>,
  subtotalEuro: { font: { ...FONT, bold: true }, numFmt: FORMAT_EURO } as Partial<Style>,
  totalLabel: { font: { ...FONT, bold: true }, border: { top: thin } } as Partial<Style>,
  totalMonth: { font: { ...FONT, bold: true }, border: { top: thin }, alignment: centred } as Partial<Style>,
  totalEuro: { font: { ...FONT, bold: true }, border: { top: thin }, numFmt: FORMAT_EURO } as Partial<Style>,
  note: { font: { ...FONT, italic: true, size: 9 } } as Partial<Style>,
} as const;

/** Landscape, all columns on one page width, header rows repeated on every page. */
export function pageSetupFor(headerRow: number): Partial<PageSetup> {
  return {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

export type ColumnKind = 'text' | 'indented' | 'euro' | 'date' | 'month' | 'year';

export interface ColumnSpec {
  header: string;
  width: number;
  kind: ColumnKind;
}

export function styleOf(kind: ColumnKind): Partial<Style> {
  switch (kind) {
    case 'euro':
      return STYLE.euro;
    case 'date':
      return STYLE.date;
    case 'month':
      return STYLE.month;
    case 'year':
      return STYLE.year;
    case 'indented':
      return STYLE.indented;
    case 'text':
      return STYLE.plain;
  }
}

export function headerStyleOf(kind: ColumnKind): Partial<Style> {
  switch (kind) {
    case 'euro':
      return STYLE.headerRight;
    case 'date':
    case 'month':
    case 'year':
      return STYLE.headerCentred;
    case 'indented':
      return STYLE.headerIndented;
    case 'text':
      return STYLE.header;
  }
}

/** Sheet "Buchungen": one row per ledger entry. Header in row 1. */
export const LEDGER_COLUMNS = {
  id: { header: 'Buchungs-Nr.', width: 16, kind: 'text' },
  date: { header: 'Buchungsdatum', width: 16, kind: 'date' },
  fiscalYear: { header: 'Haushaltsjahr', width: 15, kind: 'year' },
  product: { header: 'Produkt', width: 10, kind: 'text' },
  account: { header: 'Sachkonto', width: 12, kind: 'text' },
  kind: { header: 'Art', width: 14, kind: 'text' },
  amount: { header: 'Betrag', width: 16, kind: 'euro' },
  reference: { header: 'Beleg', width: 18, kind: 'indented' },
  reversalOf: { header: 'Storno zu Buchung', width: 20, kind: 'text' },
  text: { header: 'Buchungstext', width: 48, kind: 'text' },
} as const satisfies Record<string, ColumnSpec>;

/** Sheet "Übersicht": title rows, then the header, then one row per budget line. */
export const OVERVIEW_COLUMNS = {
  product: { header: 'Produkt', width: 10, kind: 'text' },
  productName: { header: 'Produktbezeichnung', width: 26, kind: 'text' },
  fiscalYear: { header: 'Haushaltsjahr', width: 15, kind: 'year' },
  account: { header: 'Sachkonto', width: 12, kind: 'text' },
  accountName: { header: 'Kontobezeichnung', width: 40, kind: 'text' },
  planned: { header: 'Ansatz', width: 16, kind: 'euro' },
  committed: { header: 'Gebunden', width: 16, kind: 'euro' },
  actual: { header: 'Ist', width: 16, kind: 'euro' },
  reimbursed: { header: 'Erstattungen', width: 16, kind: 'euro' },
  variance: { header: 'Abweichung (Ansatz − Ist)', width: 18, kind: 'euro' },
} as const satisfies Record<string, ColumnSpec>;

export const OVERVIEW_TEXT = {
  title: (organisation: string) => `Finanzübersicht ${organisation}`,
  subtitle: (years: string, asOf: string) => `Haushaltsjahre ${years} · Beträge in Euro · Stand ${asOf}`,
  subtotal: 'Summe Produkt und Haushaltsjahr',
  total: 'Summe aller Ansätze dieser Übersicht',
  unassigned: 'Buchungen ohne Ansatz in dieser Übersicht',
  note:
    'Gebunden, Ist und Erstattungen werden aus dem Blatt „Buchungen“ summiert (Produkt, ' +
    'Haushaltsjahr, Sachkonto, Art). Abweichung = Ansatz − Ist.',
} as const;

/** Sheet "Stelle …": title rows, then the header, then one row per month and the total row. */
export const STAFF_COLUMNS = {
  month: { header: 'Monat', width: 10, kind: 'month' },
  pay: { header: 'Tabellenentgelt', width: 16, kind: 'euro' },
  allowances: { header: 'Zulagen', width: 14, kind: 'euro' },
  bonus: { header: 'Jahressonderzahlung', width: 21, kind: 'euro' },
  socialSecurity: { header: 'AG-Anteil Sozialversicherung', width: 20, kind: 'euro' },
  supplementaryPension: { header: 'Zusatzversorgung (ZVK)', width: 18, kind: 'euro' },
  total: { header: 'Gesamtkosten', width: 16, kind: 'euro' },
  reimbursement: { header: 'Erstattung', width: 16, kind: 'euro' },
  ownShare: { header: 'Eigenanteil', width: 16, kind: 'euro' },
} as const satisfies Record<string, ColumnSpec>;

export const STAFF_TEXT = {
  title: (title: string) => `Stelle: ${title}`,
  total: 'Summe',
} as const;

/** Column letter of the n-th (1-based) key of a column table, e.g. columnLetter(LEDGER_COLUMNS, 'amount') = 'G'. */
export function columnLetter<T extends Record<string, ColumnSpec>>(columns: T, key: keyof T): string {
  const index = Object.keys(columns).indexOf(key as string);
  if (index < 0) throw new Error(`unknown column ${String(key)}`);
  return numberToLetters(index + 1);
}

export function numberToLetters(n: number): string {
  let result = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    result = String.fromCharCode(65 + ((rest - 1) % 26)) + result;
  }
  return result;
}

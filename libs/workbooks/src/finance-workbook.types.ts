import type { Cents } from '@app/money';

/** A calendar date without time or zone, ISO 8601: "2021-04-26". */
export type IsoDate = string;

/** A calendar month, ISO 8601: "2021-04". */
export type IsoMonth = string;

/** A product of the organisation's product tree, e.g. { number: '3636', name: 'übrige Hilfen' }. */
export interface BudgetProduct {
  number: string;
  name: string;
}

/** An account of the organisation's chart of accounts, e.g. { number: '620010', name: 'Entgelte …' }. */
export interface BudgetAccount {
  number: string;
  name: string;
}

/** The plan (Ansatz) of one account in one product and fiscal year. */
export interface BudgetLine {
  product: string;
  account: string;
  fiscalYear: number;
  plannedCents: Cents;
}

/** commitment = Mittelbindung, actual = Ist-Buchung, reimbursement = Erstattung des Zuwendungsgebers. */
export type LedgerEntryKind = 'commitment' | 'actual' | 'reimbursement';

/**
 * One ledger entry, as booked. Entries are never changed: a correction is a reversing entry
 * (`reversalOf` = id of the reversed entry) that carries the negated amount.
 */
export interface LedgerEntry {
  id: string;
  date: IsoDate;
  /** The fiscal year the entry is charged to; defaults to the calendar year of `date`. */
  fiscalYear?: number;
  product: string;
  account: string;
  kind: LedgerEntryKind;
  /** Signed, as booked. */
  amountCents: Cents;
  /** Beleg, e.g. an invoice or pay-slip number. */
  reference: string;
  reversalOf?: string;
  text: string;
}

/** One month of a staff position's costs (see PERSONNEL-COSTS.md §§ 2–5), all in cents. */
export interface StaffCostMonth {
  month: IsoMonth;
  /** Tabellenentgelt. */
  payCents: Cents;
  allowancesCents: Cents;
  /** Jahressonderzahlung (0 in most months). */
  bonusCents: Cents;
  /** Arbeitgeberanteil Sozialversicherung. */
  socialSecurityCents: Cents;
  /** Zusatzversorgung (ZVK-Umlage). */
  supplementaryPensionCents: Cents;
  /** Eligible cost of the month; components the programme does not accept are left out. */
  totalCents: Cents;
  /** Reimbursement booked in the month. */
  reimbursementCents: Cents;
  /** Must equal totalCents − reimbursementCents. */
  ownShareCents: Cents;
}

export interface StaffPosition {
  id: string;
  /** Used in the sheet name "Stelle <shortTitle>" (shortened to Excel's 31 characters). */
  shortTitle: string;
  title: string;
  /** One line under the title, e.g. "Produkt 3636 · TVöD-VKA S 12 · 19,5 von 39 Wochenstunden". */
  details?: string;
  /** Printed under the table, e.g. the simplifications of the flat on-cost model (§ 4). */
  notes?: readonly string[];
  /** Ascending, one row per month. */
  months: readonly StaffCostMonth[];
}

/** Everything the finance workbook shows. A plain structure: no ORM entities. */
export interface FinanceWorkbookInput {
  /** e.g. "Landkreis Peine". */
  organisation: string;
  fiscalYears: readonly number[];
  products: readonly BudgetProduct[];
  accounts: readonly BudgetAccount[];
  budgetLines: readonly BudgetLine[];
  /** Streamed into the sheet "Buchungen" in the order given; may hold up to 1,048,575 entries. */
  ledger: AsyncIterable<LedgerEntry>;
  staffPositions: readonly StaffPosition[];
  /** "Stand" shown on the overview and the workbook's creation date; default: now. */
  asOf?: Date;
}

export interface FinanceWorkbookOptions {
  /**
   * Yield to the event loop after this many ledger rows (and apply backpressure, see
   * highWaterBytes) so that zip compression keeps up and the uncompressed XML does not pile up
   * in memory. Default 100; 0 turns pacing off (exceljs's plain streaming behaviour, kept for
   * the benchmark).
   */
  yieldEveryRows?: number;
  /**
   * Uncompressed XML (bytes) allowed to wait for zip compression before the writer pauses until
   * the compressor has drained; checked every `yieldEveryRows` rows. Default 4 MiB.
   */
  highWaterBytes?: number;
}

export interface StaffSheet {
  positionId: string;
  sheetName: string;
}

export interface WorkbookStats {
  /** In workbook order. */
  sheetNames: string[];
  ledgerRows: number;
  /**
   * Ledger entries whose product, fiscal year and account match no budget line; the overview
   * shows their sums in the row "Buchungen ohne Ansatz in dieser Übersicht".
   */
  unassignedLedgerRows: number;
  staffSheets: StaffSheet[];
}

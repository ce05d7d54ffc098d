import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import type { CellValue, Style, Worksheet } from 'exceljs';
import { DomainError } from '@app/common';
import { cellText, euros, formulaString, germanDate, isoMonthToCellDate, yearsLabel } from './cell-values';
import type {
  FinanceWorkbookInput,
  FinanceWorkbookOptions,
  StaffPosition,
  StaffSheet,
  WorkbookStats,
} from './finance-workbook.types';
import { budgetKey, checkLedgerEntry, prepareInput, type PreparedInput } from './input-validation';
import {
  type ColumnSpec,
  columnLetter,
  headerStyleOf,
  KIND_LABELS,
  LEDGER_COLUMNS,
  MAX_LEDGER_ROWS,
  OVERVIEW_COLUMNS,
  OVERVIEW_TEXT,
  pageSetupFor,
  SHEET_LEDGER,
  SHEET_OVERVIEW,
  STAFF_COLUMNS,
  STAFF_SHEET_PREFIX,
  STAFF_TEXT,
  STYLE,
  styleOf,
} from './layout';
import { zipInputOf } from './exceljs-internals';
import { Pacer } from './pacer';
import { SheetNames } from './sheet-names';

const DEFAULT_YIELD_EVERY_ROWS = 100;
/** Overview and staff sheets: title, subtitle, header. */
const HEADER_ROW = 3;

/**
 * Writes the finance workbook (XLSX) with exceljs's streaming writer: "Übersicht" (plan,
 * commitments, actuals, reimbursements per product, fiscal year and account, as SUMIFS formulas
 * over the ledger), "Buchungen" (the ledger, streamed row by row from an async iterable) and one
 * sheet "Stelle …" per staff position. `out` is a writable stream or a file path; a file that
 * could not be completed is removed. Resolves when the last byte is written.
 */
export async function writeFinanceWorkbook(
  input: FinanceWorkbookInput,
  out: Writable | string,
  options: FinanceWorkbookOptions = {},
): Promise<WorkbookStats> {
  const plan = prepareInput(input);
  const yieldEveryRows = options.yieldEveryRows ?? DEFAULT_YIELD_EVERY_ROWS;
  if (!Number.isSafeInteger(yieldEveryRows) || yieldEveryRows < 0) {
    throw DomainError.invalid('options.yieldEveryRows', `must be a whole number ≥ 0, got ${yieldEveryRows}`);
  }
  const target = openTarget(out);
  let outputError: Error | undefined;
  let onOutputError: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    onOutputError = (error: Error) => {
      outputError ??= error;
      reject(error);
    };
    target.stream.on('error', onOutputError);
  });
  failed.catch(() => undefined);

  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: target.stream,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = 'foerderwerk';
    workbook.lastModifiedBy = 'foerderwerk';
    workbook.created = plan.asOf;
    workbook.modified = plan.asOf;

    const names = new SheetNames();
    const overviewName = names.reserve(SHEET_OVERVIEW);
    const ledgerName = names.reserve(SHEET_LEDGER);
    // The overview must be complete before the ledger starts: exceljs zips the sheets one after
    // another, so an open first sheet would hold the whole ledger in memory. Its formulas use
    // whole-column references into the ledger, whose length is not known yet.
    writeOverview(workbook.addWorksheet(overviewName, frozenAt(HEADER_ROW)), plan, ledgerName);

    const ledgerSheet = workbook.addWorksheet(ledgerName, frozenAt(1));
    const pacer = new Pacer(
      yieldEveryRows,
      target.stream,
      zipInputOf(ledgerSheet),
      options.highWaterBytes,
    );
    const ledger = await Promise.race([writeLedger(ledgerSheet, input, plan, pacer, () => outputError), failed]);

    const staffSheets: StaffSheet[] = plan.staffPositions.map((position) => {
      const sheetName = names.unique(STAFF_SHEET_PREFIX, position.shortTitle);
      writeStaffSheet(workbook.addWorksheet(sheetName, frozenAt(HEADER_ROW)), position);
      return { positionId: position.id, sheetName };
    });

    await Promise.race([workbook.commit(), failed]);
    await target.closed();
    target.stream.off('error', onOutputError);
    return {
      sheetNames: [overviewName, ledgerName, ...staffSheets.map((s) => s.sheetName)],
      ledgerRows: ledger.rows,
      unassignedLedgerRows: ledger.unassigned,
      staffSheets,
    };
  } catch (error) {
    await target.abort();
    throw error;
  }
}

// ------------------------------------------------------------------------------------------
// Übersicht

function writeOverview(sheet: Worksheet, plan: PreparedInput, ledgerName: string): void {
  const columns = OVERVIEW_COLUMNS;
  setWidths(sheet, columns);
  const col = (key: keyof typeof columns): string => columnLetter(columns, key);
  const [A, C, D, F, G, H, I, J] = [
    col('product'),
    col('fiscalYear'),
    col('account'),
    col('planned'),
    col('committed'),
    col('actual'),
    col('reimbursed'),
    col('variance'),
  ];
  const ledger = ledgerColumnRefs(ledgerName);

  writeRow(sheet, [[cellText(OVERVIEW_TEXT.title(plan.organisation)), STYLE.title]]);
  writeRow(sheet, [[OVERVIEW_TEXT.subtitle(yearsLabel(plan.fiscalYears), germanDate(plan.asOf)), STYLE.subtitle]]);
  writeHeader(sheet, columns);

  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + plan.budgetLines.length;
  const sumOverLedger = (row: number, kind: keyof typeof KIND_LABELS): CellValue =>
    formula(
      `SUMIFS(${ledger.amount},${ledger.product},$${A}${row},${ledger.fiscalYear},$${C}${row},` +
        `${ledger.account},$${D}${row},${ledger.kind},${formulaString(KIND_LABELS[kind])})`,
    );
  plan.budgetLines.forEach((line, i) => {
    const r = first + i;
    writeRow(sheet, [
      [line.product, STYLE.plain],
      [cellText(plan.productNames.get(line.product) ?? ''), STYLE.plain],
      [line.fiscalYear, STYLE.year],
      [line.account, STYLE.plain],
      [cellText(plan.accountNames.get(line.account) ?? ''), STYLE.plain],
      [euros(line.plannedCents), STYLE.euro],
      [sumOverLedger(r, 'commitment'), STYLE.euro],
      [sumOverLedger(r, 'actual'), STYLE.euro],
      [sumOverLedger(r, 'reimbursement'), STYLE.euro],
      [formula(`${F}${r}-${H}${r}`), STYLE.euro],
    ]);
  });
  sheet.autoFilter = `A${HEADER_ROW}:${J}${last}`;

  writeRow(sheet, []);
  // One subtotal per product and fiscal year, then the total of all lines.
  const range = (letter: string): string => `${letter}$${first}:${letter}$${last}`;
  const groups = new Map<string, { product: string; fiscalYear: number }>();
  for (const line of plan.budgetLines) groups.set(`${line.product}\u0000${line.fiscalYear}`, line);
  let r = last + 2;
  for (const { product, fiscalYear } of groups.values()) {
    const subtotal = (letter: string): CellValue =>
      formula(`SUMIFS(${range(letter)},${range(`$${A}`)},$${A}${r},${range(`$${C}`)},$${C}${r})`);
    writeRow(sheet, [
      [product, STYLE.subtotalLabel],
      [cellText(plan.productNames.get(product) ?? ''), STYLE.subtotalLabel],
      [fiscalYear, STYLE.subtotalYear],
      [null, STYLE.subtotalLabel],
      [OVERVIEW_TEXT.subtotal, STYLE.subtotalLabel],
      [subtotal(F), STYLE.subtotalEuro],
      [subtotal(G), STYLE.subtotalEuro],
      [subtotal(H), STYLE.subtotalEuro],
      [subtotal(I), STYLE.subtotalEuro],
      [formula(`${F}${r}-${H}${r}`), STYLE.subtotalEuro],
    ]);
    r++;
  }
  const totalRow = r;
  const total = (letter: string): CellValue => formula(`SUM(${letter}${first}:${letter}${last})`);
  writeRow(sheet, [
    ...labelCells(OVERVIEW_TEXT.total, 5, STYLE.totalLabel),
    [total(F), STYLE.totalEuro],
    [total(G), STYLE.totalEuro],
    [total(H), STYLE.totalEuro],
    [total(I), STYLE.totalEuro],
    [formula(`${F}${totalRow}-${H}${totalRow}`), STYLE.totalEuro],
  ]);
  // Whatever the ledger holds beyond the lines above (other accounts, products or years).
  const unassigned = (kind: keyof typeof KIND_LABELS, letter: string): CellValue =>
    formula(`SUMIFS(${ledger.amount},${ledger.kind},${formulaString(KIND_LABELS[kind])})-${letter}${totalRow}`);
  writeRow(sheet, [
    ...labelCells(OVERVIEW_TEXT.unassigned, 5, STYLE.plain),
    [null, STYLE.euro],
    [unassigned('commitment', G), STYLE.euro],
    [unassigned('actual', H), STYLE.euro],
    [unassigned('reimbursement', I), STYLE.euro],
  ]);
  writeRow(sheet, []);
  writeRow(sheet, [[OVERVIEW_TEXT.note, STYLE.note]]);
  sheet.commit();
}

function ledgerColumnRefs(ledgerName: string): Record<'amount' | 'product' | 'fiscalYear' | 'account' | 'kind', string> {
  const sheet = sheetRef(ledgerName);
  const ref = (key: keyof typeof LEDGER_COLUMNS): string => {
    const letter = columnLetter(LEDGER_COLUMNS, key);
    return `${sheet}!$${letter}:$${letter}`;
  };
  return {
    amount: ref('amount'),
    product: ref('product'),
    fiscalYear: ref('fiscalYear'),
    account: ref('account'),
    kind: ref('kind'),
  };
}

// ------------------------------------------------------------------------------------------
// Buchungen

const LEDGER_STYLES: readonly Partial<Style>[] = Object.values(LEDGER_COLUMNS).map((c: ColumnSpec) => styleOf(c.kind));
const LEDGER_COLUMN_COUNT = LEDGER_STYLES.length;

async function writeLedger(
  sheet: Worksheet,
  input: FinanceWorkbookInput,
  plan: PreparedInput,
  pacer: Pacer,
  outputError: () => Error | undefined,
): Promise<{ rows: number; unassigned: number }> {
  setWidths(sheet, LEDGER_COLUMNS);
  writeHeader(sheet, LEDGER_COLUMNS);
  let rows = 0;
  let unassigned = 0;
  for await (const entry of input.ledger) {
    const error = outputError();
    if (error) throw error;
    if (rows === MAX_LEDGER_ROWS) {
      throw DomainError.invalid('ledger', `more than ${MAX_LEDGER_ROWS} entries do not fit on one sheet`);
    }
    const { fiscalYear, date } = checkLedgerEntry(entry, rows);
    if (!plan.budgetKeys.has(budgetKey(entry.product, fiscalYear, entry.account))) unassigned++;
    // Order as in LEDGER_COLUMNS.
    const values: CellValue[] = [
      cellText(entry.id),
      date,
      fiscalYear,
      entry.product,
      entry.account,
      KIND_LABELS[entry.kind],
      euros(entry.amountCents),
      cellText(entry.reference),
      entry.reversalOf === undefined ? null : cellText(entry.reversalOf),
      cellText(entry.text),
    ];
    const row = sheet.addRow([]);
    for (let c = 0; c < LEDGER_COLUMN_COUNT; c++) {
      const value = values[c];
      if (value === null || value === undefined) continue;
      const cell = row.getCell(c + 1);
      cell.value = value;
      cell.style = LEDGER_STYLES[c]!;
    }
    row.commit();
    rows++;
    await pacer.afterRow();
  }
  sheet.autoFilter = `A1:${columnLetter(LEDGER_COLUMNS, 'text')}${rows + 1}`;
  sheet.commit();
  return { rows, unassigned };
}

// ------------------------------------------------------------------------------------------
// Stelle …

function writeStaffSheet(sheet: Worksheet, position: StaffPosition): void {
  const columns = STAFF_COLUMNS;
  setWidths(sheet, columns);
  writeRow(sheet, [[cellText(STAFF_TEXT.title(position.title)), STYLE.title]]);
  writeRow(sheet, position.details ? [[cellText(position.details), STYLE.subtitle]] : []);
  writeHeader(sheet, columns);
  const first = HEADER_ROW + 1;
  for (const month of position.months) {
    writeRow(sheet, [
      [isoMonthToCellDate(month.month), STYLE.month],
      [euros(month.payCents), STYLE.euro],
      [euros(month.allowancesCents), STYLE.euro],
      [euros(month.bonusCents), STYLE.euro],
      [euros(month.socialSecurityCents), STYLE.euro],
      [euros(month.supplementaryPensionCents), STYLE.euro],
      [euros(month.totalCents), STYLE.euro],
      [euros(month.reimbursementCents), STYLE.euro],
      [euros(month.ownShareCents), STYLE.euro],
    ]);
  }
  const last = HEADER_ROW + position.months.length;
  const lastLetter = columnLetter(columns, 'ownShare');
  sheet.autoFilter = `A${HEADER_ROW}:${lastLetter}${last}`;
  const sums = (Object.keys(columns) as (keyof typeof columns)[])
    .filter((key) => columns[key].kind === 'euro')
    .map((key): [CellValue, Partial<Style>] => {
      const letter = columnLetter(columns, key);
      return [formula(`SUM(${letter}${first}:${letter}${last})`), STYLE.totalEuro];
    });
  writeRow(sheet, [[STAFF_TEXT.total, STYLE.totalMonth], ...sums]);
  if (position.notes?.length) {
    writeRow(sheet, []);
    for (const note of position.notes) writeRow(sheet, [[cellText(note), STYLE.note]]);
  }
  sheet.commit();
}

// ------------------------------------------------------------------------------------------
// helpers

/**
 * A formula without a cached result: Excel recalculates on opening (the file's calcId is older
 * than any current Excel), LibreOffice computes cells that carry no value.
 * Money results are rounded to cents so that float sums show no 0.000000001 tails.
 */
function formula(expression: string): CellValue {
  return { formula: `ROUND(${expression},2)` };
}

function frozenAt(headerRow: number): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    pageSetup: pageSetupFor(headerRow),
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
  };
}

function setWidths(sheet: Worksheet, columns: Record<string, ColumnSpec>): void {
  sheet.columns = Object.values(columns).map((c) => ({ width: c.width }));
}

function writeHeader(sheet: Worksheet, columns: Record<string, ColumnSpec>): void {
  const row = writeRow(
    sheet,
    Object.values(columns).map((c): [CellValue, Partial<Style>] => [c.header, headerStyleOf(c.kind)]),
  );
  // Bold text is wider than the width unit (one digit): leave room for a second line early.
  if (Object.values(columns).some((c) => c.header.length + 2 > c.width)) row.height = 30;
  row.commit();
}

function writeRow(sheet: Worksheet, cells: readonly (readonly [CellValue, Partial<Style>])[]): ExcelJS.Row {
  const row = sheet.addRow([]);
  cells.forEach(([value, style], i) => {
    const cell = row.getCell(i + 1);
    if (value !== null && value !== undefined) cell.value = value;
    cell.style = style;
  });
  return row;
}

/** The label in the first cell, then empty cells (the label runs over them) up to `count`. */
function labelCells(label: string, count: number, style: Partial<Style>): [CellValue, Partial<Style>][] {
  return Array.from({ length: count }, (_, i): [CellValue, Partial<Style>] => [i === 0 ? label : null, style]);
}

function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

interface Target {
  stream: Writable;
  closed(): Promise<void>;
  abort(): Promise<void>;
}

function openTarget(out: Writable | string): Target {
  if (typeof out !== 'string') {
    // The caller owns the stream: leave it to them to destroy it after a failure.
    return { stream: out, closed: async () => undefined, abort: async () => undefined };
  }
  const stream = createWriteStream(out);
  const closed = (): Promise<void> =>
    stream.closed ? Promise.resolve() : new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return {
    stream,
    closed,
    abort: async () => {
      // Wait for the close: a file still being opened would otherwise appear after the rm.
      stream.destroy();
      await closed();
      await rm(out, { force: true });
    },
  };
}

import { DomainError } from '@app/common';
import type {
  BudgetLine,
  FinanceWorkbookInput,
  LedgerEntry,
  StaffPosition,
} from './finance-workbook.types';
import { isoDateToCellDate, isoMonthToCellDate } from './cell-values';
import { KIND_LABELS } from './layout';

/** The static part of the input, checked, sorted and indexed. */
export interface PreparedInput {
  organisation: string;
  fiscalYears: number[];
  productNames: ReadonlyMap<string, string>;
  accountNames: ReadonlyMap<string, string>;
  /** Sorted by product, fiscal year, account. */
  budgetLines: BudgetLine[];
  budgetKeys: ReadonlySet<string>;
  staffPositions: readonly StaffPosition[];
  asOf: Date;
}

// Product and account numbers are used as SUMIFS criteria: no wildcards or comparison operators.
const CODE = /^[^*?~<>=\s](?:[^*?~<>=]*[^*?~<>=\s])?$/;

export function budgetKey(product: string, fiscalYear: number, account: string): string {
  return `${product}\u0000${fiscalYear}\u0000${account}`;
}

export function prepareInput(input: FinanceWorkbookInput): PreparedInput {
  requireText(input.organisation, 'organisation');

  const fiscalYears = [...input.fiscalYears].sort((a, b) => a - b);
  if (fiscalYears.length === 0) throw DomainError.invalid('fiscalYears', 'at least one fiscal year');
  fiscalYears.forEach((year, i) => {
    requireYear(year, `fiscalYears[${i}]`);
    if (i > 0 && fiscalYears[i - 1] === year) throw DomainError.invalid('fiscalYears', `${year} given twice`);
  });

  const productNames = indexCodes(input.products, 'products');
  const accountNames = indexCodes(input.accounts, 'accounts');

  if (input.budgetLines.length === 0) throw DomainError.invalid('budgetLines', 'at least one budget line');
  const budgetKeys = new Set<string>();
  input.budgetLines.forEach((line, i) => {
    const field = `budgetLines[${i}]`;
    if (!productNames.has(line.product)) throw DomainError.invalid(`${field}.product`, `unknown product "${line.product}"`);
    if (!accountNames.has(line.account)) throw DomainError.invalid(`${field}.account`, `unknown account "${line.account}"`);
    if (!fiscalYears.includes(line.fiscalYear)) {
      throw DomainError.invalid(`${field}.fiscalYear`, `${line.fiscalYear} is not one of the fiscal years`);
    }
    requireCents(line.plannedCents, `${field}.plannedCents`);
    const key = budgetKey(line.product, line.fiscalYear, line.account);
    if (budgetKeys.has(key)) {
      throw DomainError.invalid(field, `second line for product ${line.product}, ${line.fiscalYear}, account ${line.account}`);
    }
    budgetKeys.add(key);
  });
  const budgetLines = [...input.budgetLines].sort(
    (a, b) => compareCodes(a.product, b.product) || a.fiscalYear - b.fiscalYear || compareCodes(a.account, b.account),
  );

  const positionIds = new Set<string>();
  input.staffPositions.forEach((position, i) => {
    const field = `staffPositions[${i}]`;
    requireText(position.id, `${field}.id`);
    if (positionIds.has(position.id)) throw DomainError.invalid(`${field}.id`, `position ${position.id} given twice`);
    positionIds.add(position.id);
    requireText(position.shortTitle, `${field}.shortTitle`);
    requireText(position.title, `${field}.title`);
    checkStaffMonths(position, field);
  });

  const asOf = input.asOf ?? new Date();
  if (Number.isNaN(asOf.getTime())) throw DomainError.invalid('asOf', 'not a valid date');

  return {
    organisation: input.organisation.trim(),
    fiscalYears,
    productNames,
    accountNames,
    budgetLines,
    budgetKeys,
    staffPositions: input.staffPositions,
    asOf,
  };
}

function checkStaffMonths(position: StaffPosition, field: string): void {
  if (position.months.length === 0) throw DomainError.invalid(`${field}.months`, 'at least one month');
  let previous = '';
  position.months.forEach((row, j) => {
    const at = `${field}.months[${j}]`;
    try {
      isoMonthToCellDate(row.month, `${at}.month`);
    } catch (error) {
      throw DomainError.invalid(`${at}.month`, (error as Error).message);
    }
    if (row.month <= previous) throw DomainError.invalid(`${at}.month`, `${row.month} is not after ${previous}`);
    previous = row.month;
    const amounts = [
      ['payCents', row.payCents],
      ['allowancesCents', row.allowancesCents],
      ['bonusCents', row.bonusCents],
      ['socialSecurityCents', row.socialSecurityCents],
      ['supplementaryPensionCents', row.supplementaryPensionCents],
      ['totalCents', row.totalCents],
      ['reimbursementCents', row.reimbursementCents],
      ['ownShareCents', row.ownShareCents],
    ] as const;
    for (const [name, value] of amounts) requireCents(value, `${at}.${name}`);
    if (row.ownShareCents !== row.totalCents - row.reimbursementCents) {
      throw DomainError.invalid(`${at}.ownShareCents`, 'must equal totalCents − reimbursementCents');
    }
  });
}

/** Checks one streamed ledger entry; returns its fiscal year and date cell value. */
export function checkLedgerEntry(entry: LedgerEntry, index: number): { fiscalYear: number; date: Date } {
  const field = `ledger[${index}]`;
  if (typeof entry.id !== 'string' || entry.id.length === 0) throw DomainError.invalid(`${field}.id`, 'required');
  let date: Date;
  try {
    date = isoDateToCellDate(entry.date, `${field}.date`);
  } catch (error) {
    throw DomainError.invalid(`${field}.date`, (error as Error).message);
  }
  const fiscalYear = entry.fiscalYear ?? date.getUTCFullYear();
  requireYear(fiscalYear, `${field}.fiscalYear`);
  if (typeof entry.product !== 'string' || !CODE.test(entry.product)) {
    throw DomainError.invalid(`${field}.product`, `not a product number: "${entry.product}"`);
  }
  if (typeof entry.account !== 'string' || !CODE.test(entry.account)) {
    throw DomainError.invalid(`${field}.account`, `not an account number: "${entry.account}"`);
  }
  if (!Object.prototype.hasOwnProperty.call(KIND_LABELS, entry.kind)) {
    throw DomainError.invalid(`${field}.kind`, `unknown kind "${String(entry.kind)}"`);
  }
  requireCents(entry.amountCents, `${field}.amountCents`);
  if (typeof entry.reference !== 'string') throw DomainError.invalid(`${field}.reference`, 'must be a string');
  if (typeof entry.text !== 'string') throw DomainError.invalid(`${field}.text`, 'must be a string');
  return { fiscalYear, date };
}

function indexCodes(items: readonly { number: string; name: string }[], field: string): Map<string, string> {
  const names = new Map<string, string>();
  items.forEach((item, i) => {
    if (typeof item.number !== 'string' || !CODE.test(item.number)) {
      throw DomainError.invalid(`${field}[${i}].number`, `not a valid number: "${item.number}" (no * ? ~ < > =)`);
    }
    requireText(item.name, `${field}[${i}].name`);
    if (names.has(item.number)) throw DomainError.invalid(`${field}[${i}].number`, `${item.number} given twice`);
    names.set(item.number, item.name);
  });
  return names;
}

function requireText(value: string, field: string): void {
  if (typeof value !== 'string' || value.trim().length === 0) throw DomainError.invalid(field, 'required');
}

function requireYear(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1900 || value > 9999) throw DomainError.invalid(field, `not a year: ${value}`);
}

function requireCents(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw DomainError.invalid(field, `must be an integer number of cents, got ${value}`);
}

/** Numeric codes in numeric order ("990" before "3636"), others in German collation. */
function compareCodes(a: string, b: string): number {
  return a.localeCompare(b, 'de-DE', { numeric: true });
}

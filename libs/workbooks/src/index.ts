export { writeFinanceWorkbook } from './finance-workbook';
export type {
  BudgetAccount,
  BudgetLine,
  BudgetProduct,
  FinanceWorkbookInput,
  FinanceWorkbookOptions,
  IsoDate,
  IsoMonth,
  LedgerEntry,
  LedgerEntryKind,
  StaffCostMonth,
  StaffPosition,
  StaffSheet,
  WorkbookStats,
} from './finance-workbook.types';
export { SHEET_LEDGER, SHEET_OVERVIEW, STAFF_SHEET_PREFIX } from './layout';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import type { Cents } from '@app/money';
import { writeFinanceWorkbook, type LedgerEntry, type LedgerEntryKind } from '@app/workbooks';
import { recalculateXlsx, type RecalculatedWorkbook } from '../../../test/support/libreoffice';
import { LEDGER, peineInput, POSITION, PRODUCT } from './finance-workbook.fixture';

/**
 * LibreOffice recalculates the generated workbook; every total must equal, to the cent, the total
 * computed here in TypeScript from the fixture (integer cents, no floating point).
 */
describe('finance workbook recalculated by LibreOffice', () => {
  let dir: string;
  let file: string;
  let recalculated: RecalculatedWorkbook;
  const input = peineInput();
  const cents = (sheet: string, address: string): Cents => Math.round(recalculated.number(sheet, address) * 100);

  const fiscalYearOf = (entry: LedgerEntry): number => entry.fiscalYear ?? Number(entry.date.slice(0, 4));
  const ledgerSum = (filter: (entry: LedgerEntry) => boolean): Cents =>
    LEDGER.filter(filter).reduce((sum, entry) => sum + entry.amountCents, 0);
  const lineSum = (account: string, year: number, kind: LedgerEntryKind): Cents =>
    ledgerSum((e) => e.product === PRODUCT && e.account === account && fiscalYearOf(e) === year && e.kind === kind);

  // Rows as the unit test pins them: lines 4–15 (years 2021–2023 × accounts in numeric order).
  const years = [2021, 2022, 2023];
  const accounts = ['541100', '620010', '640010', '647010'];
  const lines = years.flatMap((year, y) =>
    accounts.map((account, a) => {
      const planned = input.budgetLines.find((l) => l.account === account && l.fiscalYear === year)!.plannedCents;
      return {
        row: 4 + y * accounts.length + a,
        year,
        account,
        planned,
        commitment: lineSum(account, year, 'commitment'),
        actual: lineSum(account, year, 'actual'),
        reimbursement: lineSum(account, year, 'reimbursement'),
      };
    }),
  );
  const sum = (values: Cents[]): Cents => values.reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'finance-workbook-int-'));
    file = join(dir, 'finanzen.xlsx');
    await writeFinanceWorkbook(input, file);
    recalculated = await recalculateXlsx(file);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('recalculates for real: LibreOffice replaces a stale cached result', async () => {
    const stale = new ExcelJS.Workbook();
    const probe = stale.addWorksheet('Probe');
    probe.getCell('A1').value = 2;
    probe.getCell('A2').value = { formula: 'A1*21', result: 1 };
    const path = join(dir, 'stale.xlsx');
    await stale.xlsx.writeFile(path);
    expect((await recalculateXlsx(path)).number('Probe', 'A2')).toBe(42);
  });

  it('is a meaningful test: the written file carries formulas without cached results', async () => {
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(file);
    const total = written.getWorksheet('Übersicht')!.getCell('H20').value as ExcelJS.CellFormulaValue;
    expect(total.formula).toBe('ROUND(SUM(H4:H15),2)');
    expect(total.result).toBeUndefined();
    // …and the fixture exercises what the totals must get right.
    expect(LEDGER.some((e) => e.reversalOf)).toBe(true);
    expect(lines.find((l) => l.year === 2021 && l.account === '620010')!.actual).toBe(203_366 + 203_366);
  });

  it('sums committed, actual and reimbursed amounts per budget line, and the variance', () => {
    for (const line of lines) {
      const at = `Übersicht row ${line.row} (${line.year}, ${line.account})`;
      expect([at, recalculated.value('Übersicht', `D${line.row}`), recalculated.value('Übersicht', `C${line.row}`)]).toEqual([
        at,
        line.account,
        line.year,
      ]);
      expect([at, cents('Übersicht', `F${line.row}`)]).toEqual([at, line.planned]);
      expect([at, cents('Übersicht', `G${line.row}`)]).toEqual([at, line.commitment]);
      expect([at, cents('Übersicht', `H${line.row}`)]).toEqual([at, line.actual]);
      expect([at, cents('Übersicht', `I${line.row}`)]).toEqual([at, line.reimbursement]);
      expect([at, cents('Übersicht', `J${line.row}`)]).toEqual([at, line.planned - line.actual]);
    }
  });

  it('sums per fiscal year, in total, and shows what no budget line covers', () => {
    years.forEach((year, y) => {
      const row = 17 + y;
      const ofYear = lines.filter((l) => l.year === year);
      expect(recalculated.value('Übersicht', `C${row}`)).toBe(year);
      expect(cents('Übersicht', `F${row}`)).toBe(sum(ofYear.map((l) => l.planned)));
      expect(cents('Übersicht', `G${row}`)).toBe(sum(ofYear.map((l) => l.commitment)));
      expect(cents('Übersicht', `H${row}`)).toBe(sum(ofYear.map((l) => l.actual)));
      expect(cents('Übersicht', `I${row}`)).toBe(sum(ofYear.map((l) => l.reimbursement)));
      expect(cents('Übersicht', `J${row}`)).toBe(sum(ofYear.map((l) => l.planned - l.actual)));
    });
    const planned = sum(lines.map((l) => l.planned));
    const actual = sum(lines.map((l) => l.actual));
    expect(cents('Übersicht', 'F20')).toBe(planned);
    expect(cents('Übersicht', 'G20')).toBe(sum(lines.map((l) => l.commitment)));
    expect(cents('Übersicht', 'H20')).toBe(actual);
    expect(cents('Übersicht', 'I20')).toBe(sum(lines.map((l) => l.reimbursement)));
    expect(cents('Übersicht', 'J20')).toBe(planned - actual);

    // Only the 2024 entry lies outside the overview's lines.
    expect(cents('Übersicht', 'G21')).toBe(0);
    expect(cents('Übersicht', 'H21')).toBe(ledgerSum((e) => e.kind === 'actual') - actual);
    expect(cents('Übersicht', 'H21')).toBe(1_250);
    expect(cents('Übersicht', 'I21')).toBe(0);
  });

  it('sums the staff position per cost component', () => {
    const sheet = 'Stelle Sozialpädagogin Familien';
    const months = POSITION.months;
    const components = [
      ['B', sum(months.map((m) => m.payCents))],
      ['C', sum(months.map((m) => m.allowancesCents))],
      ['D', sum(months.map((m) => m.bonusCents))],
      ['E', sum(months.map((m) => m.socialSecurityCents))],
      ['F', sum(months.map((m) => m.supplementaryPensionCents))],
      ['G', sum(months.map((m) => m.totalCents))],
      ['H', sum(months.map((m) => m.reimbursementCents))],
      ['I', sum(months.map((m) => m.ownShareCents))],
    ] as const;
    for (const [column, expected] of components) {
      expect([column, cents(sheet, `${column}16`)]).toEqual([column, expected]);
    }
    // The cap of 24,000.00 € is reached within the year: the total reimbursement is the cap.
    expect(cents(sheet, 'H16')).toBe(2_400_000);
  });

  it('keeps sheet names, dates and number formats through LibreOffice', () => {
    expect(recalculated.workbook.worksheets.map((ws) => ws.name)).toEqual([
      'Übersicht',
      'Buchungen',
      'Stelle Sozialpädagogin Familien',
    ]);
    expect(recalculated.value('Buchungen', 'B2')).toEqual(new Date('2021-01-04T00:00:00.000Z'));
    expect(recalculated.workbook.getWorksheet('Buchungen')!.getCell('G2').numFmt).toMatch(/#,##0\.00.*€/);
  });
});

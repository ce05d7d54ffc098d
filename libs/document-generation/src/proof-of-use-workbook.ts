import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import type { Style, Worksheet } from 'exceljs';
import {
  COST_CATEGORY_LABELS,
  formatGrantReference,
  formatPeriod,
  settleProofOfUse,
  validateProofOfUseFiguresDocument,
  type ProofOfUseFiguresDocument,
} from '@app/documents';
import type { Cents } from '@app/money';

/**
 * The zahlenmäßiger Nachweis as a workbook: "Nachweis" (Soll-Ist per plan position, Ist as
 * SUMIF over the Belegliste, income and the result) and "Belegliste" (date, payee, reason,
 * position, amount; one row per receipt, the sum as a formula). Written with exceljs's streaming
 * writer, row by row; cells hold euros with two decimals, dates as dates.
 */

export const PROOF_OF_USE_SHEETS = { statement: 'Nachweis', receipts: 'Belegliste' } as const;

const EURO = '#,##0.00 "€"';
const DATE = 'dd.mm.yyyy';
const PERCENT = '0.00 %';
const FONT = { name: 'Arial', size: 10 };
const BOLD = { ...FONT, bold: true };
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const S = {
  title: { font: { ...FONT, size: 14, bold: true } },
  text: { font: FONT, alignment: { wrapText: true, vertical: 'top' } },
  label: { font: BOLD, alignment: { vertical: 'top' } },
  header: { font: BOLD, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } }, border: { bottom: THIN }, alignment: { wrapText: true, vertical: 'middle' } },
  euro: { font: FONT, numFmt: EURO },
  percent: { font: FONT, numFmt: PERCENT },
  date: { font: FONT, numFmt: DATE, alignment: { horizontal: 'center' } },
  total: { font: BOLD, border: { top: THIN } },
  totalEuro: { font: BOLD, border: { top: THIN }, numFmt: EURO },
} satisfies Record<string, Partial<Style>>;

const euros = (c: Cents): number => c / 100;

function isoToCellDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export async function buildProofOfUseWorkbook(data: ProofOfUseFiguresDocument): Promise<Buffer> {
  validateProofOfUseFiguresDocument(data);
  const result = settleProofOfUse(data);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'foerderwerk';
  wb.created = isoToCellDate(data.signatory.date);

  const statement = wb.addWorksheet(PROOF_OF_USE_SHEETS.statement, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  statement.columns = [{ width: 8 }, { width: 52 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 12 }];
  const receipts = [...data.receipts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number));
  const firstReceiptRow = 2;
  const lastReceiptRow = firstReceiptRow + receipts.length - 1;
  const ref = (col: string) => `'${PROOF_OF_USE_SHEETS.receipts}'!$${col}$${firstReceiptRow}:$${col}$${lastReceiptRow}`;

  const rows = new Map<Worksheet, number>();
  /** The number the next row added to the sheet gets. */
  const nextRow = (sheet: Worksheet): number => (rows.get(sheet) ?? 0) + 1;
  /**
   * Adds a row with a style per cell; `span` merges the last cell over further columns. Rows
   * with wrapped text get the height of their longest cell (the streaming writer cannot measure:
   * an estimate from the column widths in characters).
   */
  const add = (sheet: Worksheet, values: unknown[], styles: Array<Partial<Style> | undefined> = [], span = 0): number => {
    const row = sheet.addRow(values);
    if (row.number !== nextRow(sheet)) throw new Error(`row ${row.number} added, expected ${nextRow(sheet)}`);
    rows.set(sheet, row.number);
    let lines = 1;
    styles.forEach((style, i) => {
      if (!style) return;
      row.getCell(i + 1).style = style;
      const text = values[i];
      if (style.alignment?.wrapText && typeof text === 'string') {
        const last = i === values.length - 1 ? i + span : i;
        let width = 0;
        for (let c = i; c <= last; c++) width += (sheet.getColumn(c + 1).width ?? 10) - 1;
        lines = Math.max(lines, Math.ceil(text.length / Math.max(width * 1.15, 1)));
      }
    });
    if (lines > 1) row.height = 13 * lines;
    if (span > 0) sheet.mergeCells(row.number, values.length, row.number, values.length + span);
    row.commit();
    return row.number;
  };

  add(statement, ['Verwendungsnachweis – zahlenmäßiger Nachweis'], [S.title]);
  add(statement, [`${data.recipient.organisation}, ${data.recipient.department}`], [S.label]);
  add(statement, []);
  const facts: Array<[string, string]> = [
    ['Förderprogramm:', data.programme.name],
    ['Zuwendungsgeber:', data.programme.funder.name],
    ['Vorhaben:', data.projectTitle],
    ['Bewilligung:', formatGrantReference(data.programme.legalBasis, data.grant)],
    ['Bewilligungszeitraum:', formatPeriod(data.grant.period)],
  ];
  for (const [label, value] of facts) add(statement, ['', label, value], [undefined, S.label, S.text], 3);
  add(statement, ['', 'Bewilligte Zuwendung:', euros(data.grant.approvedAmount)], [undefined, S.label, S.euro]);
  add(statement, []);

  add(statement, ['1. Ausgaben (Soll-Ist)'], [S.label]);
  add(statement, ['Pos.', 'Ausgabenart', 'Soll (€)', 'Ist (€)', 'Abweichung (€)', 'Abweichung (%)'], Array(6).fill(S.header));
  const lineRows: number[] = [];
  for (const line of result.lines) {
    const r = nextRow(statement);
    lineRows.push(r);
    add(
      statement,
      [
        line.position,
        `${line.label} (${COST_CATEGORY_LABELS[line.category]})`,
        euros(line.planned),
        { formula: `SUMIF(${ref('E')},A${r},${ref('F')})`, result: euros(line.actual) },
        { formula: `D${r}-C${r}`, result: euros(line.deviation) },
        { formula: `IF(C${r}=0,"",(D${r}-C${r})/C${r})`, result: line.planned === 0 ? '' : line.deviation / line.planned },
      ],
      [undefined, S.text, S.euro, S.euro, S.euro, S.percent],
    );
  }
  const first = lineRows[0]!;
  const last = lineRows.at(-1)!;
  const totalRow = nextRow(statement);
  add(
    statement,
    [
      '',
      'Summe der Ausgaben',
      { formula: `SUM(C${first}:C${last})`, result: euros(result.plannedTotal) },
      { formula: `SUM(D${first}:D${last})`, result: euros(result.actualTotal) },
      { formula: `D${totalRow}-C${totalRow}`, result: euros(result.actualTotal - result.plannedTotal) },
    ],
    [S.total, S.total, S.totalEuro, S.totalEuro, S.totalEuro],
  );
  add(statement, []);

  add(statement, ['2. Einnahmen'], [S.label]);
  add(statement, ['', 'Einnahmeart', 'Soll (€)', 'Ist (€)'], [undefined, S.header, S.header, S.header]);
  const incomeFirst = nextRow(statement);
  add(statement, ['', 'Eigenmittel', euros(data.financingPlan.ownFunds), euros(data.income.ownFunds)], [undefined, S.text, S.euro, S.euro]);
  add(statement, ['', 'Zuwendung (erhalten)', euros(data.financingPlan.grant), euros(data.income.grantReceived)], [undefined, S.text, S.euro, S.euro]);
  data.financingPlan.thirdParties.forEach((t, i) => {
    add(statement, ['', `Leistungen Dritter: ${t.name}`, euros(t.amount), euros(data.income.thirdParties[i]?.amount ?? 0)], [undefined, S.text, S.euro, S.euro]);
  });
  const incomeLast = nextRow(statement) - 1;
  const incomeSum = (col: string) => ({ formula: `SUM(${col}${incomeFirst}:${col}${incomeLast})` });
  const plannedIncome = data.financingPlan.ownFunds + data.financingPlan.grant + data.financingPlan.thirdParties.reduce((s, t) => s + t.amount, 0);
  const actualIncome = data.income.ownFunds + data.income.grantReceived + data.income.thirdParties.reduce((s, t) => s + t.amount, 0);
  add(
    statement,
    ['', 'Summe der Einnahmen', { ...incomeSum('C'), result: euros(plannedIncome) }, { ...incomeSum('D'), result: euros(actualIncome) }],
    [S.total, S.total, S.totalEuro, S.totalEuro],
  );
  add(statement, []);

  add(statement, ['3. Ergebnis'], [S.label]);
  add(statement, ['', 'Zuwendungsfähige Ausgaben (nach Nr. 1.2 ANBest-P)', euros(result.eligibleCost)], [undefined, S.text, S.euro]);
  const entitlementRow = add(statement, ['', 'Zuwendung, die sich daraus ergibt', euros(result.entitlement)], [undefined, S.text, S.euro]);
  const receivedRow = add(statement, ['', 'Erhaltene Zuwendung', euros(result.received)], [undefined, S.text, S.euro]);
  add(
    statement,
    ['', result.balance > 0 ? 'Überzahlung (zurückzuzahlen)' : 'Noch auszuzahlen (negativ)', { formula: `C${receivedRow}-C${entitlementRow}`, result: euros(result.balance) }],
    [S.total, S.total, S.totalEuro],
  );
  await statement.commit();

  const list = wb.addWorksheet(PROOF_OF_USE_SHEETS.receipts, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  list.columns = [{ width: 9 }, { width: 12 }, { width: 44 }, { width: 52 }, { width: 8 }, { width: 16 }];
  add(list, ['Lfd. Nr.', 'Datum', 'Zahlungsempfänger', 'Grund der Zahlung', 'Pos.', 'Betrag (€)'], Array(6).fill(S.header));
  for (const r of receipts) {
    add(list, [r.number, isoToCellDate(r.date), r.payee, r.reason, r.position, euros(r.amount)], [undefined, S.date, S.text, S.text, undefined, S.euro]);
  }
  add(
    list,
    ['', '', '', 'Summe', '', { formula: `SUM(F${firstReceiptRow}:F${lastReceiptRow})`, result: euros(result.actualTotal) }],
    [S.total, S.total, S.total, S.total, S.total, S.totalEuro],
  );
  await list.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

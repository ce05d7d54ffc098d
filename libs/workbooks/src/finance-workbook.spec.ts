import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { DomainError } from '@app/common';
import { writeFinanceWorkbook, type LedgerEntry } from '@app/workbooks';
import { asyncLedger, LEDGER, peineInput, POSITION } from './finance-workbook.fixture';

const EURO = '#,##0.00 "€"';
const STAFF_SHEET = 'Stelle Sozialpädagogin Familien';

describe('writeFinanceWorkbook', () => {
  let dir: string;
  let file: string;
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'finance-workbook-'));
    file = join(dir, 'finanzen.xlsx');
    const stats = await writeFinanceWorkbook(peineInput(), file);
    expect(stats).toEqual({
      sheetNames: ['Übersicht', 'Buchungen', STAFF_SHEET],
      ledgerRows: LEDGER.length,
      unassignedLedgerRows: 1,
      staffSheets: [{ positionId: 'pos-1', sheetName: STAFF_SHEET }],
    });
    book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sheet = (name: string): ExcelJS.Worksheet => {
    const found = book.getWorksheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  };
  const rowTexts = (ws: ExcelJS.Worksheet, row: number, columns: number): unknown[] =>
    Array.from({ length: columns }, (_, i) => ws.getRow(row).getCell(i + 1).value);
  const formulaOf = (cell: ExcelJS.Cell): string | undefined => {
    const value = cell.value;
    return value !== null && typeof value === 'object' && 'formula' in value ? value.formula : undefined;
  };

  it('has the overview first, then the ledger, then one sheet per position', () => {
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['Übersicht', 'Buchungen', STAFF_SHEET]);
    expect(STAFF_SHEET.length).toBe(31);
  });

  describe('Übersicht', () => {
    it('has a title, German headers in row 3, frozen panes and an autofilter over the budget lines', () => {
      const ws = sheet('Übersicht');
      expect(ws.getCell('A1').value).toBe('Finanzübersicht Landkreis Peine');
      expect(ws.getCell('A2').value).toBe('Haushaltsjahre 2021–2023 · Beträge in Euro · Stand 25.11.2026');
      expect(rowTexts(ws, 3, 10)).toEqual([
        'Produkt',
        'Produktbezeichnung',
        'Haushaltsjahr',
        'Sachkonto',
        'Kontobezeichnung',
        'Ansatz',
        'Gebunden',
        'Ist',
        'Erstattungen',
        'Abweichung (Ansatz − Ist)',
      ]);
      expect(ws.getCell('F3').font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, topLeftCell: 'A4' });
      expect(ws.autoFilter).toBe('A3:J15');
      expect(ws.getColumn(5).width).toBe(40);
      expect(ws.getColumn(6).width).toBe(16);
    });

    it('lists the budget lines sorted by product, fiscal year and account with the plan in euros', () => {
      const ws = sheet('Übersicht');
      expect(rowTexts(ws, 4, 6)).toEqual(['3636', 'übrige Hilfen', 2021, '541100', 'Zuweisungen vom Land', 24_373]);
      expect(rowTexts(ws, 5, 6)).toEqual([
        '3636',
        'übrige Hilfen',
        2021,
        '620010',
        'Entgelte für geleistete Arbeitszeit',
        24_000,
      ]);
      expect(ws.getCell('D15').value).toBe('647010');
      expect(ws.getCell('C15').value).toBe(2023);
      expect(ws.getCell('F15').value).toBe(1_588);
      for (let r = 4; r <= 15; r++) {
        for (const c of ['F', 'G', 'H', 'I', 'J']) expect(ws.getCell(`${c}${r}`).numFmt).toBe(EURO);
      }
    });

    it('computes committed, actual and reimbursed amounts with SUMIFS over the ledger sheet', () => {
      const ws = sheet('Übersicht');
      expect(formulaOf(ws.getCell('G5'))).toBe(
        'ROUND(SUMIFS(Buchungen!$G:$G,Buchungen!$D:$D,$A5,Buchungen!$C:$C,$C5,Buchungen!$E:$E,$D5,Buchungen!$F:$F,"Mittelbindung"),2)',
      );
      expect(formulaOf(ws.getCell('H5'))).toBe(
        'ROUND(SUMIFS(Buchungen!$G:$G,Buchungen!$D:$D,$A5,Buchungen!$C:$C,$C5,Buchungen!$E:$E,$D5,Buchungen!$F:$F,"Ist"),2)',
      );
      expect(formulaOf(ws.getCell('I4'))).toBe(
        'ROUND(SUMIFS(Buchungen!$G:$G,Buchungen!$D:$D,$A4,Buchungen!$C:$C,$C4,Buchungen!$E:$E,$D4,Buchungen!$F:$F,"Erstattung"),2)',
      );
      expect(formulaOf(ws.getCell('J5'))).toBe('ROUND(F5-H5,2)');
      for (let r = 4; r <= 15; r++) {
        for (const c of ['G', 'H', 'I', 'J']) expect(formulaOf(ws.getCell(`${c}${r}`))).toBeDefined();
      }
    });

    it('holds subtotals per product and year, the total and the unassigned ledger sums as formulas', () => {
      const ws = sheet('Übersicht');
      // Row 16 is empty; 17–19 subtotals for 2021–2023; 20 total; 21 unassigned.
      expect(ws.getRow(16).hasValues).toBe(false);
      expect(rowTexts(ws, 17, 5)).toEqual(['3636', 'übrige Hilfen', 2021, null, 'Summe Produkt und Haushaltsjahr']);
      expect(formulaOf(ws.getCell('F17'))).toBe('ROUND(SUMIFS(F$4:F$15,$A$4:$A$15,$A17,$C$4:$C$15,$C17),2)');
      expect(formulaOf(ws.getCell('H19'))).toBe('ROUND(SUMIFS(H$4:H$15,$A$4:$A$15,$A19,$C$4:$C$15,$C19),2)');
      expect(formulaOf(ws.getCell('J19'))).toBe('ROUND(F19-H19,2)');
      expect(ws.getCell('A20').value).toBe('Summe aller Ansätze dieser Übersicht');
      expect(ws.getCell('A20').font?.bold).toBe(true);
      for (const c of ['F', 'G', 'H', 'I']) expect(formulaOf(ws.getCell(`${c}20`))).toBe(`ROUND(SUM(${c}4:${c}15),2)`);
      expect(formulaOf(ws.getCell('J20'))).toBe('ROUND(F20-H20,2)');
      expect(ws.getCell('F20').numFmt).toBe(EURO);
      expect(ws.getCell('A21').value).toBe('Buchungen ohne Ansatz in dieser Übersicht');
      expect(formulaOf(ws.getCell('H21'))).toBe('ROUND(SUMIFS(Buchungen!$G:$G,Buchungen!$F:$F,"Ist")-H20,2)');
      expect(ws.getCell('F21').value).toBeNull();
    });
  });

  describe('Buchungen', () => {
    it('has German headers, a frozen header row and an autofilter over all entries', () => {
      const ws = sheet('Buchungen');
      expect(rowTexts(ws, 1, 10)).toEqual([
        'Buchungs-Nr.',
        'Buchungsdatum',
        'Haushaltsjahr',
        'Produkt',
        'Sachkonto',
        'Art',
        'Betrag',
        'Beleg',
        'Storno zu Buchung',
        'Buchungstext',
      ]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      expect(ws.autoFilter).toBe(`A1:J${LEDGER.length + 1}`);
      expect(ws.rowCount).toBe(LEDGER.length + 1);
      expect(ws.getColumn(10).width).toBe(48);
    });

    it('holds every ledger entry as given: real dates, euros, labels, the reversal link', () => {
      const ws = sheet('Buchungen');
      const kinds = { commitment: 'Mittelbindung', actual: 'Ist', reimbursement: 'Erstattung' };
      LEDGER.forEach((entry, i) => {
        const row = ws.getRow(i + 2);
        expect(rowTexts(ws, i + 2, 10)).toEqual([
          entry.id,
          new Date(`${entry.date}T00:00:00.000Z`),
          Number(entry.date.slice(0, 4)),
          entry.product,
          entry.account,
          kinds[entry.kind],
          entry.amountCents / 100,
          entry.reference,
          entry.reversalOf ?? null,
          entry.text,
        ]);
        expect(row.getCell(2).numFmt).toBe('dd.mm.yyyy');
        expect(row.getCell(3).numFmt).toBe('0');
        expect(row.getCell(7).numFmt).toBe(EURO);
        expect(Math.round((row.getCell(7).value as number) * 100)).toBe(entry.amountCents);
      });
      const reversal = ws.getRow(7);
      expect(reversal.getCell(7).value).toBe(-2_303.66);
      expect(reversal.getCell(9).value).toBe('B-2021-0005');
    });
  });

  describe('Stelle', () => {
    it('has the title, German headers, one row per month with real dates and the plan in euros', () => {
      const ws = sheet(STAFF_SHEET);
      expect(ws.getCell('A1').value).toBe(
        'Stelle: Sozialpädagogin/Sozialpädagoge Familienzentrum Peine-Ost (0,5 VZÄ)',
      );
      expect(ws.getCell('A2').value).toBe('Produkt 3636 · TVöD-VKA S 12 · 19,5 von 39 Wochenstunden');
      expect(rowTexts(ws, 3, 9)).toEqual([
        'Monat',
        'Tabellenentgelt',
        'Zulagen',
        'Jahressonderzahlung',
        'AG-Anteil Sozialversicherung',
        'Zusatzversorgung (ZVK)',
        'Gesamtkosten',
        'Erstattung',
        'Eigenanteil',
      ]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.autoFilter).toBe('A3:I15');
      POSITION.months.forEach((month, i) => {
        const row = ws.getRow(4 + i);
        expect(row.getCell(1).value).toEqual(new Date(`${month.month}-01T00:00:00.000Z`));
        expect(row.getCell(1).numFmt).toBe('mm.yyyy');
        const cents = [
          month.payCents,
          month.allowancesCents,
          month.bonusCents,
          month.socialSecurityCents,
          month.supplementaryPensionCents,
          month.totalCents,
          month.reimbursementCents,
          month.ownShareCents,
        ];
        cents.forEach((value, c) => {
          expect(row.getCell(2 + c).value).toBe(value / 100);
          expect(row.getCell(2 + c).numFmt).toBe(EURO);
        });
      });
    });

    it('ends with a total row of SUM formulas and the notes', () => {
      const ws = sheet(STAFF_SHEET);
      expect(ws.getCell('A16').value).toBe('Summe');
      for (const c of ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']) {
        expect(formulaOf(ws.getCell(`${c}16`))).toBe(`ROUND(SUM(${c}4:${c}15),2)`);
        expect(ws.getCell(`${c}16`).numFmt).toBe(EURO);
      }
      expect(ws.getCell('A18').value).toBe(POSITION.notes![0]);
      expect(ws.getCell('A19').value).toBe(POSITION.notes![1]);
    });
  });

  it('writes to a stream as well', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const stats = await writeFinanceWorkbook(peineInput({ staffPositions: [] }), sink);
    expect(stats.sheetNames).toEqual(['Übersicht', 'Buchungen']);
    const read = new ExcelJS.Workbook();
    const bytes = new Uint8Array(Buffer.concat(chunks));
    await read.xlsx.load(bytes.buffer);
    expect(read.getWorksheet('Buchungen')?.getCell('A2').value).toBe('B-2021-0001');
  });

  it('numbers staff sheets whose shortened names collide and strips forbidden characters', async () => {
    const sink = new PassThrough().resume();
    const twin = (id: string, shortTitle: string) => ({ ...POSITION, id, shortTitle });
    const stats = await writeFinanceWorkbook(
      peineInput({
        staffPositions: [
          twin('a', 'Verwaltung/Abrechnung [Teil 1]: Team Nord'),
          twin('b', 'Verwaltung/Abrechnung [Teil 1]: Team Süd'),
          twin('c', 'verwaltung/abrechnung [teil 1]: team'),
        ],
      }),
      sink,
    );
    expect(stats.staffSheets.map((s) => s.sheetName)).toEqual([
      'Stelle Verwaltung-Abrechnung -T',
      'Stelle Verwaltung-Abrechnun (2)',
      'Stelle verwaltung-abrechnun (3)',
    ]);
  });

  it('keeps the file readable when texts carry characters XML cannot hold', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const entry: LedgerEntry = { ...LEDGER[0]!, text: 'Beleg\u0001Nr\u001f7', reference: 'R\u0000' };
    await writeFinanceWorkbook(
      peineInput({ organisation: 'Landkreis\u0002Peine', ledger: asyncLedger([entry]), staffPositions: [] }),
      sink,
    );
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    expect(read.getWorksheet('Buchungen')?.getCell('J2').value).toBe('Beleg Nr 7');
    expect(read.getWorksheet('Buchungen')?.getCell('H2').value).toBe('R ');
    expect(read.getWorksheet('Übersicht')?.getCell('A1').value).toBe('Finanzübersicht Landkreis Peine');
  });

  describe('on bad input', () => {
    const missingFile = (): string => join(dir, `failed-${Math.random().toString(36).slice(2)}.xlsx`);

    it('rejects an own share that is not total − reimbursement before writing anything', async () => {
      const target = missingFile();
      const months = POSITION.months.map((m, i) => (i === 3 ? { ...m, ownShareCents: m.ownShareCents + 1 } : m));
      const attempt = writeFinanceWorkbook(peineInput({ staffPositions: [{ ...POSITION, months }] }), target);
      await expect(attempt).rejects.toThrow(DomainError);
      await expect(attempt).rejects.toThrow('staffPositions[0].months[3].ownShareCents');
      expect(existsSync(target)).toBe(false);
    });

    it('rejects a ledger entry with an impossible date and removes the half-written file', async () => {
      const target = missingFile();
      const bad: LedgerEntry = { ...LEDGER[0]!, id: 'X', date: '2021-02-30' };
      const attempt = writeFinanceWorkbook(peineInput({ ledger: asyncLedger([...LEDGER, bad]) }), target);
      await expect(attempt).rejects.toThrow(`ledger[${LEDGER.length}].date`);
      expect(existsSync(target)).toBe(false);
    });

    it('passes on a failure of the ledger source and removes the half-written file', async () => {
      const target = missingFile();
      async function* failing(): AsyncGenerator<LedgerEntry> {
        yield LEDGER[0]!;
        throw new Error('cursor lost');
      }
      await expect(writeFinanceWorkbook(peineInput({ ledger: failing() }), target)).rejects.toThrow('cursor lost');
      expect(existsSync(target)).toBe(false);
    });

    it('rejects when the output cannot be opened', async () => {
      await expect(writeFinanceWorkbook(peineInput(), join(dir, 'no-such-dir', 'x.xlsx'))).rejects.toThrow('ENOENT');
    });

    it('rejects a negative or fractional yield interval', async () => {
      await expect(writeFinanceWorkbook(peineInput(), missingFile(), { yieldEveryRows: -1 })).rejects.toThrow(
        'options.yieldEveryRows',
      );
      await expect(writeFinanceWorkbook(peineInput(), missingFile(), { yieldEveryRows: 2.5 })).rejects.toThrow(
        DomainError,
      );
    });

    it('rejects a product number that SUMIFS would read as a wildcard', async () => {
      await expect(
        writeFinanceWorkbook(peineInput({ products: [{ number: '36*', name: 'x' }] }), missingFile()),
      ).rejects.toThrow('products[0].number');
    });
  });
});

import {
  buildProofOfUseFiguresPdf,
  CONFIRMATION,
  longProofOfUseFigures,
  OVERRUN_FLAG,
  PEINE_PROOF_OF_USE_FIGURES,
  settleProofOfUse,
  type ProofOfUseFiguresDocument,
} from '@app/documents';
import { formatEuro } from '@app/money';
import { normalizePdfText } from '../../../../../test/support/pdf-text';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, occurrences, readBack, tableTags, type ReadBack } from '../fixtures/read-back.test';

const data = PEINE_PROOF_OF_USE_FIGURES;
const amount = (cents: number) => formatEuro(cents, false);
const date = (iso: string) => iso.split('-').reverse().join('.');
const BELEG_HEADER = 'Nr. Datum Zahlungsempfänger Grund der Zahlung Pos. Betrag (€)';

describe('buildProofOfUseFiguresPdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildProofOfUseFiguresPdf(data, { creationDate: new Date('2024-10-15T08:00:00Z') }));
  });

  it('is an archival PDF with numbered pages', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(4);
    expect(doc.pages.length).toBeLessThanOrEqual(8);
    await expectArchival(doc, {
      title: `Verwendungsnachweis – Teil 2: Zahlenmäßiger Nachweis – ${data.projectTitle} – Landkreis Peine`,
      running: 'Landkreis Peine · Verwendungsnachweis · Teil 2: Zahlenmäßiger Nachweis',
      footer: 'Verwendungsnachweis · Aktenzeichen PKN-2021-017',
    });
  });

  it('shows the grant, the financing type and the deadline', () => {
    expectTexts(doc, [
      'Verwendungsnachweis Teil 2: Zahlenmäßiger Nachweis',
      'Bewilligung: Fördervertrag vom 20.05.2021, Aktenzeichen PKN-2021-017',
      'Bewilligte Zuwendung: 97.767,38 €',
      'Finanzierungsart: Anteilfinanzierung',
      'Fördersatz: 50 % der zuwendungsfähigen Ausgaben',
      'Höchstbetrag: 100.000,00 €',
      'Vorzulegen bis: 30.11.2024 (Fristende: 02.12.2024)',
    ]);
  });

  it('compares income as planned and as received', () => {
    expectTexts(doc, [
      'Finanzierung lt. Finanzierungsplan (€) lt. Abrechnung (€) Abweichung (€)',
      `Eigenmittel 93.767,37 ${amount(data.income.ownFunds)}`,
      'Zuwendung 97.767,38 96.742,35 -1.025,03',
      'Leistungen Dritter: Bürgerstiftung (Zuschuss Beteiligungsprojekte) 4.000,00 3.756,50 -243,50',
      'Summe der Einnahmen 195.534,75 193.484,55 -2.050,20',
    ]);
  });

  it('compares plan and actual per line and flags the line more than 20 % over plan', () => {
    const result = settleProofOfUse(data);
    for (const l of result.lines) expectTexts(doc, [`${l.position} ${l.label} ${amount(l.planned)} ${amount(l.actual)}`]);
    expectTexts(doc, [
      'Pos. Ausgabenart Soll (€) Ist (€) Abweichung (€) Abweichung (%) Hinweis',
      // 3.567,00 against 2.625,00: +35,89 %, over the 20 % tolerance.
      `2.2 Reisekosten (Dienstfahrten im Landkreis) 2.625,00 3.567,00 +942,00 +35,89 % ${OVERRUN_FLAG}`,
      // 3.080,00 against 3.500,00 (−12 %): no flag.
      '2.1 Fort- und Weiterbildung, Supervision 3.500,00 3.080,00 -420,00 -12,00 % 2.2',
      'Personalausgaben 172.509,75 170.976,65 -1.533,10 -0,89 %',
      'Summe der Ausgaben 195.534,75 193.484,55 -2.050,20 -1,05 %',
      'Einzelansätze dürfen um bis zu 20 % überschritten werden',
    ]);
    expect(result.lines.filter((l) => l.exceedsTolerance).map((l) => l.position)).toEqual(['2.2']);
    // Flagged once in the table (right after the percentage of its line).
    expect(occurrences(doc, `% ${OVERRUN_FLAG}`)).toBe(1);
  });

  it('computes the balance: eligible cost, the grant due, the overpayment to repay', () => {
    expectTexts(doc, [
      'Ausgaben lt. Abrechnung 193.484,55',
      // Reisekosten above 120 % of 2.625,00 = 3.150,00 are not eligible: 3.567,00 − 3.150,00.
      'abzüglich Überschreitungen einzelner Ansätze über 20 % -417,00',
      'Zuwendungsfähige Ausgaben 193.067,55',
      // 50 % of 193.067,55 = 96.533,775, half-up.
      'Zustehende Zuwendung (Anteilfinanzierung) 96.533,78',
      'abzüglich ausgezahlter Zuwendung -96.742,35',
      'Überzahlung (Rückforderung) 208,57',
      'Es ergibt sich eine Überzahlung von 208,57 €.',
    ]);
    expect(settleProofOfUse(data).balance).toBe(20_857);
  });

  it('lists every receipt in the Belegliste with its total, header repeated on every page it spans', () => {
    expect(data.receipts).toHaveLength(74);
    expectTexts(doc, ['74 Belege, nach Zahlungsdatum geordnet.', BELEG_HEADER]);
    for (const r of data.receipts) {
      expectTexts(doc, [`${r.number} ${date(r.date)} ${r.payee} ${r.reason} ${r.position} ${amount(r.amount)}`]);
    }
    expectTexts(doc, ['Summe der Belegliste 193.484,55']);
    const receiptPages = doc.pages.filter((p) => /Personalausgaben \d\d\/20\d\d/.test(p));
    expect(receiptPages.length).toBeGreaterThanOrEqual(3);
    for (const page of receiptPages) expect(page).toContain(normalizePdfText(BELEG_HEADER));
    expect(occurrences(doc, BELEG_HEADER)).toBe(1);
    expectInOrder(doc, ['5. Belegliste', 'Summe der Belegliste', CONFIRMATION, 'Peine, 15.10.2024', 'Thomas Brandes']);
  });

  it('tags its four tables with totals in TFoot and one TD per cell', () => {
    const tags = tableTags(doc.pdf);
    expect(tags.thead).toBe(4);
    expect(tags.tfoot).toBe(4);
    // Einnahmen 4, Ausgaben 7, Ergebnis 2, Belegliste 6 header cells.
    expect(tags.th).toBe(4 + 7 + 2 + 6);
    // Belegliste: 74 rows and the total, 6 cells each; Ausgaben: 3 groups + 7 lines + total, 7 cells.
    const belegCells = 75 * 6;
    const expenseCells = 11 * 7;
    const incomeCells = 4 * 4;
    // Ergebnis: actual, excess over 20 %, eligible, due, paid out, and the balance.
    const resultCells = 6 * 2;
    expect(tags.td).toBe(belegCells + expenseCells + incomeCells + resultCells);
  });
});

describe('buildProofOfUseFiguresPdf with a Belegliste of 300 receipts', () => {
  let doc: ReadBack;
  const long = longProofOfUseFigures(300);
  beforeAll(async () => {
    doc = await readBack(await buildProofOfUseFiguresPdf(long));
  });

  it('breaks the list over many pages, repeats its header as an artifact and keeps the totals', () => {
    expect(long.receipts).toHaveLength(300);
    expect(doc.pages.length).toBeGreaterThanOrEqual(10);
    const receiptPages = doc.pages.filter((p) => p.includes('Teilrechnung'));
    expect(receiptPages.length).toBeGreaterThanOrEqual(8);
    for (const page of receiptPages) expect(page).toContain(normalizePdfText(BELEG_HEADER));
    expect(occurrences(doc, BELEG_HEADER)).toBe(1);
    for (const r of long.receipts) {
      expectTexts(doc, [`${r.number} ${date(r.date)} ${r.payee} ${r.reason} ${r.position} ${amount(r.amount)}`]);
    }
    // Same expenses split into partial invoices: the same totals to the cent.
    expectTexts(doc, [
      'Summe der Belegliste 193.484,55',
      'Summe der Ausgaben 195.534,75 193.484,55',
      'Zustehende Zuwendung (Anteilfinanzierung) 96.533,78',
      // Paid out per partial invoice, the shares round differently: the balance follows them.
      `Überzahlung (Rückforderung) ${amount(settleProofOfUse(long).balance)}`,
    ]);
    doc.pages.forEach((page, i) => expect(page).toContain(`Seite ${i + 1} von ${doc.pages.length}`));
    // The total row stands under the last receipts, never alone under a repeated header.
    const last = doc.pages.find((p) => p.includes('Summe der Belegliste'))!;
    expect(last).toContain(`300 ${date(long.receipts[299]!.date)}`);
  });
});

describe('buildProofOfUseFiguresPdf when less was paid out than is due', () => {
  it('shows the amount still to be paid', async () => {
    const short: ProofOfUseFiguresDocument = { ...data, income: { ...data.income, grantReceived: 9_000_000, ownFunds: data.income.ownFunds + 674_235 } };
    const doc = await readBack(await buildProofOfUseFiguresPdf(short));
    // 96.533,78 due, 90.000,00 paid.
    expectTexts(doc, ['Noch auszuzahlende Zuwendung 6.533,78', 'Es ergibt sich ein noch auszuzahlender Betrag von 6.533,78 €']);
  });
});

describe('validateProofOfUseFiguresDocument', () => {
  it('names receipts on unknown lines, outside the period, without payee, numbered twice; and overpaid income', async () => {
    const receipts = data.receipts.map((r, i) =>
      i === 0 ? { ...r, position: '4.1' } : i === 1 ? { ...r, date: '2024-06-03' } : i === 2 ? { ...r, payee: '' } : i === 3 ? { ...r, number: 1 } : r,
    );
    const bad: ProofOfUseFiguresDocument = { ...data, receipts, income: { ...data.income, grantReceived: data.grant.approvedAmount + 1 } };
    expect(await rejectedFields(buildProofOfUseFiguresPdf(bad), 'proof-of-use-figures')).toEqual([
      'income.grantReceived',
      'receipts[0].position',
      'receipts[1].date',
      'receipts[2].payee',
      'receipts[3].number',
    ]);
  });
});

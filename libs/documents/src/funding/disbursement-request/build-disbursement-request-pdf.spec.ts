import {
  buildDisbursementRequestPdf,
  DISBURSEMENT_REQUEST_LABELS as T,
  PEINE_DISBURSEMENT_REQUEST,
  peineDisbursementRequest,
  type DisbursementRequestDocument,
} from '@app/documents';
import { formatEuro } from '@app/money';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, readBack, tableTags, type ReadBack } from '../fixtures/read-back.test';

const data = PEINE_DISBURSEMENT_REQUEST;
const amount = (cents: number) => formatEuro(cents, false);
const date = (iso: string) => iso.split('-').reverse().join('.');

describe('buildDisbursementRequestPdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildDisbursementRequestPdf(data, { creationDate: new Date('2022-04-22T08:00:00Z') }));
  });

  it('is an archival PDF with numbered pages', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(1);
    expect(doc.pages.length).toBeLessThanOrEqual(3);
    await expectArchival(doc, {
      title: '6. Mittelabruf – Fördervertrag PKN-2021-017 – Landkreis Peine',
      running: 'Landkreis Peine · 6. Mittelabruf',
      footer: 'Mittelabruf Nr. 6 · Aktenzeichen PKN-2021-017',
    });
  });

  it('shows date, the file number of the contract and the number of the request', () => {
    expect(data.signatory.date).toBe('2022-04-22');
    expectTexts(doc, [
      'Datum: 22.04.2022',
      'Ihr Aktenzeichen: PKN-2021-017',
      'Mittelabruf Nr.: 6',
      'Mittelabruf',
      'Antrag auf Auszahlung von Zuwendungsmitteln – 6. Mittelabruf',
    ]);
  });

  it('shows the grant: contract with date and file number, period and approved amount', () => {
    expectTexts(doc, [
      'Förderprogramm: Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
      `Vorhaben: ${data.projectTitle}`,
      'Bewilligung: Fördervertrag vom 20.05.2021, Aktenzeichen PKN-2021-017',
      'Bewilligungszeitraum: 01.06.2021 – 31.05.2024',
      'Bewilligte Zuwendung: 97.767,38 €',
    ]);
  });

  it('shows the amount, the payout date and the end of the two-month window from @app/calendar', () => {
    expectTexts(doc, [
      'Angeforderter Betrag: 5.849,32 €',
      'Auszahlung erbeten zum: 02.05.2022',
      // 02.05.2022 + 2 months (BGB § 188 Abs. 2)
      'Mittel benötigt bis: 02.07.2022',
      'Die angeforderten Mittel in Höhe von 5.849,32 € werden innerhalb von zwei Monaten nach der Auszahlung, d. h. bis zum 02.07.2022, für fällige Zahlungen benötigt (Nr. 1.4 ANBest-P).',
    ]);
  });

  it('lists every payment it covers, with due date, cost and share, and their sums to the cent', () => {
    expectTexts(doc, ['Fällige Zahlung fällig am Ausgaben (€) davon Zuwendung (€)']);
    expect(data.payments).toHaveLength(6);
    for (const p of data.payments) expectTexts(doc, [`${p.description} ${date(p.dueDate)} ${amount(p.cost)} ${amount(p.share)}`]);
    expectTexts(doc, [
      'Personalausgaben 05/2022 (Entgelt, Arbeitgeberanteile) 31.05.2022 4.590,12 2.295,06',
      'Personalausgaben 06/2022 (Entgelt, Arbeitgeberanteile) 30.06.2022 4.590,12 2.295,06',
      'Summe 11.698,64 5.849,32',
    ]);
  });

  it('lists the earlier requests and what remains of the grant', () => {
    expect(data.previousRequests).toHaveLength(5);
    for (const r of data.previousRequests) {
      expectTexts(doc, [`${r.number}. Mittelabruf ${date(r.date)} ${date(r.paidOn!)} ${amount(r.amount)}`]);
    }
    expectTexts(doc, [
      '1. Mittelabruf 21.06.2021 01.07.2021 5.642,98',
      'Bisher abgerufen 27.076,48',
      'Bewilligte Zuwendung 97.767,38',
      'abzüglich bisher abgerufener Mittel -27.076,48',
      'abzüglich dieses Mittelabrufs (Nr. 6) -5.849,32',
      // 97.767,38 − 27.076,48 − 5.849,32
      'Verbleibende Zuwendung nach diesem Abruf 64.841,58',
    ]);
  });

  it('shows the bank details and the signature', () => {
    expectTexts(doc, [
      'Kontoinhaber: Landkreis Peine – Kreiskasse',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'BIC: COBADEFFXXX',
      'Kreditinstitut: Commerzbank',
      'Peine, 22.04.2022',
      'Rechtsverbindliche Unterschrift: Thomas Brandes Fachdienstleitung Jugendamt',
    ]);
    expectInOrder(doc, ['1. Zuwendung', '2. Angeforderte Mittel', '3. Übersicht der Mittelabrufe', '4. Bankverbindung', 'Thomas Brandes']);
  });

  it('tags three tables, each with its totals in a TFoot', () => {
    const tags = tableTags(doc.pdf);
    expect(tags.thead).toBe(3);
    expect(tags.tfoot).toBe(3);
    expect(tags.th).toBe(4 + 4 + 2);
  });
});

describe('buildDisbursementRequestPdf for the first request, without bank details', () => {
  it('says that nothing was called before and leaves out the bank section', async () => {
    const first: DisbursementRequestDocument = { ...peineDisbursementRequest(1), bankAccount: undefined };
    const doc = await readBack(await buildDisbursementRequestPdf(first));
    expectTexts(doc, [
      T.none,
      'Mittelabruf Nr.: 1',
      // 01.07.2021 + 2 months
      'Mittel benötigt bis: 01.09.2021',
      `Verbleibende Zuwendung nach diesem Abruf ${amount(first.grant.approvedAmount - first.amount)}`,
    ]);
    expect(doc.text).not.toContain('Bankverbindung');
    expect(doc.text).not.toContain('IBAN');
  });
});

describe('validateDisbursementRequestDocument', () => {
  const fieldsOf = (bad: DisbursementRequestDocument): Promise<string[]> => rejectedFields(buildDisbursementRequestPdf(bad), 'disbursement-request');

  it('rejects payments due after the window, shares that do not add up and a wrong IBAN', async () => {
    const payments = data.payments.map((p, i) => (i === 0 ? { ...p, dueDate: '2022-07-04' } : i === 1 ? { ...p, share: p.share + 1 } : p));
    const bad: DisbursementRequestDocument = { ...data, payments, bankAccount: { ...data.bankAccount!, iban: 'DE89370400440532013001' } };
    expect(await fieldsOf(bad)).toEqual(['payments[0].dueDate', 'amount', 'bankAccount.iban']);
  });

  it('applies the programme window: six weeks end on 13.06.2022, so the June payments are too late', async () => {
    const sixWeeks: DisbursementRequestDocument = { ...data, programme: { ...data.programme, disbursementWindow: { unit: 'weeks', length: 6 } } };
    const late = data.payments.flatMap((p, i) => (p.dueDate > '2022-06-13' ? [`payments[${i}].dueDate`] : []));
    expect(late).toHaveLength(2);
    expect(await fieldsOf(sixWeeks)).toEqual(late);
    const inWindow = data.payments.filter((p) => p.dueDate <= '2022-06-13');
    const fitting = { ...sixWeeks, payments: inWindow, amount: inWindow.reduce((s, p) => s + p.share, 0) };
    const doc = await readBack(await buildDisbursementRequestPdf(fitting));
    expectTexts(doc, ['innerhalb von sechs Wochen nach der Auszahlung, d. h. bis zum 13.06.2022', 'Mittel benötigt bis: 13.06.2022']);
  });

  it('never calls more than the approved grant, nor pays out before the request', async () => {
    const greedy = { ...data, previousRequests: [{ number: 1, date: '2021-06-21', amount: data.grant.approvedAmount, paidOn: '2021-07-01' }] };
    expect(await fieldsOf(greedy)).toEqual(['amount']);
    expect(await fieldsOf({ ...data, signatory: { ...data.signatory, date: '2022-05-03' } })).toEqual(['payoutDate']);
    const later = data.previousRequests.map((r, i) => (i === 4 ? { ...r, number: 7 } : r));
    expect(await fieldsOf({ ...data, previousRequests: later })).toEqual(['previousRequests[4].number']);
  });
});

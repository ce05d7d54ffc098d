import {
  buildInterimReportPdf,
  CONFIRMATION,
  PEINE_INTERIM_REPORT_2022,
  peineInterimReport,
  type InterimReportDocument,
} from '@app/documents';
import { formatEuro } from '@app/money';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, readBack, type ReadBack } from '../fixtures/read-back.test';

const data = PEINE_INTERIM_REPORT_2022;
const amount = (cents: number) => formatEuro(cents, false);

describe('buildInterimReportPdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildInterimReportPdf(data, { creationDate: new Date('2023-03-28T08:00:00Z') }));
  });

  it('is an archival PDF with numbered pages', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(2);
    expect(doc.pages.length).toBeLessThanOrEqual(4);
    await expectArchival(doc, {
      title: `Zwischennachweis 2022 – ${data.projectTitle} – Landkreis Peine`,
      running: 'Landkreis Peine · Zwischennachweis 2022',
      footer: 'Zwischennachweis 2022 · Aktenzeichen PKN-2021-017',
    });
  });

  it('shows the year, the grant, the reporting period and the deadline with its effective end', () => {
    expectTexts(doc, [
      'Datum: 28.03.2023',
      'Ihr Aktenzeichen: PKN-2021-017',
      'Haushaltsjahr: 2022',
      'Zwischennachweis für das Haushaltsjahr 2022 – Sachbericht und zahlenmäßige Übersicht',
      'Bewilligung: Fördervertrag vom 20.05.2021, Aktenzeichen PKN-2021-017',
      'Bewilligungszeitraum: 01.06.2021 – 31.05.2024',
      'Bewilligte Zuwendung: 97.767,38 €',
      'Berichtszeitraum: 01.01.2022 – 31.12.2022',
      // 31.12.2022 + 4 months = 30.04.2023, a Sunday; 01.05. is a holiday.
      'Vorzulegen bis: 30.04.2023 (Fristende: 02.05.2023)',
    ]);
  });

  it('shows every section of the Sachbericht', () => {
    for (const s of data.sections) expectTexts(doc, [s.heading, ...s.paragraphs]);
    expectInOrder(doc, ['2. Sachbericht', ...data.sections.map((s) => s.heading), '3. Zahlenmäßige Übersicht 2022']);
  });

  it('compares Soll and Ist of the year per plan line, with sums to the cent', () => {
    expectTexts(doc, ['Pos. Ausgabenart Soll 2022 (€) Ist 2022 (€) Abweichung (€) Abweichung (%)']);
    const actual = new Map(data.actuals.map((a) => [a.position, a.amount]));
    for (const line of data.costPlan.lines) {
      expectTexts(doc, [`${line.position} ${line.label} ${amount(line.amounts[1]!)} ${amount(actual.get(line.position) ?? 0)}`]);
    }
    expectTexts(doc, [
      '1.1 Netzwerkkoordinator/in Präventionsketten (1,0 VZÄ, TVöD S 12, 36 Monate) 56.700,00 57.927,64 +1.227,64 +2,17 %',
      '2.2 Reisekosten (Dienstfahrten im Landkreis) 900,00 1.443,60 +543,60 +60,40 %',
      '3.1 Arbeitsplatzausstattung (IT, Büromöbel) 0,00 0,00 0,00 –',
      'Sachausgaben 5.400,00 5.106,60 -293,40 -5,43 %',
      'Summe der Ausgaben 63.600,00 64.284,24 +684,24 +1,08 %',
    ]);
    expect(data.actuals.reduce((s, a) => s + a.amount, 0)).toBe(6_428_424);
  });

  it('shows the money of the year: received, used, unspent, and how the expenses were financed', () => {
    const { funds } = data;
    expectTexts(doc, [
      `Im Haushaltsjahr erhaltene Zuwendung ${amount(funds.grantReceived)}`,
      `abzüglich verwendeter Zuwendung -${amount(funds.grantUsed)}`,
      `Nicht verbrauchte Zuwendung am Jahresende ${amount(funds.grantReceived - funds.grantUsed)}`,
      'Eigenmittel 30.892,12',
      'Zuwendung (verwendet) 32.142,12',
      'Leistungen Dritter 1.250,00',
      'Summe (= Ist-Ausgaben) 64.284,24',
    ]);
  });

  it('ends with the confirmation and the signature', () => {
    expectInOrder(doc, ['4. Mittel im Haushaltsjahr 2022', CONFIRMATION, 'Peine, 28.03.2023', 'Thomas Brandes', 'Fachdienstleitung Jugendamt']);
  });
});

describe('buildInterimReportPdf for the first, short year', () => {
  it('reports from the start of the period, with the deadline of that year', async () => {
    const first = peineInterimReport(2021);
    const doc = await readBack(await buildInterimReportPdf(first));
    expectTexts(doc, [
      'Berichtszeitraum: 01.06.2021 – 31.12.2021',
      // 30.04.2022 is a Saturday.
      'Vorzulegen bis: 30.04.2022 (Fristende: 02.05.2022)',
      `Im Haushaltsjahr erhaltene Zuwendung ${amount(first.funds.grantReceived)}`,
      `Nicht verbrauchte Zuwendung am Jahresende ${amount(first.funds.grantReceived - first.funds.grantUsed)}`,
    ]);
  });
});

describe('validateInterimReportDocument', () => {
  const fieldsOf = (bad: InterimReportDocument): Promise<string[]> => rejectedFields(buildInterimReportPdf(bad), 'interim-report');

  it('refuses a year for which no Zwischennachweis is due', async () => {
    // The period ends 31.05.2024: no interim proof for 2024 (the Verwendungsnachweis covers it).
    expect(await fieldsOf({ ...data, fiscalYear: 2024 })).toEqual(['fiscalYear']);
    expect(await fieldsOf({ ...data, fiscalYear: 2025 })).toEqual(['fiscalYear']);
  });

  it('demands that the funds of the year finance exactly its expenses, on known plan lines', async () => {
    const bad: InterimReportDocument = {
      ...data,
      actuals: [...data.actuals, { position: '9.9', amount: 1 }],
      funds: { ...data.funds, ownFunds: data.funds.ownFunds + 5 },
      sections: [{ heading: '', paragraphs: [] }],
    };
    expect(await fieldsOf(bad)).toEqual([`actuals[${data.actuals.length}].position`, 'funds', 'sections[0].heading', 'sections[0].paragraphs']);
  });
});

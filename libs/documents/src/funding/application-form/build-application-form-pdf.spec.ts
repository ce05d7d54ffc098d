import {
  APPLICATION_FORM_LABELS as T,
  buildApplicationFormPdf,
  PEINE_APPLICATION,
  type ApplicationFormDocument,
} from '@app/documents';
import { formatEuro } from '@app/money';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, readBack, tableTags, type ReadBack } from '../fixtures/read-back.test';

const data = PEINE_APPLICATION;
const amount = (cents: number) => formatEuro(cents, false);

describe('buildApplicationFormPdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildApplicationFormPdf(data, { creationDate: new Date('2021-04-15T08:00:00Z') }));
  });

  it('is an archival PDF of a few numbered pages with title and language', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(2);
    expect(doc.pages.length).toBeLessThanOrEqual(4);
    await expectArchival(doc, {
      title: `Förderantrag: ${data.project.title} – Landkreis Peine`,
      running: 'Landkreis Peine · Förderantrag',
      footer: 'Förderantrag vom 15.04.2021',
    });
  });

  it('shows sender, addressee, date and file number on page 1', () => {
    expect(doc.pages[0]!.startsWith('Landkreis Peine Fachdienst Jugendamt Burgstraße 1 31224 Peine')).toBe(true);
    expectTexts(doc, [
      'Datum: 15.04.2021',
      'Aktenzeichen: 51.3-PK/2021',
      'An Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e. V. Koordinierungsstelle Präventionsketten Niedersachsen Fenskeweg 2 30165 Hannover',
      'Förderantrag',
      'Antrag auf Gewährung einer Zuwendung aus dem Förderprogramm „Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!“',
    ]);
  });

  it('shows the applicant with lead department, address and contact', () => {
    expectTexts(doc, [
      'Organisation: Landkreis Peine',
      'Federführende Stelle: Fachdienst Jugendamt',
      'Anschrift: Burgstraße 1, 31224 Peine',
      'Ansprechpartner/in: Katrin Albers',
      'Telefon: 05171 401-7362',
      'E-Mail: praeventionskette@landkreis-peine.de',
    ]);
  });

  it('shows programme, funder and the legal basis', () => {
    expectTexts(doc, [
      'Förderprogramm: Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
      'Zuwendungsgeber: Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e. V.',
      'Rechtsgrundlage: Privatrechtlicher Fördervertrag: Fördervereinbarung über die Teilnahme am Programm „Präventionsketten Niedersachsen“ (Förderung aus Stiftungsmitteln); es gelten die ANBest-P als Vertragsbestandteil',
    ]);
  });

  it('shows the project: title, period, budget product and every paragraph of the description', () => {
    expectTexts(doc, [
      `Bezeichnung: ${data.project.title}`,
      'Durchführungszeitraum: 01.06.2021 – 31.05.2024',
      'Haushaltsstelle: Produkt 3636 – übrige Hilfen',
      T.description,
      ...data.project.description,
    ]);
  });

  it('shows the Kostenplan per fiscal year with category subtotals and totals to the cent', () => {
    expectTexts(doc, ['Pos. Ausgabenart 2021 2022 2023 2024 Gesamt']);
    for (const line of data.costPlan.lines) {
      const total = line.amounts.reduce((a, b) => a + b, 0);
      expectTexts(doc, [`${line.position} ${line.label} ${line.amounts.map(amount).join(' ')} ${amount(total)}`]);
    }
    // Sums worked out by hand from the fixture.
    expectTexts(doc, [
      'Personalausgaben 33.075,00 56.700,00 58.401,00 24.333,75 172.509,75',
      'Sachausgaben 3.550,00 5.400,00 5.400,00 2.275,00 16.625,00',
      'Sonstige Ausgaben 2.400,00 1.500,00 1.500,00 1.000,00 6.400,00',
      'Gesamtausgaben 39.025,00 63.600,00 65.301,00 27.608,75 195.534,75',
    ]);
    expectInOrder(doc, ['Personalausgaben', '1.1', 'Sachausgaben', '2.1', '2.4', 'Sonstige Ausgaben', '3.1', '3.2', 'Gesamtausgaben']);
  });

  it('shows the Finanzierungsplan with shares of the total cost', () => {
    expectTexts(doc, [
      'Finanzierung Betrag (€) Anteil',
      'Eigenanteil (Landkreis Peine) 93.767,37 47,95 %',
      'Zuwendung (beantragt) 97.767,38 50,00 %',
      'Leistungen Dritter: Bürgerstiftung (Zuschuss Beteiligungsprojekte) 4.000,00 2,05 %',
      'Gesamtfinanzierung 195.534,75 100,00 %',
      'Finanzierungsart: Anteilfinanzierung',
      'Fördersatz: 50 % der zuwendungsfähigen Ausgaben',
      'Höchstbetrag: 100.000,00 €',
    ]);
    const plan = data.financingPlan;
    expect(plan.ownFunds + plan.grant + plan.thirdParties[0]!.amount).toBe(19_553_475);
  });

  it('shows the declarations ticked or not, and the signature block', () => {
    expectTexts(doc, [
      `${T.projectNotStarted} ja`,
      `${T.noBetterPay} ja`,
      `${T.inputTaxDeductible} nein`,
      'Peine, 15.04.2021',
      'Rechtsverbindliche Unterschrift: Thomas Brandes Fachdienstleitung Jugendamt',
    ]);
    expectInOrder(doc, ['1. Antragsteller', '2. Förderprogramm', '3. Vorhaben', '4. Kostenplan', '5. Finanzierungsplan', '6. Erklärungen', 'Thomas Brandes']);
  });

  it('tags its tables with column headers once and totals as TFoot', () => {
    const tags = tableTags(doc.pdf);
    // Kostenplan 7 columns, Finanzierungsplan 3.
    expect(tags.th).toBe(10);
    expect(tags.thead).toBe(2);
    expect(tags.tfoot).toBe(2);
    // Kostenplan: 3 group rows + 7 lines + 1 total, 7 cells each; Finanzierungsplan: 4 rows, 3 cells.
    expect(tags.td).toBe(11 * 7 + 4 * 3);
  });
});

describe('buildApplicationFormPdf on a § 44 LHO Förderrichtlinie', () => {
  it('names the Zuwendungsbescheid legal basis and leaves out what is not given', async () => {
    const statutory: ApplicationFormDocument = {
      ...data,
      applicant: { ...data.applicant, contact: undefined, addressLines: undefined },
      fileNumber: undefined,
      programme: {
        ...data.programme,
        legalBasis: {
          instrument: 'Zuwendungsbescheid',
          budgetRule: '§ 44 LHO',
          guideline: 'Richtlinie über die Gewährung von Zuwendungen zur Förderung kommunaler Präventionsketten',
        },
        generalConditions: 'ANBest-P',
      },
    };
    const doc = await readBack(await buildApplicationFormPdf(statutory));
    expectTexts(doc, [
      'Rechtsgrundlage: Zuwendung nach § 44 LHO i. V. m. der Richtlinie über die Gewährung von Zuwendungen zur Förderung kommunaler Präventionsketten; es gelten die ANBest-P',
    ]);
    expect(doc.text).not.toContain('Aktenzeichen:');
    expect(doc.text).not.toContain('Ansprechpartner/in');
    expect(doc.text).not.toContain('Anschrift:');
  });
});

describe('validateApplicationFormDocument', () => {
  const fieldsOf = (bad: ApplicationFormDocument): Promise<string[]> => rejectedFields(buildApplicationFormPdf(bad), 'application-form');

  it('names every bad field at once', async () => {
    const [first, ...rest] = data.costPlan.lines;
    const bad: ApplicationFormDocument = {
      ...data,
      project: { ...data.project, title: ' ', period: { start: '2021-06-01', end: '2024-02-30' } },
      costPlan: { ...data.costPlan, lines: [{ ...first!, amounts: [1, 2, 3] }, ...rest] },
      declarations: { ...data.declarations, projectNotStarted: false },
      signatory: { ...data.signatory, place: '' },
    };
    expect(await fieldsOf(bad)).toEqual([
      'project.title',
      'project.period.end',
      'costPlan.lines[0].amounts',
      'declarations.projectNotStarted',
      'signatory.place',
    ]);
  });

  it('demands a Finanzierungsplan that covers the cost and a grant within rate and cap', async () => {
    expect(await fieldsOf({ ...data, financingPlan: { ...data.financingPlan, ownFunds: data.financingPlan.ownFunds - 1 } })).toEqual(['financingPlan']);
    // One cent more grant, one cent less own share: still covered, but above 50 % of the cost.
    const greedy = { ...data.financingPlan, grant: data.financingPlan.grant + 1, ownFunds: data.financingPlan.ownFunds - 1 };
    expect(await fieldsOf({ ...data, financingPlan: greedy })).toEqual(['financing.rateBasisPoints']);
    expect(await fieldsOf({ ...data, financing: { type: 'Anteilfinanzierung', rateBasisPoints: 5_000, cap: 9_000_000 } })).toEqual(['financing.cap']);
  });

  it('demands the fiscal years of the period in the Kostenplan, and unique positions', async () => {
    const plan = { ...data.costPlan, fiscalYears: [2021, 2022, 2023], lines: data.costPlan.lines.map((l) => ({ ...l, amounts: l.amounts.slice(0, 3), position: '1' })) };
    const fields = await fieldsOf({ ...data, costPlan: plan });
    expect(fields[0]).toBe('costPlan.fiscalYears');
    expect(fields).toContain('costPlan.lines[1].position');
  });
});

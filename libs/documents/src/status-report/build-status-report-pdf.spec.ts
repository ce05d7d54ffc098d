import {
  buildStatusReportPdf,
  PEINE_STATUS_REPORT,
  peineStatusReport,
  upcomingDeadlines,
  type StatusReportDocument,
} from '@app/documents';
import { formatEuro } from '@app/money';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, readBack, type ReadBack } from '../funding/fixtures/read-back.test';

const data = PEINE_STATUS_REPORT;
const amount = (cents: number) => formatEuro(cents, false);

describe('buildStatusReportPdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildStatusReportPdf(data, { creationDate: new Date('2023-09-01T08:00:00Z') }));
  });

  it('is an archival PDF with numbered pages', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(1);
    expect(doc.pages.length).toBeLessThanOrEqual(3);
    await expectArchival(doc, {
      title: 'Sachstandsbericht Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder! – Jugendhilfeausschuss 14.09.2023 – Landkreis Peine',
      running: 'Landkreis Peine · Sachstandsbericht Jugendhilfeausschuss',
      footer: 'Sachstandsbericht · Stand 01.09.2023',
    });
  });

  it('shows committee, session, Stand, programme, grant and reporting period', () => {
    expectTexts(doc, [
      'Landkreis Peine Fachdienst Jugendamt',
      'Stand: 01.09.2023',
      'Gremium: Jugendhilfeausschuss',
      'Sitzung am: 14.09.2023',
      'Förderprogramm „Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!“ – Bericht für den Jugendhilfeausschuss am 14.09.2023',
      'Zuwendungsgeber: Landesvereinigung für Gesundheit und Akademie für Sozialmedizin Niedersachsen e. V.',
      'Bewilligung: Fördervertrag vom 20.05.2021, Aktenzeichen PKN-2021-017',
      'Bewilligungszeitraum: 01.06.2021 – 31.05.2024',
      'Berichtszeitraum: 01.09.2022 – 31.08.2023',
      ...data.summary,
    ]);
  });

  it('shows the milestones as known on the day: reached with evidence, overdue, open', () => {
    expectTexts(doc, [
      'Meilenstein fällig am Stand Nachweis',
      '5 von 8 Meilensteinen erreicht; 1 überfällig.',
      'Steuerungsgruppe eingerichtet 30.09.2021 erreicht am 14.09.2021 Protokoll der konstituierenden Sitzung vom 14.09.2021',
      'Sozialraummonitoring aufgebaut (Schuleingangsuntersuchungen, Frühe Hilfen) 31.03.2023 erreicht am 20.06.2023 (verspätet) Monitoringbericht 2023',
      // Opened 02.10.2023, after the Stand: overdue on 01.09.2023.
      'Familienzentrum Vechelde eröffnet 30.06.2023 überfällig –',
      'Ein Netzwerktreffen je Gemeinde im Jahr 2023 31.12.2023 offen –',
      'Verstetigungskonzept dem Jugendhilfeausschuss vorgelegt 31.03.2024 offen –',
    ]);
    expect(doc.text).not.toContain('02.10.2023');
  });

  it('lists the deadlines ahead by nominal date, with the effective end from @app/calendar', () => {
    expectTexts(doc, ['Frist Termin (nominal) Fristende (wirksam)']);
    expectInOrder(doc, [
      // 31.03.2024 is a Sunday, 01.04.2024 Easter Monday.
      'Beschluss über die Fortführung der Stelle Netzwerkkoordination (Kreistag) 31.03.2024 02.04.2024',
      'Zwischennachweis für das Haushaltsjahr 2023 30.04.2024 30.04.2024',
      'Ende der befristeten Stelle und des Bewilligungszeitraums 31.05.2024 31.05.2024',
      // 30.11.2024 is a Saturday.
      'Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis) 30.11.2024 02.12.2024',
      '§ 31 Abs. 3 VwVfG',
    ]);
    // Past deadlines are not listed.
    expect(doc.text).not.toContain('Zwischennachweis für das Haushaltsjahr 2022');
    expect(doc.text).not.toContain('Zwischennachweis für das Haushaltsjahr 2021');
  });

  it('shows the money: approved, called, received, still callable, spent and its shares, to the cent', () => {
    const { money, grant } = data;
    expectTexts(doc, [
      'Mittel Betrag (€) Anteil',
      'Bewilligte Zuwendung 97.767,38 100,00 %',
      `Abgerufene Zuwendung ${amount(money.called)}`,
      `Eingegangene Zuwendung ${amount(money.received)}`,
      `Noch abrufbare Zuwendung ${amount(grant.approvedAmount - money.called)}`,
      `Ausgaben insgesamt ${amount(money.spent)} 100,00 %`,
      `davon aus der Zuwendung ${amount(money.spent - money.ownShare - money.thirdParty)}`,
      `davon Eigenanteil ${amount(money.ownShare)}`,
      `davon Leistungen Dritter ${amount(money.thirdParty)}`,
    ]);
    // Pinned: spent and third-party part summed by hand from the 56 receipts up to the Stand;
    // called from the 14 Mittelabrufe requested by then.
    expectTexts(doc, [
      'Abgerufene Zuwendung 76.101,71 77,84 %',
      'Noch abrufbare Zuwendung 21.665,67 22,16 %',
      'Ausgaben insgesamt 142.062,58 100,00 %',
      'davon Eigenanteil 67.994,75 47,86 %',
      'davon Leistungen Dritter 3.036,50 2,14 %',
    ]);
  });
});

describe('upcomingDeadlines', () => {
  it('lists nothing once every deadline has passed, and the report says so', async () => {
    const late = peineStatusReport('2025-01-06', '2025-01-20');
    expect(upcomingDeadlines(late)).toEqual([]);
    const doc = await readBack(await buildStatusReportPdf(late));
    expectTexts(doc, ['4. Anstehende Fristen Keine anstehenden Fristen.', '8 von 8 Meilensteinen erreicht.']);
  });

  it('keeps a deadline whose nominal date has passed until its effective end', () => {
    // Stand 01.12.2024: the Verwendungsnachweis was nominally due 30.11.2024 but ends 02.12.2024.
    const labels = upcomingDeadlines(peineStatusReport('2024-12-01', '2024-12-05')).map((d) => [d.label, d.dates.nominal, d.dates.effective]);
    expect(labels).toEqual([['Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis)', '2024-11-30', '2024-12-02']]);
  });

  it('leaves out waived Zwischennachweise', () => {
    const labels = upcomingDeadlines({ ...data, interimReportWaiver: 'all' }).map((d) => d.label);
    expect(labels.some((l) => l.startsWith('Zwischennachweis'))).toBe(false);
    expect(labels).toHaveLength(3);
  });
});

describe('validateStatusReportDocument', () => {
  it('names milestones reached after the Stand, money received but not called, a session before the Stand', async () => {
    const bad: StatusReportDocument = {
      ...data,
      sessionDate: '2023-08-31',
      milestones: data.milestones.map((m, i) => (i === 5 ? { ...m, doneOn: '2023-10-02', evidence: 'Eröffnungsbericht' } : m)),
      money: { ...data.money, received: data.money.called + 1 },
    };
    expect(await rejectedFields(buildStatusReportPdf(bad), 'status-report')).toEqual(['sessionDate', 'milestones[5].doneOn', 'money.received']);
  });
});

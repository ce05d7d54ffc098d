import { deadlineDates, interimReportDueDates, LAND_HOLIDAY_RULES, proofOfUseDueDate, type DeadlineDates } from '@app/calendar';
import { formatDate } from '../format';
import type { BoxField } from '../pdf/box';
import {
  type BuildFundingPdfOptions,
  bodyText,
  createFundingPdf,
  decorateFundingPages,
  drawFacts,
  drawLetterhead,
  drawMilestoneTable,
  drawMoneyTable,
  drawTitle,
  grantFacts,
  note,
  section,
} from '../funding/common';
import { formatAmount, formatPercent, formatPeriod } from '../funding/funding-format';
import { shareBasisPoints } from '../funding/settlement';
import { FieldChecker } from '../funding/validation';
import type { StatusReportDocument } from './status-report-document';

/** German texts of the Sachstandsbericht. */
export const STATUS_REPORT_LABELS = {
  title: 'Sachstandsbericht',
  subtitle: (programme: string, committee: string, session: string) => `Förderprogramm „${programme}“ – Bericht für den ${committee} am ${session}`,
  asOf: 'Stand:',
  committee: 'Gremium:',
  session: 'Sitzung am:',
  overview: '1. Überblick',
  reportPeriod: 'Berichtszeitraum:',
  summary: '2. Zusammenfassung',
  milestones: '3. Meilensteine',
  milestoneSummary: (done: number, total: number, overdue: number) =>
    `${done} von ${total} Meilensteinen erreicht${overdue ? `; ${overdue} überfällig` : ''}.`,
  deadlines: '4. Anstehende Fristen',
  deadlineHeaders: ['Frist', 'Termin (nominal)', 'Fristende (wirksam)'] as const,
  interimReport: (year: number) => `Zwischennachweis für das Haushaltsjahr ${year}`,
  proofOfUse: 'Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis)',
  noDeadlines: 'Keine anstehenden Fristen.',
  deadlineNote:
    'Termin: das festgesetzte Datum, nach dem sich die Erinnerungen richten. Fällt es auf einen Samstag, Sonntag oder Feiertag, endet die Frist mit Ablauf des nächsten Werktags (§ 31 Abs. 3 VwVfG).',
  money: '5. Finanzübersicht',
  moneyHeaders: ['Mittel', 'Betrag (€)', 'Anteil'] as const,
  approved: 'Bewilligte Zuwendung',
  called: 'Abgerufene Zuwendung',
  received: 'Eingegangene Zuwendung',
  callable: 'Noch abrufbare Zuwendung',
  spent: 'Ausgaben insgesamt',
  grantShare: 'davon aus der Zuwendung',
  ownShare: 'davon Eigenanteil',
  thirdParty: 'davon Leistungen Dritter',
  moneyNote: (asOf: string) => `Stand ${asOf}. Anteile der Zuwendung: an der bewilligten Zuwendung; Anteile der Ausgaben: an den Ausgaben insgesamt.`,
} as const;

const T = STATUS_REPORT_LABELS;

export interface StatusReportDeadline {
  label: string;
  dates: DeadlineDates;
}

/**
 * The deadlines not yet passed on `asOf`: the Zwischennachweise and the Verwendungsnachweis of
 * the grant and the further deadlines given, by nominal date; effective dates in the recipient's Land.
 */
export function upcomingDeadlines(data: StatusReportDocument): StatusReportDeadline[] {
  const holidays = LAND_HOLIDAY_RULES[data.organisation.state];
  const { period } = data.grant;
  const all: StatusReportDeadline[] = [
    ...interimReportDueDates(period.start, period.end, { holidays, waiver: data.interimReportWaiver }).map((d) => ({
      label: T.interimReport(d.fiscalYear),
      dates: d.due,
    })),
    { label: T.proofOfUse, dates: proofOfUseDueDate(period.end, { holidays }) },
    ...data.deadlines.map((d) => ({ label: d.label, dates: deadlineDates(d.nominal, holidays) })),
  ];
  return all.filter((d) => d.dates.effective >= data.asOf).sort((a, b) => (a.dates.nominal < b.dates.nominal ? -1 : a.dates.nominal > b.dates.nominal ? 1 : 0));
}

export function validateStatusReportDocument(data: StatusReportDocument): void {
  const c = new FieldChecker('status-report');
  c.recipient(data.organisation, 'organisation');
  c.text(data.committee, 'committee');
  const asOfOk = c.date(data.asOf, 'asOf');
  if (c.date(data.sessionDate, 'sessionDate') && asOfOk) {
    c.check(data.asOf <= data.sessionDate, 'sessionDate', `${data.sessionDate} is before the report's Stand ${data.asOf}`);
  }
  if (c.period(data.reportPeriod, 'reportPeriod') && asOfOk) {
    c.check(data.reportPeriod.end <= data.asOf, 'reportPeriod.end', `${data.reportPeriod.end} is after the report's Stand ${data.asOf}`);
  }
  c.programme(data.programme);
  c.text(data.projectTitle, 'projectTitle');
  c.grant(data.grant);
  data.summary.forEach((p, i) => c.text(p, `summary[${i}]`));
  c.milestones(data.milestones);
  data.milestones.forEach((m, i) => {
    if (m.doneOn !== undefined && asOfOk) c.check(m.doneOn <= data.asOf, `milestones[${i}].doneOn`, `${m.doneOn} is after the report's Stand ${data.asOf}`);
  });
  data.deadlines.forEach((d, i) => {
    c.text(d.label, `deadlines[${i}].label`);
    c.date(d.nominal, `deadlines[${i}].nominal`);
  });
  const { money } = data;
  const ok = c.amounts(money, 'money');
  if (ok) {
    c.check(money.called <= data.grant.approvedAmount, 'money.called', `exceeds the approved ${data.grant.approvedAmount} cents`);
    c.check(money.received <= money.called, 'money.received', `exceeds what was called (${money.called} cents)`);
    c.check(money.ownShare + money.thirdParty <= money.spent, 'money.ownShare', `with the third parties' part, exceeds the expenses (${money.spent} cents)`);
  }
  c.done();
}

/** Builds the programme status report as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildStatusReportPdf(data: StatusReportDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateStatusReportDocument(data);
  const { organisation, programme, grant, money } = data;
  const asOf = formatDate(data.asOf);
  const session = formatDate(data.sessionDate);
  const pdf = createFundingPdf({
    title: `${T.title} ${programme.name} – ${data.committee} ${session} – ${organisation.organisation}`,
    subject: T.subtitle(programme.name, data.committee, session),
    author: `${organisation.organisation}, ${organisation.department}`,
    keywords: [T.title, programme.name, data.committee],
    creationDate: options.creationDate,
  });

  drawLetterhead(pdf, {
    sender: organisation,
    references: [
      [T.asOf, asOf],
      [T.committee, data.committee],
      [T.session, session],
    ],
  });
  drawTitle(pdf, T.title, T.subtitle(programme.name, data.committee, session));

  const overview: BoxField[] = [
    ...grantFacts(programme, data.projectTitle, grant),
    { label: T.reportPeriod, value: formatPeriod(data.reportPeriod) },
  ];
  section(pdf, T.overview, (sect) => drawFacts(pdf, overview, sect));
  if (data.summary.length) section(pdf, T.summary, (sect) => data.summary.forEach((p) => bodyText(pdf, p, sect)));

  section(pdf, T.milestones, (sect) => {
    const done = data.milestones.filter((m) => m.doneOn !== undefined).length;
    const overdue = data.milestones.filter((m) => m.doneOn === undefined && m.due < data.asOf).length;
    bodyText(pdf, T.milestoneSummary(done, data.milestones.length, overdue), sect);
    drawMilestoneTable(pdf, data.milestones, data.asOf, sect);
  });

  section(pdf, T.deadlines, (sect) => {
    const deadlines = upcomingDeadlines(data);
    if (!deadlines.length) {
      bodyText(pdf, T.noDeadlines, sect);
      return;
    }
    drawMoneyTable(pdf, {
      columns: [
        { header: T.deadlineHeaders[0], kind: 'text' },
        { header: T.deadlineHeaders[1], kind: 'fit' },
        { header: T.deadlineHeaders[2], kind: 'fit' },
      ],
      rows: deadlines.map((d) => ({ cells: [d.label, formatDate(d.dates.nominal), formatDate(d.dates.effective)] })),
      parent: sect,
    });
    note(pdf, T.deadlineNote, sect);
  });

  section(pdf, T.money, (sect) => {
    const ofGrant = (amount: number) => formatPercent(shareBasisPoints(amount, grant.approvedAmount), { fixed: true });
    const ofSpent = (amount: number) => formatPercent(shareBasisPoints(amount, money.spent), { fixed: true });
    const grantShare = money.spent - money.ownShare - money.thirdParty;
    drawMoneyTable(pdf, {
      columns: [
        { header: T.moneyHeaders[0], kind: 'text' },
        { header: T.moneyHeaders[1], kind: 'amount' },
        { header: T.moneyHeaders[2], kind: 'amount' },
      ],
      rows: [
        { cells: [T.approved, formatAmount(grant.approvedAmount), ofGrant(grant.approvedAmount)], emphasis: true, keepWithNext: true },
        { cells: [T.called, formatAmount(money.called), ofGrant(money.called)] },
        { cells: [T.received, formatAmount(money.received), ofGrant(money.received)] },
        { cells: [T.callable, formatAmount(grant.approvedAmount - money.called), ofGrant(grant.approvedAmount - money.called)] },
        { cells: [T.spent, formatAmount(money.spent), ofSpent(money.spent)], emphasis: true, keepWithNext: true },
        { cells: [T.grantShare, formatAmount(grantShare), ofSpent(grantShare)] },
        { cells: [T.ownShare, formatAmount(money.ownShare), ofSpent(money.ownShare)] },
        { cells: [T.thirdParty, formatAmount(money.thirdParty), ofSpent(money.thirdParty)] },
      ],
      parent: sect,
    });
    note(pdf, T.moneyNote(asOf), sect);
  });

  decorateFundingPages(pdf, `${organisation.organisation} · ${T.title} ${data.committee}`, asOf, `${T.title} · Stand ${asOf}`);
  return pdf.end();
}

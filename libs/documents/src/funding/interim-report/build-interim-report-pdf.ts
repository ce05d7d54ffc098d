import { interimReportDueDates, LAND_HOLIDAY_RULES, type InterimReportDue } from '@app/calendar';
import { formatDate, type IsoDate } from '../../format';
import {
  type BuildFundingPdfOptions,
  CONFIRMATION,
  decorateFundingPages,
  drawAmountList,
  drawComparisonTable,
  drawSignature,
  drawTextSections,
  section,
  startGrantDocument,
} from '../common';
import { formatAmount, formatDeadline, formatPeriod } from '../funding-format';
import { compareLines, fiscalYearIndex, sumCents, totalsByPosition } from '../settlement';
import { FieldChecker } from '../validation';
import type { InterimReportDocument } from './interim-report-document';

/** German texts of the Zwischennachweis. */
export const INTERIM_REPORT_LABELS = {
  title: 'Zwischennachweis',
  subtitle: (year: number) => `für das Haushaltsjahr ${year} – Sachbericht und zahlenmäßige Übersicht`,
  fiscalYear: 'Haushaltsjahr:',
  reportingPeriod: 'Berichtszeitraum:',
  dueDate: 'Vorzulegen bis:',
  narrative: '2. Sachbericht',
  figures: (year: number) => `3. Zahlenmäßige Übersicht ${year}`,
  planned: (year: number) => `Soll ${year} (€)`,
  actual: (year: number) => `Ist ${year} (€)`,
  total: 'Summe der Ausgaben',
  funds: (year: number) => `4. Mittel im Haushaltsjahr ${year}`,
  fundsHeaders: ['Zuwendung', 'Betrag (€)'] as const,
  received: 'Im Haushaltsjahr erhaltene Zuwendung',
  used: 'abzüglich verwendeter Zuwendung',
  unspent: 'Nicht verbrauchte Zuwendung am Jahresende',
  financingHeaders: ['Finanzierung der Ausgaben', 'Betrag (€)'] as const,
  ownFunds: 'Eigenmittel',
  grantUsed: 'Zuwendung (verwendet)',
  thirdParty: 'Leistungen Dritter',
  financingTotal: 'Summe (= Ist-Ausgaben)',
} as const;

const T = INTERIM_REPORT_LABELS;

function dueFor(data: Pick<InterimReportDocument, 'grant' | 'recipient' | 'fiscalYear'>): InterimReportDue | undefined {
  const { period } = data.grant;
  return interimReportDueDates(period.start, period.end, { holidays: LAND_HOLIDAY_RULES[data.recipient.state] }).find(
    (d) => d.fiscalYear === data.fiscalYear,
  );
}

/** The part of the fiscal year inside the Bewilligungszeitraum. */
function reportingPeriod(data: Pick<InterimReportDocument, 'grant' | 'fiscalYear'>): { start: IsoDate; end: IsoDate } {
  const { period } = data.grant;
  const start = `${data.fiscalYear}-01-01`;
  const end = `${data.fiscalYear}-12-31`;
  return { start: start < period.start ? period.start : start, end: end > period.end ? period.end : end };
}

export function validateInterimReportDocument(data: InterimReportDocument): void {
  const c = new FieldChecker('interim-report');
  c.grantContext(data);
  const periodOk = c.period(data.grant.period, 'grant.period');
  c.costPlan(data.costPlan, data.grant.period);
  if (c.check(fiscalYearIndex(data.costPlan, data.fiscalYear) >= 0, 'fiscalYear', `${data.fiscalYear} is not a fiscal year of the cost plan`) && periodOk) {
    c.check(dueFor(data) !== undefined, 'fiscalYear', `no Zwischennachweis is due for ${data.fiscalYear}: the Bewilligungszeitraum ends in or before it`);
  }
  c.bookings(data.actuals, data.costPlan, 'actuals', true);
  const { funds } = data;
  const fundsOk = c.amounts(funds, 'funds');
  const spent = data.actuals.reduce((sum, a) => sum + a.amount, 0);
  if (fundsOk && Number.isSafeInteger(spent)) {
    const financed = funds.grantUsed + funds.ownFunds + funds.thirdPartyFunds;
    c.check(financed === spent, 'funds', `finance ${financed} cents, the year's expenses are ${spent} cents`);
  }
  c.sections(data.sections, 'sections');
  c.done();
}

/** Builds the Zwischennachweis as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildInterimReportPdf(data: InterimReportDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateInterimReportDocument(data);
  const { recipient, programme, grant, fiscalYear } = data;
  const date = formatDate(data.signatory.date);
  const pdf = startGrantDocument(data, {
    title: `${T.title} ${fiscalYear} – ${data.projectTitle} – ${recipient.organisation}`,
    subject: `${T.title} ${T.subtitle(fiscalYear)}`,
    keywords: [T.title, String(fiscalYear), programme.name, grant.fileNumber],
    heading: T.title,
    subtitle: T.subtitle(fiscalYear),
    references: [[T.fiscalYear, String(fiscalYear)]],
    facts: [
      { label: T.reportingPeriod, value: formatPeriod(reportingPeriod(data)) },
      { label: T.dueDate, value: formatDeadline(dueFor(data)!.due) },
    ],
    creationDate: options.creationDate,
  });
  section(pdf, T.narrative, (sect) => drawTextSections(pdf, data.sections, sect));

  const year = fiscalYearIndex(data.costPlan, fiscalYear);
  const lines = compareLines(data.costPlan.lines, totalsByPosition(data.actuals), (line) => line.amounts[year]!);
  const spent = sumCents(lines.map((l) => l.actual));
  section(pdf, T.figures(fiscalYear), (sect) =>
    drawComparisonTable(
      pdf,
      lines,
      { plannedHeader: T.planned(fiscalYear), actualHeader: T.actual(fiscalYear), flagOverruns: false, totalLabel: T.total },
      sect,
    ),
  );
  section(pdf, T.funds(fiscalYear), (sect) => {
    const { funds } = data;
    drawAmountList(
      pdf,
      T.fundsHeaders,
      [
        { cells: [T.received, formatAmount(funds.grantReceived)] },
        { cells: [T.used, formatAmount(-funds.grantUsed)] },
      ],
      [{ cells: [T.unspent, formatAmount(funds.grantReceived - funds.grantUsed)] }],
      sect,
    );
    drawAmountList(
      pdf,
      T.financingHeaders,
      [
        { cells: [T.ownFunds, formatAmount(funds.ownFunds)] },
        { cells: [T.grantUsed, formatAmount(funds.grantUsed)] },
        { cells: [T.thirdParty, formatAmount(funds.thirdPartyFunds)] },
      ],
      [{ cells: [T.financingTotal, formatAmount(spent)] }],
      sect,
    );
  });
  drawSignature(pdf, data.signatory, pdf.root, { statement: CONFIRMATION });

  decorateFundingPages(pdf, `${recipient.organisation} · ${T.title} ${fiscalYear}`, date, `${T.title} ${fiscalYear} · Aktenzeichen ${grant.fileNumber}`);
  return pdf.end();
}

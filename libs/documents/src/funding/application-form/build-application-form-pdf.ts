import { formatDate } from '../../format';
import type { AccessiblePdf, StructParent } from '../../pdf/accessible-pdf';
import type { BoxField } from '../../pdf/box';
import type { SummaryTableRow } from '../../pdf/summary-table';
import {
  type BuildFundingPdfOptions,
  createFundingPdf,
  decorateFundingPages,
  drawDeclarations,
  drawFacts,
  drawLetterhead,
  drawMoneyTable,
  drawSignature,
  drawTextSections,
  drawTitle,
  groupByCategory,
  note,
  programmeFacts,
  recipientFacts,
  section,
} from '../common';
import type { CostPlan, CostPlanLine } from '../funding-document';
import { financingFacts, formatAmount, formatPercent, formatPeriod } from '../funding-format';
import { costPlanTotal, lineTotal, shareBasisPoints, sumCents } from '../settlement';
import { FieldChecker } from '../validation';
import type { ApplicationFormDocument } from './application-form-document';

/** German texts of the Förderantrag. */
export const APPLICATION_FORM_LABELS = {
  title: 'Förderantrag',
  subtitle: (programme: string) => `Antrag auf Gewährung einer Zuwendung aus dem Förderprogramm „${programme}“`,
  applicant: '1. Antragsteller',
  programme: '2. Förderprogramm und Rechtsgrundlage',
  project: '3. Vorhaben',
  projectTitle: 'Bezeichnung:',
  period: 'Durchführungszeitraum:',
  budgetProduct: 'Haushaltsstelle:',
  description: 'Beschreibung des Vorhabens',
  costPlan: '4. Kostenplan',
  costPlanHeaders: { position: 'Pos.', line: 'Ausgabenart', total: 'Gesamt' },
  costPlanTotal: 'Gesamtausgaben',
  costPlanNote: 'Beträge in Euro; Haushaltsjahr = Kalenderjahr. Jede Gruppe zeigt in ihrer Kopfzeile die Summe ihrer Positionen.',
  financingPlan: '5. Finanzierungsplan',
  financingHeaders: ['Finanzierung', 'Betrag (€)', 'Anteil'] as const,
  ownFunds: (organisation: string) => `Eigenanteil (${organisation})`,
  grant: 'Zuwendung (beantragt)',
  thirdParty: (name: string) => `Leistungen Dritter: ${name}`,
  financingTotal: 'Gesamtfinanzierung',
  financingType: 'Finanzierungsart',
  declarations: '6. Erklärungen',
  projectNotStarted:
    'Mit dem Vorhaben wurde noch nicht begonnen; Aufträge werden erst nach Bewilligung erteilt (kein vorzeitiger Maßnahmebeginn).',
  noBetterPay:
    'Die im Vorhaben Beschäftigten werden nicht besser gestellt als vergleichbare Beschäftigte des Landes (Besserstellungsverbot); es gilt der TVöD.',
  inputTaxDeductible: 'Der Antragsteller ist für dieses Vorhaben zum Vorsteuerabzug berechtigt.',
  signature: 'Rechtsverbindliche Unterschrift',
  date: 'Datum:',
  fileNumber: 'Aktenzeichen:',
} as const;

const T = APPLICATION_FORM_LABELS;

export function validateApplicationFormDocument(data: ApplicationFormDocument): void {
  const c = new FieldChecker('application-form');
  c.recipient(data.applicant, 'applicant');
  c.programme(data.programme);
  c.optionalText(data.fileNumber, 'fileNumber');
  c.text(data.project.title, 'project.title');
  c.check(data.project.description.length > 0, 'project.description', 'needs at least one paragraph');
  data.project.description.forEach((p, i) => c.text(p, `project.description[${i}]`));
  c.period(data.project.period, 'project.period');
  c.optionalText(data.project.budgetProduct, 'project.budgetProduct');
  if (c.costPlan(data.costPlan, data.project.period)) {
    const total = costPlanTotal(data.costPlan);
    c.financingPlan(data.financingPlan, total);
    c.financing(data.financing, data.financingPlan.grant, total);
  }
  c.check(data.declarations.projectNotStarted, 'declarations.projectNotStarted', 'an application for a project already begun cannot be granted');
  c.check(data.declarations.noBetterPay, 'declarations.noBetterPay', 'the Besserstellungsverbot must be declared');
  c.signatory(data.signatory);
  c.done();
}

/** Builds the Förderantrag as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildApplicationFormPdf(data: ApplicationFormDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateApplicationFormDocument(data);
  const { applicant, programme, project } = data;
  const pdf = createFundingPdf({
    title: `${T.title}: ${project.title} – ${applicant.organisation}`,
    subject: T.subtitle(programme.name),
    author: `${applicant.organisation}, ${applicant.department}`,
    keywords: [T.title, programme.name, applicant.organisation],
    creationDate: options.creationDate,
  });

  const references: [string, string][] = [[T.date, formatDate(data.signatory.date)]];
  if (data.fileNumber) references.push([T.fileNumber, data.fileNumber]);
  drawLetterhead(pdf, { sender: applicant, addressee: programme.funder, references });
  drawTitle(pdf, T.title, T.subtitle(programme.name));

  section(pdf, T.applicant, (sect) => drawFacts(pdf, recipientFacts(applicant), sect));
  section(pdf, T.programme, (sect) => drawFacts(pdf, programmeFacts(programme), sect));
  section(pdf, T.project, (sect) => {
    const facts: BoxField[] = [
      { label: T.projectTitle, value: project.title },
      { label: T.period, value: formatPeriod(project.period) },
    ];
    if (project.budgetProduct) facts.push({ label: T.budgetProduct, value: project.budgetProduct });
    drawFacts(pdf, facts, sect);
    drawTextSections(pdf, [{ heading: T.description, paragraphs: project.description }], sect);
  });
  section(pdf, T.costPlan, (sect) => {
    drawCostPlan(pdf, data.costPlan, sect);
    note(pdf, T.costPlanNote, sect);
  });
  section(pdf, T.financingPlan, (sect) => {
    drawFinancingPlan(pdf, data, sect);
    drawFacts(pdf, financingFacts(data.financing).map(([label, value]) => ({ label, value })), sect);
  });
  section(pdf, T.declarations, (sect) => {
    drawDeclarations(
      pdf,
      [
        { text: T.projectNotStarted, confirmed: data.declarations.projectNotStarted },
        { text: T.noBetterPay, confirmed: data.declarations.noBetterPay },
        { text: T.inputTaxDeductible, confirmed: data.declarations.inputTaxDeductible },
      ],
      sect,
    );
    drawSignature(pdf, data.signatory, sect, { label: T.signature });
  });

  decorateFundingPages(
    pdf,
    `${applicant.organisation} · ${T.title}`,
    formatDate(data.signatory.date),
    `${T.title} vom ${formatDate(data.signatory.date)}`,
  );
  return pdf.end();
}

function drawCostPlan(pdf: AccessiblePdf, plan: CostPlan, parent: StructParent): void {
  const amounts = (lines: readonly CostPlanLine[]): string[] => [
    ...plan.fiscalYears.map((_, year) => formatAmount(sumCents(lines.map((l) => l.amounts[year]!)))),
    formatAmount(sumCents(lines.map(lineTotal))),
  ];
  const rows: SummaryTableRow[] = groupByCategory(plan.lines).flatMap((group) => [
    { cells: ['', group.label, ...amounts(group.items)], emphasis: true, keepWithNext: true },
    ...group.items.map((line) => ({ cells: [line.position, line.label, ...amounts([line])] })),
  ]);
  drawMoneyTable(pdf, {
    columns: [
      { header: T.costPlanHeaders.position, kind: 'fit' },
      { header: T.costPlanHeaders.line, kind: 'text' },
      ...plan.fiscalYears.map((year) => ({ header: String(year), kind: 'amount' as const })),
      { header: T.costPlanHeaders.total, kind: 'amount' },
    ],
    rows,
    footer: [{ cells: ['', T.costPlanTotal, ...amounts(plan.lines)] }],
    parent,
  });
}

function drawFinancingPlan(pdf: AccessiblePdf, data: ApplicationFormDocument, parent: StructParent): void {
  const plan = data.financingPlan;
  const total = costPlanTotal(data.costPlan);
  const row = (label: string, amount: number): SummaryTableRow => ({
    cells: [label, formatAmount(amount), formatPercent(shareBasisPoints(amount, total), { fixed: true })],
  });
  drawMoneyTable(pdf, {
    columns: [
      { header: T.financingHeaders[0], kind: 'text' },
      { header: T.financingHeaders[1], kind: 'amount' },
      { header: T.financingHeaders[2], kind: 'amount' },
    ],
    rows: [
      row(T.ownFunds(data.applicant.organisation), plan.ownFunds),
      row(T.grant, plan.grant),
      ...plan.thirdParties.map((t) => row(T.thirdParty(t.name), t.amount)),
    ],
    footer: [row(T.financingTotal, total)],
    parent,
  });
}

import { formatEuro } from '@app/money';
import { FUNDING_LAYOUT as L } from '../../../../templates/funding/layout';
import { councilPaperFonts } from '../council-paper/build-council-paper-pdf';
import { formatDate, formatPageOf, formatYesNo, type IsoDate } from '../format';
import { AccessiblePdf, type Align, type StructParent, type TextStyle } from '../pdf/accessible-pdf';
import { drawFieldBox, type BoxField, type BoxStyle } from '../pdf/box';
import { boxStyleFromLayout, decorateRunningPages } from '../pdf/page-furniture';
import { drawSummaryTable, type SummaryTableRow, type SummaryTableStyle } from '../pdf/summary-table';
import type { CostCategory, Funder, FundingProgramme, GrantContext, GrantReference, Milestone, Recipient, Signatory, TextSection } from './funding-document';
import {
  COST_CATEGORY_LABELS,
  formatAmount,
  formatGrantReference,
  formatLegalBasis,
  formatPeriod,
  formatSignedAmount,
  formatSignedPercent,
} from './funding-format';
import { COST_CATEGORIES, shareBasisPoints, sumCents, type LineComparison } from './settlement';

/**
 * Building blocks shared by the funding documents and the status report: the document
 * (fonts, metadata), the letterhead with sender, addressee and reference fields, the title,
 * numbered sections, fact boxes, declarations, money tables, the signature block and the page
 * furniture. Each builder composes these; none draws a table or a header of its own.
 */

export const FUNDING_STYLES = {
  organisation: { font: 'bold', size: L.fontSizes.organisation },
  letterhead: { font: 'regular', size: L.fontSizes.letterhead, lineGap: L.lineGap.header },
  letterheadLabel: { font: 'bold', size: L.fontSizes.letterhead, lineGap: L.lineGap.header },
  title: { font: 'bold', size: L.fontSizes.documentTitle, lineGap: L.lineGap.body },
  subtitle: { font: 'regular', size: L.fontSizes.subtitle, lineGap: L.lineGap.body },
  heading2: { font: 'bold', size: L.fontSizes.heading2 },
  heading3: { font: 'bold', size: L.fontSizes.heading3 },
  body: { font: 'regular', size: L.fontSizes.body, lineGap: L.lineGap.body },
  note: { font: 'italic', size: L.fontSizes.note, lineGap: L.lineGap.table, color: L.colours.muted },
  boxLabel: { font: 'regular', size: L.fontSizes.box },
  boxValue: { font: 'bold', size: L.fontSizes.box },
  tableHeader: { font: 'bold', size: L.fontSizes.table, lineGap: L.lineGap.table },
  tableBody: { font: 'regular', size: L.fontSizes.table, lineGap: L.lineGap.table },
  tableEmphasis: { font: 'bold', size: L.fontSizes.table, lineGap: L.lineGap.table },
  signature: { font: 'regular', size: L.fontSizes.box },
  signatureLabel: { font: 'regular', size: L.fontSizes.note, color: L.colours.muted },
  running: { font: 'regular', size: L.fontSizes.running, color: L.colours.muted },
} satisfies Record<string, TextStyle>;

const S = FUNDING_STYLES;

const BOX_STYLE: BoxStyle = boxStyleFromLayout({ caption: S.heading3, label: S.boxLabel, value: S.boxValue }, L.box, L.colours);

const TABLE_STYLE: SummaryTableStyle = {
  header: S.tableHeader,
  body: S.tableBody,
  emphasis: S.tableEmphasis,
  padding: L.table.cellPadding,
  borderWidth: L.table.borderWidth,
  borderColor: L.colours.rule,
  headerBackground: L.colours.tableHeaderBackground,
  emphasisBackground: L.colours.groupBackground,
  footerRuleWidth: L.table.footerRuleWidth,
};

// ---- document -------------------------------------------------------------------------------

/** Options of every funding builder. */
export interface BuildFundingPdfOptions {
  /** Creation date written into the metadata; default now. */
  creationDate?: Date;
}

export interface FundingPdfOptions {
  title: string;
  subject?: string;
  author: string;
  keywords: readonly string[];
  creationDate?: Date;
}

/** An archival, accessible A4 document (PDF/A-2b, PDF/UA-1) in the funding layout. */
export function createFundingPdf(options: FundingPdfOptions): AccessiblePdf {
  return AccessiblePdf.create({
    title: options.title,
    subject: options.subject,
    author: options.author,
    keywords: options.keywords,
    lang: 'de-DE',
    fonts: councilPaperFonts(),
    size: L.page.size,
    margins: L.page.margins,
    creationDate: options.creationDate,
  });
}

// ---- letterhead and title -------------------------------------------------------------------

export interface LetterheadOptions {
  sender: Pick<Recipient, 'organisation' | 'department' | 'addressLines'>;
  /** "An …": the funder the document goes to. */
  addressee?: Funder;
  /** Label/value pairs at the right: Datum, Aktenzeichen … */
  references: readonly (readonly [label: string, value: string])[];
}

/** Sender at the left, reference fields at the right, the addressee below: page 1 only. */
export function drawLetterhead(pdf: AccessiblePdf, options: LetterheadOptions): void {
  const block = pdf.group('Sect');
  const rightX = pdf.right - L.letterhead.rightColumnWidth;
  const leftWidth = rightX - pdf.left - L.letterhead.labelValueGap;

  const senderLines = [options.sender.department, ...(options.sender.addressLines ?? [])];
  let y = pdf.top;
  const runs = [{ text: options.sender.organisation, x: pdf.left, y, width: leftWidth, style: S.organisation as TextStyle }];
  y += pdf.lineHeight(S.organisation) + 2;
  for (const line of senderLines) {
    runs.push({ text: line, x: pdf.left, y, width: leftWidth, style: S.letterhead });
    y += pdf.lineHeight(S.letterhead);
  }
  pdf.placedText('P', runs, block);

  const valueX = rightX + L.letterhead.labelWidth + L.letterhead.labelValueGap;
  let rightY = pdf.top + 2;
  for (const [label, value] of options.references) {
    const height = Math.max(L.letterhead.lineAdvance, pdf.heightOf(value, S.letterhead, pdf.right - valueX));
    pdf.placedText(
      'P',
      [
        { text: label, x: rightX, y: rightY, width: L.letterhead.labelWidth, style: S.letterheadLabel, align: 'right' },
        { text: value, x: valueX, y: rightY, width: pdf.right - valueX, style: S.letterhead },
      ],
      block,
    );
    rightY += height;
  }

  if (options.addressee) {
    y += L.spacing.afterSender;
    const lines = ['An', options.addressee.name, ...(options.addressee.addressLines ?? [])];
    const addressRuns = lines.map((text) => {
      const run = { text, x: pdf.left, y, width: leftWidth, style: S.letterhead };
      y += pdf.heightOf(text, S.letterhead, leftWidth);
      return run;
    });
    pdf.placedText('P', addressRuns, block);
  }
  block.end();
  pdf.y = Math.max(y, rightY) + L.spacing.afterLetterhead;
}

/** The document's H1 and a subtitle under it. */
export function drawTitle(pdf: AccessiblePdf, title: string, subtitle?: string): void {
  pdf.heading(1, title, S.title, { spaceAfter: subtitle ? 2 : L.spacing.afterSubtitle, keepWithNext: L.spacing.keepWithNext });
  if (subtitle) pdf.paragraph(subtitle, S.subtitle, { spaceAfter: L.spacing.afterSubtitle });
}

export interface GrantDocumentOptions {
  /** Title in the metadata. */
  title: string;
  subject: string;
  keywords: readonly string[];
  /** The H1 and the line under it. */
  heading: string;
  subtitle: string;
  /** Reference fields after "Datum" and "Ihr Aktenzeichen". */
  references?: readonly (readonly [label: string, value: string])[];
  /** Facts after the grant's in section 1. */
  facts?: readonly BoxField[];
  creationDate?: Date;
}

/** Heading of the first section of every document about a granted project. */
export const GRANT_SECTION = '1. Zuwendung';

/**
 * A document about a granted project, sent to the funder: the archival PDF with the letterhead
 * (dated by the signature, with the funder's Aktenzeichen), the title, and "1. Zuwendung".
 */
export function startGrantDocument(data: GrantContext, options: GrantDocumentOptions): AccessiblePdf {
  const { recipient, programme, grant } = data;
  const pdf = createFundingPdf({
    title: options.title,
    subject: options.subject,
    author: `${recipient.organisation}, ${recipient.department}`,
    keywords: options.keywords,
    creationDate: options.creationDate,
  });
  drawLetterhead(pdf, {
    sender: recipient,
    addressee: programme.funder,
    references: [['Datum:', formatDate(data.signatory.date)], ['Ihr Aktenzeichen:', grant.fileNumber], ...(options.references ?? [])],
  });
  drawTitle(pdf, options.heading, options.subtitle);
  section(pdf, GRANT_SECTION, (sect) => drawFacts(pdf, [...grantFacts(programme, data.projectTitle, grant), ...(options.facts ?? [])], sect));
  return pdf;
}

// ---- sections, text and boxes -----------------------------------------------------------------

export interface SectionOptions {
  level?: 2 | 3;
  parent?: StructParent;
}

/** A Sect with its heading; `draw` fills it. */
export function section(pdf: AccessiblePdf, heading: string, draw: (sect: StructParent) => void, options: SectionOptions = {}): void {
  const level = options.level ?? 2;
  const sect = pdf.group('Sect', options.parent);
  pdf.heading(level, heading, level === 2 ? S.heading2 : S.heading3, {
    parent: sect,
    spaceBefore: L.spacing.beforeHeading,
    spaceAfter: L.spacing.afterHeading,
    keepWithNext: L.spacing.keepWithNext,
  });
  draw(sect);
  sect.end();
}

export function bodyText(pdf: AccessiblePdf, text: string, parent: StructParent, align: Align = 'left'): void {
  // A paragraph of up to four lines is not split over pages.
  const height = pdf.heightOf(text, S.body, pdf.contentWidth);
  if (height <= 4 * pdf.lineHeight(S.body)) pdf.ensureSpace(height);
  pdf.paragraph(text, S.body, { parent, align, spaceAfter: L.spacing.afterParagraph });
}

/** A small explanatory line under a table (the rule applied, the unit). */
export function note(pdf: AccessiblePdf, text: string, parent: StructParent): void {
  pdf.paragraph(text, S.note, { parent, spaceAfter: L.spacing.afterNote });
}

/** Sachbericht sections: a heading of `level` and its paragraphs each. */
export function drawTextSections(pdf: AccessiblePdf, sections: readonly TextSection[], parent: StructParent, level: 2 | 3 = 3): void {
  for (const s of sections) {
    section(pdf, s.heading, (sect) => s.paragraphs.forEach((p) => bodyText(pdf, p, sect)), { level, parent });
  }
}

/** Label/value pairs in a framed box, one (default) or two pairs a row. */
export function drawFacts(pdf: AccessiblePdf, fields: readonly BoxField[], parent: StructParent, columns = 1): void {
  const style = columns === 1 ? { ...BOX_STYLE, labelShare: L.box.factsLabelShare } : BOX_STYLE;
  drawFieldBox(pdf, { fields, style, columns, parent, spaceAfter: L.spacing.afterBox });
}

/** Declarations (Erklärungen): each statement with a ticked or empty box and "ja"/"nein". */
export function drawDeclarations(pdf: AccessiblePdf, items: readonly { text: string; confirmed: boolean }[], parent: StructParent): void {
  drawFieldBox(pdf, {
    fields: items.map((item) => ({ label: item.text, value: formatYesNo(item.confirmed), checkbox: item.confirmed })),
    style: { ...BOX_STYLE, label: S.body, labelShare: L.box.declarationLabelShare },
    columns: 1,
    parent,
    spaceAfter: L.spacing.afterBox,
  });
}

// ---- money tables ---------------------------------------------------------------------------

export interface MoneyColumn {
  header: string;
  /**
   * - text: takes the width left over (shared by `weight`), wraps;
   * - amount: right-aligned, as wide as its widest entry;
   * - fit: as wide as its widest entry (dates, numbers, positions), aligned as told.
   */
  kind: 'text' | 'amount' | 'fit';
  align?: Align;
  weight?: number;
}

export interface MoneyTableOptions {
  columns: readonly MoneyColumn[];
  rows: readonly SummaryTableRow[];
  footer?: readonly SummaryTableRow[];
  parent: StructParent;
}

/**
 * A table of figures over the text width: amounts right-aligned in columns as wide as their
 * widest entry, text columns sharing the rest; group rows emphasised, totals in the footer.
 */
export function drawMoneyTable(pdf: AccessiblePdf, options: MoneyTableOptions): void {
  const { columns } = options;
  const all = [...options.rows, ...(options.footer ?? [])];
  const padding = L.table.cellPadding.left + L.table.cellPadding.right;
  const measured = columns.map((column, i) => {
    if (column.kind === 'text') return { preferred: 0, narrowest: 0 };
    const entries = Math.max(0, ...all.map((row) => pdf.widthOf(row.cells[i] ?? '', S.tableEmphasis)));
    // pdfkit measures a word with its trailing space: a header may wrap between words, never inside one.
    const words = column.header.split(/\s+/);
    const lineWidth = (from: number, to: number): number => pdf.widthOf(`${words.slice(from, to).join(' ')} `, S.tableHeader);
    const oneLine = lineWidth(0, words.length);
    // The narrowest split into two lines.
    const twoLines = Math.min(oneLine, ...words.slice(1).map((_, k) => Math.max(lineWidth(0, k + 1), lineWidth(k + 1, words.length))));
    // A header takes one line if that costs little width, else two.
    const header = oneLine <= Math.max(entries, twoLines) * L.table.headerStretch ? oneLine : twoLines;
    const longestWord = Math.max(...words.map((_, k) => lineWidth(k, k + 1)));
    const width = (content: number): number => Math.max(L.table.minFittedWidth, Math.ceil(Math.max(entries, content) + padding + 1));
    return { preferred: width(header), narrowest: width(longestWord) };
  });
  const textColumns = columns.filter((c) => c.kind === 'text').length;
  const preferredTotal = measured.reduce((sum, m) => sum + m.preferred, 0);
  // Headers wrap further before the text columns get narrower than their minimum.
  const roomy = pdf.contentWidth - preferredTotal >= textColumns * L.table.minTextWidth;
  const widths = measured.map((m) => (roomy ? m.preferred : m.narrowest));
  const fixed = widths.reduce((sum, w) => sum + w, 0);
  const weights = columns.map((c) => (c.kind === 'text' ? (c.weight ?? 1) : 0));
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const rest = pdf.contentWidth - fixed;
  drawSummaryTable(pdf, {
    columns: columns.map((column, i) => ({
      header: column.header,
      width: column.kind === 'text' ? (rest * weights[i]!) / weightSum : widths[i]!,
      align: column.align ?? (column.kind === 'amount' ? 'right' : 'left'),
    })),
    rows: options.rows,
    footer: options.footer,
    style: TABLE_STYLE,
    parent: options.parent,
    spaceAfter: L.spacing.afterTable,
  });
}

/** A two-column table "Bezeichnung | Betrag (€)": a list of amounts with their totals. */
export function drawAmountList(
  pdf: AccessiblePdf,
  headers: readonly [string, string],
  rows: readonly SummaryTableRow[],
  footer: readonly SummaryTableRow[],
  parent: StructParent,
): void {
  drawMoneyTable(pdf, {
    columns: [
      { header: headers[0], kind: 'text' },
      { header: headers[1], kind: 'amount' },
    ],
    rows,
    footer,
    parent,
  });
}

// ---- signature and page furniture -------------------------------------------------------------

export interface SignatureOptions {
  /** Caption of the signature line. */
  label?: string;
  /** A statement signed (Bestätigung), kept on the page of the signature. */
  statement?: string;
}

/**
 * "Peine, 15.04.2021" over "Ort, Datum" at the left; a line for the signature with name and
 * role under it at the right; the statement signed above both, on the same page.
 */
export function drawSignature(pdf: AccessiblePdf, signatory: Signatory, parent: StructParent, options: SignatureOptions = {}): void {
  const { lineWidth, signatureRoom, labelGap, lineColour, ruleWidth } = L.signature;
  const labelHeight = pdf.lineHeight(S.signatureLabel);
  const nameHeight = pdf.lineHeight(S.signature);
  const statementHeight = options.statement ? pdf.heightOf(options.statement, S.body, pdf.contentWidth) + L.spacing.afterParagraph : 0;
  pdf.ensureSpace(statementHeight + L.spacing.beforeSignature + signatureRoom + labelGap + labelHeight + 2 * nameHeight);
  if (options.statement) bodyText(pdf, options.statement, parent);
  const label = options.label ?? 'Unterschrift';
  const lineY = pdf.y + L.spacing.beforeSignature + signatureRoom;
  const rightX = pdf.right - lineWidth;
  pdf.rule(lineY, ruleWidth, lineColour, pdf.left, pdf.left + lineWidth);
  pdf.rule(lineY, ruleWidth, lineColour, rightX, pdf.right);

  const block = pdf.group('Div', parent);
  const below = lineY + labelGap;
  pdf.placedText(
    'P',
    [
      { text: 'Ort, Datum:', x: pdf.left, y: below, width: lineWidth, style: S.signatureLabel },
      { text: `${signatory.place}, ${formatDate(signatory.date)}`, x: pdf.left, y: lineY - nameHeight - 1, width: lineWidth, style: S.signature },
    ],
    block,
  );
  pdf.placedText(
    'P',
    [
      { text: `${label}:`, x: rightX, y: below, width: lineWidth, style: S.signatureLabel },
      { text: signatory.name, x: rightX, y: below + labelHeight + 1, width: lineWidth, style: S.signature },
      { text: signatory.role, x: rightX, y: below + labelHeight + 1 + nameHeight, width: lineWidth, style: S.signature },
    ],
    block,
  );
  block.end();
  pdf.doc.x = pdf.left;
  pdf.y = below + labelHeight + 1 + 2 * nameHeight + L.spacing.afterParagraph;
}

/**
 * Page furniture, as artifacts: from page 2 a running header (`running` left, `date` right);
 * on every page a footer rule with `footer` left and "Seite X von Y" right.
 */
export function decorateFundingPages(pdf: AccessiblePdf, running: string, date: string, footer: string): void {
  decorateRunningPages(pdf, {
    running,
    date,
    footer,
    pageOf: formatPageOf,
    style: S.running,
    headerY: L.running.headerOffset,
    footerY: L.page.height - L.running.footerOffset,
    ruleColour: L.colours.muted,
  });
}

// ---- facts shared by several documents --------------------------------------------------------

/** Antragsteller / Zuwendungsempfänger: organisation, lead department, address and contact as given. */
export function recipientFacts(recipient: Recipient): BoxField[] {
  const fields: BoxField[] = [
    { label: 'Organisation:', value: recipient.organisation },
    { label: 'Federführende Stelle:', value: recipient.department },
  ];
  if (recipient.addressLines?.length) fields.push({ label: 'Anschrift:', value: recipient.addressLines.join(', ') });
  const contact = recipient.contact;
  if (contact) {
    fields.push({ label: 'Ansprechpartner/in:', value: contact.name });
    if (contact.phone) fields.push({ label: 'Telefon:', value: contact.phone });
    if (contact.email) fields.push({ label: 'E-Mail:', value: contact.email });
  }
  return fields;
}

/** Förderprogramm, Zuwendungsgeber, Rechtsgrundlage. */
export function programmeFacts(programme: FundingProgramme): BoxField[] {
  return [
    { label: 'Förderprogramm:', value: programme.name },
    { label: 'Zuwendungsgeber:', value: programme.funder.name },
    { label: 'Rechtsgrundlage:', value: formatLegalBasis(programme.legalBasis, programme.generalConditions) },
  ];
}

/** The grant a later document refers to: programme, project, notice or contract, period, amount. */
export function grantFacts(programme: FundingProgramme, projectTitle: string, grant: GrantReference): BoxField[] {
  return [
    { label: 'Förderprogramm:', value: programme.name },
    { label: 'Zuwendungsgeber:', value: programme.funder.name },
    { label: 'Vorhaben:', value: projectTitle },
    { label: 'Bewilligung:', value: formatGrantReference(programme.legalBasis, grant) },
    { label: 'Bewilligungszeitraum:', value: formatPeriod(grant.period) },
    { label: 'Bewilligte Zuwendung:', value: formatEuro(grant.approvedAmount) },
  ];
}

/** Items grouped by cost category, in the order Personal-, Sach-, sonstige Ausgaben; empty groups left out. */
export function groupByCategory<T extends { category: CostCategory }>(items: readonly T[]): { category: CostCategory; label: string; items: T[] }[] {
  return COST_CATEGORIES.map((category) => ({
    category,
    label: COST_CATEGORY_LABELS[category],
    items: items.filter((item) => item.category === category),
  })).filter((group) => group.items.length > 0);
}

/** Where a line exceeds its plan by more than 20 %. */
export const OVERRUN_FLAG = 'über 20 %';

export interface ComparisonTableOptions {
  /** Headers of the plan and actual columns, e.g. "Soll 2022 (€)", "Ist 2022 (€)". */
  plannedHeader: string;
  actualHeader: string;
  /** A column flagging lines more than 20 % over plan (Nr. 1.2 ANBest-P). */
  flagOverruns: boolean;
  totalLabel: string;
}

/** Soll-Ist per plan line, grouped by category with subtotals, the total in the footer. */
export function drawComparisonTable(pdf: AccessiblePdf, lines: readonly LineComparison[], options: ComparisonTableOptions, parent: StructParent): void {
  const cells = (position: string, label: string, planned: number, actual: number, flag: string): string[] => {
    const deviation = actual - planned;
    const row = [position, label, formatAmount(planned), formatAmount(actual), formatSignedAmount(deviation), formatSignedPercent(planned === 0 ? null : shareBasisPoints(deviation, planned))];
    return options.flagOverruns ? [...row, flag] : row;
  };
  const sums = (items: readonly LineComparison[]) => [sumCents(items.map((l) => l.planned)), sumCents(items.map((l) => l.actual))] as const;
  const rows: SummaryTableRow[] = groupByCategory(lines).flatMap((group) => [
    { cells: cells('', group.label, ...sums(group.items), ''), emphasis: true, keepWithNext: true },
    ...group.items.map((l) => ({ cells: cells(l.position, l.label, l.planned, l.actual, l.exceedsTolerance ? OVERRUN_FLAG : '') })),
  ]);
  const columns: MoneyColumn[] = [
    { header: 'Pos.', kind: 'fit' },
    { header: 'Ausgabenart', kind: 'text' },
    { header: options.plannedHeader, kind: 'amount' },
    { header: options.actualHeader, kind: 'amount' },
    { header: 'Abweichung (€)', kind: 'amount' },
    { header: 'Abweichung (%)', kind: 'amount' },
  ];
  if (options.flagOverruns) columns.push({ header: 'Hinweis', kind: 'fit', align: 'center' });
  drawMoneyTable(pdf, { columns, rows, footer: [{ cells: cells('', options.totalLabel, ...sums(lines), '') }], parent });
}

/** The recipient's confirmation under a Nachweis (as in the ANBest-P forms). */
export const CONFIRMATION =
  'Es wird bestätigt, dass die Ausgaben notwendig waren, dass wirtschaftlich und sparsam verfahren worden ist und dass die Angaben mit den Büchern und Belegen übereinstimmen.';

/** Stand of a milestone on a day: "erreicht am 14.09.2021", "… (verspätet)", "überfällig" or "offen". */
export function milestoneStatus(milestone: Milestone, asOf: IsoDate): string {
  if (milestone.doneOn !== undefined && milestone.doneOn <= asOf) {
    return `erreicht am ${formatDate(milestone.doneOn)}${milestone.doneOn > milestone.due ? ' (verspätet)' : ''}`;
  }
  return milestone.due < asOf ? 'überfällig' : 'offen';
}

/** Meilensteine with due date, their stand on `asOf` and the evidence. */
export function drawMilestoneTable(pdf: AccessiblePdf, milestones: readonly Milestone[], asOf: IsoDate, parent: StructParent): void {
  drawMoneyTable(pdf, {
    columns: [
      { header: 'Meilenstein', kind: 'text', weight: 5 },
      { header: 'fällig am', kind: 'fit' },
      { header: 'Stand', kind: 'text', weight: 3 },
      { header: 'Nachweis', kind: 'text', weight: 4 },
    ],
    rows: milestones.map((m) => {
      const done = m.doneOn !== undefined && m.doneOn <= asOf;
      return { cells: [m.title, formatDate(m.due), milestoneStatus(m, asOf), done ? (m.evidence ?? '') : '–'] };
    }),
    parent,
  });
}

import { COUNCIL_PAPER_LAYOUT as L } from '../../../../templates/council-paper/layout';
import {
  formatDate,
  formatMoney,
  formatPageOf,
  formatPublicity,
  formatPublicityShort,
  formatYesNo,
} from '../format';
import { AccessiblePdf, type StructParent, type TextStyle } from '../pdf/accessible-pdf';
import { drawFieldBox, type BoxStyle } from '../pdf/box';
import { registerFontFamily, type FontFamily } from '../pdf/fonts';
import { drawTable } from '../pdf/table';
import { templatePath } from '../templates';
import type { CouncilPaperDocument } from './council-paper-document';

export class CouncilPaperDocumentError extends Error {}

export interface BuildCouncilPaperOptions {
  /** Creation date written into the metadata; default now. */
  creationDate?: Date;
}

/** German labels of the paper. */
export const COUNCIL_PAPER_LABELS = {
  reference: 'Vorlagennummer:',
  status: 'Status:',
  date: 'Datum:',
  lead: 'Federführend:',
  participating: 'Beteiligt:',
  consultation: ['Beratungsfolge (Zuständigkeit)', 'Sitzungstermin', 'Status'] as const,
  inBudget: 'Im Budget enthalten:',
  costs: 'Kosten (Betrag in €):',
  noCosts: 'keine',
  districtAdministrator: 'Mitwirkung Landrat:',
  qualifiedMajority: 'Qualifizierte Mehrheit:',
  relevance: 'Relevanz',
  genderMainstreaming: 'Gender Mainstreaming',
  migration: 'Migration',
  preventionSustainability: 'Prävention/Nachhaltigkeit',
  education: 'Bildung',
  climateEnvironmentNature: 'Klima-/Umwelt-/Naturschutz',
  relatedPapers: 'Bezugsvorlagen:',
  resolutionProposal: 'Beschlussvorschlag:',
  statement: 'Sachdarstellung',
  description: 'Inhaltsbeschreibung:',
  goalsAndEffects: 'Ziele / Wirkungen:',
  resources: 'Ressourceneinsatz:',
  conclusion: 'Schlussfolgerung:',
  attachments: 'Anlagen',
  noAttachments: 'keine',
} as const;

const S = {
  organisation: { font: 'bold', size: L.fontSizes.organisation },
  paperType: { font: 'bold', size: L.fontSizes.paperType },
  headerLabel: { font: 'bold', size: L.fontSizes.header, lineGap: L.lineGap.header },
  headerValue: { font: 'regular', size: L.fontSizes.header, lineGap: L.lineGap.header },
  tableHeader: { font: 'italic', size: L.fontSizes.table, lineGap: L.lineGap.table },
  tableBody: { font: 'regular', size: L.fontSizes.table, lineGap: L.lineGap.table },
  boxCaption: { font: 'bold', size: L.fontSizes.box },
  boxLabel: { font: 'regular', size: L.fontSizes.box },
  boxValue: { font: 'bold', size: L.fontSizes.box },
  title: { font: 'bold', size: L.fontSizes.title, lineGap: L.lineGap.body },
  heading2: { font: 'bold', size: L.fontSizes.heading2 },
  heading3: { font: 'bold', size: L.fontSizes.heading3 },
  body: { font: 'regular', size: L.fontSizes.body, lineGap: L.lineGap.body },
  running: { font: 'regular', size: L.fontSizes.running, color: L.colours.muted },
} satisfies Record<string, TextStyle>;

const BOX_STYLE: BoxStyle = {
  caption: S.boxCaption,
  label: S.boxLabel,
  value: S.boxValue,
  padding: L.box.padding,
  minRowHeight: L.box.rowHeight,
  borderWidth: L.box.borderWidth,
  borderColor: L.colours.boxBorder,
  labelShare: L.box.labelShare,
  checkboxSize: L.box.checkboxSize,
  checkboxGap: L.box.checkboxGap,
  checkColor: L.colours.checkMark,
};

/** The fonts of council papers: parsed on first use, then shared by every paper. */
export function councilPaperFonts(): FontFamily {
  return registerFontFamily('council-paper', {
    regular: templatePath('fonts', L.fonts.regular),
    bold: templatePath('fonts', L.fonts.bold),
    italic: templatePath('fonts', L.fonts.italic),
  });
}

export function validateCouncilPaperDocument(data: CouncilPaperDocument): void {
  const proposal = data.sections.resolutionProposal;
  if (data.paperType === 'Beschlussvorlage' && !proposal?.length) {
    throw new CouncilPaperDocumentError(`Beschlussvorlage ${data.reference} has no Beschlussvorschlag`);
  }
  if (data.paperType === 'Informationsvorlage' && proposal?.length) {
    throw new CouncilPaperDocumentError(`Informationsvorlage ${data.reference} must not have a Beschlussvorschlag`);
  }
  if (!data.title.trim()) throw new CouncilPaperDocumentError(`paper ${data.reference} has no title`);
}

/** Builds the council paper as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildCouncilPaperPdf(
  data: CouncilPaperDocument,
  options: BuildCouncilPaperOptions = {},
): Promise<Buffer> {
  validateCouncilPaperDocument(data);
  const pdf = AccessiblePdf.create({
    title: `${data.paperType} ${data.reference}: ${data.title}`,
    subject: data.title,
    author: `${data.organisationName}, ${data.leadDepartment}`,
    keywords: [data.paperType, data.reference],
    lang: 'de-DE',
    fonts: councilPaperFonts(),
    size: L.page.size,
    margins: L.page.margins,
    creationDate: options.creationDate,
  });

  drawHeader(pdf, data);
  drawConsultations(pdf, data);
  drawBoxes(pdf, data);
  drawBody(pdf, data);
  drawPageFurniture(pdf, data);
  return pdf.end();
}

function drawHeader(pdf: AccessiblePdf, data: CouncilPaperDocument): void {
  const labels = COUNCIL_PAPER_LABELS;
  const header = pdf.group('Sect');

  pdf.placedText('P', [{ text: data.organisationName, x: pdf.left, y: pdf.top, width: pdf.contentWidth, style: S.organisation }], header);
  const top = pdf.top + pdf.lineHeight(S.organisation) + L.spacing.afterOrganisation;

  // Left column: paper type, Federführend, Beteiligt.
  const rightX = pdf.right - L.header.rightColumnWidth;
  const leftWidth = rightX - pdf.left - L.header.labelValueGap;
  pdf.placedText('P', [{ text: data.paperType, x: pdf.left, y: top, width: leftWidth, style: S.paperType }], header);
  let leftY = top + pdf.lineHeight(S.paperType) + 6;
  const leftField = (label: string, value: string): void => {
    const labelWidth = pdf.widthOf(label, S.headerLabel) + 4;
    const valueWidth = leftWidth - labelWidth;
    pdf.placedText(
      'P',
      [
        { text: label, x: pdf.left, y: leftY, width: labelWidth, style: S.headerLabel },
        { text: value, x: pdf.left + labelWidth, y: leftY, width: valueWidth, style: S.headerValue },
      ],
      header,
    );
    leftY += Math.max(L.spacing.headerRow, pdf.heightOf(value, S.headerValue, valueWidth));
  };

  // Right column: right-aligned labels, values beside them.
  const valueX = rightX + L.header.labelWidth + L.header.labelValueGap;
  const valueWidth = pdf.right - valueX;
  let rightY = top + 3;
  const rightField = (label: string, value: string): void => {
    pdf.placedText(
      'P',
      [
        { text: label, x: rightX, y: rightY, width: L.header.labelWidth, style: S.headerLabel, align: 'right' },
        { text: value, x: valueX, y: rightY, width: valueWidth, style: S.headerValue },
      ],
      header,
    );
    rightY += L.spacing.headerRow;
  };
  rightField(labels.reference, data.reference);
  rightField(labels.status, formatPublicity(data.isPublic));
  rightField(labels.date, formatDate(data.date));

  leftField(labels.lead, data.leadDepartment);
  if (data.participatingDepartments.length) {
    leftField(labels.participating, data.participatingDepartments.join(', '));
  }
  header.end();

  const bottom = Math.max(leftY, rightY) + L.spacing.afterHeaderBlock;
  pdf.y = bottom;
}

function drawConsultations(pdf: AccessiblePdf, data: CouncilPaperDocument): void {
  const width = pdf.contentWidth;
  const [committee, date, status] = COUNCIL_PAPER_LABELS.consultation;
  drawTable(pdf, {
    columns: [
      { header: committee, width: width * L.table.consultationColumns[0] },
      { header: date, width: width * L.table.consultationColumns[1], align: 'center' },
      { header: status, width: width * L.table.consultationColumns[2], align: 'center' },
    ],
    rows: data.consultations.map((c) => [
      `${c.committee} (${c.role})`,
      formatDate(c.sessionDate),
      formatPublicityShort(c.isPublic),
    ]),
    style: {
      header: S.tableHeader,
      body: S.tableBody,
      padding: L.table.cellPadding,
      borderWidth: L.table.borderWidth,
      borderColor: L.colours.rule,
      headerBackground: L.colours.tableHeaderBackground,
    },
    spaceAfter: L.spacing.afterTable,
  });
}

function drawBoxes(pdf: AccessiblePdf, data: CouncilPaperDocument): void {
  const labels = COUNCIL_PAPER_LABELS;
  const { costs, relevance } = data;
  drawFieldBox(pdf, {
    style: BOX_STYLE,
    fields: [
      { label: labels.inBudget, value: formatYesNo(costs.includedInBudget) },
      { label: labels.costs, value: costs.amountCents === null ? labels.noCosts : formatMoney(costs.amountCents) },
      { label: labels.districtAdministrator, value: formatYesNo(costs.districtAdministratorInvolved) },
      { label: labels.qualifiedMajority, value: formatYesNo(costs.qualifiedMajorityRequired) },
    ],
    spaceAfter: L.spacing.afterBox,
  });
  const flag = (label: string, value: boolean) => ({ label, value: formatYesNo(value), checkbox: value });
  drawFieldBox(pdf, {
    style: BOX_STYLE,
    caption: labels.relevance,
    fields: [
      flag(labels.genderMainstreaming, relevance.genderMainstreaming),
      flag(labels.migration, relevance.migration),
      flag(labels.preventionSustainability, relevance.preventionSustainability),
      flag(labels.education, relevance.education),
      flag(labels.climateEnvironmentNature, relevance.climateEnvironmentNature),
    ],
    spaceAfter: L.spacing.afterBox,
  });
}

function drawBody(pdf: AccessiblePdf, data: CouncilPaperDocument): void {
  const labels = COUNCIL_PAPER_LABELS;
  pdf.moveDown(L.spacing.beforeTitle);
  pdf.heading(1, data.title, S.title, { spaceAfter: L.spacing.afterTitle, keepWithNext: L.spacing.keepWithNext });
  if (data.relatedPapers.length) {
    const refs = data.relatedPapers.map((p) => (p.name ? `${p.reference} (${p.name})` : p.reference)).join(', ');
    pdf.paragraph(`${labels.relatedPapers} ${refs}`, S.body, { spaceAfter: L.spacing.afterParagraph });
  }

  const section = (heading: string, level: 2 | 3, paragraphs: readonly string[], parent: StructParent): void => {
    const sect = pdf.group('Sect', parent);
    pdf.heading(level, heading, level === 2 ? S.heading2 : S.heading3, {
      parent: sect,
      spaceBefore: L.spacing.beforeHeading,
      spaceAfter: L.spacing.afterHeading,
      keepWithNext: L.spacing.keepWithNext,
    });
    for (const text of paragraphs) {
      pdf.paragraph(text, S.body, { parent: sect, spaceAfter: L.spacing.afterParagraph });
    }
    sect.end();
  };

  const { sections } = data;
  if (sections.resolutionProposal?.length) {
    section(labels.resolutionProposal, 2, sections.resolutionProposal, pdf.root);
  }

  const statement = pdf.group('Sect');
  pdf.heading(2, labels.statement, S.heading2, {
    parent: statement,
    spaceBefore: L.spacing.beforeHeading,
    spaceAfter: L.spacing.afterHeading,
    keepWithNext: L.spacing.keepWithNext,
  });
  section(labels.description, 3, sections.description, statement);
  section(labels.goalsAndEffects, 3, sections.goalsAndEffects, statement);
  section(labels.resources, 3, sections.resources, statement);
  section(labels.conclusion, 3, sections.conclusion, statement);
  statement.end();

  const annex = pdf.group('Sect');
  pdf.heading(2, labels.attachments, S.heading2, {
    parent: annex,
    spaceBefore: L.spacing.beforeHeading,
    spaceAfter: L.spacing.afterHeading,
    keepWithNext: L.spacing.keepWithNext,
  });
  if (!data.attachments.length) {
    pdf.paragraph(labels.noAttachments, S.body, { parent: annex });
  } else {
    const list = pdf.group('L', annex);
    data.attachments.forEach((attachment, i) => {
      const item = pdf.doc.struct('LI');
      list.add(item);
      const label = `${i + 1}.`;
      const height = pdf.heightOf(attachment.name, S.body, pdf.contentWidth - 18);
      pdf.ensureSpace(height);
      const y = pdf.y;
      item.add(
        pdf.struct('Lbl', () => {
          pdf.useStyle(S.body);
          pdf.doc.text(label, pdf.left, y, { width: 16, lineGap: S.body.lineGap });
        }),
      );
      item.add(
        pdf.struct('LBody', () => {
          pdf.useStyle(S.body);
          pdf.doc.text(attachment.name, pdf.left + 18, y, { width: pdf.contentWidth - 18, lineGap: S.body.lineGap });
        }),
      );
      item.end();
      pdf.doc.x = pdf.left;
      pdf.y = y + height + 2;
    });
    list.end();
  }
  annex.end();
}

function drawPageFurniture(pdf: AccessiblePdf, data: CouncilPaperDocument): void {
  const footerY = L.page.height - L.running.footerOffset;
  const headerY = L.running.headerOffset;
  const running = `${data.organisationName} · ${data.paperType} ${data.reference}`;
  pdf.decoratePages((doc, page, count) => {
    if (page > 1) {
      pdf.fixedLine(running, S.running, pdf.left, headerY, pdf.contentWidth, 'left');
      pdf.fixedLine(formatDate(data.date), S.running, pdf.left, headerY, pdf.contentWidth, 'right');
    }
    doc
      .lineWidth(0.4)
      .strokeColor(L.colours.muted)
      .moveTo(pdf.left, footerY - 4)
      .lineTo(pdf.right, footerY - 4)
      .stroke();
    pdf.fixedLine(`Vorlage ${data.reference}`, S.running, pdf.left, footerY, pdf.contentWidth, 'left');
    pdf.fixedLine(formatPageOf(page, count), S.running, pdf.left, footerY, pdf.contentWidth, 'right');
  });
}

import { COUNCIL_PAPER_LABELS } from '../../libs/documents/src/council-paper/build-council-paper-pdf';
import type {
  CouncilPaperConsultation,
  CouncilPaperDocument,
} from '../../libs/documents/src/council-paper/council-paper-document';
import {
  formatDate,
  formatMoney,
  formatPublicity,
  formatPublicityShort,
  formatYesNo,
} from '../../libs/documents/src/format';
import { COUNCIL_PAPER_LAYOUT as L } from './layout';

/**
 * The council paper (Vorlage) as one self-contained HTML page for printing with a browser:
 * the same content as buildCouncilPaperPdf, in a similar layout (measures from layout.ts),
 * German formatting from libs/documents/src/format.ts. Used by bench/council-paper.bench.ts to
 * compare our PDF builder with headless Chromium; not a production renderer.
 *
 * Print-specific parts: `@page` sets A4 and the margins, its margin boxes carry the running
 * header (from page 2 on) and the footer "Seite n von m" (CSS counters: format.ts's
 * formatPageOf cannot run there). Fonts: Liberation Sans from the system (fontconfig), the
 * family our PDFs embed from templates/fonts; nothing is loaded over the network.
 */

/** The labels of the PDF, so that both show the same words. */
const LABELS = COUNCIL_PAPER_LABELS;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** Text → a CSS string literal (for `content:` in @page margin boxes). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\A ')}"`;
}

const pt = (value: number): string => `${Number(value.toFixed(2))}pt`;
/** Liberation Sans: ascent − descent + line gap = 1.149 em, pdfkit's line height before lineGap. */
const lineHeight = (size: number, gap = 0): string => pt(size * 1.149 + gap);

const FONT_FAMILY = `'Liberation Sans', Arial, Helvetica, sans-serif`;

function styles(data: CouncilPaperDocument): string {
  const { page, fontSizes: f, lineGap: g, spacing: s, colours: c, header: h, table: t, box: b, running: r } = L;
  const m = page.margins;
  const running = `${data.organisationName} · ${data.paperType} ${data.reference}`;
  const cell = t.cellPadding;
  // The margin boxes sit in the page margins: the running header's top at running.headerOffset
  // from the top edge, the footer's top at running.footerOffset from the bottom edge, with a
  // rule 4 pt above it.
  const headerPad = pt(r.headerOffset);
  const footerPad = pt(m.bottom - r.footerOffset - 4);
  return `
@page {
  size: A4;
  margin: ${pt(m.top)} ${pt(m.right)} ${pt(m.bottom)} ${pt(m.left)};
  @top-left { content: ${cssString(running)}; vertical-align: top; padding-top: ${headerPad}; font: ${pt(f.running)} ${FONT_FAMILY}; color: ${c.muted}; }
  @top-right { content: ${cssString(formatDate(data.date))}; vertical-align: top; padding-top: ${headerPad}; font: ${pt(f.running)} ${FONT_FAMILY}; color: ${c.muted}; }
  @bottom-left {
    content: ${cssString(`Vorlage ${data.reference}`)}; vertical-align: top; text-align: left;
    margin-top: ${footerPad}; padding-top: 4pt; border-top: 0.4pt solid ${c.muted};
    font: ${pt(f.running)} ${FONT_FAMILY}; color: ${c.muted};
  }
  @bottom-right {
    content: "Seite " counter(page) " von " counter(pages); vertical-align: top; text-align: right;
    margin-top: ${footerPad}; padding-top: 4pt; border-top: 0.4pt solid ${c.muted};
    font: ${pt(f.running)} ${FONT_FAMILY}; color: ${c.muted};
  }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_FAMILY}; font-size: ${pt(f.body)}; line-height: ${lineHeight(f.body, g.body)}; color: ${c.text}; }
p { margin: 0; orphans: 2; widows: 2; }
h1, h2, h3 { margin: 0; font-weight: bold; break-after: avoid; page-break-after: avoid; }

.organisation { font-weight: bold; font-size: ${pt(f.organisation)}; line-height: ${lineHeight(f.organisation)}; margin-bottom: ${pt(s.afterOrganisation)}; }
.head { display: flex; gap: ${pt(h.labelValueGap)}; margin-bottom: ${pt(s.afterHeaderBlock)}; font-size: ${pt(f.header)}; line-height: ${lineHeight(f.header, g.header)}; }
.head-left { flex: 1 1 auto; }
.head-right { flex: 0 0 ${pt(h.rightColumnWidth)}; padding-top: 3pt; }
.paper-type { font-weight: bold; font-size: ${pt(f.paperType)}; line-height: ${lineHeight(f.paperType)}; margin-bottom: 6pt; }
.head-left .field { display: flex; gap: 4pt; min-height: ${pt(s.headerRow)}; }
.head-right .field { display: grid; grid-template-columns: ${pt(h.labelWidth)} 1fr; gap: ${pt(h.labelValueGap)}; min-height: ${pt(s.headerRow)}; }
.head-right .label { text-align: right; }
.label { font-weight: bold; }

table.consultations { width: 100%; table-layout: fixed; border-collapse: collapse; margin-bottom: ${pt(s.afterTable)}; font-size: ${pt(f.table)}; line-height: ${lineHeight(f.table, g.table)}; }
table.consultations th, table.consultations td { border: ${pt(t.borderWidth)} solid ${c.rule}; padding: ${pt(cell.top)} ${pt(cell.right)} ${pt(cell.bottom)} ${pt(cell.left)}; vertical-align: top; }
table.consultations th { font-style: italic; font-weight: normal; text-align: left; background: ${c.tableHeaderBackground}; }
table.consultations tr { break-inside: avoid; page-break-inside: avoid; }
table.consultations .centre { text-align: center; }

.box { border: ${pt(b.borderWidth)} solid ${c.boxBorder}; padding: ${pt(b.padding)}; margin-bottom: ${pt(s.afterBox)}; font-size: ${pt(f.box)}; line-height: ${lineHeight(f.box)}; break-inside: avoid; }
.box .caption { font-weight: bold; min-height: ${pt(b.rowHeight)}; }
.box .fields { display: grid; grid-template-columns: 1fr 1fr; }
.box .field { display: grid; grid-template-columns: ${(b.labelShare * 100).toFixed(0)}% auto 1fr; align-items: center; min-height: ${pt(b.rowHeight)}; padding-right: ${pt(b.padding)}; }
.box .value { font-weight: bold; }
.box .check { width: ${pt(b.checkboxSize)}; height: ${pt(b.checkboxSize)}; margin-right: ${pt(b.checkboxGap)}; display: block; }

h1 { font-size: ${pt(f.title)}; line-height: ${lineHeight(f.title, g.body)}; margin-top: ${pt(s.beforeTitle)}; margin-bottom: ${pt(s.afterTitle)}; }
h2 { font-size: ${pt(f.heading2)}; line-height: ${lineHeight(f.heading2)}; padding-top: ${pt(s.beforeHeading)}; margin-bottom: ${pt(s.afterHeading)}; }
h3 { font-size: ${pt(f.heading3)}; line-height: ${lineHeight(f.heading3)}; padding-top: ${pt(s.beforeHeading)}; margin-bottom: ${pt(s.afterHeading)}; }
.body p { margin-bottom: ${pt(s.afterParagraph)}; }
ol.attachments { margin: 0; padding-left: 18pt; }
ol.attachments li { margin-bottom: 2pt; }
`;
}

function checkbox(checked: boolean): string {
  const cross = checked ? `<path d="M2.2 2.2L7.8 7.8M7.8 2.2L2.2 7.8" stroke="${L.colours.checkMark}" stroke-width="1.3"/>` : '';
  return (
    `<svg class="check" viewBox="0 0 10 10" aria-hidden="true">` +
    `<rect x="0.4" y="0.4" width="9.2" height="9.2" fill="none" stroke="${L.colours.boxBorder}" stroke-width="0.8"/>${cross}</svg>`
  );
}

interface BoxField {
  label: string;
  value: string;
  checkbox?: boolean;
}

function box(fields: readonly BoxField[], caption?: string): string {
  const items = fields
    .map(
      (f) =>
        `<p class="field"><span>${escapeHtml(f.label)}</span>` +
        (f.checkbox === undefined ? '<span></span>' : checkbox(f.checkbox)) +
        ` <span class="value">${escapeHtml(f.value)}</span></p>`,
    )
    .join('\n');
  return `<div class="box">${caption ? `<p class="caption">${escapeHtml(caption)}</p>` : ''}<div class="fields">\n${items}\n</div></div>`;
}

function consultationRow(c: CouncilPaperConsultation): string {
  return (
    `<tr><td>${escapeHtml(`${c.committee} (${c.role})`)}</td>` +
    `<td class="centre">${escapeHtml(formatDate(c.sessionDate))}</td>` +
    `<td class="centre">${escapeHtml(formatPublicityShort(c.isPublic))}</td></tr>`
  );
}

function paragraphs(texts: readonly string[]): string {
  return texts.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n');
}

function section(heading: string, level: 2 | 3, texts: readonly string[]): string {
  return `<section><h${level}>${escapeHtml(heading)}</h${level}>\n${paragraphs(texts)}\n</section>`;
}

/** The council paper as a complete HTML document (UTF-8, lang de-DE), ready for `page.setContent`. */
export function renderCouncilPaperHtml(data: CouncilPaperDocument): string {
  const { costs, relevance, sections } = data;
  const [committeeHeader, dateHeader, statusHeader] = LABELS.consultation;
  const title = `${data.paperType} ${data.reference}: ${data.title}`;
  const flag = (label: string, value: boolean): BoxField => ({ label, value: formatYesNo(value), checkbox: value });
  const field = (label: string, value: string): string =>
    `<p class="field"><span class="label">${escapeHtml(label)}</span><span>${escapeHtml(value)}</span></p>`;
  const related = data.relatedPapers.map((p) => (p.name ? `${p.reference} (${p.name})` : p.reference)).join(', ');

  return `<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<meta name="author" content="${escapeHtml(`${data.organisationName}, ${data.leadDepartment}`)}">
<meta name="description" content="${escapeHtml(data.title)}">
<meta name="keywords" content="${escapeHtml(`${data.paperType}, ${data.reference}`)}">
<style>${styles(data)}</style>
</head>
<body>
<header>
<p class="organisation">${escapeHtml(data.organisationName)}</p>
<div class="head">
<div class="head-left">
<p class="paper-type">${escapeHtml(data.paperType)}</p>
${field(LABELS.lead, data.leadDepartment)}
${data.participatingDepartments.length ? field(LABELS.participating, data.participatingDepartments.join(', ')) : ''}
</div>
<div class="head-right">
${field(LABELS.reference, data.reference)}
${field(LABELS.status, formatPublicity(data.isPublic))}
${field(LABELS.date, formatDate(data.date))}
</div>
</div>
</header>
<table class="consultations">
<colgroup>${L.table.consultationColumns.map((share) => `<col style="width: ${(share * 100).toFixed(1)}%">`).join('')}</colgroup>
<thead><tr><th scope="col">${escapeHtml(committeeHeader)}</th><th scope="col" class="centre">${escapeHtml(dateHeader)}</th><th scope="col" class="centre">${escapeHtml(statusHeader)}</th></tr></thead>
<tbody>
${data.consultations.map(consultationRow).join('\n')}
</tbody>
</table>
${box([
  { label: LABELS.inBudget, value: formatYesNo(costs.includedInBudget) },
  { label: LABELS.costs, value: costs.amountCents === null ? LABELS.noCosts : formatMoney(costs.amountCents) },
  { label: LABELS.districtAdministrator, value: formatYesNo(costs.districtAdministratorInvolved) },
  { label: LABELS.qualifiedMajority, value: formatYesNo(costs.qualifiedMajorityRequired) },
])}
${box(
  [
    flag(LABELS.genderMainstreaming, relevance.genderMainstreaming),
    flag(LABELS.migration, relevance.migration),
    flag(LABELS.preventionSustainability, relevance.preventionSustainability),
    flag(LABELS.education, relevance.education),
    flag(LABELS.climateEnvironmentNature, relevance.climateEnvironmentNature),
  ],
  LABELS.relevance,
)}
<main class="body">
<h1>${escapeHtml(data.title)}</h1>
${related ? `<p>${escapeHtml(`${LABELS.relatedPapers} ${related}`)}</p>` : ''}
${sections.resolutionProposal?.length ? section(LABELS.resolutionProposal, 2, sections.resolutionProposal) : ''}
<section>
<h2>${escapeHtml(LABELS.statement)}</h2>
${section(LABELS.description, 3, sections.description)}
${section(LABELS.goalsAndEffects, 3, sections.goalsAndEffects)}
${section(LABELS.resources, 3, sections.resources)}
${section(LABELS.conclusion, 3, sections.conclusion)}
</section>
<section>
<h2>${escapeHtml(LABELS.attachments)}</h2>
${
  data.attachments.length
    ? `<ol class="attachments">${data.attachments.map((a) => `<li>${escapeHtml(a.name)}</li>`).join('')}</ol>`
    : `<p>${escapeHtml(LABELS.noAttachments)}</p>`
}
</section>
</main>
</body>
</html>
`;
}

/**
 * Layout of the council paper (Vorlage) PDF: every measure, size and colour the builder uses.
 * Units are PDF points (1 pt = 1/72 in; 1 mm ≈ 2.835 pt). Page: DIN A4 portrait.
 */
const mm = (value: number): number => (value * 72) / 25.4;

export const COUNCIL_PAPER_LAYOUT = {
  page: {
    size: 'A4' as const,
    width: 595.28,
    height: 841.89,
    margins: { top: mm(20), right: mm(20), bottom: mm(22), left: mm(25) },
  },
  /** Files under templates/fonts/. */
  fonts: {
    regular: 'LiberationSans-Regular.ttf',
    bold: 'LiberationSans-Bold.ttf',
    italic: 'LiberationSans-Italic.ttf',
  },
  colours: {
    text: '#000000',
    muted: '#4d4d4d',
    rule: '#000000',
    boxBorder: '#000000',
    tableHeaderBackground: '#e6e6e6',
    checkMark: '#000000',
  },
  fontSizes: {
    organisation: 13,
    paperType: 16,
    header: 10,
    table: 10,
    box: 10,
    title: 12.5,
    heading2: 11.5,
    heading3: 11,
    body: 11,
    running: 8.5,
  },
  lineGap: { body: 2.5, table: 1, header: 1.5 },
  spacing: {
    afterOrganisation: 12,
    headerRow: 15,
    afterHeaderBlock: 10,
    afterTable: 12,
    afterBox: 8,
    beforeTitle: 10,
    afterTitle: 12,
    beforeHeading: 8,
    afterHeading: 4,
    afterParagraph: 7,
    /** Keep a heading with at least this much of what follows on the same page. */
    keepWithNext: 48,
  },
  header: {
    /** Width of the right-hand column (labels + values) of the header block. */
    rightColumnWidth: mm(75),
    labelWidth: mm(33),
    labelValueGap: mm(3),
  },
  table: {
    /** Beratungsfolge: column widths as fractions of the text width. */
    consultationColumns: [0.64, 0.2, 0.16],
    cellPadding: { top: 3.5, right: 5, bottom: 3.5, left: 5 },
    borderWidth: 0.6,
  },
  box: {
    padding: 6,
    rowHeight: 16,
    borderWidth: 0.8,
    /** Each box row holds two label/value pairs; a pair's label takes this share of its half. */
    labelShare: 0.62,
    checkboxSize: 8.5,
    checkboxGap: 4,
  },
  running: {
    /** Distance of the footer baseline box from the bottom edge. */
    footerOffset: mm(12),
    headerOffset: mm(10),
  },
} as const;

export type CouncilPaperLayout = typeof COUNCIL_PAPER_LAYOUT;

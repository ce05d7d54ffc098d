import { COUNCIL_PAPER_LAYOUT as COUNCIL } from '../council-paper/layout';

/**
 * Layout of the state-funding documents (Förderantrag, Mittelabruf, Zwischennachweis,
 * Verwendungsnachweis) and the programme status report. Page, fonts, colours, the running
 * header/footer, the field box and most spacing are those of the council paper and are taken
 * from its layout; only what differs is set here. Units are PDF points (1 mm ≈ 2.835 pt).
 */
const mm = (value: number): number => (value * 72) / 25.4;

export const FUNDING_LAYOUT = {
  page: COUNCIL.page,
  fonts: COUNCIL.fonts,
  colours: {
    ...COUNCIL.colours,
    /** Background of group rows (a category with its subtotal) in money tables. */
    groupBackground: '#f2f2f2',
  },
  fontSizes: {
    organisation: COUNCIL.fontSizes.organisation,
    letterhead: COUNCIL.fontSizes.header,
    documentTitle: 14.5,
    subtitle: COUNCIL.fontSizes.heading3,
    heading2: COUNCIL.fontSizes.heading2,
    heading3: COUNCIL.fontSizes.box,
    body: 10.5,
    box: COUNCIL.fontSizes.box,
    /** Money tables have up to seven columns: a size smaller than the council paper's table. */
    table: 9,
    note: COUNCIL.fontSizes.running,
    running: COUNCIL.fontSizes.running,
  },
  lineGap: { ...COUNCIL.lineGap, body: 2 },
  spacing: {
    ...COUNCIL.spacing,
    /** Between the sender block and the addressee. */
    afterSender: 14,
    /** Between the letterhead (sender, addressee, reference fields) and the title. */
    afterLetterhead: 18,
    afterSubtitle: 10,
    beforeHeading: 12,
    afterHeading: 5,
    afterNote: 8,
    beforeSignature: 26,
  },
  letterhead: {
    /** Reference fields (Datum, Aktenzeichen …) at the right, as in the council paper's header. */
    rightColumnWidth: COUNCIL.header.rightColumnWidth,
    labelWidth: COUNCIL.header.labelWidth,
    labelValueGap: COUNCIL.header.labelValueGap,
    /** Space reserved between sender lines. */
    lineAdvance: COUNCIL.spacing.headerRow,
  },
  table: {
    cellPadding: { top: 3, right: 4, bottom: 3, left: 4 },
    borderWidth: COUNCIL.table.borderWidth,
    /** Rule above the totals (TFoot) of a money table. */
    footerRuleWidth: 1.4,
    /** A fitted column (amounts, dates, positions) is never narrower than this. */
    minFittedWidth: mm(12),
    /** Text columns are at least this wide, as long as the fitted columns allow. */
    minTextWidth: mm(40),
    /** A fitted column widens up to this factor to keep its header on one line. */
    headerStretch: 1.35,
  },
  box: {
    ...COUNCIL.box,
    /** A one-column fact box (label | value a row): the label's share of the text width. */
    factsLabelShare: 0.3,
    /** A declaration box: long statements at the left, the ticked box and "ja" at the right. */
    declarationLabelShare: 0.86,
  },
  signature: {
    /** Width of each of the two signature lines (Ort, Datum | Unterschrift). */
    lineWidth: mm(72),
    /** Room above a line for the handwritten signature. */
    signatureRoom: 30,
    labelGap: 3,
    lineColour: COUNCIL.colours.rule,
    ruleWidth: 0.6,
  },
  running: COUNCIL.running,
} as const;

export type FundingLayout = typeof FUNDING_LAYOUT;

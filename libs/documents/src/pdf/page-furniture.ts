import type { AccessiblePdf, TextStyle } from './accessible-pdf';
import type { BoxStyle } from './box';

/**
 * Page furniture and styles that every document of the kit draws the same way. (The council
 * paper builder keeps its own copies of both; it can switch to these unchanged.)
 */

export interface RunningPagesOptions {
  /** Running header at the left, from page 2 on. */
  running: string;
  /** Running header at the right (a date), from page 2 on. */
  date: string;
  /** Footer at the left of every page; "Seite X von Y" stands at the right. */
  footer: string;
  pageOf: (page: number, count: number) => string;
  style: TextStyle;
  /** Top of the running header, from the top edge. */
  headerY: number;
  /** Top of the footer line of text, from the top edge; a thin rule runs above it. */
  footerY: number;
  ruleColour: string;
}

/** Running header (from page 2), footer rule, footer text and page numbers: all artifacts. */
export function decorateRunningPages(pdf: AccessiblePdf, options: RunningPagesOptions): void {
  const { style } = options;
  pdf.decoratePages((doc, page, count) => {
    if (page > 1) {
      pdf.fixedLine(options.running, style, pdf.left, options.headerY, pdf.contentWidth, 'left');
      pdf.fixedLine(options.date, style, pdf.left, options.headerY, pdf.contentWidth, 'right');
    }
    doc
      .lineWidth(0.4)
      .strokeColor(options.ruleColour)
      .moveTo(pdf.left, options.footerY - 4)
      .lineTo(pdf.right, options.footerY - 4)
      .stroke();
    pdf.fixedLine(options.footer, style, pdf.left, options.footerY, pdf.contentWidth, 'left');
    pdf.fixedLine(options.pageOf(page, count), style, pdf.left, options.footerY, pdf.contentWidth, 'right');
  });
}

/** The measures of a field box in a layout module. */
export interface BoxLayout {
  padding: number;
  rowHeight: number;
  borderWidth: number;
  labelShare: number;
  checkboxSize: number;
  checkboxGap: number;
}

/** A field-box style from a layout's box measures, its colours and three text styles. */
export function boxStyleFromLayout(
  text: Pick<BoxStyle, 'caption' | 'label' | 'value'>,
  box: BoxLayout,
  colours: { boxBorder: string; checkMark: string },
): BoxStyle {
  return {
    ...text,
    padding: box.padding,
    minRowHeight: box.rowHeight,
    borderWidth: box.borderWidth,
    borderColor: colours.boxBorder,
    labelShare: box.labelShare,
    checkboxSize: box.checkboxSize,
    checkboxGap: box.checkboxGap,
    checkColor: colours.checkMark,
  };
}

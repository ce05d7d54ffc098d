import type { AccessiblePdf, StructParent, TextStyle } from './accessible-pdf';

/**
 * A framed box of label/value fields laid out in columns, as on the cover of a council paper
 * ("Im Budget enthalten: ja", "Gender Mainstreaming ☒ ja"). Each field is one tagged
 * paragraph "label value"; the frame and the checkbox squares are artifacts, so a screen
 * reader hears "Migration ja" and a printout shows a ticked box.
 */

export interface BoxField {
  label: string;
  value: string;
  /** Draws a checkbox before the value, ticked when true. */
  checkbox?: boolean;
}

export interface BoxStyle {
  caption: TextStyle;
  label: TextStyle;
  value: TextStyle;
  padding: number;
  minRowHeight: number;
  borderWidth: number;
  borderColor: string;
  /** Share of a column's width taken by the label. */
  labelShare: number;
  checkboxSize: number;
  checkboxGap: number;
  checkColor: string;
}

export interface BoxOptions {
  fields: readonly BoxField[];
  style: BoxStyle;
  /** First line of the box, e.g. "Relevanz". */
  caption?: string;
  columns?: number;
  parent?: StructParent;
  spaceAfter?: number;
}

export function drawFieldBox(pdf: AccessiblePdf, options: BoxOptions): void {
  const { style, fields } = options;
  const columns = options.columns ?? 2;
  const x0 = pdf.left;
  const innerWidth = pdf.contentWidth - 2 * style.padding;
  const columnWidth = innerWidth / columns;
  const labelWidth = columnWidth * style.labelShare;
  const valueOffset = (field: BoxField): number =>
    labelWidth + (field.checkbox === undefined ? 0 : style.checkboxSize + style.checkboxGap);
  const valueWidth = (field: BoxField): number => columnWidth - valueOffset(field) - style.padding;

  const rows: BoxField[][] = [];
  for (let i = 0; i < fields.length; i += columns) rows.push(fields.slice(i, i + columns));
  const rowHeights = rows.map((row) =>
    Math.max(
      style.minRowHeight,
      ...row.map((field) =>
        Math.max(
          pdf.heightOf(field.label, style.label, labelWidth - style.padding),
          pdf.heightOf(field.value, style.value, valueWidth(field)),
        ),
      ),
    ),
  );
  const captionHeight = options.caption ? Math.max(style.minRowHeight, pdf.lineHeight(style.caption)) : 0;
  const height = 2 * style.padding + captionHeight + rowHeights.reduce((a, b) => a + b, 0);
  pdf.ensureSpace(height);

  const top = pdf.y;
  const group = pdf.group('Div', options.parent);
  pdf.artifact('Layout', (doc) => {
    doc.lineWidth(style.borderWidth).strokeColor(style.borderColor).rect(x0, top, pdf.contentWidth, height).stroke();
  });

  let y = top + style.padding;
  if (options.caption) {
    pdf.placedText('P', [{ text: options.caption, x: x0 + style.padding, y, width: innerWidth, style: style.caption }], group);
    y += captionHeight;
  }
  for (const [r, row] of rows.entries()) {
    for (const [c, field] of row.entries()) {
      const x = x0 + style.padding + c * columnWidth;
      const textTop = y + (style.minRowHeight - pdf.lineHeight(style.value)) / 2;
      if (field.checkbox !== undefined) {
        drawCheckbox(pdf, x + labelWidth, textTop, field.checkbox, style);
      }
      pdf.placedText(
        'P',
        [
          { text: field.label, x, y: textTop, width: labelWidth - style.padding, style: style.label },
          { text: field.value, x: x + valueOffset(field), y: textTop, width: valueWidth(field), style: style.value },
        ],
        group,
      );
    }
    y += rowHeights[r]!;
  }
  group.end();
  pdf.doc.x = pdf.left;
  pdf.y = top + height + (options.spaceAfter ?? 0);
}

function drawCheckbox(pdf: AccessiblePdf, x: number, textTop: number, checked: boolean, style: BoxStyle): void {
  const size = style.checkboxSize;
  // Centre the square on the text's x-height band.
  const y = textTop + (pdf.lineHeight(style.value) - size) / 2 - 0.5;
  pdf.artifact('Layout', (doc) => {
    doc.lineWidth(0.7).strokeColor(style.borderColor).rect(x, y, size, size).stroke();
    if (checked) {
      const inset = size * 0.22;
      doc
        .lineWidth(1.1)
        .strokeColor(style.checkColor)
        .moveTo(x + inset, y + inset)
        .lineTo(x + size - inset, y + size - inset)
        .moveTo(x + size - inset, y + inset)
        .lineTo(x + inset, y + size - inset)
        .stroke();
    }
  });
}

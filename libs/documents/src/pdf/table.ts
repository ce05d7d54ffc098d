import type { AccessiblePdf, Align, Sides, StructParent, TextStyle } from './accessible-pdf';

/**
 * A tagged table: Table > THead > TR > TH (Scope Column) and Table > TBody > TR > TD.
 * Rows never split; a row that does not fit goes to the next page, where the header row is
 * drawn again as a Pagination artifact (it is the same header, so it is not tagged twice).
 * Cell frames and backgrounds are artifacts; only the cell text is tagged content.
 */

export interface TableColumn {
  header: string;
  /** Width in points. */
  width: number;
  align?: Align;
}

export interface TableStyle {
  header: TextStyle;
  body: TextStyle;
  padding: Sides;
  borderWidth: number;
  borderColor: string;
  headerBackground?: string;
}

export interface TableOptions {
  columns: readonly TableColumn[];
  rows: readonly (readonly string[])[];
  style: TableStyle;
  parent?: StructParent;
  /** Left edge; default the left margin. */
  x?: number;
  spaceAfter?: number;
}

export class TableLayoutError extends Error {}

export function drawTable(pdf: AccessiblePdf, options: TableOptions): void {
  const { columns, rows, style } = options;
  const x0 = options.x ?? pdf.left;
  const xs: number[] = [];
  let cursor = x0;
  for (const column of columns) {
    xs.push(cursor);
    cursor += column.width;
  }
  for (const [index, row] of rows.entries()) {
    if (row.length !== columns.length) {
      throw new TableLayoutError(`row ${index} has ${row.length} cells, the table has ${columns.length} columns`);
    }
  }

  const headerTexts = columns.map((column) => column.header);
  const headerHeight = rowHeight(pdf, columns, headerTexts, style.header, style.padding);
  const bodyHeights = rows.map((row) => rowHeight(pdf, columns, row, style.body, style.padding));
  const pageRoom = pdf.bottom - pdf.top;
  for (const [index, height] of bodyHeights.entries()) {
    if (headerHeight + height > pageRoom) {
      throw new TableLayoutError(`row ${index} is taller than a page`);
    }
  }

  // The header never stands alone at the bottom of a page.
  pdf.ensureSpace(headerHeight + (bodyHeights[0] ?? 0));

  const table = pdf.doc.struct('Table');
  (options.parent ?? pdf.root).add(table);
  const head = pdf.doc.struct('THead');
  table.add(head);

  const drawFrames = (y: number, height: number, background?: string): void => {
    pdf.artifact('Layout', (doc) => {
      if (background) {
        doc.rect(x0, y, cursor - x0, height).fill(background);
      }
      doc.lineWidth(style.borderWidth).strokeColor(style.borderColor);
      for (const [i, column] of columns.entries()) {
        doc.rect(xs[i]!, y, column.width, height).stroke();
      }
    });
  };

  const cellRun = (text: string, i: number, y: number, textStyle: TextStyle) => () => {
    const column = columns[i]!;
    pdf.useStyle(textStyle);
    pdf.doc.text(text, xs[i]! + style.padding.left, y + style.padding.top, {
      width: column.width - style.padding.left - style.padding.right,
      align: column.align ?? 'left',
      lineGap: textStyle.lineGap ?? 0,
    });
  };

  // Header row, tagged once.
  let y = pdf.y;
  drawFrames(y, headerHeight, style.headerBackground);
  const headerRow = pdf.doc.struct('TR');
  head.add(headerRow);
  for (const [i, text] of headerTexts.entries()) {
    headerRow.add(pdf.tableHeaderCell('Column', cellRun(text, i, y, style.header)));
  }
  headerRow.end();
  head.end();
  y += headerHeight;

  const body = pdf.doc.struct('TBody');
  table.add(body);
  for (const [r, row] of rows.entries()) {
    const height = bodyHeights[r]!;
    if (y + height > pdf.bottom) {
      pdf.newPage();
      y = pdf.top;
      // Repeated header: page furniture, so an artifact (text included).
      drawFrames(y, headerHeight, style.headerBackground);
      const repeatedAt = y;
      pdf.artifact('Pagination', () => {
        headerTexts.forEach((text, i) => cellRun(text, i, repeatedAt, style.header)());
      });
      y += headerHeight;
    }
    drawFrames(y, height);
    const tr = pdf.doc.struct('TR');
    body.add(tr);
    for (const [i, text] of row.entries()) {
      tr.add(pdf.struct('TD', cellRun(text, i, y, style.body)));
    }
    tr.end();
    y += height;
  }
  body.end();
  table.end();
  pdf.doc.x = pdf.left;
  pdf.y = y + (options.spaceAfter ?? 0);
}

function rowHeight(
  pdf: AccessiblePdf,
  columns: readonly TableColumn[],
  texts: readonly string[],
  textStyle: TextStyle,
  padding: Sides,
): number {
  let max = pdf.lineHeight(textStyle);
  texts.forEach((text, i) => {
    const width = columns[i]!.width - padding.left - padding.right;
    max = Math.max(max, pdf.heightOf(text, textStyle, width));
  });
  return Math.ceil(max + padding.top + padding.bottom);
}

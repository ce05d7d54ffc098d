import type { AccessiblePdf, StructParent, TextStyle } from './accessible-pdf';
import { TableLayoutError, type TableColumn, type TableStyle } from './table';

/**
 * A tagged table for figures: Table > THead, TBody, TFoot. Besides what `drawTable` does
 * (header repeated as a Pagination artifact on every page the body reaches, rows never split,
 * frames as artifacts), it has
 *  - emphasised body rows (a group row with its subtotal: bold, shaded);
 *  - footer rows (totals) in a TFoot, bold under a heavier rule, kept on one page together
 *    with the last body row, so that a total never stands alone under a repeated header;
 *  - rows kept with the next one (a group row with the first row of its group).
 */

export interface SummaryTableRow {
  cells: readonly string[];
  /** Bold and shaded: a group row or a subtotal. */
  emphasis?: boolean;
  /** Never the last row on a page: a group row stays with the first row of its group. */
  keepWithNext?: boolean;
}

export interface SummaryTableStyle extends TableStyle {
  /** Text of emphasised rows and footer rows. */
  emphasis: TextStyle;
  emphasisBackground?: string;
  /** Line width of the rule above the footer. */
  footerRuleWidth: number;
}

export interface SummaryTableOptions {
  columns: readonly TableColumn[];
  rows: readonly SummaryTableRow[];
  /** Totals, tagged as TFoot. */
  footer?: readonly SummaryTableRow[];
  style: SummaryTableStyle;
  parent?: StructParent;
  /** Left edge; default the left margin. */
  x?: number;
  spaceAfter?: number;
}

type Section = 'head' | 'body' | 'foot';

interface PlacedRow {
  row: SummaryTableRow;
  section: Section;
  height: number;
}

export function drawSummaryTable(pdf: AccessiblePdf, options: SummaryTableOptions): void {
  const grid = new SummaryGrid(pdf, options);
  grid.draw();
}

class SummaryGrid {
  private readonly left: number;
  private readonly edges: number[];
  private readonly width: number;
  private readonly header: PlacedRow;
  private readonly body: PlacedRow[];
  private readonly footer: PlacedRow[];

  constructor(
    private readonly pdf: AccessiblePdf,
    private readonly options: SummaryTableOptions,
  ) {
    const { columns } = options;
    this.left = options.x ?? pdf.left;
    this.edges = [];
    let x = this.left;
    for (const column of columns) {
      this.edges.push(x);
      x += column.width;
    }
    this.width = x - this.left;
    const place = (row: SummaryTableRow, section: Section, index: number): PlacedRow => {
      if (row.cells.length !== columns.length) {
        throw new TableLayoutError(`${section} row ${index} has ${row.cells.length} cells, the table has ${columns.length} columns`);
      }
      return { row, section, height: this.measure(row, section) };
    };
    this.header = place({ cells: columns.map((c) => c.header) }, 'head', 0);
    this.body = options.rows.map((row, i) => place(row, 'body', i));
    this.footer = (options.footer ?? []).map((row, i) => place(row, 'foot', i));

    const room = pdf.bottom - pdf.top - this.header.height;
    const tallest = Math.max(0, ...this.body.map((r) => r.height));
    const lastBlock = (this.body.at(-1)?.height ?? 0) + this.footerHeight;
    if (tallest > room || lastBlock > room) throw new TableLayoutError('a row (or the last row with the totals) is taller than a page');
  }

  private get footerHeight(): number {
    return this.footer.reduce((sum, r) => sum + r.height, 0);
  }

  private textStyle(placed: Pick<PlacedRow, 'row' | 'section'>): TextStyle {
    const { style } = this.options;
    if (placed.section === 'head') return style.header;
    return placed.section === 'foot' || placed.row.emphasis ? style.emphasis : style.body;
  }

  private measure(row: SummaryTableRow, section: Section): number {
    const { padding } = this.options.style;
    const textStyle = this.textStyle({ row, section });
    const contentHeight = row.cells.reduce(
      (max, text, i) => Math.max(max, this.pdf.heightOf(text, textStyle, this.options.columns[i]!.width - padding.left - padding.right)),
      this.pdf.lineHeight(textStyle),
    );
    return Math.ceil(contentHeight + padding.top + padding.bottom);
  }

  draw(): void {
    const { pdf, options } = this;
    const single = this.body.length <= 1 ? this.footerHeight : 0;
    pdf.ensureSpace(this.header.height + (this.body[0]?.height ?? 0) + single);

    const table = pdf.doc.struct('Table');
    (options.parent ?? pdf.root).add(table);
    let y = pdf.y;
    y = this.paintRow(this.header, y, this.section(table, 'THead'));

    const body = this.section(table, 'TBody');
    this.body.forEach((placed, i) => {
      const last = i === this.body.length - 1;
      const next = placed.row.keepWithNext && !last ? this.body[i + 1]!.height : 0;
      const needed = placed.height + next + (last ? this.footerHeight : 0);
      y = this.paintRow(placed, this.breakIfNeeded(y, needed), body);
    });
    body.end();

    if (this.footer.length) {
      const foot = this.section(table, 'TFoot');
      y = this.breakIfNeeded(y, this.footerHeight);
      const footerTop = y;
      for (const placed of this.footer) y = this.paintRow(placed, y, foot);
      foot.end();
      pdf.rule(footerTop, options.style.footerRuleWidth, options.style.borderColor, this.left, this.left + this.width);
    }
    table.end();
    pdf.doc.x = pdf.left;
    pdf.y = y + (options.spaceAfter ?? 0);
  }

  private section(table: StructParent, type: 'THead' | 'TBody' | 'TFoot'): StructParent {
    const element = this.pdf.doc.struct(type);
    table.add(element);
    return element;
  }

  /** Goes to a new page, with the header repeated as an artifact, unless `height` fits at y. */
  private breakIfNeeded(y: number, height: number): number {
    if (y + height <= this.pdf.bottom) return y;
    this.pdf.newPage();
    return this.paintRow(this.header, this.pdf.top, null);
  }

  /** Paints a row at y and returns the y below it. `tagged` null: the row is an artifact. */
  private paintRow(placed: PlacedRow, y: number, tagged: StructParent | null): number {
    const { pdf } = this;
    const { style, columns } = this.options;
    const background =
      placed.section === 'head' ? style.headerBackground : placed.row.emphasis ? style.emphasisBackground : undefined;
    pdf.artifact('Layout', (doc) => {
      if (background) doc.rect(this.left, y, this.width, placed.height).fill(background);
      doc.lineWidth(style.borderWidth).strokeColor(style.borderColor);
      columns.forEach((column, i) => doc.rect(this.edges[i]!, y, column.width, placed.height).stroke());
    });

    const textStyle = this.textStyle(placed);
    const cell = (i: number) => () => {
      pdf.useStyle(textStyle);
      pdf.doc.text(placed.row.cells[i]!, this.edges[i]! + style.padding.left, y + style.padding.top, {
        width: columns[i]!.width - style.padding.left - style.padding.right,
        align: columns[i]!.align ?? 'left',
        lineGap: textStyle.lineGap ?? 0,
      });
    };
    if (!tagged) {
      pdf.artifact('Pagination', () => columns.forEach((_, i) => cell(i)()));
    } else {
      const tr = pdf.doc.struct('TR');
      tagged.add(tr);
      columns.forEach((_, i) => tr.add(placed.section === 'head' ? pdf.tableHeaderCell('Column', cell(i)) : pdf.struct('TD', cell(i))));
      tr.end();
    }
    return y + placed.height;
  }
}

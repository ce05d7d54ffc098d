import PDFDocument from 'pdfkit';
import { wordLayoutsOf, type FontFamily, type FontStyle, type ParsedFont } from './fonts';
import { escapeXml, pdfUaIdentificationXmp } from './xmp';

/**
 * A small kit on pdfkit for archival, accessible documents: PDF/A-2b + PDF/UA-1.
 *
 * - Every piece of real content is a structure element (P, H1…H3, Table/TR/TH/TD …) whose
 *   content is drawn in pdfkit's closure form, `parent.add(doc.struct('P', () => doc.text(…)))`:
 *   pdfkit runs the closure when the element is attached and wraps what it draws in marked
 *   content with an MCID that points back to the element (also across page breaks).
 * - Everything else (rules, frames, checkbox squares, running header and footer, repeated table
 *   headers) is drawn as an Artifact, never inside a closure.
 * - Pages are buffered, so that "Seite X von Y" can be written when the page count is known.
 */

export type StructParent = PDFKit.PDFStructureElement;

export interface Sides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export type Align = 'left' | 'right' | 'center' | 'justify';

export interface TextStyle {
  font: FontStyle;
  size: number;
  color?: string;
  lineGap?: number;
}

export interface ArchivalPdfOptions {
  /** Document title: Info /Title, XMP dc:title, shown by viewers (DisplayDocTitle). */
  title: string;
  /** BCP 47 language of the document. Default de-DE. */
  lang?: string;
  author?: string;
  subject?: string;
  keywords?: readonly string[];
  /** Application that made the document (Info /Creator, xmp:CreatorTool). */
  creator?: string;
  fonts: FontFamily;
  /** Page size name understood by pdfkit. Default A4. */
  size?: string;
  margins: Sides;
  /** Fixed creation date, e.g. for reproducible output. Default: now. */
  creationDate?: Date;
}

export interface ParagraphOptions {
  parent?: StructParent;
  x?: number;
  width?: number;
  align?: Align;
  spaceAfter?: number;
  /** Structure type, P unless told. */
  type?: 'P' | 'Caption' | 'Lbl';
}

export interface HeadingOptions {
  parent?: StructParent;
  spaceBefore?: number;
  spaceAfter?: number;
  /** Move the heading to the next page unless this much room is left below it. */
  keepWithNext?: number;
}

export type ArtifactType = 'Layout' | 'Pagination' | 'Page';

/** Names under which the family's faces are registered in each pdfkit document. */
const FONT_KEY: Record<FontStyle, string> = { regular: 'regular', bold: 'bold', italic: 'italic' };

/** pdfkit 0.20.2 members that @types/pdfkit does not declare. */
interface PdfkitInternals {
  info: Record<string, unknown>;
  endSubset(): void;
  struct(
    type: string,
    options: PDFKit.Mixins.StructureElementOptions & { scope?: 'Row' | 'Column' | 'Both' },
    children?: PDFKit.PDFStructureElementChild | PDFKit.PDFStructureElementChild[],
  ): PDFKit.PDFStructureElement;
  /** pdfkit's closure form: the children may take the place of the options. */
  struct(type: string, children: PDFKit.PDFStructureElementChild | PDFKit.PDFStructureElementChild[]): PDFKit.PDFStructureElement;
  /** the current font: pdfkit's EmbeddedFont for the parsed font */
  _font: EmbeddedFontInternals;
}

/** pdfkit 0.20.2's EmbeddedFont: lays out a word (`layoutRun`), once per document (`layoutCached`). */
interface EmbeddedFontInternals {
  font: ParsedFont;
  layoutRun(word: string): unknown;
  layoutCached(word: string): unknown;
}

/**
 * Makes pdfkit's per-document word cache of `embedded` the process-wide one of its parsed font
 * (fonts.ts, WordLayoutCache): a word shaped for one document is not shaped again for the next.
 */
function shareWordLayouts(embedded: EmbeddedFontInternals): void {
  const shared = wordLayoutsOf(embedded.font);
  const layoutRun = embedded.layoutRun.bind(embedded);
  embedded.layoutCached = (word: string) => shared.get(word, layoutRun);
}

export class AccessiblePdf {
  readonly doc: PDFKit.PDFDocument;
  /** The Document structure element, root of everything tagged. */
  readonly root: StructParent;
  readonly lang: string;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;
  /** The key each face is registered under in this document. */
  private readonly fontKey: Partial<Record<FontStyle, string>> = {};

  private constructor(options: ArchivalPdfOptions) {
    this.lang = options.lang ?? 'de-DE';
    const info: PDFKit.DocumentInfo = {
      Title: options.title,
      Creator: options.creator ?? 'foerderwerk',
      Producer: 'foerderwerk (pdfkit)',
      CreationDate: options.creationDate ?? new Date(),
    };
    if (options.author) info.Author = options.author;
    if (options.subject) info.Subject = options.subject;
    if (options.keywords?.length) info.Keywords = options.keywords.join(', ');

    this.doc = new PDFDocument({
      pdfVersion: '1.7',
      subset: 'PDF/A-2b',
      tagged: true,
      lang: this.lang,
      displayTitle: true,
      bufferPages: true,
      size: options.size ?? 'A4',
      margins: options.margins,
      info,
      // No default font: pdfkit would otherwise parse the Helvetica AFM metrics for every
      // document (a standard font, never to be embedded). Our faces are registered below, before
      // anything is written.
      font: null as unknown as string,
    });
    this.finished = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.addPdfUaMetadata();

    const internals = this.doc as unknown as PdfkitInternals;
    for (const style of Object.keys(FONT_KEY) as FontStyle[]) {
      const parsed = options.fonts.fonts[style];
      // A face that is the same parsed font as one registered before (italic falling back to
      // regular) uses that one's key: pdfkit would open it again and compare the two.
      const same = (Object.keys(this.fontKey) as FontStyle[]).find((s) => options.fonts.fonts[s] === parsed);
      if (same) {
        this.fontKey[style] = this.fontKey[same];
        continue;
      }
      this.fontKey[style] = FONT_KEY[style];
      // pdfkit takes a parsed fontkit font as source: no file is read or parsed here.
      this.doc.registerFont(FONT_KEY[style], parsed as unknown as PDFKit.Mixins.PDFFontSource);
      this.doc.font(FONT_KEY[style]);
      shareWordLayouts(internals._font);
    }
    this.doc.font(this.fontKey.regular as string);

    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  /** Starts an archival document (PDF/A-2b, tagged, PDF/UA-1) with its first page. */
  static create(options: ArchivalPdfOptions): AccessiblePdf {
    return new AccessiblePdf(options);
  }

  /**
   * pdfkit writes the PDF/A identification when it finishes the document (endSubset); the
   * PDF/UA identification and its extension-schema declaration join it there. At that point the
   * Info dictionary is already written, and pdfkit copies the same values into XMP without
   * escaping them, so they are escaped for XMP only.
   */
  private addPdfUaMetadata(): void {
    const internals = this.doc as unknown as PdfkitInternals;
    const endPdfA = internals.endSubset.bind(this.doc);
    internals.endSubset = () => {
      endPdfA();
      this.doc.appendXML(pdfUaIdentificationXmp());
      for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
        const value = internals.info[key];
        if (typeof value === 'string') internals.info[key] = escapeXml(value);
      }
    };
  }

  // ---- geometry ---------------------------------------------------------------------------

  get left(): number {
    return this.doc.page.margins.left;
  }
  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  /** Lowest y that content may reach on the current page. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get contentWidth(): number {
    return this.right - this.left;
  }
  get y(): number {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }

  /** Starts a new page unless `height` fits below the current position. Returns whether it did. */
  ensureSpace(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  moveDown(points: number): void {
    this.doc.y += points;
  }

  // ---- text -------------------------------------------------------------------------------

  useStyle(style: TextStyle): this {
    this.doc.font(this.fontKey[style.font] as string).fontSize(style.size).fillColor(style.color ?? '#000000');
    return this;
  }

  heightOf(text: string, style: TextStyle, width: number): number {
    this.useStyle(style);
    return this.doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 });
  }

  widthOf(text: string, style: TextStyle): number {
    this.useStyle(style);
    return this.doc.widthOfString(text);
  }

  lineHeight(style: TextStyle): number {
    this.useStyle(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? 0);
  }

  /**
   * A structure element whose content `draw` paints, in pdfkit's closure form:
   * `parent.add(pdf.struct('P', () => doc.text(…)))`. The closure runs when the element is added
   * to an attached parent; it must draw tagged content only (no artifacts inside).
   */
  struct(type: string, draw: () => void): StructParent {
    return (this.doc as unknown as PdfkitInternals).struct(type, draw);
  }

  /** A structure element (Sect, Div, …) added to `parent` (default: the Document element). */
  group(type: 'Sect' | 'Div' | 'Part' | 'L', parent: StructParent = this.root): StructParent {
    const element = this.doc.struct(type);
    parent.add(element);
    return element;
  }

  /** A paragraph in the flow; breaks across pages by itself. */
  paragraph(text: string, style: TextStyle, options: ParagraphOptions = {}): void {
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    // No paragraph starts with its first line alone at the bottom of a page.
    const firstLines = Math.min(this.heightOf(text, style, width), 2 * this.lineHeight(style));
    this.ensureSpace(firstLines);
    const y = this.doc.y;
    const parent = options.parent ?? this.root;
    parent.add(
      this.struct(options.type ?? 'P', () => {
        this.useStyle(style);
        this.doc.text(text, x, y, { width, align: options.align ?? 'left', lineGap: style.lineGap ?? 0 });
      }),
    );
    this.doc.x = this.left;
    this.doc.y += options.spaceAfter ?? 0;
  }

  /**
   * Text at a fixed place that must not flow (header fields, box entries): one structure
   * element whose content may be several runs, each at its own position.
   */
  placedText(
    type: 'P' | 'Lbl' | 'Caption',
    runs: readonly { text: string; x: number; y: number; width: number; style: TextStyle; align?: Align }[],
    parent: StructParent = this.root,
  ): void {
    parent.add(
      this.struct(type, () => {
        for (const run of runs) {
          this.useStyle(run.style);
          this.doc.text(run.text, run.x, run.y, {
            width: run.width,
            align: run.align ?? 'left',
            lineGap: run.style.lineGap ?? 0,
          });
        }
      }),
    );
  }

  heading(level: 1 | 2 | 3, text: string, style: TextStyle, options: HeadingOptions = {}): void {
    const height = this.heightOf(text, style, this.contentWidth);
    if (this.doc.y > this.top) this.doc.y += options.spaceBefore ?? 0;
    this.ensureSpace(height + (options.keepWithNext ?? 0));
    const y = this.doc.y;
    const parent = options.parent ?? this.root;
    parent.add(
      this.struct(`H${level}`, () => {
        this.useStyle(style);
        this.doc.text(text, this.left, y, { width: this.contentWidth, lineGap: style.lineGap ?? 0 });
      }),
    );
    this.doc.x = this.left;
    this.doc.y += options.spaceAfter ?? 0;
  }

  /** A structure element with a Scope attribute (TH); pdfkit supports it, its types do not. */
  tableHeaderCell(scope: 'Row' | 'Column' | 'Both', draw: () => void): StructParent {
    return (this.doc as unknown as PdfkitInternals).struct('TH', { scope }, draw);
  }

  // ---- artifacts ---------------------------------------------------------------------------

  /** Draws page furniture that assistive technology skips. Must not be called inside a closure. */
  artifact(type: ArtifactType, draw: (doc: PDFKit.PDFDocument) => void): void {
    this.doc.markContent('Artifact', { type });
    this.doc.save();
    draw(this.doc);
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  /** A horizontal rule as an artifact. */
  rule(y: number, width: number, color: string, x0 = this.left, x1 = this.right): void {
    this.artifact('Layout', (doc) => {
      doc.lineWidth(width).strokeColor(color).moveTo(x0, y).lineTo(x1, y).stroke();
    });
  }

  /**
   * Decorates every page once all content is laid out (header line, "Seite X von Y"): the
   * callback draws plain artifacts with the page's number and the page count.
   */
  decoratePages(draw: (doc: PDFKit.PDFDocument, pageNumber: number, pageCount: number) => void): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      this.artifact('Pagination', (doc) => draw(doc, i + 1, count));
    }
  }

  /** Text that never wraps nor breaks the page (for artifacts), aligned inside [x, x+width]. */
  fixedLine(text: string, style: TextStyle, x: number, y: number, width: number, align: Align = 'left'): void {
    this.useStyle(style);
    const textWidth = this.doc.widthOfString(text);
    const offset = align === 'right' ? width - textWidth : align === 'center' ? (width - textWidth) / 2 : 0;
    this.doc.text(text, x + offset, y, { lineBreak: false });
  }

  pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Finishes the document and returns its bytes. */
  async end(): Promise<Buffer> {
    this.doc.end();
    return this.finished;
  }
}

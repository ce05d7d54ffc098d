/**
 * Reads the text of a PDF back, page by page, with pdfjs-dist (legacy CommonJS build, no
 * worker thread), for assertions on generated documents.
 */

interface TextItem {
  str: string;
  hasEOL: boolean;
}
interface MarkedContentItem {
  type: 'beginMarkedContent' | 'beginMarkedContentProps' | 'endMarkedContent';
  tag?: string;
}
interface PdfPage {
  getTextContent(params?: { includeMarkedContent?: boolean }): Promise<{ items: (TextItem | MarkedContentItem)[] }>;
  cleanup(): void;
}
interface PdfDocumentProxy {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfPage>;
  getMetadata(): Promise<{ info: Record<string, unknown>; metadata: { get(name: string): unknown } | null }>;
  destroy(): Promise<void>;
}
interface PdfJs {
  getDocument(params: Record<string, unknown>): { promise: Promise<PdfDocumentProxy> };
}

let pdfjs: PdfJs | undefined;
function loadPdfJs(): PdfJs {
  if (!pdfjs) {
    // On load, the legacy build tries to polyfill DOMMatrix/Path2D for rendering from the
    // optional 'canvas' package and logs a warning without it. Text extraction needs neither.
    const log = console.log;
    console.log = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('Warning: Cannot polyfill')) return;
      log(...args);
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      pdfjs = require('pdfjs-dist/legacy/build/pdf.js') as PdfJs;
    } finally {
      console.log = log;
    }
  }
  return pdfjs;
}

async function open(pdf: Buffer | Uint8Array): Promise<PdfDocumentProxy> {
  return loadPdfJs().getDocument({
    // pdfjs takes ownership of the array: give it a copy.
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

export interface ExtractOptions {
  /**
   * Leave out text inside Artifact marked content (running headers, page numbers, repeated
   * table headers): what a screen reader reads. Default false: what the page shows.
   */
  skipArtifacts?: boolean;
}

/** The text of each page, lines separated by "\n". */
export async function extractPageTexts(pdf: Buffer | Uint8Array, options: ExtractOptions = {}): Promise<string[]> {
  const doc = await open(pdf);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      let text = '';
      const open: boolean[] = [];
      for (const item of content.items) {
        if ('str' in item) {
          if (options.skipArtifacts && open.includes(true)) continue;
          text += item.str + (item.hasEOL ? '\n' : '');
        } else if (item.type === 'endMarkedContent') {
          open.pop();
        } else {
          open.push(item.tag === 'Artifact');
        }
      }
      pages.push(text);
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Document information (Title, Author, Producer …) and the XMP dc:title as pdfjs reads them. */
export async function extractPdfInfo(pdf: Buffer | Uint8Array): Promise<{ info: Record<string, unknown>; xmpTitle: unknown }> {
  const doc = await open(pdf);
  try {
    const { info, metadata } = await doc.getMetadata();
    return { info, xmpTitle: metadata?.get('dc:title') };
  } finally {
    await doc.destroy();
  }
}

/**
 * Normalises text for comparison with the source: collapses whitespace and line breaks, and
 * joins what a line break split after a hyphen or slash ("Sozialraum-\nPräventionskette",
 * "eine/\nn"). Apply it to both sides: "Auf- bzw." becomes "Auf-bzw." in each.
 */
export function normalizePdfText(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .replace(/([-/]) /g, '$1')
    .trim();
}

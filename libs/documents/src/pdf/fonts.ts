import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/**
 * Embedded TrueType fonts, parsed once per process.
 *
 * pdfkit parses a font (with fontkit) every time a new document first uses it, and re-reads
 * the file when the font was given as a path. We parse each font file once, keep the parsed
 * fontkit object for the life of the process and hand that object to every document: pdfkit
 * accepts any object with a `layout()` method as a font source. Each document still makes its
 * own subset of the glyphs it uses.
 */

/** The part of a fontkit font that this module relies on. */
export interface ParsedFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  layout(text: string): unknown;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export type FontStyle = 'regular' | 'bold' | 'italic';

/** A font family whose files are parsed: the value passed to documents. */
export interface FontFamily {
  readonly name: string;
  readonly fonts: Readonly<Record<FontStyle, ParsedFont>>;
}

export type FontSource = string | Buffer;

export interface FontFamilySources {
  regular: FontSource;
  bold: FontSource;
  /** Defaults to the regular face. */
  italic?: FontSource;
}

interface Fontkit {
  create(data: Uint8Array, postscriptName?: string): ParsedFont;
}

let fontkit: Fontkit | undefined;
/** pdfkit's own fontkit (same instance pdfkit uses), so that a parsed font is one it accepts. */
function pdfkitFontkit(): Fontkit {
  if (!fontkit) {
    const requireFromPdfkit = createRequire(require.resolve('pdfkit'));
    fontkit = requireFromPdfkit('fontkit') as Fontkit;
  }
  return fontkit;
}

const byPath = new Map<string, ParsedFont>();
const byBuffer = new WeakMap<Buffer, ParsedFont>();
let parseCount = 0;

/** Parses a TTF file or buffer, or returns the font parsed earlier from the same path or buffer. */
export function parseFont(source: FontSource): ParsedFont {
  if (typeof source === 'string') {
    const path = resolve(source);
    let font = byPath.get(path);
    if (!font) {
      font = parse(readFileSync(path), path);
      byPath.set(path, font);
    }
    return font;
  }
  let font = byBuffer.get(source);
  if (!font) {
    font = parse(source, 'buffer');
    byBuffer.set(source, font);
  }
  return font;
}

function parse(data: Buffer, what: string): ParsedFont {
  const font = pdfkitFontkit().create(data);
  if (typeof font?.layout !== 'function' || !font.postscriptName) {
    throw new Error(`not a single TrueType/OpenType font: ${what}`);
  }
  parseCount++;
  return font;
}

const families = new Map<string, FontFamily>();

/**
 * Registers a font family under a name once per process and returns it; a second call with
 * the same name returns the family registered first (its files are not read again).
 */
export function registerFontFamily(name: string, sources: FontFamilySources): FontFamily {
  const known = families.get(name);
  if (known) return known;
  const regular = parseFont(sources.regular);
  const family: FontFamily = {
    name,
    fonts: {
      regular,
      bold: parseFont(sources.bold),
      italic: sources.italic ? parseFont(sources.italic) : regular,
    },
  };
  families.set(name, family);
  return family;
}

/** How many font files this process has parsed (for tests that prove fonts are parsed once). */
export function fontParseCount(): number {
  return parseCount;
}

/** Characters that German administrative documents need; a family must have glyphs for all. */
export const REQUIRED_GERMAN_CHARACTERS = 'äöüÄÖÜß€„“‚‘–—…§°²';

/** Returns the characters of `text` for which `font` has no glyph. */
export function missingGlyphs(font: ParsedFont, text: string): string[] {
  return [...new Set(text)].filter((char) => !font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0));
}

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
  decodeGlyphsOnce(font as unknown as GlyphSource);
  return font;
}

/** fontkit 2's glyph lookup and a TrueType glyph's outline decoding (`_decode`, not cached by fontkit). */
interface GlyphSource {
  getGlyph(id: number, codePoints?: number[]): DecodableGlyph;
}
interface DecodableGlyph {
  _decode(): unknown;
}
const DECODED_ONCE = Symbol('foerderwerk.decodedOnce');

/**
 * Every document embeds a subset of the font; fontkit's subsetter decodes each glyph's outline
 * to find composite glyphs, once per glyph and document. fontkit keeps one glyph object per
 * glyph id for the life of the parsed font, and an outline of a static font never changes, so
 * the decoding is kept with the glyph object: one decoding per glyph and process.
 */
function decodeGlyphsOnce(font: GlyphSource): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints) as DecodableGlyph & { [DECODED_ONCE]?: true };
    if (glyph && typeof glyph._decode === 'function' && !glyph[DECODED_ONCE]) {
      const decode = glyph._decode.bind(glyph);
      let decoded: { value: unknown } | null = null;
      glyph._decode = () => (decoded ??= { value: decode() }).value;
      glyph[DECODED_ONCE] = true;
    }
    return glyph;
  };
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

/**
 * The laid-out words of a font, shared by every document of the process.
 *
 * pdfkit lays out (shapes) text word by word with fontkit and caches each word per document
 * (`EmbeddedFont.layoutCache`); a new document starts with an empty cache and shapes the same
 * words again ("Zuwendung", "Mittelabruf", "€"). A word's run depends only on the font and the
 * word (pdfkit scales it by 1000 / unitsPerEm, a property of the font), and pdfkit never changes
 * a run once made (it copies a position before adding word spacing), so documents can share it.
 * Bounded: the least recently used words go first once `capacity` words are held.
 */
export class WordLayoutCache<Run> {
  private readonly runs = new Map<string, Run>();
  private hits = 0;
  private misses = 0;

  constructor(readonly capacity: number) {}

  /** The run of `word`, laid out by `layout` the first time it is asked for (or after eviction). */
  get(word: string, layout: (word: string) => Run): Run {
    const known = this.runs.get(word);
    if (known !== undefined) {
      this.hits++;
      // most recently used last: Map keeps insertion order
      this.runs.delete(word);
      this.runs.set(word, known);
      return known;
    }
    this.misses++;
    const run = layout(word);
    this.runs.set(word, run);
    if (this.runs.size > this.capacity) this.runs.delete(this.runs.keys().next().value as string);
    return run;
  }

  stats(): { words: number; hits: number; misses: number } {
    return { words: this.runs.size, hits: this.hits, misses: this.misses };
  }
}

/** Words kept per font: German administrative text repeats; amounts and names vary. */
export const WORD_LAYOUT_CAPACITY = 10_000;
const wordLayouts = new WeakMap<ParsedFont, WordLayoutCache<unknown>>();

/** The process-wide word layouts of a parsed font. */
export function wordLayoutsOf(font: ParsedFont): WordLayoutCache<unknown> {
  let cache = wordLayouts.get(font);
  if (!cache) {
    cache = new WordLayoutCache<unknown>(WORD_LAYOUT_CAPACITY);
    wordLayouts.set(font, cache);
  }
  return cache;
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

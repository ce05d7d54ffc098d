/** Excel's limit on sheet names, in UTF-16 code units. */
export const MAX_SHEET_NAME_LENGTH = 31;

const FORBIDDEN = /[[\]:*?/\\\u0000-\u001f\u007f]/g;

/**
 * Hands out sheet names that Excel and LibreOffice accept: at most 31 characters, none of
 * [ ] : * ? / \ or control characters, no apostrophe at either end, not "History", and unique
 * ignoring case (Excel compares sheet names case-insensitively).
 */
export class SheetNames {
  private readonly taken = new Set<string>();

  /** Reserves a fixed name; throws if it is not a valid, unused sheet name. */
  reserve(name: string): string {
    if (sanitizeSheetName(name) !== name || name.length === 0) {
      throw new Error(`not a valid sheet name: "${name}"`);
    }
    if (this.taken.has(key(name))) throw new Error(`sheet name used twice: "${name}"`);
    this.taken.add(key(name));
    return name;
  }

  /** Builds `prefix + title`, shortened and numbered " (2)", " (3)", … until it is unique. */
  unique(prefix: string, title: string): string {
    const base = sanitizeSheetName(prefix + title) || sanitizeSheetName(prefix) || 'Blatt';
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const candidate = sanitizeSheetName(truncate(base, MAX_SHEET_NAME_LENGTH - suffix.length) + suffix);
      if (!this.taken.has(key(candidate))) {
        this.taken.add(key(candidate));
        return candidate;
      }
    }
  }
}

/** Replaces forbidden characters by "-", collapses white space and shortens to 31 characters. */
export function sanitizeSheetName(name: string): string {
  let result = truncate(name.replace(/\s+/g, ' ').replace(FORBIDDEN, '-').trim(), MAX_SHEET_NAME_LENGTH);
  result = result.replace(/^'+|'+$/g, '').trim();
  if (key(result) === 'history') result = 'History-';
  return result;
}

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd();
}

function key(name: string): string {
  return name.toLocaleLowerCase('de-DE');
}

/**
 * `Content-Disposition: attachment` with the file name (RFC 6266): a plain ASCII `filename` for
 * every client, and `filename*` in UTF-8 (RFC 8187) when the name holds more than that.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const header = `attachment; filename="${fallback}"`;
  if (fallback === fileName) return header;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${header}; filename*=UTF-8''${encoded}`;
}

import {
  councilPaperFonts,
  escapeXml,
  missingGlyphs,
  parseFont,
  registerFontFamily,
  REQUIRED_GERMAN_CHARACTERS,
  templatePath,
} from '@app/documents';
import { readFileSync } from 'node:fs';
import { extractPageTexts, extractPdfInfo, normalizePdfText } from '../../../../test/support/pdf-text';
import { buildKitSample } from './fixtures/kit-sample';

describe('fonts', () => {
  it('parses a font file once and hands out the same parsed font', () => {
    const path = templatePath('fonts', 'LiberationSans-Regular.ttf');
    expect(parseFont(path)).toBe(parseFont(path));
    const buffer = readFileSync(path);
    expect(parseFont(buffer)).toBe(parseFont(buffer));
    const family = councilPaperFonts();
    // A second registration under the same name reads nothing and returns the first family.
    expect(registerFontFamily('council-paper', { regular: 'not-read.ttf', bold: 'not-read.ttf' })).toBe(family);
  });

  it('covers umlauts, ß, €, German quotes and dashes in every face', () => {
    const { fonts } = councilPaperFonts();
    for (const font of [fonts.regular, fonts.bold, fonts.italic]) {
      expect(missingGlyphs(font, REQUIRED_GERMAN_CHARACTERS)).toEqual([]);
    }
    expect(fonts.regular.postscriptName).toBe('LiberationSans');
    expect(fonts.bold.postscriptName).toBe('LiberationSans-Bold');
    expect(fonts.italic.postscriptName).toBe('LiberationSans-Italic');
  });
});

describe('AccessiblePdf', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await buildKitSample(90);
  });

  it('escapes the title for XMP and keeps it intact for readers', async () => {
    const title = 'Stellenplan & Personalkosten <2021–2023> „Präventionsketten“';
    const { info, xmpTitle } = await extractPdfInfo(pdf);
    expect(info.Title).toBe(title);
    expect(xmpTitle).toBe(title);
    expect(pdf.toString('utf8')).toContain(`<rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li>`);
  });

  it('draws a tagged table whose header repeats on every page as an artifact', async () => {
    const pages = (await extractPageTexts(pdf)).map(normalizePdfText);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const tablePages = pages.filter((p) => p.includes('Netzwerkkoordination'));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages) expect(page).toContain('Stelle Beginn Kosten');
    const tagged = normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));
    expect(tagged.split('Stelle Beginn Kosten')).toHaveLength(2);
    for (let i = 1; i <= 90; i++) expect(tagged).toContain(`Stelle ${i}`);
    expect(tagged).toContain('Ende der Übersicht.');

    const raw = pdf.toString('latin1');
    expect(raw.match(/\/S \/TH\b/g)).toHaveLength(3);
    expect(raw.match(/\/S \/TD\b/g)).toHaveLength(270);
    expect(raw.match(/\/S \/TR\b/g)).toHaveLength(91);
    expect(raw).toMatch(/\/Scope \/Column/);
    expect(raw).toMatch(/\/S \/THead/);
    expect(raw).toMatch(/\/S \/TBody/);
  });

  it('reads German typography back and numbers the pages', async () => {
    const pages = (await extractPageTexts(pdf)).map(normalizePdfText);
    expect(pages[0]).toContain('Größe, Maß und Übersicht: „Anführungszeichen“ – Gedankenstrich – 56.700,00 € für Straßen.');
    expect(pages[0]).toContain('Gender Mainstreaming ja');
    expect(pages[0]).toContain('Klima-/Umwelt-/Naturschutz nein');
    pages.forEach((text, i) => expect(text).toContain(`Seite ${i + 1} von ${pages.length}`));
  });
});

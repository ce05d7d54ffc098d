import {
  buildCouncilPaperPdf,
  COUNCIL_PAPER_LABELS,
  CouncilPaperDocumentError,
  fontParseCount,
  type CouncilPaperDocument,
} from '@app/documents';
import { extractPageTexts, extractPdfInfo, normalizePdfText } from '../../../../test/support/pdf-text';
import { longCouncilPaper } from './fixtures/long-council-paper';
import { VORLAGE_2021_844 } from './fixtures/vorlage-2021-844';

const paper = VORLAGE_2021_844;

describe('buildCouncilPaperPdf', () => {
  let pdf: Buffer;
  /** What each page shows, page furniture included. */
  let pages: string[];
  /** The tagged content without artifacts (page furniture), as a screen reader reads it. */
  let all: string;

  beforeAll(async () => {
    pdf = await buildCouncilPaperPdf(paper, { creationDate: new Date('2021-03-30T08:00:00Z') });
    pages = await extractPageTexts(pdf);
    all = normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));
  });

  const expectText = (text: string): void => {
    expect(all).toContain(normalizePdfText(text));
  };

  it('is a PDF of a few pages', () => {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(4);
  });

  it('shows the header block: organisation, type, number, status, date, Federführend', () => {
    expect(normalizePdfText(pages[0]!)).toMatch(/^Landkreis Peine Informationsvorlage /);
    expectText('Vorlagennummer: 2021/844');
    expectText('Status: öffentlich');
    expectText('Datum: 30.03.2021');
    expectText('Federführend: Fachdienst Jugendamt');
  });

  it('shows the Beratungsfolge with committee, role, session date and Ö', () => {
    expectText('Beratungsfolge (Zuständigkeit) Sitzungstermin Status');
    expectText('Ausschuss für Gleichstellung, Arbeit und Soziales (Kenntnisnahme) 26.04.2021 Ö');
  });

  it('shows every value of the cost box', () => {
    expectText('Im Budget enthalten: ja');
    expectText('Kosten (Betrag in €): 56.700,00 €');
    expectText('Mitwirkung Landrat: nein');
    expectText('Qualifizierte Mehrheit: nein');
  });

  it('shows every relevance flag', () => {
    expectText('Relevanz');
    expectText('Gender Mainstreaming ja');
    expectText('Migration ja');
    expectText('Prävention/Nachhaltigkeit ja');
    expectText('Bildung ja');
    expectText('Klima-/Umwelt-/Naturschutz nein');
  });

  it('shows the title, the reference to 2020/608, every section heading and every paragraph verbatim', () => {
    expectText(paper.title);
    expectText('Bezugsvorlagen: 2020/608');
    for (const heading of [
      COUNCIL_PAPER_LABELS.statement,
      COUNCIL_PAPER_LABELS.description,
      COUNCIL_PAPER_LABELS.goalsAndEffects,
      COUNCIL_PAPER_LABELS.resources,
      COUNCIL_PAPER_LABELS.conclusion,
      COUNCIL_PAPER_LABELS.attachments,
    ]) {
      expectText(heading);
    }
    const { description, goalsAndEffects, resources, conclusion } = paper.sections;
    const paragraphs = [...description, ...goalsAndEffects, ...resources, ...conclusion];
    expect(paragraphs).toHaveLength(10);
    for (const paragraph of paragraphs) expectText(paragraph);
    expect(all).not.toContain(COUNCIL_PAPER_LABELS.resolutionProposal);
  });

  it('keeps the order of the paper', () => {
    let from = 0;
    for (const text of [
      'Landkreis Peine',
      'Vorlagennummer:',
      'Beratungsfolge',
      'Im Budget enthalten',
      'Relevanz',
      paper.title,
      'Bezugsvorlagen',
      'Sachdarstellung',
      'Inhaltsbeschreibung:',
      'Ziele / Wirkungen:',
      'Ressourceneinsatz:',
      'Schlussfolgerung:',
      'Anlagen',
    ]) {
      const at = all.indexOf(normalizePdfText(text), from);
      expect({ text, found: at >= 0 }).toEqual({ text, found: true });
      from = at + 1;
    }
  });

  it('numbers every page "Seite X von Y", as page furniture', () => {
    pages.forEach((text, i) => expect(normalizePdfText(text)).toContain(`Seite ${i + 1} von ${pages.length}`));
    expect(normalizePdfText(pages[0]!)).toContain(`Seite 1 von ${pages.length}`);
    expect(normalizePdfText(pages[1]!)).toContain('Landkreis Peine · Informationsvorlage 2021/844');
    expect(all).not.toContain('Seite 1 von');
  });

  it('carries title and language as metadata, and embeds its fonts', async () => {
    const { info, xmpTitle } = await extractPdfInfo(pdf);
    const title = 'Informationsvorlage 2021/844: "Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!"';
    expect(info.Title).toBe(title);
    expect(xmpTitle).toBe(title);
    expect(info.Language).toBe('de-DE');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(raw).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    // Regular, bold and italic, each embedded once (as a subset).
    expect(raw.match(/\/FontFile2/g)).toHaveLength(3);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('parses its fonts once per process', async () => {
    const before = fontParseCount();
    await buildCouncilPaperPdf(paper);
    await buildCouncilPaperPdf(longCouncilPaper(10));
    expect(fontParseCount()).toBe(before);
    expect(before).toBe(3);
  });
});

describe('buildCouncilPaperPdf for a Beschlussvorlage with a long Beratungsfolge', () => {
  it('breaks the table across pages, repeats its header and shows the proposal first', async () => {
    const data = longCouncilPaper(70);
    const pdf = await buildCouncilPaperPdf(data);
    const pages = (await extractPageTexts(pdf)).map(normalizePdfText);
    const all = pages.join(' ');
    const header = 'Beratungsfolge (Zuständigkeit) Sitzungstermin Status';
    const tablePages = pages.filter((p) => p.includes('(Sitzung '));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const page of tablePages) expect(page).toContain(header);
    // The repeated header rows are artifacts: tagged once.
    const tagged = normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));
    expect(tagged.split(header)).toHaveLength(2);
    for (const [i, c] of data.consultations.entries()) {
      expect(all).toContain(`(Sitzung ${i + 1}) (${c.role})`);
    }
    expect(all).toContain('Status: nichtöffentlich');
    expect(all).toContain('Beteiligt: Fachdienst Soziales, Fachdienst Gesundheit, Stabsstelle Bildungsregion');
    expect(all).toContain('Bezugsvorlagen: 2020/608 (Präventionsketten Niedersachsen), 2021/844');
    expect(all.indexOf('Beschlussvorschlag:')).toBeLessThan(all.indexOf('Sachdarstellung'));
    expect(all).toContain('1. Kooperationsvereinbarung mit der Landesvereinigung für Gesundheit');
    expect(all).toContain('2. Kostenplan 2021–2023');
    pages.forEach((text, i) => expect(text).toContain(`Seite ${i + 1} von ${pages.length}`));
  });
});

describe('validateCouncilPaperDocument', () => {
  it('demands a Beschlussvorschlag for a Beschlussvorlage, and none for an Informationsvorlage', async () => {
    const withoutProposal: CouncilPaperDocument = { ...paper, paperType: 'Beschlussvorlage' };
    await expect(buildCouncilPaperPdf(withoutProposal)).rejects.toThrow(CouncilPaperDocumentError);
    const infoWithProposal: CouncilPaperDocument = { ...paper, sections: { ...paper.sections, resolutionProposal: ['x'] } };
    await expect(buildCouncilPaperPdf(infoWithProposal)).rejects.toThrow('must not have a Beschlussvorschlag');
  });
});

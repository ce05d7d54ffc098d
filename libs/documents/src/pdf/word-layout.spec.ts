import { buildDisbursementRequestPdf, councilPaperFonts, PEINE_DISBURSEMENT_REQUEST, WordLayoutCache, wordLayoutsOf } from '@app/documents';
import { extractPageTexts, normalizePdfText } from '../../../../test/support/pdf-text';
import { buildKitSample } from './fixtures/kit-sample';

describe('WordLayoutCache', () => {
  it('lays a word out once and answers it from the cache after that', () => {
    const cache = new WordLayoutCache<string>(10);
    const layout = jest.fn((word: string) => `run(${word})`);
    expect(cache.get('Zuwendung', layout)).toBe('run(Zuwendung)');
    expect(cache.get('Zuwendung', layout)).toBe('run(Zuwendung)');
    expect(layout).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toEqual({ words: 1, hits: 1, misses: 1 });
  });

  it('holds at most its capacity and lets the least recently used word go first', () => {
    const cache = new WordLayoutCache<string>(2);
    const layout = jest.fn((word: string) => word.toUpperCase());
    cache.get('a', layout);
    cache.get('b', layout);
    cache.get('a', layout); // a is now the most recently used
    cache.get('c', layout); // b goes
    expect(cache.stats().words).toBe(2);
    layout.mockClear();
    cache.get('a', layout);
    cache.get('c', layout);
    expect(layout).not.toHaveBeenCalled();
    cache.get('b', layout);
    expect(layout).toHaveBeenCalledWith('b');
  });
});

describe('word layouts shared by the documents of a process', () => {
  const creationDate = new Date('2022-04-22T08:00:00Z');

  it('a second document shapes no word the first one shaped, and comes out byte for byte the same', async () => {
    const { fonts } = councilPaperFonts();
    const first = await buildDisbursementRequestPdf(PEINE_DISBURSEMENT_REQUEST, { creationDate });
    const before = wordLayoutsOf(fonts.regular).stats();
    // another document in between: the cache now holds its words too
    await buildKitSample(5);
    const again = wordLayoutsOf(fonts.regular).stats();
    const second = await buildDisbursementRequestPdf(PEINE_DISBURSEMENT_REQUEST, { creationDate });
    const after = wordLayoutsOf(fonts.regular).stats();
    expect(before.words).toBeGreaterThan(50);
    expect(after.misses).toBe(again.misses);
    expect(after.hits).toBeGreaterThan(again.hits);
    expect(second.equals(first)).toBe(true);
  });

  it('keeps the text of each document its own', async () => {
    const other = { ...PEINE_DISBURSEMENT_REQUEST, projectTitle: 'Frühe Hilfen Ilsede' };
    const [a, b] = await Promise.all([buildDisbursementRequestPdf(PEINE_DISBURSEMENT_REQUEST, { creationDate }), buildDisbursementRequestPdf(other, { creationDate })]);
    const textA = normalizePdfText((await extractPageTexts(a)).join('\n'));
    const textB = normalizePdfText((await extractPageTexts(b)).join('\n'));
    expect(textA).toContain(`Vorhaben: ${PEINE_DISBURSEMENT_REQUEST.projectTitle}`);
    expect(textB).toContain('Vorhaben: Frühe Hilfen Ilsede');
    expect(textA).not.toContain('Frühe Hilfen Ilsede');
  });
});

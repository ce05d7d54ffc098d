import { buildCouncilPaperPdf } from '@app/documents';
import { extractPageTexts } from '../../../../test/support/pdf-text';
import { describeValidations, validatePdfs, type PdfValidation } from '../../../../test/support/verapdf';
import { buildKitSample } from '../pdf/fixtures/kit-sample';
import { longCouncilPaper } from './fixtures/long-council-paper';
import { VORLAGE_2021_844 } from './fixtures/vorlage-2021-844';

/**
 * veraPDF 1.28.2 (install: bash scripts/tools/verapdf.sh) validates the generated documents
 * against PDF/A-2b and PDF/UA-1. All files go through one veraPDF run (plus one for the file
 * that does not claim PDF/UA), since each run starts a JVM.
 */
describe('council paper PDF against veraPDF', () => {
  let results: PdfValidation[];
  let longPageCount: number;

  beforeAll(async () => {
    const seed = await buildCouncilPaperPdf(VORLAGE_2021_844);
    const long = await buildCouncilPaperPdf(longCouncilPaper(70));
    longPageCount = (await extractPageTexts(long)).length;
    const kit = await buildKitSample(90);
    // The same paper without its PDF/UA identification (same byte length, so the xref holds).
    const withoutUaId = Buffer.from(
      seed.toString('latin1').replace('<pdfuaid:part>1</pdfuaid:part>', '<pdfuaid:xart>1</pdfuaid:xart>'),
      'latin1',
    );
    expect(withoutUaId.equals(seed)).toBe(false);
    results = await validatePdfs(
      [
        { name: 'vorlage-2021-844.pdf', pdf: seed },
        { name: 'long-beschlussvorlage.pdf', pdf: long },
        { name: 'kit-sample.pdf', pdf: kit },
        { name: 'without-pdfuaid.pdf', pdf: withoutUaId },
      ],
      ['2b', 'ua1'],
    );
  });

  const result = (name: string): PdfValidation => {
    const found = results.find((r) => r.file === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };

  it.each(['vorlage-2021-844.pdf', 'long-beschlussvorlage.pdf', 'kit-sample.pdf'])(
    '%s is PDF/A-2b and PDF/UA-1',
    (name) => {
      const r = result(name);
      if (!r.passed) throw new Error(describeValidations([r]));
      expect(r.verdicts.map((v) => [v.profile, v.compliant])).toEqual([
        ['2b', true],
        ['ua1', true],
      ]);
    },
  );

  it('validated a Beratungsfolge that spans pages', () => {
    expect(longPageCount).toBeGreaterThanOrEqual(4);
  });

  it('fails PDF/UA-1 when the identification is missing, and names the rule', () => {
    const r = result('without-pdfuaid.pdf');
    expect(r.passed).toBe(false);
    // (PDF/A-2b fails too: pdfuaid:xart is not declared in the extension schema.)
    expect(r.verdicts.find((v) => v.profile === 'ua1')?.compliant).toBe(false);
    expect(r.failures.join('\n')).toMatch(/^ua1 5-2: .*pdfuaid:part/m);
  });
});

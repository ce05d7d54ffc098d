import {
  buildApplicationFormPdf,
  buildDisbursementRequestPdf,
  buildInterimReportPdf,
  buildProofOfUseFiguresPdf,
  buildProofOfUseNarrativePdf,
  buildStatusReportPdf,
  longProofOfUseFigures,
  PEINE_APPLICATION,
  PEINE_DISBURSEMENT_REQUEST,
  PEINE_INTERIM_REPORT_2022,
  PEINE_PROOF_OF_USE_FIGURES,
  PEINE_PROOF_OF_USE_NARRATIVE,
  PEINE_STATUS_REPORT,
} from '@app/documents';
import { extractPageTexts } from '../../../../test/support/pdf-text';
import { describeValidations, validatePdfs, type PdfValidation } from '../../../../test/support/verapdf';

/**
 * veraPDF 1.28.2 (install: bash scripts/tools/verapdf.sh) validates every funding document and
 * the status report against PDF/A-2b and PDF/UA-1, all in one run (each run starts a JVM).
 */
const creationDate = new Date('2024-10-15T08:00:00Z');
const DOCUMENTS: readonly { name: string; build: () => Promise<Buffer> }[] = [
  { name: 'foerderantrag.pdf', build: () => buildApplicationFormPdf(PEINE_APPLICATION, { creationDate }) },
  { name: 'mittelabruf-6.pdf', build: () => buildDisbursementRequestPdf(PEINE_DISBURSEMENT_REQUEST, { creationDate }) },
  { name: 'zwischennachweis-2022.pdf', build: () => buildInterimReportPdf(PEINE_INTERIM_REPORT_2022, { creationDate }) },
  { name: 'verwendungsnachweis-sachbericht.pdf', build: () => buildProofOfUseNarrativePdf(PEINE_PROOF_OF_USE_NARRATIVE, { creationDate }) },
  { name: 'verwendungsnachweis-zahlen.pdf', build: () => buildProofOfUseFiguresPdf(PEINE_PROOF_OF_USE_FIGURES, { creationDate }) },
  { name: 'verwendungsnachweis-300-belege.pdf', build: () => buildProofOfUseFiguresPdf(longProofOfUseFigures(300), { creationDate }) },
  { name: 'sachstandsbericht-jha.pdf', build: () => buildStatusReportPdf(PEINE_STATUS_REPORT, { creationDate }) },
];

describe('funding documents against veraPDF', () => {
  let results: PdfValidation[];
  let longPageCount: number;

  beforeAll(async () => {
    const pdfs = await Promise.all(DOCUMENTS.map(async (d) => ({ name: d.name, pdf: await d.build() })));
    longPageCount = (await extractPageTexts(pdfs.find((p) => p.name === 'verwendungsnachweis-300-belege.pdf')!.pdf)).length;
    results = await validatePdfs(pdfs, ['2b', 'ua1']);
  });

  it('validated every document', () => {
    expect(results.map((r) => r.file)).toEqual(DOCUMENTS.map((d) => d.name));
  });

  it.each(DOCUMENTS.map((d) => d.name))('%s is PDF/A-2b and PDF/UA-1', (name) => {
    const r = results.find((v) => v.file === name)!;
    if (!r.passed) throw new Error(describeValidations([r]));
    expect(r.verdicts.map((v) => [v.profile, v.compliant])).toEqual([
      ['2b', true],
      ['ua1', true],
    ]);
  });

  it('validated a Belegliste that runs over many pages', () => {
    expect(longPageCount).toBeGreaterThanOrEqual(10);
  });
});

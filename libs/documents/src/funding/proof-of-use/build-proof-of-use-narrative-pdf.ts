import { type BuildFundingPdfOptions, bodyText, drawMilestoneTable, drawSignature, drawTextSections, section } from '../common';
import { FieldChecker } from '../validation';
import { checkProofOfUseGrant, finishProofOfUse, startProofOfUse } from './proof-of-use-common';
import type { ProofOfUseNarrativeDocument } from './proof-of-use-document';

/** German texts of the Sachbericht. */
export const PROOF_OF_USE_NARRATIVE_LABELS = {
  part: 'Teil 1: Sachbericht',
  narrative: '2. Sachbericht',
  milestones: '3. Meilensteine',
  milestoneSummary: (reached: number, total: number, late: number) =>
    `${reached} von ${total} Meilensteinen erreicht${late ? `, davon ${late} nach dem geplanten Termin` : ''}.`,
} as const;

const T = PROOF_OF_USE_NARRATIVE_LABELS;

export function validateProofOfUseNarrativeDocument(data: ProofOfUseNarrativeDocument): void {
  const c = new FieldChecker('proof-of-use-narrative');
  checkProofOfUseGrant(c, data);
  c.sections(data.sections, 'sections');
  c.check(data.milestones.length > 0, 'milestones', 'needs at least one Meilenstein');
  c.milestones(data.milestones);
  c.done();
}

/** Builds the Sachbericht of the Verwendungsnachweis as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildProofOfUseNarrativePdf(data: ProofOfUseNarrativeDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateProofOfUseNarrativeDocument(data);
  const pdf = startProofOfUse(data, T.part, options.creationDate);
  section(pdf, T.narrative, (sect) => drawTextSections(pdf, data.sections, sect));
  const asOf = data.signatory.date;
  section(pdf, T.milestones, (sect) => {
    const reached = data.milestones.filter((m) => m.doneOn !== undefined && m.doneOn <= asOf);
    bodyText(pdf, T.milestoneSummary(reached.length, data.milestones.length, reached.filter((m) => m.doneOn! > m.due).length), sect);
    drawMilestoneTable(pdf, data.milestones, asOf, sect);
  });
  drawSignature(pdf, data.signatory, pdf.root);
  return finishProofOfUse(pdf, data, T.part);
}

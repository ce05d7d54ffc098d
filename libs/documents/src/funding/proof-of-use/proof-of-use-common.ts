import { LAND_HOLIDAY_RULES, proofOfUseDueDate, type DeadlineDates } from '@app/calendar';
import { formatDate } from '../../format';
import type { AccessiblePdf } from '../../pdf/accessible-pdf';
import type { BoxField } from '../../pdf/box';
import { decorateFundingPages, startGrantDocument } from '../common';
import { formatDeadline } from '../funding-format';
import type { FieldChecker } from '../validation';
import type { ProofOfUseGrant } from './proof-of-use-document';

/** German texts both parts of the Verwendungsnachweis share. */
export const PROOF_OF_USE_LABELS = {
  title: 'Verwendungsnachweis',
  dueDate: 'Vorzulegen bis:',
  purposeFulfilled: 'Zweck erfüllt am:',
} as const;

const T = PROOF_OF_USE_LABELS;

/**
 * Due the last day of the sixth month after the Bewilligungszeitraum, or six months after the
 * purpose was fulfilled when that is earlier; moved to the next working day in the recipient's Land.
 */
export function proofOfUseDeadline(data: ProofOfUseGrant): DeadlineDates {
  return proofOfUseDueDate(data.grant.period.end, {
    purposeFulfilledOn: data.purposeFulfilledOn,
    holidays: LAND_HOLIDAY_RULES[data.recipient.state],
  });
}

export function checkProofOfUseGrant(c: FieldChecker, data: ProofOfUseGrant): void {
  c.grantContext(data);
  if (data.purposeFulfilledOn !== undefined && c.date(data.purposeFulfilledOn, 'purposeFulfilledOn')) {
    c.within(data.purposeFulfilledOn, data.grant.period.start, data.grant.period.end, 'purposeFulfilledOn', 'the Bewilligungszeitraum');
  }
}

/** Letterhead, title ("Verwendungsnachweis" and the part) and section 1 with the grant and the deadline. */
export function startProofOfUse(data: ProofOfUseGrant, part: string, creationDate: Date | undefined, extraFacts: readonly BoxField[] = []): AccessiblePdf {
  const { recipient, programme, grant } = data;
  const facts: BoxField[] = [...extraFacts];
  if (data.purposeFulfilledOn) facts.push({ label: T.purposeFulfilled, value: formatDate(data.purposeFulfilledOn) });
  facts.push({ label: T.dueDate, value: formatDeadline(proofOfUseDeadline(data)) });
  return startGrantDocument(data, {
    title: `${T.title} – ${part} – ${data.projectTitle} – ${recipient.organisation}`,
    subject: `${T.title}, ${part}: ${programme.name}`,
    keywords: [T.title, part, programme.name, grant.fileNumber],
    heading: T.title,
    subtitle: part,
    facts,
    creationDate,
  });
}

export function finishProofOfUse(pdf: AccessiblePdf, data: ProofOfUseGrant, part: string): Promise<Buffer> {
  decorateFundingPages(
    pdf,
    `${data.recipient.organisation} · ${T.title} · ${part}`,
    formatDate(data.signatory.date),
    `${T.title} · Aktenzeichen ${data.grant.fileNumber}`,
  );
  return pdf.end();
}

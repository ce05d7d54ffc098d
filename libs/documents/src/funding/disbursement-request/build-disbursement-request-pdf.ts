import { disbursementWindowEnd } from '@app/calendar';
import { formatEuro } from '@app/money';
import { formatDate } from '../../format';
import type { BoxField } from '../../pdf/box';
import {
  type BuildFundingPdfOptions,
  bodyText,
  decorateFundingPages,
  drawAmountList,
  drawFacts,
  drawMoneyTable,
  drawSignature,
  section,
  startGrantDocument,
} from '../common';
import { formatAmount, formatDisbursementWindow, formatIban } from '../funding-format';
import { sumCents } from '../settlement';
import { FieldChecker } from '../validation';
import type { DisbursementRequestDocument } from './disbursement-request-document';

/** German texts of the Mittelabruf. */
export const DISBURSEMENT_REQUEST_LABELS = {
  title: 'Mittelabruf',
  subtitle: (n: number) => `Antrag auf Auszahlung von Zuwendungsmitteln – ${n}. Mittelabruf`,
  requestNumber: 'Mittelabruf Nr.:',
  request: '2. Angeforderte Mittel',
  amount: 'Angeforderter Betrag:',
  payoutDate: 'Auszahlung erbeten zum:',
  windowEnd: 'Mittel benötigt bis:',
  paymentHeaders: ['Fällige Zahlung', 'fällig am', 'Ausgaben (€)', 'davon Zuwendung (€)'] as const,
  paymentsTotal: 'Summe',
  need: (amount: string, window: string, end: string, rule: string | undefined) =>
    `Die angeforderten Mittel in Höhe von ${amount} werden ${window} nach der Auszahlung, d. h. bis zum ${end}, für fällige Zahlungen benötigt${rule ? ` (${rule})` : ''}. Die Eigenmittel und die Leistungen Dritter werden anteilig eingesetzt.`,
  overview: '3. Übersicht der Mittelabrufe',
  previousHeaders: ['Mittelabruf', 'abgerufen am', 'ausgezahlt am', 'Betrag (€)'] as const,
  previousName: (n: number) => `${n}. Mittelabruf`,
  notPaid: 'ausstehend',
  previousTotal: 'Bisher abgerufen',
  none: 'Bisher wurden keine Mittel abgerufen.',
  balanceHeaders: ['Stand der Zuwendung', 'Betrag (€)'] as const,
  approved: 'Bewilligte Zuwendung',
  calledSoFar: 'abzüglich bisher abgerufener Mittel',
  thisRequest: (n: number) => `abzüglich dieses Mittelabrufs (Nr. ${n})`,
  remaining: 'Verbleibende Zuwendung nach diesem Abruf',
  bank: '4. Bankverbindung',
  holder: 'Kontoinhaber:',
  iban: 'IBAN:',
  bic: 'BIC:',
  bankName: 'Kreditinstitut:',
  signature: 'Rechtsverbindliche Unterschrift',
} as const;

const T = DISBURSEMENT_REQUEST_LABELS;

export function validateDisbursementRequestDocument(data: DisbursementRequestDocument): void {
  const c = new FieldChecker('disbursement-request');
  c.grantContext(data);
  c.check(Number.isInteger(data.number) && data.number >= 1, 'number', `must be a whole number ≥ 1, got ${data.number}`);
  const requestDate = data.signatory.date;

  const numbers = new Set<number>();
  data.previousRequests.forEach((r, i) => {
    const at = `previousRequests[${i}]`;
    c.check(Number.isInteger(r.number) && r.number >= 1 && r.number < data.number && !numbers.has(r.number), `${at}.number`, `must be unique and below ${data.number}, got ${r.number}`);
    numbers.add(r.number);
    if (c.date(r.date, `${at}.date`)) c.check(r.date <= requestDate, `${at}.date`, `${r.date} is after this request (${requestDate})`);
    if (r.paidOn !== undefined && c.date(r.paidOn, `${at}.paidOn`)) c.check(r.paidOn >= r.date, `${at}.paidOn`, `paid (${r.paidOn}) before it was requested (${r.date})`);
    c.cents(r.amount, `${at}.amount`, 1);
  });

  const amountOk = c.cents(data.amount, 'amount', 1);
  const calledSoFar = data.previousRequests.reduce((sum, r) => sum + r.amount, 0);
  if (amountOk && Number.isSafeInteger(calledSoFar)) {
    c.check(calledSoFar + data.amount <= data.grant.approvedAmount, 'amount', `with ${calledSoFar} cents called before, exceeds the approved ${data.grant.approvedAmount} cents`);
  }

  const payoutOk = c.date(data.payoutDate, 'payoutDate');
  if (payoutOk) {
    c.check(data.payoutDate >= requestDate, 'payoutDate', `${data.payoutDate} is before the request date ${requestDate}`);
    c.within(data.payoutDate, data.grant.period.start, data.grant.period.end, 'payoutDate', 'the Bewilligungszeitraum');
  }
  const windowEnd = payoutOk && data.programme.disbursementWindow.length >= 1 ? disbursementWindowEnd(data.payoutDate, data.programme.disbursementWindow) : undefined;

  c.check(data.payments.length > 0, 'payments', 'name at least one payment the money is needed for');
  data.payments.forEach((p, i) => {
    const at = `payments[${i}]`;
    c.text(p.description, `${at}.description`);
    if (c.date(p.dueDate, `${at}.dueDate`) && windowEnd) {
      c.check(p.dueDate <= windowEnd, `${at}.dueDate`, `due ${p.dueDate}, after the window ends (${windowEnd}): not needed soon enough`);
    }
    if (c.cents(p.cost, `${at}.cost`, 1) && c.cents(p.share, `${at}.share`, 1)) {
      c.check(p.share <= p.cost, `${at}.share`, `share ${p.share} cents exceeds the payment's ${p.cost} cents`);
    }
  });
  const shares = data.payments.reduce((sum, p) => sum + p.share, 0);
  if (amountOk && Number.isSafeInteger(shares)) c.check(shares === data.amount, 'amount', `differs from the payments' shares (${shares} cents)`);

  if (data.bankAccount) {
    c.text(data.bankAccount.holder, 'bankAccount.holder');
    c.iban(data.bankAccount.iban, 'bankAccount.iban');
    if (data.bankAccount.bic !== undefined) {
      c.check(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(data.bankAccount.bic), 'bankAccount.bic', `not a BIC: ${data.bankAccount.bic}`);
    }
    c.optionalText(data.bankAccount.bank, 'bankAccount.bank');
  }
  c.done();
}

/** Builds the Mittelabruf as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildDisbursementRequestPdf(data: DisbursementRequestDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateDisbursementRequestDocument(data);
  const { recipient, programme, grant } = data;
  const date = formatDate(data.signatory.date);
  const pdf = startGrantDocument(data, {
    title: `${data.number}. ${T.title} – ${programme.legalBasis.instrument} ${grant.fileNumber} – ${recipient.organisation}`,
    subject: T.subtitle(data.number),
    keywords: [T.title, programme.name, grant.fileNumber],
    heading: T.title,
    subtitle: T.subtitle(data.number),
    references: [[T.requestNumber, String(data.number)]],
    creationDate: options.creationDate,
  });

  const windowEnd = formatDate(disbursementWindowEnd(data.payoutDate, programme.disbursementWindow));
  section(pdf, T.request, (sect) => {
    drawFacts(
      pdf,
      [
        { label: T.amount, value: formatEuro(data.amount) },
        { label: T.payoutDate, value: formatDate(data.payoutDate) },
        { label: T.windowEnd, value: windowEnd },
      ],
      sect,
    );
    drawMoneyTable(pdf, {
      columns: [
        { header: T.paymentHeaders[0], kind: 'text' },
        { header: T.paymentHeaders[1], kind: 'fit' },
        { header: T.paymentHeaders[2], kind: 'amount' },
        { header: T.paymentHeaders[3], kind: 'amount' },
      ],
      rows: data.payments.map((p) => ({ cells: [p.description, formatDate(p.dueDate), formatAmount(p.cost), formatAmount(p.share)] })),
      footer: [
        {
          cells: [T.paymentsTotal, '', formatAmount(sumCents(data.payments.map((p) => p.cost))), formatAmount(sumCents(data.payments.map((p) => p.share)))],
        },
      ],
      parent: sect,
    });
    bodyText(pdf, T.need(formatEuro(data.amount), formatDisbursementWindow(programme.disbursementWindow), windowEnd, programme.disbursementRule), sect);
  });

  section(pdf, T.overview, (sect) => {
    const calledSoFar = sumCents(data.previousRequests.map((r) => r.amount));
    if (data.previousRequests.length) {
      drawMoneyTable(pdf, {
        columns: [
          { header: T.previousHeaders[0], kind: 'text' },
          { header: T.previousHeaders[1], kind: 'fit' },
          { header: T.previousHeaders[2], kind: 'fit' },
          { header: T.previousHeaders[3], kind: 'amount' },
        ],
        rows: data.previousRequests.map((r) => ({
          cells: [T.previousName(r.number), formatDate(r.date), r.paidOn ? formatDate(r.paidOn) : T.notPaid, formatAmount(r.amount)],
        })),
        footer: [{ cells: [T.previousTotal, '', '', formatAmount(calledSoFar)] }],
        parent: sect,
      });
    } else {
      bodyText(pdf, T.none, sect);
    }
    drawAmountList(
      pdf,
      T.balanceHeaders,
      [
        { cells: [T.approved, formatAmount(grant.approvedAmount)] },
        { cells: [T.calledSoFar, formatAmount(-calledSoFar)] },
        { cells: [T.thisRequest(data.number), formatAmount(-data.amount)] },
      ],
      [{ cells: [T.remaining, formatAmount(grant.approvedAmount - calledSoFar - data.amount)] }],
      sect,
    );
  });

  const bank = data.bankAccount;
  if (bank) {
    section(pdf, T.bank, (sect) => {
      const fields: BoxField[] = [
        { label: T.holder, value: bank.holder },
        { label: T.iban, value: formatIban(bank.iban) },
      ];
      if (bank.bic) fields.push({ label: T.bic, value: bank.bic });
      if (bank.bank) fields.push({ label: T.bankName, value: bank.bank });
      drawFacts(pdf, fields, sect);
    });
  }
  drawSignature(pdf, data.signatory, pdf.root, { label: T.signature });

  decorateFundingPages(pdf, `${recipient.organisation} · ${data.number}. ${T.title}`, date, `${T.title} Nr. ${data.number} · Aktenzeichen ${grant.fileNumber}`);
  return pdf.end();
}

import { formatEuro } from '@app/money';
import { formatDate } from '../../format';
import type { AccessiblePdf, StructParent } from '../../pdf/accessible-pdf';
import type { SummaryTableRow } from '../../pdf/summary-table';
import {
  type BuildFundingPdfOptions,
  bodyText,
  CONFIRMATION,
  drawAmountList,
  drawComparisonTable,
  drawMoneyTable,
  drawSignature,
  note,
  OVERRUN_FLAG,
  section,
} from '../common';
import type { Financing } from '../funding-document';
import { financingFacts, formatAmount, formatSignedAmount } from '../funding-format';
import { costPlanTotal, settle, sumCents, totalsByPosition, type Settlement } from '../settlement';
import { FieldChecker } from '../validation';
import { checkProofOfUseGrant, finishProofOfUse, startProofOfUse } from './proof-of-use-common';
import type { ProofOfUseFiguresDocument } from './proof-of-use-document';

/** German texts of the zahlenmäßiger Nachweis. */
export const PROOF_OF_USE_FIGURES_LABELS = {
  part: 'Teil 2: Zahlenmäßiger Nachweis',
  income: '2. Einnahmen',
  incomeHeaders: ['Finanzierung', 'lt. Finanzierungsplan (€)', 'lt. Abrechnung (€)', 'Abweichung (€)'] as const,
  ownFunds: 'Eigenmittel',
  grant: 'Zuwendung',
  thirdParty: (name: string) => `Leistungen Dritter: ${name}`,
  incomeTotal: 'Summe der Einnahmen',
  expenses: '3. Ausgaben (Soll-Ist-Vergleich)',
  planned: 'Soll (€)',
  actual: 'Ist (€)',
  expensesTotal: 'Summe der Ausgaben',
  overrunNote: `Einzelansätze dürfen um bis zu 20 % überschritten werden, soweit die Überschreitung durch Einsparungen bei anderen Einzelansätzen ausgeglichen wird (Nr. 1.2 ANBest-P). Mit „${OVERRUN_FLAG}“ gekennzeichnete Überschreitungen sind ohne Zustimmung des Zuwendungsgebers nur bis zu 20 % zuwendungsfähig; der Gesamtansatz ist verbindlich.`,
  result: '4. Ergebnis',
  resultHeaders: ['Abrechnung', 'Betrag (€)'] as const,
  actualTotal: 'Ausgaben lt. Abrechnung',
  overrunExcess: 'abzüglich Überschreitungen einzelner Ansätze über 20 %',
  planExcess: 'abzüglich Überschreitung des Gesamtansatzes',
  eligible: 'Zuwendungsfähige Ausgaben',
  entitlement: (type: string) => `Zustehende Zuwendung (${type})`,
  received: 'abzüglich ausgezahlter Zuwendung',
  overpayment: 'Überzahlung (Rückforderung)',
  underpayment: 'Noch auszuzahlende Zuwendung',
  balanced: 'Differenz',
  overpaymentText: (amount: string) => `Es ergibt sich eine Überzahlung von ${amount}. Der Betrag wird nach Eingang des Rückforderungsbescheids bzw. der Zahlungsaufforderung zurückgezahlt.`,
  underpaymentText: (amount: string) => `Es ergibt sich ein noch auszuzahlender Betrag von ${amount}; um seine Auszahlung wird gebeten.`,
  balancedText: 'Ausgezahlte und zustehende Zuwendung stimmen überein.',
  receipts: '5. Belegliste',
  receiptHeaders: ['Nr.', 'Datum', 'Zahlungsempfänger', 'Grund der Zahlung', 'Pos.', 'Betrag (€)'] as const,
  receiptsTotal: 'Summe der Belegliste',
  receiptsNote: (count: number) => `${count} Belege, nach Zahlungsdatum geordnet. Die Belege werden fünf Jahre aufbewahrt.`,
} as const;

const T = PROOF_OF_USE_FIGURES_LABELS;

export function validateProofOfUseFiguresDocument(data: ProofOfUseFiguresDocument): void {
  const c = new FieldChecker('proof-of-use-figures');
  checkProofOfUseGrant(c, data);
  if (c.costPlan(data.costPlan, data.grant.period)) {
    const total = costPlanTotal(data.costPlan);
    c.financingPlan(data.financingPlan, total);
    c.financing(data.financing, data.financingPlan.grant, total);
  }
  c.check(data.financingPlan.grant === data.grant.approvedAmount, 'financingPlan.grant', `differs from the approved ${data.grant.approvedAmount} cents`);

  const { income } = data;
  c.cents(income.ownFunds, 'income.ownFunds');
  if (c.cents(income.grantReceived, 'income.grantReceived')) {
    c.check(income.grantReceived <= data.grant.approvedAmount, 'income.grantReceived', `exceeds the approved ${data.grant.approvedAmount} cents`);
  }
  income.thirdParties.forEach((t, i) => {
    c.text(t.name, `income.thirdParties[${i}].name`);
    c.cents(t.amount, `income.thirdParties[${i}].amount`);
  });

  c.check(data.receipts.length > 0, 'receipts', 'the Belegliste is empty');
  c.bookings(data.receipts, data.costPlan, 'receipts', false);
  const numbers = new Set<number>();
  data.receipts.forEach((r, i) => {
    const at = `receipts[${i}]`;
    c.check(Number.isInteger(r.number) && r.number >= 1 && !numbers.has(r.number), `${at}.number`, `must be a unique whole number ≥ 1, got ${r.number}`);
    numbers.add(r.number);
    if (c.date(r.date, `${at}.date`)) c.within(r.date, data.grant.period.start, data.grant.period.end, `${at}.date`, 'the Bewilligungszeitraum');
    c.text(r.payee, `${at}.payee`);
    c.text(r.reason, `${at}.reason`);
  });
  c.done();
}

/** The settlement of the document: Soll-Ist, eligible cost, entitlement and balance. */
export function settleProofOfUse(data: ProofOfUseFiguresDocument): Settlement {
  return settle({
    plan: data.costPlan,
    actualByPosition: totalsByPosition(data.receipts),
    financing: data.financing,
    approved: data.grant.approvedAmount,
    received: data.income.grantReceived,
    ownFunds: data.income.ownFunds,
    thirdPartyFunds: sumCents(data.income.thirdParties.map((t) => t.amount)),
  });
}

/** Builds the zahlenmäßiger Nachweis of the Verwendungsnachweis as an archival, accessible PDF (PDF/A-2b, PDF/UA-1). */
export async function buildProofOfUseFiguresPdf(data: ProofOfUseFiguresDocument, options: BuildFundingPdfOptions = {}): Promise<Buffer> {
  validateProofOfUseFiguresDocument(data);
  const result = settleProofOfUse(data);
  const facts = financingFacts(data.financing).map(([label, value]) => ({ label, value }));
  const pdf = startProofOfUse(data, T.part, options.creationDate, facts);

  section(pdf, T.income, (sect) => drawIncome(pdf, data, sect));
  section(pdf, T.expenses, (sect) => {
    drawComparisonTable(pdf, result.lines, { plannedHeader: T.planned, actualHeader: T.actual, flagOverruns: true, totalLabel: T.expensesTotal }, sect);
    note(pdf, T.overrunNote, sect);
  });
  section(pdf, T.result, (sect) => drawResult(pdf, result, data.financing, sect));
  section(pdf, T.receipts, (sect) => {
    note(pdf, T.receiptsNote(data.receipts.length), sect);
    drawMoneyTable(pdf, {
      columns: [
        { header: T.receiptHeaders[0], kind: 'fit', align: 'right' },
        { header: T.receiptHeaders[1], kind: 'fit' },
        { header: T.receiptHeaders[2], kind: 'text', weight: 4 },
        { header: T.receiptHeaders[3], kind: 'text', weight: 5 },
        { header: T.receiptHeaders[4], kind: 'fit' },
        { header: T.receiptHeaders[5], kind: 'amount' },
      ],
      rows: data.receipts.map((r) => ({ cells: [String(r.number), formatDate(r.date), r.payee, r.reason, r.position, formatAmount(r.amount)] })),
      footer: [{ cells: ['', '', T.receiptsTotal, '', '', formatAmount(sumCents(data.receipts.map((r) => r.amount)))] }],
      parent: sect,
    });
  });
  drawSignature(pdf, data.signatory, pdf.root, { statement: CONFIRMATION });
  return finishProofOfUse(pdf, data, T.part);
}

function drawIncome(pdf: AccessiblePdf, data: ProofOfUseFiguresDocument, parent: StructParent): void {
  const planned = data.financingPlan;
  const actual = data.income;
  const names = [...new Set([...planned.thirdParties.map((t) => t.name), ...actual.thirdParties.map((t) => t.name)])];
  const amountOf = (list: readonly { name: string; amount: number }[], name: string): number =>
    sumCents(list.filter((t) => t.name === name).map((t) => t.amount));
  const row = (label: string, plan: number, real: number): SummaryTableRow => ({
    cells: [label, formatAmount(plan), formatAmount(real), formatSignedAmount(real - plan)],
  });
  const thirdPlanned = sumCents(planned.thirdParties.map((t) => t.amount));
  const thirdActual = sumCents(actual.thirdParties.map((t) => t.amount));
  drawMoneyTable(pdf, {
    columns: [
      { header: T.incomeHeaders[0], kind: 'text' },
      { header: T.incomeHeaders[1], kind: 'amount' },
      { header: T.incomeHeaders[2], kind: 'amount' },
      { header: T.incomeHeaders[3], kind: 'amount' },
    ],
    rows: [
      row(T.ownFunds, planned.ownFunds, actual.ownFunds),
      row(T.grant, planned.grant, actual.grantReceived),
      ...names.map((name) => row(T.thirdParty(name), amountOf(planned.thirdParties, name), amountOf(actual.thirdParties, name))),
    ],
    footer: [
      row(T.incomeTotal, planned.ownFunds + planned.grant + thirdPlanned, actual.ownFunds + actual.grantReceived + thirdActual),
    ],
    parent,
  });
}

function drawResult(pdf: AccessiblePdf, result: Settlement, financing: Financing, parent: StructParent): void {
  const lineEligible = sumCents(result.lines.map((l) => l.eligible));
  const rows: SummaryTableRow[] = [{ cells: [T.actualTotal, formatAmount(result.actualTotal)] }];
  if (lineEligible < result.actualTotal) rows.push({ cells: [T.overrunExcess, formatAmount(lineEligible - result.actualTotal)] });
  if (result.eligibleCost < lineEligible) rows.push({ cells: [T.planExcess, formatAmount(result.eligibleCost - lineEligible)] });
  rows.push(
    { cells: [T.eligible, formatAmount(result.eligibleCost)], emphasis: true },
    { cells: [T.entitlement(financing.type), formatAmount(result.entitlement)] },
    { cells: [T.received, formatAmount(-result.received)] },
  );
  const { balance } = result;
  const [label, text] =
    balance > 0
      ? [T.overpayment, T.overpaymentText(formatEuro(balance))]
      : balance < 0
        ? [T.underpayment, T.underpaymentText(formatEuro(-balance))]
        : [T.balanced, T.balancedText];
  drawAmountList(pdf, T.resultHeaders, rows, [{ cells: [label, formatAmount(Math.abs(balance))] }], parent);
  bodyText(pdf, text, parent);
}

import { disbursementWindowEnd, type DisbursementWindow } from '@app/calendar';
import type { FieldProblem } from '@app/common';
import type { NoticeDecision } from '@app/database';
import { formatEuro } from '@app/money';
import type { DisbursementWarningCode } from './funding-records.dto';

/*
 * The rules of the funding records that single fields cannot check. Pure functions: the services
 * call them with the data at hand.
 */

export interface NoticeInput {
  decision: NoticeDecision;
  approvedCents: number;
  periodStart: string | null;
  periodEnd: string | null;
}

/**
 * A Bescheid: rejected means 0 € and no Bewilligungszeitraum; an approval names a period and an
 * amount above 0 — approved: at most the funder share requested in the current revision;
 * partly approved: less than it.
 */
export function noticeProblems(n: NoticeInput, funderShareCents: number, revisionNo: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (n.decision === 'rejected') {
    if (n.approvedCents !== 0) problems.push({ field: 'approvedCents', reason: 'must be 0 for a rejected application' });
    if (n.periodStart !== null) problems.push({ field: 'periodStart', reason: 'a rejection has no Bewilligungszeitraum' });
    if (n.periodEnd !== null) problems.push({ field: 'periodEnd', reason: 'a rejection has no Bewilligungszeitraum' });
    return problems;
  }
  if (n.periodStart === null) problems.push({ field: 'periodStart', reason: `is required when the decision is ${n.decision}` });
  if (n.periodEnd === null) problems.push({ field: 'periodEnd', reason: `is required when the decision is ${n.decision}` });
  if (n.periodStart !== null && n.periodEnd !== null && n.periodEnd < n.periodStart) {
    problems.push({ field: 'periodEnd', reason: `must not be before periodStart (${n.periodStart})` });
  }
  const requested = `the funder share requested in revision ${revisionNo} (${formatEuro(funderShareCents)})`;
  if (n.approvedCents <= 0) {
    problems.push({ field: 'approvedCents', reason: `must be above 0 when the decision is ${n.decision}` });
  } else if (n.decision === 'approved' && n.approvedCents > funderShareCents) {
    problems.push({ field: 'approvedCents', reason: `${formatEuro(n.approvedCents)} is more than ${requested}` });
  } else if (n.decision === 'partly_approved' && n.approvedCents >= funderShareCents) {
    problems.push({ field: 'approvedCents', reason: `a partial approval must be less than ${requested}; the full amount is decision approved` });
  }
  return problems;
}

export interface DisbursementInput {
  requestedOn: string;
  payoutDate: string;
  coversFrom: string;
  coversTo: string;
}

/** Problems that stop a disbursement request from being stored at all. */
export function disbursementProblems(d: DisbursementInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (d.coversTo < d.coversFrom) problems.push({ field: 'coversTo', reason: `must not be before coversFrom (${d.coversFrom})` });
  if (d.payoutDate < d.requestedOn) problems.push({ field: 'payoutDate', reason: `must not be before requestedOn (${d.requestedOn})` });
  return problems;
}

export interface DisbursementWarning {
  code: DisbursementWarningCode;
  field: string;
  message: string;
}

function windowText(window: DisbursementWindow): string {
  return `${window.length} ${window.unit === 'months' ? (window.length === 1 ? 'month' : 'months') : window.length === 1 ? 'week' : 'weeks'}`;
}

/**
 * Rule problems that a draft may still have (the user fixes them, or acknowledges them when
 * sending): the spending window (ANBest-P Nr. 1.4: money paid out on A may cover payments due on
 * or before A + the programme window — two months: payout 30.11. covers up to 30.01.) and costs
 * outside the Bewilligungszeitraum.
 */
export function disbursementWarnings(
  d: DisbursementInput,
  window: DisbursementWindow,
  period: { periodStart: string | null; periodEnd: string | null } | undefined,
): { windowEnd: string; warnings: DisbursementWarning[] } {
  const windowEnd = disbursementWindowEnd(d.payoutDate, window);
  const warnings: DisbursementWarning[] = [];
  if (d.coversTo > windowEnd) {
    warnings.push({
      code: 'spending_window',
      field: 'coversTo',
      message: `money paid out on ${d.payoutDate} may only cover payments due within ${windowText(window)}, i.e. on or before ${windowEnd}; coversTo is ${d.coversTo}`,
    });
  }
  if (period?.periodStart && d.coversFrom < period.periodStart) {
    warnings.push({ code: 'outside_notice_period', field: 'coversFrom', message: `coversFrom ${d.coversFrom} lies before the Bewilligungszeitraum (from ${period.periodStart})` });
  }
  if (period?.periodEnd && d.coversTo > period.periodEnd) {
    warnings.push({ code: 'outside_notice_period', field: 'coversTo', message: `coversTo ${d.coversTo} lies after the Bewilligungszeitraum (until ${period.periodEnd})` });
  }
  return { windowEnd, warnings };
}

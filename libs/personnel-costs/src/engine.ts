import { compareDates, daysInclusive, IsoMonth, maxDate, minDate, monthEnd, monthOf, monthsOverlapping, shiftMonth } from '@app/calendar';
import { Cents, mulDivRoundHalfUp } from '@app/money';
import { computeBonus } from './bonus';
import { CumulativeStateError } from './errors';
import { computeMonthlyPay, entitlementInterval, MonthOutsideEmploymentError } from './monthly-pay';
import { ResolvedPosition, resolvePosition } from './position';
import { percentRatio } from './rational';
import { findBonusBand, findOnCostRate, validateReferenceData } from './reference-data';
import type {
  CumulativeState,
  LedgerLine,
  MonthResult,
  OnCostLine,
  PositionInput,
  ReferenceData,
  ScheduleResult,
  ScheduleTotals,
} from './types';

/** Simplifications of the flat-rate on-cost model (section 4), stated on every output. */
export const FLAT_ON_COST_MODEL_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'Flat-rate on-costs: no Beitragsbemessungsgrenze (correct while pay stays below it; KV/PV BBG 2025 5,512.50 €/month, RV/AV 8,050 €/month)',
  'No U1/U2 Umlagen, no Insolvenzgeldumlage (public employers are exempt), no Unfallkasse',
  'No employee ZVK contribution; employer ZVK rate as configured',
]);

/** The state before the first month of a position. */
export const INITIAL_CUMULATIVE_STATE: CumulativeState = Object.freeze({ throughMonth: null, eligibleCost: 0, share: 0 });

function sum(values: readonly Cents[]): Cents {
  return values.reduce((s, v) => s + v, 0);
}

function checkCents(v: unknown, what: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new CumulativeStateError(`priorCumulative.${what} must be a non-negative integer number of cents`);
  }
}

/** cumShare for a cumulative eligible cost (section 5). */
function cumulativeShare(p: ResolvedPosition, cumCost: Cents): Cents {
  const f = p.financing;
  const capped = (v: Cents, cap: Cents | null): Cents => (cap === null ? v : Math.min(cap, v));
  switch (f.type) {
    case 'share':
      // Anteilfinanzierung: min(H, round(q × cumCost))
      return capped(mulDivRoundHalfUp(cumCost, f.rate.num, f.rate.den), f.cap);
    case 'deficit':
      // Fehlbedarf (accrual assumption): the gap once own and third-party funds are used up
      return capped(Math.max(0, cumCost - f.ownFunds - f.thirdPartyFunds), f.cap);
    case 'fixed':
      // Festbetrag (accrual assumption): reimbursed as cost arises, up to the fixed amount
      return Math.min(f.amount, cumCost);
    case 'none':
      return 0;
  }
}

function computeResolvedMonth(
  p: ResolvedPosition,
  ref: ReferenceData,
  month: IsoMonth,
  prior: CumulativeState,
): MonthResult {
  if (entitlementInterval(p, month) === null) {
    throw new MonthOutsideEmploymentError(`month ${month} does not overlap the employment ${p.start}..${p.end}`);
  }
  const firstMonth = monthOf(p.start);
  const expectedPrior = month === firstMonth ? null : shiftMonth(month, -1);
  if (prior === null || typeof prior !== 'object' || prior.throughMonth !== expectedPrior) {
    throw new CumulativeStateError(
      `computeMonth ${month}: priorCumulative must run through ${expectedPrior ?? 'nothing (first month)'}, got ${String(prior?.throughMonth)}`,
    );
  }
  checkCents(prior.eligibleCost, 'eligibleCost');
  checkCents(prior.share, 'share');

  const notes: string[] = [];
  const pay = computeMonthlyPay(p, ref, month);
  if (pay.payTableRow.computed) {
    notes.push(
      `Pay table row ${p.payScale} ${p.payGroup} valid ${pay.payTableRow.validFrom}..${pay.payTableRow.validTo ?? 'open'} is computed by rule, not published`,
    );
  }
  for (const a of pay.allowances) if (a.assumed) notes.push(`Allowance ${a.code} amount is assumed (${a.name})`);

  const bonus = computeBonus(p, ref, month);
  if (bonus !== null && findBonusBand(ref, p.payGroup, pay.referenceDate).inferred) {
    notes.push(`Jahressonderzahlung band ${bonus.band} for ${p.payGroup} is inferred`);
  }
  const bonusAmount = bonus?.amount ?? 0;
  const allowancesTotal = sum(pay.allowances.map((a) => a.amount));
  const gross = pay.basePay.amount + allowancesTotal + bonusAmount;

  // Section 4: each on-cost component on the month's gross (allowances outside the base excluded)
  const onCostBase =
    pay.basePay.amount + sum(pay.allowances.filter((a) => a.flags.inOnCostBase).map((a) => a.amount)) + bonusAmount;
  const onCosts: OnCostLine[] = p.onCostComponents.map((component) => {
    const row = findOnCostRate(ref, component, pay.referenceDate);
    if (row.assumed) notes.push(`On-cost rate ${component} ${row.ratePercent} % is assumed (${row.note ?? 'not confirmed'})`);
    const rate = percentRatio(row.ratePercent, 'ratePercent');
    return {
      component,
      name: row.name,
      ratePercent: row.ratePercent,
      base: onCostBase,
      amount: mulDivRoundHalfUp(onCostBase, rate.num, rate.den),
      assumed: row.assumed,
      eligible: !p.ineligible.has(`onCost:${component}`),
    };
  });
  const onCostsTotal = sum(onCosts.map((c) => c.amount));
  const totalCost = gross + onCostsTotal;

  // Section 5: eligible cost inside the Bewilligungszeitraum
  let fundingDays = 0;
  if (p.fundingPeriod !== null) {
    const from = maxDate(pay.firstDay, p.fundingPeriod.from);
    const to = minDate(pay.lastDay, p.fundingPeriod.to);
    fundingDays = compareDates(from, to) <= 0 ? daysInclusive(from, to) : 0;
  }
  const eligibleComponents =
    pay.basePay.amount +
    sum(pay.allowances.filter((a) => a.eligible).map((a) => a.amount)) +
    (bonus !== null && bonus.eligible ? bonus.amount : 0) +
    sum(onCosts.filter((c) => c.eligible).map((c) => c.amount));
  let eligibleCost: Cents;
  if (fundingDays === pay.entitlementDays) {
    eligibleCost = eligibleComponents;
  } else if (fundingDays === 0) {
    eligibleCost = 0;
  } else {
    eligibleCost = mulDivRoundHalfUp(eligibleComponents, BigInt(fundingDays), BigInt(pay.entitlementDays));
    notes.push(
      `Bewilligungszeitraum covers ${fundingDays} of ${pay.entitlementDays} entitlement days: eligible cost pro rata by days`,
    );
  }

  const cumCost = prior.eligibleCost + eligibleCost;
  const cumShare = cumulativeShare(p, cumCost);
  const reimbursement = cumShare - prior.share;
  if (reimbursement < 0) {
    throw new CumulativeStateError(`computeMonth ${month}: priorCumulative.share ${prior.share} exceeds cumShare ${cumShare}`);
  }

  // Section 6: ledger entries dated at the pay due date (last calendar day of the month)
  const date = monthEnd(month);
  const product = p.accounts.product;
  const ledger: LedgerLine[] = [];
  const line = (account: string, component: string, kind: LedgerLine['kind'], amount: Cents, text: string): void => {
    if (amount !== 0) ledger.push({ date, month, account, product, component, kind, amount, text });
  };
  line(p.accounts.pay, 'basePay', 'expense', pay.basePay.amount, `Tabellenentgelt ${p.payGroup} Stufe ${pay.stage} ${month}`);
  for (const a of pay.allowances) {
    line(p.accounts.allowances[a.code] ?? p.accounts.pay, `allowance:${a.code}`, 'expense', a.amount, `${a.name} ${month}`);
  }
  if (bonus !== null) {
    line(p.accounts.bonus ?? p.accounts.pay, 'bonus', 'expense', bonus.amount, `Jahressonderzahlung ${bonus.year}`);
  }
  for (const c of onCosts) {
    line(p.accounts.onCosts[c.component], `onCost:${c.component}`, 'expense', c.amount, `${c.name} ${month}`);
  }
  line(p.accounts.reimbursement, 'reimbursement', 'revenue', reimbursement, `Erstattung Zuwendungsgeber ${month}`);

  return {
    month,
    firstDay: pay.firstDay,
    lastDay: pay.lastDay,
    entitlementDays: pay.entitlementDays,
    daysInMonth: pay.daysInMonth,
    referenceDate: pay.referenceDate,
    stage: pay.stage,
    payTableRowComputed: pay.payTableRow.computed,
    basePay: pay.basePay,
    allowances: pay.allowances,
    bonus,
    gross,
    onCostBase,
    onCosts,
    onCostsTotal,
    totalCost,
    fundingDays,
    eligibleCost,
    nonEligibleCost: totalCost - eligibleCost,
    reimbursement,
    ownShare: eligibleCost - reimbursement,
    cumulative: { throughMonth: month, eligibleCost: cumCost, share: cumShare },
    ledger,
    notes,
    simplifications: FLAT_ON_COST_MODEL_SIMPLIFICATIONS,
  };
}

/**
 * Computes one calendar month of a position alone, given the cumulative state through the
 * month before (INITIAL_CUMULATIVE_STATE for the first month). Pure and deterministic:
 * running it month by month gives exactly computeSchedule's months.
 */
export function computeMonth(
  position: PositionInput,
  refData: ReferenceData,
  month: IsoMonth,
  priorCumulative: CumulativeState,
): MonthResult {
  const ref = validateReferenceData(refData);
  return computeResolvedMonth(resolvePosition(position), ref, month, priorCumulative);
}

/** Computes every month overlapping the employment (after changes), with totals. */
export function computeSchedule(position: PositionInput, refData: ReferenceData): ScheduleResult {
  const ref = validateReferenceData(refData);
  const p = resolvePosition(position);
  const months: MonthResult[] = [];
  let state = INITIAL_CUMULATIVE_STATE;
  for (const month of monthsOverlapping(p.start, p.end)) {
    const result = computeResolvedMonth(p, ref, month, state);
    months.push(result);
    state = result.cumulative;
  }

  const allowances: Record<string, Cents> = {};
  const onCosts: Record<string, Cents> = {};
  for (const m of months) {
    for (const a of m.allowances) allowances[a.code] = (allowances[a.code] ?? 0) + a.amount;
    for (const c of m.onCosts) onCosts[c.component] = (onCosts[c.component] ?? 0) + c.amount;
  }
  const total = (f: (m: MonthResult) => Cents): Cents => sum(months.map(f));
  const totals: ScheduleTotals = {
    basePay: total((m) => m.basePay.amount),
    allowances,
    bonus: total((m) => m.bonus?.amount ?? 0),
    gross: total((m) => m.gross),
    onCosts,
    onCostsTotal: total((m) => m.onCostsTotal),
    totalCost: total((m) => m.totalCost),
    eligibleCost: total((m) => m.eligibleCost),
    nonEligibleCost: total((m) => m.nonEligibleCost),
    reimbursement: total((m) => m.reimbursement),
    ownShare: total((m) => m.ownShare),
  };
  const notes = [...new Set(months.flatMap((m) => m.notes))];
  return { months, totals, notes, simplifications: FLAT_ON_COST_MODEL_SIMPLIFICATIONS };
}

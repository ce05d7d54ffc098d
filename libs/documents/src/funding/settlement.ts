import { assertCents, mulDivRoundHalfUp, type Cents } from '@app/money';
import type { CostCategory, CostPlan, CostPlanLine, Financing } from './funding-document';

/**
 * The arithmetic of the funding documents, in integer cents: totals of a Kostenplan, shares
 * of a total, the Soll-Ist comparison with the 20 % rule (Nr. 1.2 ANBest-P), the grant the
 * financing type yields for the eligible cost, and the balance of a Verwendungsnachweis.
 * Rounding: half-up to the cent; percentages to a hundredth of a percent (basis points).
 */

export const COST_CATEGORIES: readonly CostCategory[] = ['personnel', 'material', 'other'];

/** A single plan line may be exceeded by up to 20 % (Nr. 1.2 ANBest-P): 120/100. */
export const LINE_OVERRUN_TOLERANCE = { numerator: 6, denominator: 5 } as const;

export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((sum, value) => assertCents(sum + value, 'sum'), 0);
}

export function lineTotal(line: CostPlanLine): Cents {
  return sumCents(line.amounts);
}

export function costPlanTotal(plan: CostPlan): Cents {
  return sumCents(plan.lines.map(lineTotal));
}

/** Index of a fiscal year in the plan, or -1. */
export function fiscalYearIndex(plan: CostPlan, year: number): number {
  return plan.fiscalYears.indexOf(year);
}

/** `part` as a share of `total` in basis points (1 = 0.01 %), half-up; 0 when the total is 0. */
export function shareBasisPoints(part: Cents, total: Cents): number {
  return total === 0 ? 0 : mulDivRoundHalfUp(part, 10_000n, BigInt(total));
}

/** `basisPoints` of `amount`, half-up to the cent. */
export function applyRate(amount: Cents, basisPoints: number): Cents {
  return mulDivRoundHalfUp(amount, BigInt(basisPoints), 10_000n);
}

/** The largest actual amount of a line that the 20 % rule tolerates. */
export function toleratedAmount(planned: Cents): Cents {
  return Math.floor((planned * LINE_OVERRUN_TOLERANCE.numerator) / LINE_OVERRUN_TOLERANCE.denominator);
}

export interface LineComparison {
  position: string;
  category: CostCategory;
  label: string;
  planned: Cents;
  actual: Cents;
  /** actual − planned. */
  deviation: Cents;
  /** deviation as a share of planned (null when nothing was planned). */
  deviationBasisPoints: number | null;
  /** More than 20 % over plan: needs the funder's consent, the excess is not eligible. */
  exceedsTolerance: boolean;
  /** What of the actual amount counts: at most the tolerated amount. */
  eligible: Cents;
}

/** Soll-Ist per plan line; `planned` picks the line's planned amount (a year, or the total). */
export function compareLines(
  lines: readonly CostPlanLine[],
  actualByPosition: ReadonlyMap<string, Cents>,
  planned: (line: CostPlanLine) => Cents = lineTotal,
): LineComparison[] {
  return lines.map((line) => {
    const plan = planned(line);
    const actual = actualByPosition.get(line.position) ?? 0;
    const tolerated = toleratedAmount(plan);
    return {
      position: line.position,
      category: line.category,
      label: line.label,
      planned: plan,
      actual,
      deviation: actual - plan,
      deviationBasisPoints: plan === 0 ? null : shareBasisPoints(actual - plan, plan),
      exceedsTolerance: actual > tolerated,
      eligible: Math.min(actual, tolerated),
    };
  });
}

/** Sums amounts by plan position. */
export function totalsByPosition(entries: readonly { position: string; amount: Cents }[]): Map<string, Cents> {
  const totals = new Map<string, Cents>();
  for (const entry of entries) totals.set(entry.position, assertCents((totals.get(entry.position) ?? 0) + entry.amount));
  return totals;
}

export interface GrantEntitlementInput {
  financing: Financing;
  /** The grant approved in the notice or contract: never more than this. */
  approved: Cents;
  /** Eligible cost after the 20 % rule, at most the planned total. */
  eligibleCost: Cents;
  ownFunds: Cents;
  thirdPartyFunds: Cents;
}

/** The grant the financing type yields for the eligible cost (PERSONNEL-COSTS.md section 5). */
export function grantEntitlement(input: GrantEntitlementInput): Cents {
  const { financing, approved, eligibleCost, ownFunds, thirdPartyFunds } = input;
  const gap = Math.max(0, eligibleCost - ownFunds - thirdPartyFunds);
  switch (financing.type) {
    case 'Anteilfinanzierung':
      return Math.min(approved, financing.cap, applyRate(eligibleCost, financing.rateBasisPoints));
    case 'Fehlbedarfsfinanzierung':
      return Math.min(approved, financing.cap, gap);
    case 'Festbetragsfinanzierung':
      return Math.min(approved, financing.amount, eligibleCost);
    case 'Vollfinanzierung':
      return Math.min(approved, financing.cap, Math.max(0, eligibleCost - thirdPartyFunds));
  }
}

export interface Settlement {
  lines: LineComparison[];
  plannedTotal: Cents;
  actualTotal: Cents;
  /** Σ eligible per line, capped at the planned total (the total binds). */
  eligibleCost: Cents;
  entitlement: Cents;
  received: Cents;
  /** received − entitlement: > 0 Überzahlung (Rückforderung), < 0 still to be paid out. */
  balance: Cents;
}

export interface SettlementInput {
  plan: CostPlan;
  actualByPosition: ReadonlyMap<string, Cents>;
  financing: Financing;
  approved: Cents;
  received: Cents;
  ownFunds: Cents;
  thirdPartyFunds: Cents;
}

/** The Verwendungsnachweis's result: what the recipient may keep and what it owes back. */
export function settle(input: SettlementInput): Settlement {
  const lines = compareLines(input.plan.lines, input.actualByPosition);
  const plannedTotal = costPlanTotal(input.plan);
  const actualTotal = sumCents(lines.map((l) => l.actual));
  const eligibleCost = Math.min(plannedTotal, sumCents(lines.map((l) => l.eligible)));
  const entitlement = grantEntitlement({
    financing: input.financing,
    approved: input.approved,
    eligibleCost,
    ownFunds: input.ownFunds,
    thirdPartyFunds: input.thirdPartyFunds,
  });
  return { lines, plannedTotal, actualTotal, eligibleCost, entitlement, received: input.received, balance: input.received - entitlement };
}

import { addDays, addMonths, parseIsoDate } from '@app/calendar';
import { DomainError, ErrorCode, FieldProblem } from '@app/common';
import type { ApplicationStatus, CostCategory, FinancingSource } from '@app/database';
import { formatEuro } from '@app/money';

/*
 * The rules of a Förderantrag that single fields cannot check. Pure functions: the service calls
 * them with the data at hand and turns the problems into one 400 that names every field.
 */

export interface CostLine {
  category: CostCategory;
  label: string;
  fiscalYear: number | null;
  amountCents: number;
}

export interface FinancingLine {
  source: FinancingSource;
  label: string;
  amountCents: number;
}

export interface PlanTotals {
  costCents: number;
  financingCents: number;
  ownCents: number;
  funderCents: number;
  thirdPartyCents: number;
}

export interface PeriodRules {
  minPeriodMonths: number | null;
  maxPeriodMonths: number | null;
}

/** Only a draft is edited in place; once it has left the house, changes go through an Änderungsantrag. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft'];

/**
 * States in which an application is finished (closed, withdrawn, rejected; repayment is the end
 * of a checked proof of use): nothing can be amended any more. A draft is edited, not amended.
 */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['closed', 'withdrawn', 'rejected', 'repayment'];

export function isAmendable(status: ApplicationStatus): boolean {
  return !EDITABLE_STATUSES.includes(status) && !FINAL_STATUSES.includes(status);
}

/**
 * The last day of a period of `months` months that begins on `start` (BGB §§ 187 Abs. 2, 188 Abs. 2
 * and 3): the day before the day of the same number `months` later; when that month has no such
 * day, its last day. 2026-01-01 + 36 → 2028-12-31; 2026-01-31 + 1 → 2026-02-28.
 */
export function lastDayOfPeriod(start: string, months: number): string {
  const sameDay = addMonths(start, months);
  const clamped = parseIsoDate(sameDay).day < parseIsoDate(start).day;
  return clamped ? sameDay : addDays(sameDay, -1);
}

/** The project period: the end lies after the start, and its length in months within the programme's limits. */
export function periodProblems(periodStart: string, periodEnd: string, rules: PeriodRules): FieldProblem[] {
  if (periodEnd <= periodStart) return [{ field: 'periodEnd', reason: `must be after periodStart (${periodStart})` }];
  const problems: FieldProblem[] = [];
  if (rules.minPeriodMonths !== null) {
    const earliestEnd = lastDayOfPeriod(periodStart, rules.minPeriodMonths);
    if (periodEnd < earliestEnd) {
      problems.push({ field: 'periodEnd', reason: `the programme asks for at least ${rules.minPeriodMonths} months: end on or after ${earliestEnd}` });
    }
  }
  if (rules.maxPeriodMonths !== null) {
    const latestEnd = lastDayOfPeriod(periodStart, rules.maxPeriodMonths);
    if (periodEnd > latestEnd) {
      problems.push({ field: 'periodEnd', reason: `the programme allows at most ${rules.maxPeriodMonths} months: end on or before ${latestEnd}` });
    }
  }
  return problems;
}

/** Sum of cents, refused (undefined) beyond Number.MAX_SAFE_INTEGER instead of rounded. */
function safeSum(amounts: readonly number[]): number | undefined {
  const total = amounts.reduce((sum, a) => sum + BigInt(a), 0n);
  return total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : undefined;
}

/** Totals of a plan in cents (the caller has checked that they are safe integers, see planProblems). */
export function planTotals(costPlan: readonly CostLine[], financingPlan: readonly FinancingLine[]): PlanTotals {
  const of = (source: FinancingSource) => safeSum(financingPlan.filter((l) => l.source === source).map((l) => l.amountCents)) ?? NaN;
  return {
    costCents: safeSum(costPlan.map((l) => l.amountCents)) ?? NaN,
    financingCents: safeSum(financingPlan.map((l) => l.amountCents)) ?? NaN,
    ownCents: of('own'),
    funderCents: of('funder'),
    thirdPartyCents: of('third_party'),
  };
}

/**
 * Cost and financing plan: the financing plan covers the cost plan total exactly (the total binds),
 * totals stay exact, and a line split by Haushaltsjahr names a year of the project period.
 */
export function planProblems(costPlan: readonly CostLine[], financingPlan: readonly FinancingLine[], periodStart: string, periodEnd: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstYear = parseIsoDate(periodStart).year;
  const lastYear = parseIsoDate(periodEnd).year;
  costPlan.forEach((line, i) => {
    if (line.fiscalYear !== null && (line.fiscalYear < firstYear || line.fiscalYear > lastYear)) {
      problems.push({ field: `costPlan.${i}.fiscalYear`, reason: `${line.fiscalYear} is not a year of the project period ${periodStart} to ${periodEnd}` });
    }
  });
  const cost = safeSum(costPlan.map((l) => l.amountCents));
  const financing = safeSum(financingPlan.map((l) => l.amountCents));
  if (cost === undefined) problems.push({ field: 'costPlan', reason: 'the total exceeds the largest amount that can be held exactly' });
  if (financing === undefined) problems.push({ field: 'financingPlan', reason: 'the total exceeds the largest amount that can be held exactly' });
  if (cost !== undefined && financing !== undefined && cost !== financing) {
    problems.push({
      field: 'financingPlan',
      reason: `the financing plan (${formatEuro(financing)}) must cover the cost plan total (${formatEuro(cost)}) exactly; difference ${formatEuro(financing - cost)}`,
    });
  }
  return problems;
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length) throw new DomainError(ErrorCode.Validation, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
}

import type { IsoDate, IsoMonth } from '@app/calendar';
import type { Cents } from '@app/money';

/*
 * All public types are plain JSON-safe data (no BigInt, no class instances) so that a
 * position, the reference data and every result can cross a Temporal workflow boundary.
 * Percentages and hours are decimal strings/numbers, applied as exact rationals.
 */

// ------------------------------------------------------------------ reference data

/** Inclusive validity; validFrom is the 1st of a month, validTo the last day of a month or null (open-ended). */
export interface Validity {
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/** One pay table (Entgelttabelle) row: a group's monthly full-time amounts by Stufe. */
export interface PayTableRow extends Validity {
  /** e.g. 'TVOED_VKA_SUE' (Anlage C) or 'TVOED_VKA' (general table) */
  readonly payScale: string;
  /** e.g. 'S 12', 'E 10' */
  readonly payGroup: string;
  /** monthly full-time amount in cents by Stufe ("1".."6") */
  readonly amounts: Readonly<Record<string, Cents>>;
  /** true: computed by the agreed increase rule, not read from a published table */
  readonly computed: boolean;
  readonly note?: string;
}

/** Flags of a monthly allowance fixed in the collective agreement. */
export interface AllowanceFlags {
  /** multiply by weeklyHours/fullTimeHours */
  readonly proRataPartTime: boolean;
  /** multiply by entitlement days/calendar days in a partial month */
  readonly proRataPartialMonth: boolean;
  /** part of the Jahressonderzahlung base (§ 20 Abs. 2) */
  readonly inBonusBase: boolean;
  /** part of the on-cost base (beitrags-/zusatzversorgungspflichtig) */
  readonly inOnCostBase: boolean;
}

export interface AllowanceRow extends Validity, AllowanceFlags {
  /** e.g. 'SUE_ZULAGE' */
  readonly code: string;
  readonly name: string;
  /** groups the row applies to; a Fallgruppe is written 'S 15 Fg 6' */
  readonly payGroups: readonly string[];
  /** monthly full-time amount */
  readonly amount: Cents;
  readonly assumed: boolean;
  readonly note?: string;
}

/** A Bemessungssatz band of the Jahressonderzahlung (e.g. EG 9a–12 and S 10–S 18). */
export interface BonusBand {
  readonly band: string;
  readonly payGroups: readonly string[];
  readonly inferred: boolean;
  readonly note?: string;
}

export interface BonusRateRow extends Validity {
  readonly band: string;
  /** e.g. "70.28" */
  readonly ratePercent: string;
  readonly note?: string;
}

export interface OnCostRateRow extends Validity {
  /** e.g. 'SV', 'ZVK' */
  readonly component: string;
  readonly name: string;
  readonly ratePercent: string;
  /** true when the rate is not confirmed (e.g. carried forward after the last known year) */
  readonly assumed: boolean;
  readonly basis?: string;
  readonly note?: string;
}

/** Validated reference data (amounts in cents). Produced by loadReferenceData. */
export interface ReferenceData {
  readonly name: string;
  readonly payTable: readonly PayTableRow[];
  readonly allowances: readonly AllowanceRow[];
  readonly bonusBands: readonly BonusBand[];
  readonly bonusRates: readonly BonusRateRow[];
  readonly onCostRates: readonly OnCostRateRow[];
}

// ------------------------------------------------------------------ position input

/** Weekly hours as a decimal: 19.5 or "19.5" (at most 4 decimals). */
export type Hours = number | string;

export interface StageEntry {
  /** first entry: the employment start; later entries: the 1st of a month */
  readonly from: IsoDate;
  readonly stage: number;
}

export interface PositionAllowance {
  /** the allowance code, e.g. 'SUE_ZULAGE' */
  readonly code: string;
  /** optional limits on the position (1st of a month / last day of a month) */
  readonly validFrom?: IsoDate;
  readonly validTo?: IsoDate;
  /**
   * A fixed monthly full-time amount agreed for this position. If absent, the amount and the
   * flags come from the reference allowance rows for (code, pay group) valid in the month.
   */
  readonly fullTimeAmount?: Cents;
  readonly name?: string;
  /** required with fullTimeAmount; with reference rows they override the row's flags */
  readonly flags?: Partial<AllowanceFlags>;
}

/** Financing type of the Zuwendung (Finanzierungsart). */
export type Financing =
  /** Anteilfinanzierung: q of the eligible cost, capped at the Höchstbetrag */
  | { readonly type: 'share'; readonly ratePercent: string; readonly cap: Cents | null }
  /** Fehlbedarfsfinanzierung: the gap after own and third-party funds, capped */
  | { readonly type: 'deficit'; readonly ownFunds: Cents; readonly thirdPartyFunds: Cents; readonly cap: Cents | null }
  /** Festbetragsfinanzierung: a fixed amount, unless the eligible cost is lower */
  | { readonly type: 'fixed'; readonly amount: Cents }
  /** not funded */
  | { readonly type: 'none' };

/** Changes to a position over time, applied in the order given. */
export type PositionChange =
  /** Stufenaufstieg (or any new Stufe) from the 1st of a month */
  | { readonly kind: 'stage'; readonly from: IsoDate; readonly stage: number }
  /** new individual weekly hours from a date (any day; the month is split by days) */
  | { readonly kind: 'hours'; readonly from: IsoDate; readonly weeklyHours: Hours }
  /** the employment ends earlier than planned (new last day) */
  | { readonly kind: 'earlyEnd'; readonly end: IsoDate }
  /** the employment is extended (new last day) */
  | { readonly kind: 'extension'; readonly end: IsoDate };

/** Accounts of the organisation's chart of accounts. */
export interface AccountConfig {
  /** Tabellenentgelt (default 620010 "Entgelte für geleistete Arbeitszeit") */
  readonly pay: string;
  /** allowance accounts by code (default: pay) */
  readonly allowances: Readonly<Record<string, string>>;
  /** Jahressonderzahlung (default: pay) */
  readonly bonus: string | null;
  /** on-cost accounts by component (default SV 640010, ZVK 647010) */
  readonly onCosts: Readonly<Record<string, string>>;
  /** reimbursement from the funder (default 541100) */
  readonly reimbursement: string;
  /** product of the product tree (Produkthaushalt), if any */
  readonly product: string | null;
}

/** Cash part of a Jahressonderzahlung converted into free days (from 2026; default: none). */
export interface BonusConversion {
  readonly year: number;
  readonly freeDays: number;
  /** the cash reduction (the rule is not stated in PERSONNEL-COSTS.md; give it as input) */
  readonly cashReduction: Cents;
}

export interface PositionInput {
  readonly id?: string;
  readonly payScale: string;
  readonly payGroup: string;
  /** Fallgruppe, matched against allowance rows written '<group> Fg <caseGroup>' */
  readonly caseGroup?: string;
  /** first and last day of the employment, both inclusive */
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly stageHistory: readonly StageEntry[];
  readonly weeklyHours: Hours;
  /** full-time hours of comparable employees (TVöD-VKA: 39) */
  readonly fullTimeHours: Hours;
  readonly allowances?: readonly PositionAllowance[];
  /** Bewilligungszeitraum (both inclusive); null: not funded */
  readonly fundingPeriod: { readonly from: IsoDate; readonly to: IsoDate } | null;
  readonly financing: Financing;
  /** on-cost components to compute (default ['SV', 'ZVK']) */
  readonly onCostComponents?: readonly string[];
  /**
   * components the programme does not accept: 'bonus', 'allowance:<code>', 'onCost:<component>'
   * (Tabellenentgelt is always eligible)
   */
  readonly ineligibleComponents?: readonly string[];
  readonly bonusConversions?: readonly BonusConversion[];
  readonly changes?: readonly PositionChange[];
  readonly accounts?: Partial<AccountConfig>;
}

// ------------------------------------------------------------------ results

/** Cumulative state after a month: what computeMonth needs from the months before. */
export interface CumulativeState {
  /** the last month included; null before the first month */
  readonly throughMonth: IsoMonth | null;
  /** cumCost: eligible cost so far */
  readonly eligibleCost: Cents;
  /** cumShare: the funder's share so far */
  readonly share: Cents;
}

/** Part of a month with the same weekly hours. */
export interface HoursSegment {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: number;
  readonly weeklyHours: string;
  /** P = round(T × weeklyHours / fullTimeHours) */
  readonly partTimeAmount: Cents;
  /** A = round(P × days / dim), or P for the whole month */
  readonly amount: Cents;
}

export interface PayLine {
  /** T: the full-time monthly amount */
  readonly fullTimeAmount: Cents;
  /** P when the month has a single hours segment, else null (see segments) */
  readonly partTimeAmount: Cents | null;
  readonly amount: Cents;
  readonly segments: readonly HoursSegment[];
}

export interface AllowanceLine extends PayLine {
  readonly code: string;
  readonly name: string;
  readonly flags: AllowanceFlags;
  readonly eligible: boolean;
  readonly assumed: boolean;
}

export type BonusBaseMethod =
  /** all calendar days of Jul–Sep paid: round(sum / 3) */
  | 'julyToSeptemberFull'
  /** not all days paid: round(sum / calendarDaysWithPay × 30.67) */
  | 'julyToSeptemberPartial'
  /** employment began after 30 September: the first full calendar month */
  | 'firstFullMonth';

export interface BonusResult {
  readonly year: number;
  readonly baseMethod: BonusBaseMethod;
  readonly baseMonths: readonly IsoMonth[];
  /** Tabellenentgelt + bonus-base allowances of the base months */
  readonly baseSum: Cents;
  readonly calendarDaysWithPay: number;
  readonly average: Cents;
  readonly band: string;
  readonly ratePercent: string;
  /** round(average × rate) */
  readonly fullAmount: Cents;
  /** months of the year with at least one day of entitlement */
  readonly qualifyingMonths: number;
  /** full, or round(full × qualifyingMonths / 12) */
  readonly reducedAmount: Cents;
  readonly conversionCashReduction: Cents;
  readonly amount: Cents;
  readonly eligible: boolean;
}

export interface OnCostLine {
  readonly component: string;
  readonly name: string;
  readonly ratePercent: string;
  readonly base: Cents;
  /** round(base × rate) */
  readonly amount: Cents;
  readonly assumed: boolean;
  readonly eligible: boolean;
}

export interface LedgerLine {
  /** the pay due date: last calendar day of the month */
  readonly date: IsoDate;
  readonly month: IsoMonth;
  readonly account: string;
  readonly product: string | null;
  /** 'basePay' | 'allowance:<code>' | 'bonus' | 'onCost:<component>' | 'reimbursement' */
  readonly component: string;
  readonly kind: 'expense' | 'revenue';
  readonly amount: Cents;
  readonly text: string;
}

export interface MonthResult {
  readonly month: IsoMonth;
  /** first and last entitlement day in the month */
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
  readonly entitlementDays: number;
  readonly daysInMonth: number;
  readonly referenceDate: IsoDate;
  readonly stage: number;
  readonly payTableRowComputed: boolean;
  readonly basePay: PayLine;
  readonly allowances: readonly AllowanceLine[];
  readonly bonus: BonusResult | null;
  /** Tabellenentgelt + allowances + bonus */
  readonly gross: Cents;
  readonly onCostBase: Cents;
  readonly onCosts: readonly OnCostLine[];
  readonly onCostsTotal: Cents;
  /** gross + on-costs */
  readonly totalCost: Cents;
  /** entitlement days inside the Bewilligungszeitraum */
  readonly fundingDays: number;
  readonly eligibleCost: Cents;
  readonly nonEligibleCost: Cents;
  /** reimbursement booked in the month: cumShare(M) − cumShare(M−1) */
  readonly reimbursement: Cents;
  /** eligibleCost − reimbursement */
  readonly ownShare: Cents;
  readonly cumulative: CumulativeState;
  readonly ledger: readonly LedgerLine[];
  /** computed/assumed data used in this month and other remarks */
  readonly notes: readonly string[];
  /** simplifications of the flat on-cost model (section 4) */
  readonly simplifications: readonly string[];
}

export interface ScheduleTotals {
  readonly basePay: Cents;
  readonly allowances: Readonly<Record<string, Cents>>;
  readonly bonus: Cents;
  readonly gross: Cents;
  readonly onCosts: Readonly<Record<string, Cents>>;
  readonly onCostsTotal: Cents;
  readonly totalCost: Cents;
  readonly eligibleCost: Cents;
  readonly nonEligibleCost: Cents;
  readonly reimbursement: Cents;
  readonly ownShare: Cents;
}

export interface ScheduleResult {
  readonly months: readonly MonthResult[];
  readonly totals: ScheduleTotals;
  readonly notes: readonly string[];
  readonly simplifications: readonly string[];
}

import { compareDates, isFirstOfMonth, isIsoDate, isLastOfMonth, IsoDate, IsoMonth, monthsOverlapping } from '@app/calendar';
import type { Cents } from '@app/money';
import { PositionInputError } from './errors';
import { compareRatio, parseDecimalRatio, percentRatio, Ratio } from './rational';
import type { AccountConfig, AllowanceFlags, BonusConversion, PositionAllowance, PositionInput } from './types';

export const DEFAULT_ACCOUNTS: AccountConfig = {
  pay: '620010',
  allowances: {},
  bonus: null,
  onCosts: { SV: '640010', ZVK: '647010' },
  reimbursement: '541100',
  product: null,
};

export const DEFAULT_ON_COST_COMPONENTS: readonly string[] = ['SV', 'ZVK'];

export interface HoursPeriod {
  readonly from: IsoDate;
  readonly weeklyHours: string;
  /** weeklyHours / fullTimeHours, exact */
  readonly factor: Ratio;
}

export type ResolvedFinancing =
  | { readonly type: 'share'; readonly rate: Ratio; readonly cap: Cents | null }
  | { readonly type: 'deficit'; readonly ownFunds: Cents; readonly thirdPartyFunds: Cents; readonly cap: Cents | null }
  | { readonly type: 'fixed'; readonly amount: Cents }
  | { readonly type: 'none' };

/** A validated position with its changes applied. Internal form (holds BigInt ratios). */
export interface ResolvedPosition {
  readonly payScale: string;
  readonly payGroup: string;
  /** keys to match allowance rows, most specific first */
  readonly allowanceGroupKeys: readonly string[];
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly stages: readonly { readonly from: IsoDate; readonly stage: number }[];
  readonly hours: readonly HoursPeriod[];
  readonly allowances: readonly PositionAllowance[];
  readonly fundingPeriod: { readonly from: IsoDate; readonly to: IsoDate } | null;
  readonly financing: ResolvedFinancing;
  readonly onCostComponents: readonly string[];
  readonly ineligible: ReadonlySet<string>;
  readonly accounts: AccountConfig;
  readonly bonusConversions: readonly BonusConversion[];
}

function fail(message: string): never {
  throw new PositionInputError(message);
}

function date(value: unknown, what: string): IsoDate {
  if (!isIsoDate(value)) fail(`${what} is not an ISO date (YYYY-MM-DD): ${String(value)}`);
  return value;
}

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${what} must be a non-empty string`);
  return value;
}

function centsValue(value: unknown, what: string): Cents {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${what} must be a non-negative integer number of cents, got ${String(value)}`);
  }
  return value;
}

function stageValue(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(`${what} must be a positive integer`);
  return value;
}

function ratio(value: unknown, what: string, parse: () => Ratio): Ratio {
  try {
    return parse();
  } catch (e) {
    fail(`${what}: ${(e as Error).message} (${String(value)})`);
  }
}

function hoursText(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

const FLAG_KEYS: readonly (keyof AllowanceFlags)[] = ['proRataPartTime', 'proRataPartialMonth', 'inBonusBase', 'inOnCostBase'];

function checkAllowance(a: PositionAllowance, i: number): void {
  const p = `allowances[${i}]`;
  nonEmpty(a.code, `${p}.code`);
  if (a.validFrom !== undefined && !isFirstOfMonth(date(a.validFrom, `${p}.validFrom`))) {
    fail(`${p}.validFrom ${a.validFrom} is not the first day of a month`);
  }
  if (a.validTo !== undefined && !isLastOfMonth(date(a.validTo, `${p}.validTo`))) {
    fail(`${p}.validTo ${a.validTo} is not the last day of a month`);
  }
  for (const [k, v] of Object.entries(a.flags ?? {})) {
    if (!FLAG_KEYS.includes(k as keyof AllowanceFlags) || typeof v !== 'boolean') fail(`${p}.flags.${k} is not a known boolean flag`);
  }
  if (a.fullTimeAmount !== undefined) {
    centsValue(a.fullTimeAmount, `${p}.fullTimeAmount`);
    for (const k of FLAG_KEYS) {
      if (a.flags?.[k] === undefined) fail(`${p}: an allowance with a fixed amount needs flags.${k}`);
    }
  }
}

/** Validates a position and applies its changes. Throws PositionInputError. */
export function resolvePosition(position: PositionInput): ResolvedPosition {
  const payScale = nonEmpty(position.payScale, 'payScale');
  const payGroup = nonEmpty(position.payGroup, 'payGroup');
  const start = date(position.start, 'start');
  let end = date(position.end, 'end');
  if (compareDates(start, end) > 0) fail(`end ${end} is before start ${start}`);

  const fullTime = ratio(position.fullTimeHours, 'fullTimeHours', () =>
    parseDecimalRatio(position.fullTimeHours, 'fullTimeHours', 4),
  );
  if (fullTime.num === 0n) fail('fullTimeHours must be positive');
  const hoursPeriod = (from: IsoDate, value: string | number, what: string): HoursPeriod => {
    const h = ratio(value, what, () => parseDecimalRatio(value, what, 4));
    if (h.num === 0n) fail(`${what} must be positive`);
    if (compareRatio(h, fullTime) > 0) fail(`${what} ${hoursText(value)} exceeds fullTimeHours ${hoursText(position.fullTimeHours)}`);
    return { from, weeklyHours: hoursText(value), factor: { num: h.num * fullTime.den, den: h.den * fullTime.num } };
  };

  // Stufen: the first entry is the employment start, later ones the 1st of a month.
  if (!Array.isArray(position.stageHistory) || position.stageHistory.length === 0) fail('stageHistory must not be empty');
  const stages = position.stageHistory.map((s, i) => ({
    from: date(s.from, `stageHistory[${i}].from`),
    stage: stageValue(s.stage, `stageHistory[${i}].stage`),
  }));
  if (stages[0].from !== start) fail(`the first stage entry (${stages[0].from}) must be the employment start ${start}`);
  const hours: HoursPeriod[] = [hoursPeriod(start, position.weeklyHours, 'weeklyHours')];

  const addStage = (from: IsoDate, stage: number, what: string): void => {
    if (!isFirstOfMonth(from)) fail(`${what}: a stage change must take effect on the 1st of a month (§ 17 Abs. 1 TVöD), got ${from}`);
    if (compareDates(from, start) <= 0) fail(`${what}: stage change ${from} is not after the employment start ${start}`);
    if (stages.some((s) => s.from === from)) fail(`${what}: two stage entries on ${from}`);
    stages.push({ from, stage });
  };
  for (let i = 1; i < position.stageHistory.length; i++) {
    const s = stages[i];
    if (!isFirstOfMonth(s.from)) {
      fail(`stageHistory[${i}].from ${s.from}: a stage change must take effect on the 1st of a month (§ 17 Abs. 1 TVöD)`);
    }
    if (compareDates(s.from, stages[i - 1].from) <= 0) fail(`stageHistory[${i}].from ${s.from} is not after the previous entry`);
  }

  (position.changes ?? []).forEach((c, i) => {
    const p = `changes[${i}]`;
    switch (c.kind) {
      case 'stage':
        addStage(date(c.from, `${p}.from`), stageValue(c.stage, `${p}.stage`), p);
        break;
      case 'hours': {
        const from = date(c.from, `${p}.from`);
        if (compareDates(from, start) <= 0) fail(`${p}: hours change ${from} is not after the employment start ${start}`);
        if (hours.some((h) => h.from === from)) fail(`${p}: two hours changes on ${from}`);
        hours.push(hoursPeriod(from, c.weeklyHours, `${p}.weeklyHours`));
        break;
      }
      case 'earlyEnd': {
        const e = date(c.end, `${p}.end`);
        if (compareDates(e, end) >= 0) fail(`${p}: early end ${e} is not before the current end ${end}`);
        if (compareDates(e, start) < 0) fail(`${p}: early end ${e} is before the start ${start}`);
        end = e;
        break;
      }
      case 'extension': {
        const e = date(c.end, `${p}.end`);
        if (compareDates(e, end) <= 0) fail(`${p}: extension to ${e} is not after the current end ${end}`);
        end = e;
        break;
      }
      default:
        fail(`${p}: unknown change kind ${String((c as { kind?: unknown }).kind)}`);
    }
  });
  stages.sort((a, b) => compareDates(a.from, b.from));
  hours.sort((a, b) => compareDates(a.from, b.from));

  const allowances = position.allowances ?? [];
  allowances.forEach(checkAllowance);

  let fundingPeriod: ResolvedPosition['fundingPeriod'] = null;
  if (position.fundingPeriod !== null) {
    if (typeof position.fundingPeriod !== 'object') fail('fundingPeriod must be {from, to} or null');
    const from = date(position.fundingPeriod.from, 'fundingPeriod.from');
    const to = date(position.fundingPeriod.to, 'fundingPeriod.to');
    if (compareDates(from, to) > 0) fail(`fundingPeriod ends (${to}) before it starts (${from})`);
    fundingPeriod = { from, to };
  }

  const f = position.financing;
  let financing: ResolvedFinancing;
  const cap = (v: unknown, what: string): Cents | null => (v === null ? null : centsValue(v, what));
  switch (f?.type) {
    case 'share': {
      const rate = ratio(f.ratePercent, 'financing.ratePercent', () => percentRatio(f.ratePercent, 'financing.ratePercent'));
      if (rate.num > rate.den) fail('financing.ratePercent must not exceed 100');
      financing = { type: 'share', rate, cap: cap(f.cap, 'financing.cap') };
      break;
    }
    case 'deficit':
      financing = {
        type: 'deficit',
        ownFunds: centsValue(f.ownFunds, 'financing.ownFunds'),
        thirdPartyFunds: centsValue(f.thirdPartyFunds, 'financing.thirdPartyFunds'),
        cap: cap(f.cap, 'financing.cap'),
      };
      break;
    case 'fixed':
      financing = { type: 'fixed', amount: centsValue(f.amount, 'financing.amount') };
      break;
    case 'none':
      financing = { type: 'none' };
      break;
    default:
      fail(`financing.type must be share, deficit, fixed or none`);
  }

  const onCostComponents = position.onCostComponents ?? DEFAULT_ON_COST_COMPONENTS;
  onCostComponents.forEach((c, i) => nonEmpty(c, `onCostComponents[${i}]`));
  if (new Set(onCostComponents).size !== onCostComponents.length) fail('onCostComponents has duplicates');

  const ineligible = new Set<string>();
  for (const key of position.ineligibleComponents ?? []) {
    if (!/^(bonus|allowance:.+|onCost:.+)$/.test(key)) {
      fail(`ineligibleComponents: "${key}" is not 'bonus', 'allowance:<code>' or 'onCost:<component>'`);
    }
    ineligible.add(key);
  }

  const given = position.accounts ?? {};
  const accounts: AccountConfig = {
    pay: given.pay ?? DEFAULT_ACCOUNTS.pay,
    allowances: { ...DEFAULT_ACCOUNTS.allowances, ...(given.allowances ?? {}) },
    bonus: given.bonus ?? DEFAULT_ACCOUNTS.bonus,
    onCosts: { ...DEFAULT_ACCOUNTS.onCosts, ...(given.onCosts ?? {}) },
    reimbursement: given.reimbursement ?? DEFAULT_ACCOUNTS.reimbursement,
    product: given.product ?? DEFAULT_ACCOUNTS.product,
  };
  for (const c of onCostComponents) {
    if (accounts.onCosts[c] === undefined) fail(`accounts.onCosts has no account for on-cost component ${c}`);
  }

  const bonusConversions = position.bonusConversions ?? [];
  bonusConversions.forEach((b, i) => {
    if (!Number.isInteger(b.year)) fail(`bonusConversions[${i}].year must be an integer`);
    if (!Number.isInteger(b.freeDays) || b.freeDays < 1 || b.freeDays > 3) fail(`bonusConversions[${i}].freeDays must be 1..3`);
    centsValue(b.cashReduction, `bonusConversions[${i}].cashReduction`);
    if (bonusConversions.findIndex((o) => o.year === b.year) !== i) fail(`bonusConversions: two entries for ${b.year}`);
  });

  const allowanceGroupKeys =
    position.caseGroup === undefined ? [payGroup] : [`${payGroup} Fg ${nonEmpty(position.caseGroup, 'caseGroup')}`, payGroup];

  return {
    payScale,
    payGroup,
    allowanceGroupKeys,
    start,
    end,
    stages,
    hours,
    allowances,
    fundingPeriod,
    financing,
    onCostComponents,
    ineligible,
    accounts,
    bonusConversions,
  };
}

/** The calendar months overlapping the employment (after changes), in order. */
export function employmentMonths(position: PositionInput): IsoMonth[] {
  const p = resolvePosition(position);
  return monthsOverlapping(p.start, p.end);
}

/** The Stufe valid on a date. */
export function stageOn(p: ResolvedPosition, on: IsoDate): number {
  let stage = p.stages[0].stage;
  for (const s of p.stages) if (compareDates(s.from, on) <= 0) stage = s.stage;
  return stage;
}

/**
 * Validates a position (throws PositionInputError) and returns its employment after the
 * changes are applied.
 */
export function validatePosition(position: PositionInput): { start: IsoDate; end: IsoDate } {
  const p = resolvePosition(position);
  return { start: p.start, end: p.end };
}

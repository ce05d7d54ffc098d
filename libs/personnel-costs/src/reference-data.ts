import { compareDates, isFirstOfMonth, isIsoDate, isLastOfMonth, IsoDate } from '@app/calendar';
import { Cents, parseEuro } from '@app/money';
import { MissingPayTableRowError, MissingReferenceDataError, ReferenceDataError } from './errors';
import { percentRatio } from './rational';
import type {
  AllowanceRow,
  BonusBand,
  BonusRateRow,
  OnCostRateRow,
  PayTableRow,
  ReferenceData,
  Validity,
} from './types';

/*
 * Loader and validator of dated reference data. The file form (e.g. tvoed-vka.json) holds
 * euro amounts as decimal strings ("4067.31"); loadReferenceData turns them into cents and
 * validates everything. validateReferenceData checks data already in cents.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ReferenceDataError(`${path}: expected an object`);
  return v;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ReferenceDataError(`${path}: expected an array`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ReferenceDataError(`${path}: expected a non-empty string`);
  return v;
}

function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ReferenceDataError(`${path}: expected true or false`);
  return v;
}

function optBool(v: unknown, path: string): boolean {
  return v === undefined ? false : bool(v, path);
}

function strList(v: unknown, path: string): string[] {
  const list = arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
  if (list.length === 0) throw new ReferenceDataError(`${path}: must not be empty`);
  if (new Set(list).size !== list.length) throw new ReferenceDataError(`${path}: duplicate entries`);
  return list;
}

/** Euro amount: a decimal string "4067.31" in file form. */
function euro(v: unknown, path: string): Cents {
  if (typeof v !== 'string') throw new ReferenceDataError(`${path}: expected a euro amount as a string like "4067.31"`);
  try {
    const cents = parseEuro(v);
    if (cents < 0) throw new ReferenceDataError(`${path}: must not be negative`);
    return cents;
  } catch (e) {
    if (e instanceof ReferenceDataError) throw e;
    throw new ReferenceDataError(`${path}: ${(e as Error).message}`);
  }
}

function cents(v: unknown, path: string): Cents {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ReferenceDataError(`${path}: expected a non-negative integer number of cents`);
  }
  return v;
}

function percent(v: unknown, path: string): string {
  const s = str(v, path);
  try {
    percentRatio(s, path);
  } catch (e) {
    throw new ReferenceDataError(`${path}: ${(e as Error).message}`);
  }
  return s;
}

function validity(o: Obj, path: string): Validity {
  const validFrom = o['validFrom'];
  const validTo = o['validTo'];
  if (!isIsoDate(validFrom)) throw new ReferenceDataError(`${path}.validFrom: expected an ISO date`);
  if (!isFirstOfMonth(validFrom)) {
    throw new ReferenceDataError(`${path}.validFrom ${validFrom} is not the first day of a month`);
  }
  if (validTo !== null) {
    if (!isIsoDate(validTo)) throw new ReferenceDataError(`${path}.validTo: expected an ISO date or null (open-ended)`);
    if (!isLastOfMonth(validTo)) {
      throw new ReferenceDataError(`${path}.validTo ${validTo} is not the last day of a month`);
    }
    if (compareDates(validFrom, validTo) > 0) throw new ReferenceDataError(`${path}: validTo is before validFrom`);
  }
  return { validFrom, validTo };
}

function stageAmounts(v: unknown, path: string, parse: (x: unknown, p: string) => Cents): Record<string, Cents> {
  const o = obj(v, path);
  const keys = Object.keys(o);
  if (keys.length === 0) throw new ReferenceDataError(`${path}: no stages`);
  const out: Record<string, Cents> = {};
  for (const k of keys) {
    if (!/^[1-9]\d*$/.test(k)) throw new ReferenceDataError(`${path}: stage key "${k}" is not a positive integer`);
    out[k] = parse(o[k], `${path}.${k}`);
  }
  return out;
}

export function validityContains(v: Validity, date: IsoDate): boolean {
  return compareDates(v.validFrom, date) <= 0 && (v.validTo === null || compareDates(date, v.validTo) <= 0);
}

function overlaps(a: Validity, b: Validity): boolean {
  const aEndsBeforeB = a.validTo !== null && compareDates(a.validTo, b.validFrom) < 0;
  const bEndsBeforeA = b.validTo !== null && compareDates(b.validTo, a.validFrom) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

function checkNoOverlap<T extends Validity>(rows: readonly T[], keysOf: (row: T) => string[], what: string): void {
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    for (const key of keysOf(row)) {
      const list = byKey.get(key) ?? [];
      for (const other of list) {
        if (overlaps(row, other)) {
          throw new ReferenceDataError(
            `${what} ${key}: rows valid ${other.validFrom}..${other.validTo ?? 'open'} and ${row.validFrom}..${row.validTo ?? 'open'} overlap`,
          );
        }
      }
      list.push(row);
      byKey.set(key, list);
    }
  }
}

type Mode = 'file' | 'validated';

function build(raw: unknown, mode: Mode): ReferenceData {
  const root = obj(raw, 'referenceData');
  const amount = mode === 'file' ? euro : cents;

  const payTable: PayTableRow[] = arr(root['payTable'], 'payTable').map((x, i) => {
    const p = `payTable[${i}]`;
    const o = obj(x, p);
    const note = optStr(o['note'], `${p}.note`);
    return {
      payScale: str(o['payScale'], `${p}.payScale`),
      payGroup: str(o['payGroup'], `${p}.payGroup`),
      ...validity(o, p),
      amounts: stageAmounts(o['amounts'], `${p}.amounts`, amount),
      computed: bool(o['computed'], `${p}.computed`),
      ...(note === undefined ? {} : { note }),
    };
  });

  const allowances: AllowanceRow[] = arr(root['allowances'], 'allowances').map((x, i) => {
    const p = `allowances[${i}]`;
    const o = obj(x, p);
    const note = optStr(o['note'], `${p}.note`);
    return {
      code: str(o['code'], `${p}.code`),
      name: str(o['name'], `${p}.name`),
      payGroups: strList(o['payGroups'], `${p}.payGroups`),
      amount: amount(o['amount'], `${p}.amount`),
      ...validity(o, p),
      proRataPartTime: bool(o['proRataPartTime'], `${p}.proRataPartTime`),
      proRataPartialMonth: bool(o['proRataPartialMonth'], `${p}.proRataPartialMonth`),
      inBonusBase: bool(o['inBonusBase'], `${p}.inBonusBase`),
      inOnCostBase: bool(o['inOnCostBase'], `${p}.inOnCostBase`),
      assumed: optBool(o['assumed'], `${p}.assumed`),
      ...(note === undefined ? {} : { note }),
    };
  });

  const bonusBands: BonusBand[] = arr(root['bonusBands'], 'bonusBands').map((x, i) => {
    const p = `bonusBands[${i}]`;
    const o = obj(x, p);
    const note = optStr(o['note'], `${p}.note`);
    return {
      band: str(o['band'], `${p}.band`),
      payGroups: strList(o['payGroups'], `${p}.payGroups`),
      inferred: optBool(o['inferred'], `${p}.inferred`),
      ...(note === undefined ? {} : { note }),
    };
  });

  const bonusRates: BonusRateRow[] = arr(root['bonusRates'], 'bonusRates').map((x, i) => {
    const p = `bonusRates[${i}]`;
    const o = obj(x, p);
    const note = optStr(o['note'], `${p}.note`);
    return {
      band: str(o['band'], `${p}.band`),
      ...validity(o, p),
      ratePercent: percent(o['ratePercent'], `${p}.ratePercent`),
      ...(note === undefined ? {} : { note }),
    };
  });

  const onCostRates: OnCostRateRow[] = arr(root['onCostRates'], 'onCostRates').map((x, i) => {
    const p = `onCostRates[${i}]`;
    const o = obj(x, p);
    const note = optStr(o['note'], `${p}.note`);
    const basis = optStr(o['basis'], `${p}.basis`);
    return {
      component: str(o['component'], `${p}.component`),
      name: str(o['name'], `${p}.name`),
      ...validity(o, p),
      ratePercent: percent(o['ratePercent'], `${p}.ratePercent`),
      assumed: optBool(o['assumed'], `${p}.assumed`),
      ...(basis === undefined ? {} : { basis }),
      ...(note === undefined ? {} : { note }),
    };
  });

  checkNoOverlap(payTable, (r) => [`${r.payScale} ${r.payGroup}`], 'pay table');
  checkNoOverlap(allowances, (r) => r.payGroups.map((g) => `${r.code} ${g}`), 'allowance');
  checkNoOverlap(bonusRates, (r) => [r.band], 'bonus rate');
  checkNoOverlap(onCostRates, (r) => [r.component], 'on-cost rate');

  const bandNames = new Set<string>();
  const groupBand = new Map<string, string>();
  for (const b of bonusBands) {
    if (bandNames.has(b.band)) throw new ReferenceDataError(`bonus band ${b.band} is defined twice`);
    bandNames.add(b.band);
    for (const g of b.payGroups) {
      const other = groupBand.get(g);
      if (other !== undefined) throw new ReferenceDataError(`pay group ${g} is in bonus bands ${other} and ${b.band}`);
      groupBand.set(g, b.band);
    }
  }
  for (const r of bonusRates) {
    if (!bandNames.has(r.band)) throw new ReferenceDataError(`bonus rate for unknown band ${r.band}`);
  }

  return { name: str(root['name'], 'name'), payTable, allowances, bonusBands, bonusRates, onCostRates };
}

/** Parses and validates reference data in file form (euro amounts as strings). */
export function loadReferenceData(raw: unknown): ReferenceData {
  return build(raw, 'file');
}

/**
 * Validates reference data already in cents (e.g. after it crossed a JSON boundary):
 * shapes, month-boundary validity, no overlapping rows per key, known bonus bands.
 */
export function validateReferenceData(data: unknown): ReferenceData {
  return build(data, 'validated');
}

// ------------------------------------------------------------------ lookups

function single<T extends Validity>(rows: readonly T[], date: IsoDate): T | undefined {
  // validation guarantees at most one row per key and date
  return rows.find((r) => validityContains(r, date));
}

export function findPayTableRow(
  data: ReferenceData,
  payScale: string,
  payGroup: string,
  stage: number,
  date: IsoDate,
): { row: PayTableRow; amount: Cents } {
  const row = single(
    data.payTable.filter((r) => r.payScale === payScale && r.payGroup === payGroup),
    date,
  );
  const amount = row?.amounts[String(stage)];
  if (row === undefined || amount === undefined) throw new MissingPayTableRowError(payScale, payGroup, stage, date);
  return { row, amount };
}

export function findAllowanceRow(data: ReferenceData, code: string, groupKeys: readonly string[], date: IsoDate): AllowanceRow {
  for (const key of groupKeys) {
    const row = single(
      data.allowances.filter((r) => r.code === code && r.payGroups.includes(key)),
      date,
    );
    if (row !== undefined) return row;
  }
  throw new MissingReferenceDataError(
    'allowance',
    `${code} ${groupKeys.join('|')}`,
    date,
    `no allowance row ${code} for ${groupKeys.join(' / ')} valid on ${date}`,
  );
}

export function findBonusBand(data: ReferenceData, payGroup: string, date: IsoDate): BonusBand {
  const band = data.bonusBands.find((b) => b.payGroups.includes(payGroup));
  if (band === undefined) {
    throw new MissingReferenceDataError('bonusBand', payGroup, date, `pay group ${payGroup} is in no Jahressonderzahlung band`);
  }
  return band;
}

export function findBonusRate(data: ReferenceData, band: string, date: IsoDate): BonusRateRow {
  const row = single(
    data.bonusRates.filter((r) => r.band === band),
    date,
  );
  if (row === undefined) {
    throw new MissingReferenceDataError('bonusRate', band, date, `no Jahressonderzahlung rate for band ${band} valid on ${date}`);
  }
  return row;
}

export function findOnCostRate(data: ReferenceData, component: string, date: IsoDate): OnCostRateRow {
  const row = single(
    data.onCostRates.filter((r) => r.component === component),
    date,
  );
  if (row === undefined) {
    throw new MissingReferenceDataError('onCostRate', component, date, `no on-cost rate for ${component} valid on ${date}`);
  }
  return row;
}

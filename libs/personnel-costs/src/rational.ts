import { PersonnelCostError } from './errors';

/** An exact non-negative rational; internal only (BigInt does not survive JSON). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal given as a string ("20.95", "19.5") or a number whose
 * shortest decimal representation is plain (19.5 — not 1e-7) into an exact ratio.
 */
export function parseDecimalRatio(value: string | number, what: string, maxDecimals = 6): Ratio {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] ?? '').length > maxDecimals) {
    throw new PersonnelCostError(`${what} must be a non-negative decimal with at most ${maxDecimals} decimals, got ${String(value)}`);
  }
  const decimals = (m[2] ?? '').length;
  return { num: BigInt(m[1] + (m[2] ?? '')), den: 10n ** BigInt(decimals) };
}

/** "20.95" (percent) → 2095/10000. */
export function percentRatio(percent: string, what: string): Ratio {
  const r = parseDecimalRatio(percent, what, 6);
  return { num: r.num, den: r.den * 100n };
}

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function divRatio(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new PersonnelCostError('division by zero');
  return { num: a.num * b.den, den: a.den * b.num };
}

export function compareRatio(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const ONE: Ratio = { num: 1n, den: 1n };

import { Cents, mulDivRoundHalfUp } from '@app/money';
import { percentRatio } from './rational';

/**
 * Section 2a: a table cell after an agreed increase, rounded half-up to cents:
 * max(round((old + baseIncrease) × (1 + p)), old + minimumIncrease).
 * 2023 agreement (from 01.03.2024): baseIncrease 200.00, p 5.5 %, minimum 340.00;
 * 2025: p 3.0 %, minimum 110.00; 2026: p 2.8 %.
 * Serves to check data or to fill a table not yet published (mark such rows `computed`).
 */
export function applyTariffIncrease(old: Cents, percent: string, minimumIncrease: Cents = 0, baseIncrease: Cents = 0): Cents {
  const p = percentRatio(percent, 'percent');
  return Math.max(mulDivRoundHalfUp(old + baseIncrease, p.den + p.num, p.den), old + minimumIncrease);
}

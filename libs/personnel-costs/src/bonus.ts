import { compareDates, isFirstOfMonth, isoDate, IsoMonth, isoMonth, monthEnd, monthOf, monthsOverlapping, shiftMonth } from '@app/calendar';
import { mulDivRoundHalfUp } from '@app/money';
import { PositionInputError, UnsupportedCaseError } from './errors';
import { bonusBaseAmount, computeMonthlyPay, entitlementInterval } from './monthly-pay';
import type { ResolvedPosition } from './position';
import { percentRatio } from './rational';
import { findBonusBand, findBonusRate } from './reference-data';
import type { BonusResult, ReferenceData } from './types';

/** Days of July–September (31 + 31 + 30). */
const JULY_TO_SEPTEMBER_DAYS = 92;

/**
 * The month the Jahressonderzahlung of a year is booked in: November (§ 20 Abs. 5); December
 * when the employment starts on 1 December (there is no November pay). null: no entitlement.
 */
export function bonusBookingMonth(p: ResolvedPosition, year: number): IsoMonth | null {
  const dec1 = isoDate(year, 12, 1);
  // Abs. 1: only if the employment exists on 1 December
  if (compareDates(p.start, dec1) > 0 || compareDates(p.end, dec1) < 0) return null;
  return compareDates(p.start, isoDate(year, 11, 30)) <= 0 ? isoMonth(year, 11) : isoMonth(year, 12);
}

/** § 20 TVöD-VKA for the month given; null if no bonus is booked in that month. */
export function computeBonus(p: ResolvedPosition, ref: ReferenceData, month: IsoMonth): BonusResult | null {
  const year = Number(month.slice(0, 4));
  if (bonusBookingMonth(p, year) !== month) return null;

  // Abs. 2: the base
  let baseMethod: BonusResult['baseMethod'];
  let baseMonths: IsoMonth[];
  let baseSum = 0;
  let days = 0;
  let average: number;
  if (compareDates(p.start, isoDate(year, 9, 30)) > 0) {
    // Abs. 2 Satz 3: began after 30 September ⇒ the first full calendar month
    const candidate = isFirstOfMonth(p.start) ? monthOf(p.start) : shiftMonth(monthOf(p.start), 1);
    if (compareDates(p.end, monthEnd(candidate)) < 0) {
      throw new UnsupportedCaseError(
        `Jahressonderzahlung ${year}: the employment ${p.start}..${p.end} began after 30 September and has no full calendar month`,
      );
    }
    const pay = computeMonthlyPay(p, ref, candidate);
    baseMethod = 'firstFullMonth';
    baseMonths = [candidate];
    baseSum = bonusBaseAmount(pay);
    days = pay.entitlementDays;
    average = baseSum;
  } else {
    baseMonths = [];
    for (const m of [isoMonth(year, 7), isoMonth(year, 8), isoMonth(year, 9)]) {
      if (entitlementInterval(p, m) === null) continue;
      const pay = computeMonthlyPay(p, ref, m);
      baseMonths.push(m);
      baseSum += bonusBaseAmount(pay);
      days += pay.entitlementDays;
    }
    if (days === JULY_TO_SEPTEMBER_DAYS) {
      baseMethod = 'julyToSeptemberFull';
      average = mulDivRoundHalfUp(baseSum, 1n, 3n);
    } else {
      // Protokollerklärung zu Abs. 2: sum / calendar days with pay × 30.67
      baseMethod = 'julyToSeptemberPartial';
      average = mulDivRoundHalfUp(baseSum, 3067n, BigInt(days) * 100n);
    }
  }

  // Abs. 2 Satz 2 / Abs. 3: the rate by the pay group on 1 September
  const sep1 = isoDate(year, 9, 1);
  const band = findBonusBand(ref, p.payGroup, sep1);
  const rateRow = findBonusRate(ref, band.band, sep1);
  const rate = percentRatio(rateRow.ratePercent, 'ratePercent');
  const fullAmount = mulDivRoundHalfUp(average, rate.num, rate.den);

  // Abs. 4: minus 1/12 for every calendar month without any day of entitlement
  const from = compareDates(p.start, isoDate(year, 1, 1)) > 0 ? p.start : isoDate(year, 1, 1);
  const to = compareDates(p.end, isoDate(year, 12, 31)) < 0 ? p.end : isoDate(year, 12, 31);
  const qualifyingMonths = monthsOverlapping(from, to).length;
  const reducedAmount = qualifyingMonths === 12 ? fullAmount : mulDivRoundHalfUp(fullAmount, BigInt(qualifyingMonths), 12n);

  const conversion = p.bonusConversions.find((c) => c.year === year);
  const conversionCashReduction = conversion?.cashReduction ?? 0;
  if (conversionCashReduction > reducedAmount) {
    throw new PositionInputError(`bonusConversions ${year}: cash reduction exceeds the Jahressonderzahlung ${reducedAmount}`);
  }

  return {
    year,
    baseMethod,
    baseMonths,
    baseSum,
    calendarDaysWithPay: days,
    average,
    band: band.band,
    ratePercent: rateRow.ratePercent,
    fullAmount,
    qualifyingMonths,
    reducedAmount,
    conversionCashReduction,
    amount: reducedAmount - conversionCashReduction,
    eligible: !p.ineligible.has('bonus'),
  };
}

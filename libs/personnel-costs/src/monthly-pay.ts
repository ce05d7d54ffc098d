import {
  addDays,
  compareDates,
  daysInclusive,
  daysInIsoMonth,
  IsoDate,
  IsoMonth,
  maxDate,
  minDate,
  monthEnd,
  monthStart,
} from '@app/calendar';
import { Cents, mulDivRoundHalfUp } from '@app/money';
import { PersonnelCostError } from './errors';
import { HoursPeriod, ResolvedPosition, stageOn } from './position';
import { findAllowanceRow, findPayTableRow } from './reference-data';
import type { AllowanceFlags, AllowanceLine, HoursSegment, PayLine, PayTableRow, ReferenceData } from './types';

/** Section 2 of PERSONNEL-COSTS.md: Tabellenentgelt and allowances of one calendar month. */
export interface MonthlyPay {
  readonly month: IsoMonth;
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
  readonly entitlementDays: number;
  readonly daysInMonth: number;
  readonly referenceDate: IsoDate;
  readonly stage: number;
  readonly payTableRow: PayTableRow;
  readonly basePay: PayLine;
  readonly allowances: readonly AllowanceLine[];
}

export class MonthOutsideEmploymentError extends PersonnelCostError {
  override readonly name: string = 'MonthOutsideEmploymentError';
}

/** Entitlement interval of a month: [max(start, 1st), min(end, last day)], or null. */
export function entitlementInterval(p: ResolvedPosition, month: IsoMonth): { first: IsoDate; last: IsoDate } | null {
  const first = maxDate(p.start, monthStart(month));
  const last = minDate(p.end, monthEnd(month));
  return compareDates(first, last) <= 0 ? { first, last } : null;
}

interface Segment {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: number;
  readonly hours: HoursPeriod;
}

function hoursSegments(p: ResolvedPosition, first: IsoDate, last: IsoDate): Segment[] {
  const out: Segment[] = [];
  p.hours.forEach((h, i) => {
    const next = p.hours[i + 1];
    const from = maxDate(h.from, first);
    const to = next === undefined ? last : minDate(addDays(next.from, -1), last);
    if (compareDates(from, to) <= 0) out.push({ from, to, days: daysInclusive(from, to), hours: h });
  });
  return out;
}

/**
 * P = round(T × weeklyHours / fullTimeHours) (§ 24 Abs. 2), then A = round(P × days / dim)
 * when not all calendar days are paid (§ 24 Abs. 3), each step rounded half-up. A month with
 * an hours change is split into segments, each computed and rounded this way.
 */
function payLine(fullTime: Cents, segments: readonly Segment[], dim: number, flags: AllowanceFlags): PayLine {
  const partTime = (s: Segment): Cents =>
    flags.proRataPartTime ? mulDivRoundHalfUp(fullTime, s.hours.factor.num, s.hours.factor.den) : fullTime;
  let lines: HoursSegment[];
  if (!flags.proRataPartialMonth) {
    // the full monthly amount at the hours valid on the reference date
    const first = segments[0];
    const last = segments[segments.length - 1];
    const p = partTime(first);
    lines = [
      {
        from: first.from,
        to: last.to,
        days: daysInclusive(first.from, last.to),
        weeklyHours: first.hours.weeklyHours,
        partTimeAmount: p,
        amount: p,
      },
    ];
  } else {
    lines = segments.map((s) => {
      const p = partTime(s);
      const amount = s.days < dim ? mulDivRoundHalfUp(p, BigInt(s.days), BigInt(dim)) : p;
      return { from: s.from, to: s.to, days: s.days, weeklyHours: s.hours.weeklyHours, partTimeAmount: p, amount };
    });
  }
  return {
    fullTimeAmount: fullTime,
    partTimeAmount: lines.length === 1 ? lines[0].partTimeAmount : null,
    amount: lines.reduce((sum, l) => sum + l.amount, 0),
    segments: lines,
  };
}

const BASE_PAY_FLAGS: AllowanceFlags = {
  proRataPartTime: true,
  proRataPartialMonth: true,
  inBonusBase: true,
  inOnCostBase: true,
};

export function computeMonthlyPay(p: ResolvedPosition, ref: ReferenceData, month: IsoMonth): MonthlyPay {
  const interval = entitlementInterval(p, month);
  if (interval === null) {
    throw new MonthOutsideEmploymentError(`month ${month} does not overlap the employment ${p.start}..${p.end}`);
  }
  const { first, last } = interval;
  const dim = daysInIsoMonth(month);
  const referenceDate = first;
  const stage = stageOn(p, referenceDate);
  const { row, amount: tableAmount } = findPayTableRow(ref, p.payScale, p.payGroup, stage, referenceDate);
  const segments = hoursSegments(p, first, last);
  const basePay = payLine(tableAmount, segments, dim, BASE_PAY_FLAGS);

  const allowances: AllowanceLine[] = [];
  for (const a of p.allowances) {
    if (a.validFrom !== undefined && compareDates(referenceDate, a.validFrom) < 0) continue;
    if (a.validTo !== undefined && compareDates(referenceDate, a.validTo) > 0) continue;
    let fullTime: Cents;
    let flags: AllowanceFlags;
    let name: string;
    let assumed: boolean;
    if (a.fullTimeAmount !== undefined) {
      fullTime = a.fullTimeAmount;
      flags = a.flags as AllowanceFlags; // completeness checked by resolvePosition
      name = a.name ?? a.code;
      assumed = false;
    } else {
      const r = findAllowanceRow(ref, a.code, p.allowanceGroupKeys, referenceDate);
      fullTime = r.amount;
      flags = {
        proRataPartTime: a.flags?.proRataPartTime ?? r.proRataPartTime,
        proRataPartialMonth: a.flags?.proRataPartialMonth ?? r.proRataPartialMonth,
        inBonusBase: a.flags?.inBonusBase ?? r.inBonusBase,
        inOnCostBase: a.flags?.inOnCostBase ?? r.inOnCostBase,
      };
      name = a.name ?? r.name;
      assumed = r.assumed;
    }
    allowances.push({
      code: a.code,
      name,
      flags,
      assumed,
      eligible: !p.ineligible.has(`allowance:${a.code}`),
      ...payLine(fullTime, segments, dim, flags),
    });
  }

  return {
    month,
    firstDay: first,
    lastDay: last,
    entitlementDays: daysInclusive(first, last),
    daysInMonth: dim,
    referenceDate,
    stage,
    payTableRow: row,
    basePay,
    allowances,
  };
}

/** Tabellenentgelt plus the allowances that count in the Jahressonderzahlung base. */
export function bonusBaseAmount(pay: MonthlyPay): Cents {
  return pay.basePay.amount + pay.allowances.filter((a) => a.flags.inBonusBase).reduce((s, a) => s + a.amount, 0);
}

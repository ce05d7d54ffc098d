import { isFirstOfMonth } from '@app/calendar';
import { DomainError, ErrorCode, FieldProblem } from '@app/common';
import type { PositionChangeKind, PositionStatus } from '@app/database';

/*
 * The rules of a Stelle that single fields cannot check. Pure functions: the service calls them
 * with the data at hand and turns the problems into one 400 that names every field.
 */

/** Hours as the column holds them (numeric(5,2)): a decimal string with at most two decimals. */
export const HOURS = /^\d{1,3}(\.\d{1,2})?$/;

/** The terms (pay, hours, period, accounts …) are edited in place only before the position is filled. */
export const TERMS_EDITABLE: readonly PositionStatus[] = ['planned', 'advertised'];

/** Once filled, the terms change through dated changes (hours, stage, early end, extension). */
export const CHANGEABLE: readonly PositionStatus[] = ['filled', 'vacant'];

/** A holder fills the position: these states become 'filled' when one is entered. */
export const FILLABLE: readonly PositionStatus[] = ['planned', 'advertised', 'vacant'];

export interface ChangeContext {
  startOn: string;
  /** the last day after earlier changes; null: permanent */
  effectiveEndOn: string | null;
  fullTimeHours: string;
  /** the Stufen the pay table knows for the position's group */
  stages: readonly number[];
}

export interface HolderPeriod {
  holderName: string;
  validFrom: string;
  validTo: string | null;
}

/** "19.5" → 1950: exact integer hundredths for comparisons (the caller has matched HOURS). */
export function hundredths(hours: string): number {
  const [whole, fraction = ''] = hours.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function hoursProblems(weeklyHours: string, fullTimeHours: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (hundredths(fullTimeHours) === 0) problems.push({ field: 'fullTimeHours', reason: 'fullTimeHours must be more than 0' });
  if (hundredths(weeklyHours) === 0) problems.push({ field: 'weeklyHours', reason: 'weeklyHours must be more than 0' });
  else if (hundredths(weeklyHours) > hundredths(fullTimeHours)) {
    problems.push({ field: 'weeklyHours', reason: `must not exceed the full-time hours (${fullTimeHours})` });
  }
  return problems;
}

export function periodProblems(startOn: string, endOn: string | null): FieldProblem[] {
  return endOn !== null && endOn < startOn ? [{ field: 'endOn', reason: `must not be before startOn (${startOn})` }] : [];
}

/** Where the pay table does not know the group, or the group not the Stufe. */
export function payProblems(scaleKnown: boolean, stages: readonly number[], payScale: string, payGroup: string, stage: number): FieldProblem[] {
  if (!scaleKnown) return [{ field: 'payScale', reason: `the pay tables hold no scale "${payScale}"` }];
  if (stages.length === 0) return [{ field: 'payGroup', reason: `the pay table ${payScale} has no group "${payGroup}"` }];
  if (!stages.includes(stage)) return [{ field: 'firstStage', reason: `the pay table ${payScale} has no Stufe ${stage} for ${payGroup} (it has ${stages.join(', ')})` }];
  return [];
}

/**
 * A dated change to a filled position, as the personnel-cost engine applies it: new weekly hours
 * from any day, a new Stufe from the 1st of a month, an earlier last day, or a later last day that
 * needs a new council decision. Returns the problems and the payload as it is stored.
 */
export function changeProblems(
  kind: PositionChangeKind,
  effectiveOn: string,
  payload: Record<string, unknown>,
  position: ChangeContext,
): { problems: FieldProblem[]; payload: Record<string, unknown> } {
  const problems: FieldProblem[] = [];
  const allowed: Record<PositionChangeKind, readonly string[]> = { hours: ['weeklyHours'], stage: ['stage'], early_end: [], extension: ['councilDecisionRef'] };
  for (const key of Object.keys(payload)) {
    if (!allowed[kind].includes(key)) problems.push({ field: `payload.${key}`, reason: `property ${key} should not exist for a change of kind ${kind}` });
  }
  const end = position.effectiveEndOn;
  const within = () => {
    if (effectiveOn < position.startOn) problems.push({ field: 'effectiveOn', reason: `must not be before the position starts (${position.startOn})` });
    else if (end !== null && effectiveOn > end) problems.push({ field: 'effectiveOn', reason: `must not be after the position ends (${end})` });
  };

  switch (kind) {
    case 'hours': {
      within();
      const hours = payload.weeklyHours;
      if (typeof hours !== 'string' || !HOURS.test(hours)) {
        problems.push({ field: 'payload.weeklyHours', reason: 'weeklyHours must be a decimal number of hours as a string, at most two decimals, e.g. "19.5"' });
      } else {
        for (const p of hoursProblems(hours, position.fullTimeHours)) problems.push({ ...p, field: `payload.${p.field}` });
        return { problems, payload: { weeklyHours: hours } };
      }
      return { problems, payload: {} };
    }
    case 'stage': {
      within();
      if (!isFirstOfMonth(effectiveOn)) problems.push({ field: 'effectiveOn', reason: 'a new Stufe takes effect on the 1st of a month (§ 17 Abs. 1 TVöD)' });
      else if (effectiveOn === position.startOn) problems.push({ field: 'effectiveOn', reason: 'the Stufe at the start is the first stage of the position, not a change' });
      const stage = payload.stage;
      if (typeof stage !== 'number' || !Number.isInteger(stage) || stage < 1 || stage > 6) {
        problems.push({ field: 'payload.stage', reason: 'stage must be an integer from 1 to 6' });
        return { problems, payload: {} };
      }
      if (!position.stages.includes(stage)) problems.push({ field: 'payload.stage', reason: `the pay table has no Stufe ${stage} for the position's group` });
      return { problems, payload: { stage } };
    }
    case 'early_end': {
      if (effectiveOn < position.startOn) problems.push({ field: 'effectiveOn', reason: `the new last day must not be before the position starts (${position.startOn})` });
      else if (end !== null && effectiveOn >= end) problems.push({ field: 'effectiveOn', reason: `the new last day must be before the current one (${end})` });
      return { problems, payload: {} };
    }
    case 'extension': {
      if (end === null) {
        throw new DomainError(ErrorCode.StateConflict, 'the position is permanent (no last day): there is nothing to extend', [{ field: 'kind', reason: 'the position has no end' }]);
      }
      if (effectiveOn <= end) problems.push({ field: 'effectiveOn', reason: `the new last day must be after the current one (${end})` });
      const ref = payload.councilDecisionRef;
      if (typeof ref !== 'string' || ref.trim() === '' || ref.length > 100) {
        problems.push({ field: 'payload.councilDecisionRef', reason: 'an extension needs the new council decision (Vorlage), e.g. "2026/123", at most 100 characters' });
        return { problems, payload: {} };
      }
      return { problems, payload: { councilDecisionRef: ref.trim() } };
    }
  }
}

/** A holder's period: in order, within the position's period. */
export function holderProblems(holder: HolderPeriod, startOn: string, effectiveEndOn: string | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (holder.validTo !== null && holder.validTo < holder.validFrom) problems.push({ field: 'validTo', reason: `must not be before validFrom (${holder.validFrom})` });
  if (holder.validFrom < startOn) problems.push({ field: 'validFrom', reason: `must not be before the position starts (${startOn})` });
  if (effectiveEndOn !== null && holder.validFrom > effectiveEndOn) problems.push({ field: 'validFrom', reason: `must not be after the position ends (${effectiveEndOn})` });
  if (effectiveEndOn !== null && holder.validTo !== null && holder.validTo > effectiveEndOn) {
    problems.push({ field: 'validTo', reason: `must not be after the position ends (${effectiveEndOn})` });
  }
  return problems;
}

/** The holders whose periods (both ends inclusive, no end: open) share a day with `holder`. */
export function overlappingHolders<T extends HolderPeriod>(holder: HolderPeriod, others: readonly T[]): T[] {
  const FOREVER = '9999-12-31';
  return others.filter((o) => o.validFrom <= (holder.validTo ?? FOREVER) && holder.validFrom <= (o.validTo ?? FOREVER));
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length) throw new DomainError(ErrorCode.Validation, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
}

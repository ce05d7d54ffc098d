/** Typed errors of the personnel-cost engine. All extend PersonnelCostError. */
export class PersonnelCostError extends Error {
  override readonly name: string = 'PersonnelCostError';
}

/** Reference data (pay tables, rates) that does not pass validation. */
export class ReferenceDataError extends PersonnelCostError {
  override readonly name: string = 'ReferenceDataError';
}

/** A position input that does not pass validation. */
export class PositionInputError extends PersonnelCostError {
  override readonly name: string = 'PositionInputError';
}

/** No reference row is valid for what a month needs: never computed silently. */
export class MissingReferenceDataError extends PersonnelCostError {
  override readonly name: string = 'MissingReferenceDataError';
  constructor(
    readonly kind: 'payTable' | 'allowance' | 'bonusRate' | 'bonusBand' | 'onCostRate',
    readonly key: string,
    readonly date: string,
    detail: string,
  ) {
    super(detail);
  }
}

export class MissingPayTableRowError extends MissingReferenceDataError {
  override readonly name: string = 'MissingPayTableRowError';
  constructor(
    readonly payScale: string,
    readonly payGroup: string,
    readonly stage: number,
    date: string,
  ) {
    super(
      'payTable',
      `${payScale} ${payGroup} Stufe ${stage}`,
      date,
      `no pay table row for ${payScale} ${payGroup} Stufe ${stage} valid on ${date}`,
    );
  }
}

/** The cumulative state handed to computeMonth does not belong to the month before. */
export class CumulativeStateError extends PersonnelCostError {
  override readonly name: string = 'CumulativeStateError';
}

/** A case the rules in PERSONNEL-COSTS.md do not determine. */
export class UnsupportedCaseError extends PersonnelCostError {
  override readonly name: string = 'UnsupportedCaseError';
}

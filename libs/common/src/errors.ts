/** Typed domain errors: services throw these; one global filter maps them to HTTP. */
export enum ErrorCode {
  Validation = 'validation_failed',
  NotFound = 'not_found',
  Conflict = 'conflict',
  StateConflict = 'state_conflict',
  Unavailable = 'unavailable',
}

export interface FieldProblem {
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} ${id} not found`);
  }

  static invalid(field: string, reason: string): DomainError {
    return new DomainError(ErrorCode.Validation, `${field}: ${reason}`, [{ field, reason }]);
  }
}

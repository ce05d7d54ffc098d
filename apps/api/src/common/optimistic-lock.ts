import { DomainError, ErrorCode } from '@app/common';

/**
 * Optimistic locking: an update names the version it was based on; if the record moved on in
 * the meantime (someone else saved), the update is refused with 409 and nothing is written.
 */
export function assertVersion(what: string, id: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new DomainError(
      ErrorCode.Conflict,
      `${what} ${id} was changed by someone else (version ${current}, your copy is version ${expected}); reload and apply your change again`,
      [{ field: 'version', reason: `expected ${current}` }],
    );
  }
}

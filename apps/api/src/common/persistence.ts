import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode, FieldProblem } from '@app/common';

/** Small persistence helpers shared by the api's repositories and services. */

/** PostgreSQL error codes the services turn into domain errors. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
} as const;

/** The SQLSTATE and constraint of a failed query, if it is one. */
export function pgError(error: unknown): { code: string; constraint?: string } | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  if (typeof driverError?.code !== 'string') return undefined;
  return { code: driverError.code, constraint: typeof driverError.constraint === 'string' ? driverError.constraint : undefined };
}

/**
 * Turns a violated unique constraint named in `known` (constraint → field problem) into a 409 that
 * names the field; anything else is rethrown unchanged.
 */
export function rethrowUniqueViolation(error: unknown, known: Record<string, FieldProblem>, message: string): never {
  const pg = pgError(error);
  const problem = pg?.code === PG.uniqueViolation && pg.constraint ? known[pg.constraint] : undefined;
  if (problem) throw new DomainError(ErrorCode.Conflict, `${message}: ${problem.reason}`, [problem]);
  throw error;
}

/** bigint cents as node-postgres returns them (string) or a numeric sum; refused beyond safe integers. */
export function toCents(value: unknown): number {
  const cents = typeof value === 'number' ? value : Number(value);
  if (value === null || value === undefined || !Number.isSafeInteger(cents)) {
    throw new Error(`amount ${String(value)} is not a safe integer number of cents`);
  }
  return cents;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a path that is not a uuid cannot name a row: the caller gets 404 like for any unknown id. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Same for bigint identity ids (the ledger's). */
export function isBigintId(value: string): boolean {
  return /^[1-9][0-9]{0,18}$/.test(value) && BigInt(value) <= 9223372036854775807n;
}

/** An ORDER BY clause from resolvePage's whitelisted column expressions (never user text). */
export function orderByClause(orderBy: ReadonlyArray<{ column: string; direction: 'ASC' | 'DESC' }>, qualify = ''): string {
  return orderBy.map((o) => `${qualify}${o.column} ${o.direction}`).join(', ');
}

/** Timestamps in responses: ISO 8601 in UTC. */
export function isoTimestamp(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * A LIKE pattern that finds `text` anywhere, with LIKE's wildcards in it taken literally
 * (use with `ESCAPE '\'`).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, FieldProblem } from '@app/common';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.Validation]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.StateConflict]: HttpStatus.CONFLICT,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  errorId?: string;
  requestId?: string;
}

/**
 * One place that turns every error into a response: domain errors by their code, Nest's HTTP
 * exceptions as they are, anything else a 500 with an error id and no internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    body.requestId = String(request.id ?? '');
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (body.statusCode >= 500) {
      this.logger.error({ errorId: body.errorId, err: exception }, `unhandled error ${body.errorId}`);
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.code];
      return {
        statusCode,
        error: exception.code,
        message: exception.message,
        ...(exception.problems.length ? { problems: exception.problems } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null) {
        const r = response as Partial<ErrorBody> & { message?: unknown };
        return {
          statusCode,
          error: r.error ?? HttpStatus[statusCode] ?? 'error',
          message: typeof r.message === 'string' ? r.message : exception.message,
          ...(r.problems ? { problems: r.problems } : {}),
        };
      }
      return { statusCode, error: HttpStatus[statusCode] ?? 'error', message: String(response) };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: ErrorCode.Unavailable, message: 'the database is not reachable right now; retry shortly (a POST with the same Idempotency-Key is booked at most once)' };
    }
    const errorId = randomUUID();
    return { statusCode: 500, error: 'internal_error', message: `internal error, id ${errorId}`, errorId };
  }
}

// ---------------------------------------------------------------- database unavailable → 503
/** What a 503 tells the client to wait before retrying (seconds). */
const RETRY_AFTER_SECONDS = 5;
/** Socket errors of a PostgreSQL server that is down or restarting. */
const UNREACHABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server shutting down, starting up or out of connections (class 08: connection exception). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** node-postgres' own messages when the connection is lost or the pool cannot get one in time. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether an error means "PostgreSQL is not reachable right now" (down, restarting, the pool
 * could not connect). Every write runs in one transaction, so such a request left either nothing
 * or (if only the commit's acknowledgement was lost) its whole write; a retry may succeed.
 * Looks through TypeORM's QueryFailedError (`driverError`) and `cause`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // Duck-typed, not `instanceof Error`: socket errors come from Node's core, another realm under jest.
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, name, driverError, cause } = error as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; cause?: unknown };
  // TypeORM: the transaction's connection was lost and released while the request still used it
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  if (typeof code === 'string' && (UNREACHABLE_SOCKET.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

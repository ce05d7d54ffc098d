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
    const errorId = randomUUID();
    return { statusCode: 500, error: 'internal_error', message: `internal error, id ${errorId}`, errorId };
  }
}

import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, SetMetadata, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';

/** The header a client repeats on a retried POST; printable ASCII without spaces. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that replays the first response to the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** response_status of a key whose first request is still running (HTTP 102 Processing). */
const PENDING = 102;
/** A pending key older than this belongs to a request that died (process killed): it may be taken over. */
const ABANDONED_AFTER = '5 minutes';
/** How long a concurrent retry waits for the first request to finish before it gets a 409. */
const WAIT_MS = 30_000;
const POLL_MS = 25;
/** How long a failed bookkeeping write (release, stored response) is retried in the background. */
const RETRY_BOOKKEEPING_MS = 5 * 60_000;

const WHAT = 'foerderwerk:idempotencyWhat';
/**
 * Names what an Idempotency-Key of this route stands for in the conflict message ("already used
 * for a different booking"); without it: "request". Every POST is idempotent either way.
 */
export const IdempotencyNoun = (what: string) => SetMetadata(WHAT, what);

type Claim = { kind: 'claimed'; id: string } | { kind: 'replay'; status: number; body: unknown };

/**
 * `Idempotency-Key` on every POST, in one place: the first request with a key runs and its 2xx
 * response is stored (table idempotency_key, keys unique per organisation); a retry with the same
 * key, the same user, path and body gets that response again (200, header Idempotent-Replayed)
 * and runs nothing; the same key with anything else is refused (409). A retry that arrives while
 * the first request still runs waits for it. A failed request (4xx, 5xx) releases its key, so the
 * client may retry it under the same key.
 *
 * Not in the same transaction as the handler's writes: if the process dies between the handler's
 * commit and the stored response, the key is taken over after ABANDONED_AFTER and the request runs
 * again; writes that must happen once at any price (the ledger) carry their own unique dedup key.
 * While PostgreSQL is away, releasing a failed request's key is retried in the background; a
 * retry that arrives before that waits for it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: Actor }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw DomainError.invalid(IDEMPOTENCY_KEY_HEADER, 'must be 1 to 200 printable ASCII characters without spaces');
    }
    const what = this.reflector.get<string | undefined>(WHAT, context.getHandler()) ?? 'request';
    const reply = http.getResponse<FastifyReply>();
    const claim = await this.claim(request.actor.organisationId, key, requestHash(request.actor.ref, request.method, request.url, request.body), what);
    if (claim.kind === 'replay') {
      void reply.status(200).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      return of(claim.body);
    }
    return next.handle().pipe(
      mergeMap((body) => from(this.settle(claim.id, reply.statusCode, body)).pipe(mergeMap(() => of(body)))),
      catchError((error: unknown) => from(this.release(claim.id)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  private async claim(organisationId: string, key: string, hash: string, what: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const inserted: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO idempotency_key (organisation_id, key, request_hash, response_status) VALUES ($1, $2, $3, ${PENDING})
         ON CONFLICT (organisation_id, key) DO NOTHING RETURNING id`,
        [organisationId, key, hash],
      );
      if (inserted[0]) return { kind: 'claimed', id: inserted[0].id };
      const [row]: Array<{ id: string; request_hash: string; response_status: number; response_body: unknown; abandoned: boolean }> = await this.dataSource.query(
        `SELECT id, request_hash, response_status, response_body, created_at < now() - interval '${ABANDONED_AFTER}' AS abandoned
           FROM idempotency_key WHERE organisation_id = $1 AND key = $2`,
        [organisationId, key],
      );
      if (!row) continue; // released by a failed first request a moment ago: claim it
      if (row.request_hash !== hash) {
        throw new DomainError(ErrorCode.Conflict, `${IDEMPOTENCY_KEY_HEADER} was already used for a different ${what}; use a fresh key`, [
          { field: IDEMPOTENCY_KEY_HEADER, reason: `already used for a different ${what}` },
        ]);
      }
      if (row.response_status !== PENDING) return { kind: 'replay', status: row.response_status, body: row.response_body };
      if (row.abandoned) {
        const taken: Array<{ id: string }> = await this.dataSource.query(
          `UPDATE idempotency_key SET created_at = now() WHERE id = $1 AND response_status = ${PENDING} AND created_at < now() - interval '${ABANDONED_AFTER}' RETURNING id`,
          [row.id],
        );
        if (taken[0]) return { kind: 'claimed', id: row.id };
      }
      if (Date.now() > deadline) {
        throw new DomainError(ErrorCode.StateConflict, `the first request with this ${IDEMPOTENCY_KEY_HEADER} is still running; retry later`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Stores a 2xx JSON response for the retries; anything else releases the key. */
  private settle(id: string, status: number, body: unknown): Promise<void> {
    if (status < 200 || status > 299 || !isJson(body)) return this.release(id);
    // the work is done and answered even if the response cannot be stored right now (kept trying)
    return this.persistently(`store the response of ${id}`, () =>
      this.dataSource.query(`UPDATE idempotency_key SET response_status = $2, response_body = $3::jsonb WHERE id = $1`, [id, status, JSON.stringify(body ?? null)]),
    );
  }

  /** Frees the key of a failed request, so that its retry runs (kept trying while PostgreSQL is away). */
  private release(id: string): Promise<void> {
    return this.persistently(`release ${id}`, () => this.dataSource.query(`DELETE FROM idempotency_key WHERE id = $1 AND response_status = ${PENDING}`, [id]));
  }

  /**
   * Runs a bookkeeping write now and, should it fail (PostgreSQL down or restarting: the request
   * itself failed for the same reason), again in the background until it succeeds or the claim
   * would count as abandoned anyway. Never fails the request it belongs to.
   */
  private async persistently(what: string, write: () => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + RETRY_BOOKKEEPING_MS;
    const attempt = async (delay: number): Promise<void> => {
      try {
        await write();
      } catch (error) {
        if (Date.now() > giveUpAt) {
          this.logger.error({ err: error }, `idempotency: could not ${what}; the key is taken over after ${ABANDONED_AFTER}`);
          return;
        }
        setTimeout(() => void attempt(Math.min(delay * 2, 5_000)), delay).unref();
      }
    };
    await attempt(100);
  }
}

/** The same request: the same user, method, path (with query) and body (keys in any order). */
export function requestHash(actorRef: string, method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([actorRef, method, url, canonical(body ?? null)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A body Fastify sends as JSON (not a file, buffer or stream, which are not stored for replay). */
function isJson(body: unknown): boolean {
  if (body instanceof StreamableFile || Buffer.isBuffer(body) || body instanceof Uint8Array) return false;
  return !(typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function');
}

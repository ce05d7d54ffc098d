import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { IDEMPOTENCY_KEY_HEADER } from '../../common/idempotency';
import { resolvePage } from '../../common/pagination';
import { BudgetLinesRepository } from '../budget-lines/budget-lines.repository';
import { isBigintId, isoTimestamp, PG, pgError } from '../../common/persistence';
import { CreateLedgerEntryDto, LedgerEntryDto, LedgerEntryPageDto, ListLedgerEntriesQuery, ReverseLedgerEntryDto } from './ledger-entry.dto';
import { LEDGER_SORTABLE, LedgerEntryRecord, LedgerRepository } from './ledger.repository';

/**
 * The ledger's dedup key of an API booking. The Idempotency-Key itself (format, replay of the first
 * response, refusal of a different request) is handled for every POST by IdempotencyInterceptor
 * (common/idempotency.ts); the ledger additionally derives its unique dedup key from it, so that a
 * booking is written once even if the stored response were lost. Scoped to the organisation, so
 * that two tenants who happen to choose the same key neither collide nor learn of each other.
 */
export function apiDedupKey(organisationId: string, idempotencyKey: string): string {
  return `api:${organisationId}:${idempotencyKey}`;
}

/** A reversal's dedup key: at most one reversal per entry, even under concurrent requests. */
function reversalDedupKey(entryId: string): string {
  return `reversal:${entryId}`;
}

export interface Booking {
  entry: LedgerEntryDto;
  /** false: a retry under an Idempotency-Key already used; nothing was written. */
  created: boolean;
}

/**
 * Booking on budget lines. Entries are never changed or removed (the database refuses it): a
 * correction is a reversal (the negated amount on the same line and of the same kind) plus a new
 * entry. Every booking is audited in the same transaction.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly lines: BudgetLinesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListLedgerEntriesQuery): Promise<LedgerEntryPageDto> {
    if (query.bookedFrom && query.bookedTo && query.bookedFrom > query.bookedTo) {
      throw DomainError.invalid('bookedTo', 'bookedTo must not be before bookedFrom');
    }
    const page = resolvePage(query, LEDGER_SORTABLE, 'bookedOn', 'e.id');
    const { budgetLineId, productId, accountId, fiscalYear, kind, bookedFrom, bookedTo, reference } = query;
    const { items, total } = await this.ledger.list(actor.organisationId, { budgetLineId, productId, accountId, fiscalYear, kind, bookedFrom, bookedTo, reference }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<LedgerEntryDto> {
    const entry = isBigintId(id) ? await this.ledger.findById(actor.organisationId, id) : undefined;
    if (!entry) throw DomainError.notFound('ledger entry', id);
    return toDto(entry);
  }

  /**
   * Books an entry once per Idempotency-Key (already checked and deduplicated by the
   * IdempotencyInterceptor): should the same key still arrive twice, the database's unique dedup
   * key keeps the second from writing; it gets the entry booked first if it asks for the same
   * booking, else a 409.
   */
  async book(actor: Actor, dto: CreateLedgerEntryDto, idempotencyKey: string | undefined, requestId?: string): Promise<Booking> {
    const dedupKey = idempotencyKey === undefined ? `api:${randomUUID()}` : apiDedupKey(actor.organisationId, idempotencyKey);
    return this.dataSource.transaction(async (em) => {
      if (!(await this.lines.findById(actor.organisationId, dto.budgetLineId, em))) {
        throw DomainError.invalid('budgetLineId', `no budget line ${dto.budgetLineId} in your organisation`);
      }
      const id = await this.ledger.appendOnce(em, actor.organisationId, {
        budgetLineId: dto.budgetLineId,
        bookedOn: dto.bookedOn,
        kind: dto.kind,
        amountCents: dto.amountCents,
        text: dto.text,
        reference: dto.reference ?? null,
        reversesId: null,
        dedupKey,
        createdBy: actor.ref,
      });
      if (id === undefined) {
        const first = await this.ledger.findByDedupKey(em, actor.organisationId, dedupKey);
        // Reached only when the interceptor's record of the key is gone (e.g. a commit whose answer
        // was lost to a database outage): the booking itself still decides what "the same" is.
        const same =
          first &&
          first.budgetLineId === dto.budgetLineId &&
          first.bookedOn === dto.bookedOn &&
          first.kind === dto.kind &&
          first.amountCents === dto.amountCents &&
          first.text === dto.text &&
          first.reference === (dto.reference ?? null);
        if (!same) {
          throw new DomainError(ErrorCode.Conflict, `${IDEMPOTENCY_KEY_HEADER} was already used for a different booking; use a fresh key`, [
            { field: IDEMPOTENCY_KEY_HEADER, reason: 'already used for a different booking' },
          ]);
        }
        return { entry: toDto(first), created: false };
      }
      const entry = await this.load(em, actor.organisationId, id);
      await this.audit.record(em, actor, { action: 'ledger_entry.booked', subjectType: 'ledger_entry', subjectId: id, after: entry }, requestId);
      return { entry, created: true };
    });
  }

  /** Reverses one entry: once, and never a reversal itself (book a new entry instead). */
  async reverse(actor: Actor, id: string, dto: ReverseLedgerEntryDto, requestId?: string): Promise<LedgerEntryDto> {
    if (!isBigintId(id)) throw DomainError.notFound('ledger entry', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const original = await this.ledger.findById(actor.organisationId, id, em, true);
        if (!original) throw DomainError.notFound('ledger entry', id);
        if (original.reversesId !== null) {
          throw new DomainError(ErrorCode.StateConflict, `ledger entry ${id} is itself a reversal (of ${original.reversesId}) and cannot be reversed; book a new entry instead`);
        }
        if (original.reversedById !== null) throw alreadyReversed(id, original.reversedById);
        const reversalId = await this.ledger.appendOnce(em, actor.organisationId, {
          budgetLineId: original.budgetLineId,
          bookedOn: dto.bookedOn ?? null,
          kind: original.kind,
          amountCents: -original.amountCents,
          text: `Storno von Buchung ${original.id}: ${dto.reason}`,
          reference: original.reference,
          reversesId: original.id,
          dedupKey: reversalDedupKey(original.id),
          createdBy: actor.ref,
        });
        if (reversalId === undefined) throw alreadyReversed(id); // a concurrent reversal committed first
        const reversal = await this.load(em, actor.organisationId, reversalId);
        await this.audit.record(
          em,
          actor,
          { action: 'ledger_entry.reversed', subjectType: 'ledger_entry', subjectId: reversalId, before: toDto(original), after: reversal, reason: dto.reason },
          requestId,
        );
        return reversal;
      });
    } catch (error) {
      const pg = pgError(error);
      if (pg?.code === PG.uniqueViolation && pg.constraint === 'ledger_entry_reverses_id_key') throw alreadyReversed(id);
      throw error;
    }
  }

  private async load(em: EntityManager, organisationId: string, id: string): Promise<LedgerEntryDto> {
    const entry = await this.ledger.findById(organisationId, id, em);
    if (!entry) throw DomainError.notFound('ledger entry', id);
    return toDto(entry);
  }
}

function alreadyReversed(id: string, by?: string): DomainError {
  return new DomainError(ErrorCode.StateConflict, `ledger entry ${id} is already reversed${by ? ` by entry ${by}` : ''}`);
}

function toDto(e: LedgerEntryRecord): LedgerEntryDto {
  return {
    id: e.id,
    budgetLineId: e.budgetLineId,
    bookedOn: e.bookedOn,
    kind: e.kind,
    amountCents: e.amountCents,
    text: e.text,
    reference: e.reference,
    reversesId: e.reversesId,
    reversedById: e.reversedById,
    createdBy: e.createdBy,
    createdAt: isoTimestamp(e.createdAt),
  };
}


import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { AccountDto, AccountPageDto, CreateAccountDto, ListAccountsQuery, UpdateAccountDto } from './account.dto';
import { ACCOUNT_SORTABLE, AccountRecord, AccountsRepository } from './accounts.repository';

const UNIQUE_NUMBER = { account_organisation_id_number_key: { field: 'number', reason: 'another account of your organisation has this number' } };

/** The chart of accounts (Sachkonten): numbers unique, the kind fixed once budget lines use it. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListAccountsQuery): Promise<AccountPageDto> {
    const page = resolvePage(query, ACCOUNT_SORTABLE, 'number', 'a.id');
    const { items, total } = await this.accounts.list(actor.organisationId, { kind: query.kind, numberPrefix: query.numberPrefix }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<AccountDto> {
    const account = isUuid(id) ? await this.accounts.findById(actor.organisationId, id) : undefined;
    if (!account) throw DomainError.notFound('account', id);
    return toDto(account);
  }

  async create(actor: Actor, dto: CreateAccountDto, requestId?: string): Promise<AccountDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const after = toDto(await this.accounts.insert(em, actor.organisationId, { number: dto.number, name: dto.name, kind: dto.kind }));
        await this.audit.record(em, actor, { action: 'account.created', subjectType: 'account', subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'account not created');
    }
  }

  /**
   * The kind (expense/revenue) decides how a budget line's variance is read: it can change only
   * while no budget line uses the account.
   */
  async update(actor: Actor, id: string, dto: UpdateAccountDto, requestId?: string): Promise<AccountDto> {
    if (!isUuid(id)) throw DomainError.notFound('account', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const current = await this.accounts.findById(actor.organisationId, id, em, true);
        if (!current) throw DomainError.notFound('account', id);
        assertVersion('account', id, current.version, dto.version);
        const next = { number: dto.number ?? current.number, name: dto.name ?? current.name, kind: dto.kind ?? current.kind };
        if (next.number === current.number && next.name === current.name && next.kind === current.kind) return toDto(current);
        if (next.kind !== current.kind && (await this.accounts.isUsedByBudgetLines(em, actor.organisationId, id))) {
          throw new DomainError(ErrorCode.StateConflict, `account ${id} is used by budget lines: its kind cannot change`, [
            { field: 'kind', reason: 'the account is used by budget lines' },
          ]);
        }
        const after = toDto(await this.accounts.update(em, actor.organisationId, id, next));
        await this.audit.record(
          em,
          actor,
          { action: 'account.updated', subjectType: 'account', subjectId: id, before: toDto(current), after, reason: dto.reason ?? null },
          requestId,
        );
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'account not changed');
    }
  }
}

function toDto(a: AccountRecord): AccountDto {
  return { id: a.id, number: a.number, name: a.name, kind: a.kind, version: a.version, createdAt: isoTimestamp(a.createdAt), updatedAt: isoTimestamp(a.updatedAt) };
}

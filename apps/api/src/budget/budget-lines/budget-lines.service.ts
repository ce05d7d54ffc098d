import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldProblem } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { AccountsRepository } from '../accounts/accounts.repository';
import { BudgetProductsRepository } from '../products/budget-products.repository';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { BudgetLineDto, BudgetLinePageDto, BudgetLineSummaryDto, CreateBudgetLineDto, ListBudgetLinesQuery, UpdateBudgetLineDto } from './budget-line.dto';
import { BUDGET_LINE_SORTABLE, BudgetLineRecord, BudgetLinesRepository } from './budget-lines.repository';

const ONE_LINE_PER_YEAR = {
  budget_line_product_id_account_id_fiscal_year_key: { field: 'fiscalYear', reason: 'this product and account already have a budget line in this fiscal year' },
};

/** Budget lines (Haushaltsansätze): one per product, account and fiscal year; plan against the ledger. */
@Injectable()
export class BudgetLinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lines: BudgetLinesRepository,
    private readonly products: BudgetProductsRepository,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListBudgetLinesQuery): Promise<BudgetLinePageDto> {
    const page = resolvePage(query, BUDGET_LINE_SORTABLE, 'fiscalYear,productNumber,accountNumber', 'b.id');
    const { productId, accountId, fiscalYear, kind } = query;
    const { items, total } = await this.lines.list(actor.organisationId, { productId, accountId, fiscalYear, kind }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<BudgetLineDto> {
    return toDto(await this.find(this.dataSource.manager, actor.organisationId, id));
  }

  async summary(actor: Actor, id: string): Promise<BudgetLineSummaryDto> {
    const figures = isUuid(id) ? await this.lines.figures(actor.organisationId, id) : undefined;
    if (!figures) throw DomainError.notFound('budget line', id);
    return figures;
  }

  async create(actor: Actor, dto: CreateBudgetLineDto, requestId?: string): Promise<BudgetLineDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.requireReferences(em, actor.organisationId, dto.productId, dto.accountId);
        const id = await this.lines.insert(em, actor.organisationId, dto);
        const after = toDto(await this.find(em, actor.organisationId, id));
        await this.audit.record(em, actor, { action: 'budget_line.created', subjectType: 'budget_line', subjectId: id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, ONE_LINE_PER_YEAR, 'budget line not created');
    }
  }

  /** The plan can always change; product, account and fiscal year only while nothing is booked on the line. */
  async update(actor: Actor, id: string, dto: UpdateBudgetLineDto, requestId?: string): Promise<BudgetLineDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const current = await this.find(em, actor.organisationId, id, true);
        assertVersion('budget line', id, current.version, dto.version);
        const next = {
          productId: dto.productId ?? current.productId,
          accountId: dto.accountId ?? current.accountId,
          fiscalYear: dto.fiscalYear ?? current.fiscalYear,
          plannedCents: dto.plannedCents ?? current.plannedCents,
        };
        const moved = (['productId', 'accountId', 'fiscalYear'] as const).filter((field) => next[field] !== current[field]);
        if (moved.length === 0 && next.plannedCents === current.plannedCents) return toDto(current);
        if (moved.length > 0) {
          if (await this.lines.hasLedgerEntries(em, actor.organisationId, id)) {
            throw new DomainError(
              ErrorCode.StateConflict,
              `budget line ${id} has ledger entries: its product, account and fiscal year are fixed`,
              moved.map((field) => ({ field, reason: 'the line has ledger entries' })),
            );
          }
          await this.requireReferences(em, actor.organisationId, next.productId, next.accountId);
        }
        await this.lines.update(em, actor.organisationId, id, next);
        const after = toDto(await this.find(em, actor.organisationId, id));
        await this.audit.record(
          em,
          actor,
          { action: 'budget_line.updated', subjectType: 'budget_line', subjectId: id, before: toDto(current), after, reason: dto.reason ?? null },
          requestId,
        );
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, ONE_LINE_PER_YEAR, 'budget line not changed');
    }
  }

  private async find(em: EntityManager, organisationId: string, id: string, forUpdate = false): Promise<BudgetLineRecord> {
    const line = isUuid(id) ? await this.lines.findById(organisationId, id, em, forUpdate) : undefined;
    if (!line) throw DomainError.notFound('budget line', id);
    return line;
  }

  /** Another organisation's product or account is as unknown as one that does not exist. */
  private async requireReferences(em: EntityManager, organisationId: string, productId: string, accountId: string): Promise<void> {
    const problems: FieldProblem[] = [];
    if (!(await this.products.findById(organisationId, productId, em))) problems.push({ field: 'productId', reason: `no product ${productId} in your organisation` });
    if (!(await this.accounts.findById(organisationId, accountId, em))) problems.push({ field: 'accountId', reason: `no account ${accountId} in your organisation` });
    if (problems.length) throw new DomainError(ErrorCode.Validation, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
  }
}

function toDto(b: BudgetLineRecord): BudgetLineDto {
  return {
    id: b.id,
    productId: b.productId,
    productNumber: b.productNumber,
    productName: b.productName,
    accountId: b.accountId,
    accountNumber: b.accountNumber,
    accountName: b.accountName,
    accountKind: b.accountKind,
    fiscalYear: b.fiscalYear,
    plannedCents: b.plannedCents,
    version: b.version,
    createdAt: isoTimestamp(b.createdAt),
    updatedAt: isoTimestamp(b.updatedAt),
  };
}

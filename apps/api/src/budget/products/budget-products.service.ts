import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { BudgetProductDto, BudgetProductPageDto, CreateBudgetProductDto, ListBudgetProductsQuery, UpdateBudgetProductDto } from './budget-product.dto';
import { BudgetProductPathItem, BudgetProductRecord, BudgetProductsRepository, PRODUCT_SORTABLE } from './budget-products.repository';

const UNIQUE_NUMBER = { budget_product_organisation_id_number_key: { field: 'number', reason: 'another product of your organisation has this number' } };

/** The organisation's product tree (Produkthaushalt): numbers unique, no cycles, every change audited. */
@Injectable()
export class BudgetProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: BudgetProductsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListBudgetProductsQuery): Promise<BudgetProductPageDto> {
    const page = resolvePage(query, PRODUCT_SORTABLE, 'number', 'p.id');
    const { items, total } = await this.products.list(actor.organisationId, { parentId: query.parentId, topLevel: query.topLevel }, page);
    const paths = await this.products.pathsOf(actor.organisationId, items.map((p) => p.id));
    return { items: items.map((p) => toDto(p, paths.get(p.id) ?? [])), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<BudgetProductDto> {
    return this.load(this.dataSource.manager, actor.organisationId, id);
  }

  async create(actor: Actor, dto: CreateBudgetProductDto, requestId?: string): Promise<BudgetProductDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const parentId = dto.parentId ?? null;
        if (parentId) await this.requireParent(em, actor.organisationId, parentId);
        const created = await this.products.insert(em, actor.organisationId, { parentId, number: dto.number, name: dto.name });
        const after = await this.load(em, actor.organisationId, created.id);
        await this.audit.record(em, actor, { action: 'budget_product.created', subjectType: 'budget_product', subjectId: created.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'product not created');
    }
  }

  async update(actor: Actor, id: string, dto: UpdateBudgetProductDto, requestId?: string): Promise<BudgetProductDto> {
    if (!isUuid(id)) throw DomainError.notFound('budget product', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const moves = dto.parentId !== undefined;
        if (moves) await this.products.lockTree(em, actor.organisationId);
        const current = await this.products.findById(actor.organisationId, id, em, true);
        if (!current) throw DomainError.notFound('budget product', id);
        assertVersion('budget product', id, current.version, dto.version);
        const parentId = moves ? (dto.parentId ?? null) : current.parentId;
        if (moves && parentId !== null && parentId !== current.parentId) {
          await this.requireParent(em, actor.organisationId, parentId);
          if (await this.products.isSelfOrDescendant(em, actor.organisationId, id, parentId)) {
            throw DomainError.invalid('parentId', 'a product cannot be placed under itself or one of its own sub-products');
          }
        }
        const next = { parentId, number: dto.number ?? current.number, name: dto.name ?? current.name };
        if (next.parentId === current.parentId && next.number === current.number && next.name === current.name) {
          return this.load(em, actor.organisationId, id); // nothing changes: nothing to write or audit
        }
        const before = await this.load(em, actor.organisationId, id);
        await this.products.update(em, actor.organisationId, id, next);
        const after = await this.load(em, actor.organisationId, id);
        await this.audit.record(
          em,
          actor,
          { action: 'budget_product.updated', subjectType: 'budget_product', subjectId: id, before, after, reason: dto.reason ?? null },
          requestId,
        );
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'product not changed');
    }
  }

  private async requireParent(em: EntityManager, organisationId: string, parentId: string): Promise<void> {
    if (!(await this.products.findById(organisationId, parentId, em))) {
      throw DomainError.invalid('parentId', `no product ${parentId} in your organisation`);
    }
  }

  private async load(em: EntityManager, organisationId: string, id: string): Promise<BudgetProductDto> {
    const product = isUuid(id) ? await this.products.findById(organisationId, id, em) : undefined;
    if (!product) throw DomainError.notFound('budget product', id);
    const paths = await this.products.pathsOf(organisationId, [id], em);
    return toDto(product, paths.get(id) ?? []);
  }
}

function toDto(p: BudgetProductRecord, path: BudgetProductPathItem[]): BudgetProductDto {
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    parentId: p.parentId,
    path,
    version: p.version,
    createdAt: isoTimestamp(p.createdAt),
    updatedAt: isoTimestamp(p.updatedAt),
  };
}

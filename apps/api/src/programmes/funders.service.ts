import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { Page, resolvePage } from '../common/pagination';
import { CreateFunderDto, FunderDto, ListFundersQuery } from './funder.dto';
import { FUNDER_SORTABLE, FunderRecord, FundersRepository } from './funders.repository';
import { isoTimestamp } from '../common/persistence';

@Injectable()
export class FundersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funders: FundersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListFundersQuery): Promise<Page<FunderDto>> {
    const page = resolvePage(query, FUNDER_SORTABLE, 'name', 'f.id');
    const { rows, total } = await this.funders.list(actor.organisationId, { kind: query.kind }, page);
    return { items: rows.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async create(actor: Actor, dto: CreateFunderDto, requestId?: string): Promise<FunderDto> {
    return this.dataSource.transaction(async (em) => {
      const created = toDto(await this.funders.insert(em, actor.organisationId, { kind: dto.kind, name: dto.name }));
      await this.audit.record(em, actor, { action: 'funder.created', subjectType: 'funder', subjectId: created.id, after: created }, requestId);
      return created;
    });
  }
}

function toDto(f: FunderRecord): FunderDto {
  return { id: f.id, kind: f.kind, name: f.name, version: f.version, createdAt: isoTimestamp(f.createdAt) };
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { CreateMunicipalityDto, ListMunicipalitiesQuery, MunicipalityDto, MunicipalityPageDto, UpdateMunicipalityDto } from './municipality.dto';
import { MUNICIPALITY_SORTABLE, MunicipalitiesRepository, MunicipalityRecord } from './municipalities.repository';

const SUBJECT = 'municipality';
const UNIQUE_NAME = { municipality_organisation_id_name_key: { field: 'name', reason: 'another municipality of your organisation has this name' } };

/** The kreisangehörige Städte und Gemeinden, where local networks meet: names unique, every change audited. */
@Injectable()
export class MunicipalitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListMunicipalitiesQuery): Promise<MunicipalityPageDto> {
    const page = resolvePage(query, MUNICIPALITY_SORTABLE, 'name', 'm.id');
    const { items, total } = await this.municipalities.list(actor.organisationId, page, { kind: query.kind });
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<MunicipalityDto> {
    const municipality = isUuid(id) ? await this.municipalities.findById(actor.organisationId, id) : undefined;
    if (!municipality) throw DomainError.notFound('municipality', id);
    return toDto(municipality);
  }

  async create(actor: Actor, dto: CreateMunicipalityDto, requestId?: string): Promise<MunicipalityDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const after = toDto(await this.municipalities.insert(em, actor.organisationId, { name: dto.name, kind: dto.kind }));
        await this.audit.record(em, actor, { action: 'municipality.created', subjectType: SUBJECT, subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'municipality not created');
    }
  }

  async update(actor: Actor, id: string, dto: UpdateMunicipalityDto, requestId?: string): Promise<MunicipalityDto> {
    if (!isUuid(id)) throw DomainError.notFound('municipality', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const current = await this.municipalities.findById(actor.organisationId, id, em, true);
        if (!current) throw DomainError.notFound('municipality', id);
        assertVersion('municipality', id, current.version, dto.version);
        const next = { name: dto.name ?? current.name, kind: dto.kind ?? current.kind };
        if (next.name === current.name && next.kind === current.kind) return toDto(current); // nothing to write or audit
        const after = toDto(await this.municipalities.update(em, actor.organisationId, id, next));
        await this.audit.record(em, actor, { action: 'municipality.updated', subjectType: SUBJECT, subjectId: id, before: toDto(current), after, reason: dto.reason ?? null }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'municipality not changed');
    }
  }
}

function toDto(m: MunicipalityRecord): MunicipalityDto {
  return { id: m.id, name: m.name, kind: m.kind, version: m.version, createdAt: isoTimestamp(m.createdAt), updatedAt: isoTimestamp(m.updatedAt) };
}

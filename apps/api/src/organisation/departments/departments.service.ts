import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { CreateDepartmentDto, DepartmentDto, DepartmentPageDto, ListDepartmentsQuery, UpdateDepartmentDto } from './department.dto';
import { DEPARTMENT_SORTABLE, DepartmentRecord, DepartmentsRepository } from './departments.repository';

const SUBJECT = 'department';
const UNIQUE_NAME = { department_organisation_id_name_key: { field: 'name', reason: 'another department of your organisation has this name' } };

/** Departments (Fachdienst / Fachbereich / Amt): names unique in the organisation, every change audited. */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListDepartmentsQuery): Promise<DepartmentPageDto> {
    const page = resolvePage(query, DEPARTMENT_SORTABLE, 'name', 'd.id');
    const { items, total } = await this.departments.list(actor.organisationId, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<DepartmentDto> {
    const department = isUuid(id) ? await this.departments.findById(actor.organisationId, id) : undefined;
    if (!department) throw DomainError.notFound('department', id);
    return toDto(department);
  }

  async create(actor: Actor, dto: CreateDepartmentDto, requestId?: string): Promise<DepartmentDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const after = toDto(await this.departments.insert(em, actor.organisationId, { name: dto.name, shortName: dto.shortName ?? null }));
        await this.audit.record(em, actor, { action: 'department.created', subjectType: SUBJECT, subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'department not created');
    }
  }

  async update(actor: Actor, id: string, dto: UpdateDepartmentDto, requestId?: string): Promise<DepartmentDto> {
    if (!isUuid(id)) throw DomainError.notFound('department', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const current = await this.departments.findById(actor.organisationId, id, em, true);
        if (!current) throw DomainError.notFound('department', id);
        assertVersion('department', id, current.version, dto.version);
        const next = { name: dto.name ?? current.name, shortName: dto.shortName === undefined ? current.shortName : dto.shortName };
        if (next.name === current.name && next.shortName === current.shortName) return toDto(current); // nothing to write or audit
        const after = toDto(await this.departments.update(em, actor.organisationId, id, next));
        await this.audit.record(em, actor, { action: 'department.updated', subjectType: SUBJECT, subjectId: id, before: toDto(current), after, reason: dto.reason ?? null }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'department not changed');
    }
  }
}

function toDto(d: DepartmentRecord): DepartmentDto {
  return { id: d.id, name: d.name, shortName: d.shortName, version: d.version, createdAt: isoTimestamp(d.createdAt), updatedAt: isoTimestamp(d.updatedAt) };
}

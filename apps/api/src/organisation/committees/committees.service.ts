import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import {
  CommitteeDto,
  CommitteePageDto,
  CommitteeSessionDto,
  CommitteeSessionPageDto,
  CreateCommitteeDto,
  CreateCommitteeSessionDto,
  ListCommitteeSessionsQuery,
  ListCommitteesQuery,
  UpdateCommitteeDto,
} from './committee.dto';
import { COMMITTEE_SORTABLE, CommitteeRecord, CommitteeSessionRecord, CommitteesRepository, SESSION_SORTABLE } from './committees.repository';

const UNIQUE_NAME = { committee_organisation_id_name_key: { field: 'name', reason: 'another committee of your organisation has this name' } };
const ONE_SESSION_A_DAY = {
  committee_session_committee_id_session_date_key: { field: 'sessionDate', reason: 'the committee already has a session on this day' },
};

/** Council bodies (Jugendhilfeausschuss, Kreisausschuss, Kreistag …) and their session dates; every change audited. */
@Injectable()
export class CommitteesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly committees: CommitteesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListCommitteesQuery): Promise<CommitteePageDto> {
    const page = resolvePage(query, COMMITTEE_SORTABLE, 'name', 'c.id');
    const { items, total } = await this.committees.list(actor.organisationId, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<CommitteeDto> {
    return toDto(await this.find(actor.organisationId, id));
  }

  async create(actor: Actor, dto: CreateCommitteeDto, requestId?: string): Promise<CommitteeDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const after = toDto(await this.committees.insert(em, actor.organisationId, { name: dto.name, shortName: dto.shortName ?? null }));
        await this.audit.record(em, actor, { action: 'committee.created', subjectType: 'committee', subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'committee not created');
    }
  }

  async update(actor: Actor, id: string, dto: UpdateCommitteeDto, requestId?: string): Promise<CommitteeDto> {
    if (!isUuid(id)) throw DomainError.notFound('committee', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        const current = await this.committees.findById(actor.organisationId, id, em, true);
        if (!current) throw DomainError.notFound('committee', id);
        assertVersion('committee', id, current.version, dto.version);
        const next = { name: dto.name ?? current.name, shortName: dto.shortName === undefined ? current.shortName : dto.shortName };
        if (next.name === current.name && next.shortName === current.shortName) return toDto(current); // nothing to write or audit
        const after = toDto(await this.committees.update(em, actor.organisationId, id, next));
        await this.audit.record(em, actor, { action: 'committee.updated', subjectType: 'committee', subjectId: id, before: toDto(current), after, reason: dto.reason ?? null }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NAME, 'committee not changed');
    }
  }

  async listSessions(actor: Actor, committeeId: string, query: ListCommitteeSessionsQuery): Promise<CommitteeSessionPageDto> {
    const page = resolvePage(query, SESSION_SORTABLE, 'sessionDate', 's.id');
    await this.find(actor.organisationId, committeeId);
    if (query.from && query.to && query.to < query.from) throw DomainError.invalid('to', `the range ends (${query.to}) before it starts (${query.from})`);
    const { items, total } = await this.committees.listSessions(actor.organisationId, committeeId, { from: query.from, to: query.to }, page);
    return { items: items.map(toSessionDto), total, limit: page.limit, offset: page.offset };
  }

  async addSession(actor: Actor, committeeId: string, dto: CreateCommitteeSessionDto, requestId?: string): Promise<CommitteeSessionDto> {
    if (!isUuid(committeeId)) throw DomainError.notFound('committee', committeeId);
    try {
      return await this.dataSource.transaction(async (em) => {
        const committee = await this.committees.findById(actor.organisationId, committeeId, em);
        if (!committee) throw DomainError.notFound('committee', committeeId);
        const after = toSessionDto(await this.committees.insertSession(em, actor.organisationId, committeeId, { sessionDate: dto.sessionDate, isPublic: dto.isPublic ?? true }));
        await this.audit.record(em, actor, { action: 'committee_session.created', subjectType: 'committee_session', subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, ONE_SESSION_A_DAY, 'session not created');
    }
  }

  /** Another organisation's committee is not found, exactly like an unknown id. */
  private async find(organisationId: string, id: string): Promise<CommitteeRecord> {
    const committee = isUuid(id) ? await this.committees.findById(organisationId, id) : undefined;
    if (!committee) throw DomainError.notFound('committee', id);
    return committee;
  }
}

function toDto(c: CommitteeRecord): CommitteeDto {
  return { id: c.id, name: c.name, shortName: c.shortName, version: c.version, createdAt: isoTimestamp(c.createdAt), updatedAt: isoTimestamp(c.updatedAt) };
}

function toSessionDto(s: CommitteeSessionRecord): CommitteeSessionDto {
  return {
    id: s.id,
    committeeId: s.committeeId,
    sessionDate: s.sessionDate,
    isPublic: s.isPublic,
    version: s.version,
    createdAt: isoTimestamp(s.createdAt),
    updatedAt: isoTimestamp(s.updatedAt),
  };
}

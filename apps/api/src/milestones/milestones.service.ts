import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid } from '../common/persistence';
import { CompleteMilestoneDto, CreateMilestoneDto, ListMilestonesQuery, MilestoneDto, MilestonePageDto, UpdateMilestoneDto } from './milestone.dto';
import { MILESTONE_SORTABLE, MilestoneRecord, MilestonesRepository, MilestoneValues } from './milestones.repository';

const SUBJECT = 'programme_milestone';

/**
 * Meilensteine of a funded application: a due date and a responsible person; done on a day with
 * evidence, or cancelled. A done milestone is final. Every write is one transaction with its
 * audit event.
 *
 * Interim: due-date changes and completion are written here directly. Once a milestone workflow
 * (workflows/milestone, another issue) runs for a milestone, these go to it as its reschedule
 * and complete updates, so that reminders and the escalation follow the new state.
 */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly milestones: MilestonesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, applicationId: string, dto: CreateMilestoneDto, requestId?: string): Promise<MilestoneDto> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    return this.dataSource.transaction(async (em) => {
      if (!(await this.milestones.applicationExists(em, org, applicationId))) throw DomainError.notFound('application', applicationId);
      const ownerId = dto.ownerId ?? null;
      if (ownerId !== null) await this.requireOwner(em, org, ownerId);
      const id = await this.milestones.insert(em, org, applicationId, { title: dto.title, dueOn: dto.dueOn, ownerId });
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'milestone.created', subjectType: SUBJECT, subjectId: id, after }, requestId);
      return after;
    });
  }

  /** Another organisation's milestone is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<MilestoneDto> {
    if (!isUuid(id)) throw DomainError.notFound('milestone', id);
    return this.load(this.dataSource.manager, actor.organisationId, id);
  }

  async list(actor: Actor, query: ListMilestonesQuery): Promise<MilestonePageDto> {
    const page = resolvePage(query, MILESTONE_SORTABLE, 'dueOn', 'm.id');
    if (query.dueFrom && query.dueTo && query.dueTo < query.dueFrom) {
      throw DomainError.invalid('dueTo', `the range ends (${query.dueTo}) before it starts (${query.dueFrom})`);
    }
    const { applicationId, status, dueFrom, dueTo, ownerId } = query;
    const { items, total } = await this.milestones.list(actor.organisationId, { applicationId, status, dueFrom, dueTo, ownerId }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async update(actor: Actor, id: string, dto: UpdateMilestoneDto, requestId?: string): Promise<MilestoneDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('milestone', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.milestones.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('milestone', id);
      assertVersion('milestone', id, current.version, dto.version);
      const changes: Partial<MilestoneValues> = {};
      if (dto.title !== undefined && dto.title !== current.title) changes.title = dto.title;
      if (dto.dueOn !== undefined && dto.dueOn !== current.dueOn) changes.dueOn = dto.dueOn;
      if (dto.ownerId !== undefined && dto.ownerId !== current.ownerId) changes.ownerId = dto.ownerId;
      if (dto.status !== undefined && dto.status !== current.status) changes.status = dto.status;
      // A new due date ends "overdue" (as the milestone workflow's reschedule does).
      if (changes.dueOn !== undefined && current.status === 'overdue' && dto.status === undefined) changes.status = 'open';
      if (Object.keys(changes).length === 0) return toDto(current); // nothing changes: nothing to write or audit
      if (current.status === 'done') {
        throw new DomainError(
          ErrorCode.StateConflict,
          `milestone ${id} was done on ${current.doneOn}: it is final`,
          Object.keys(changes).map((field) => ({ field, reason: 'the milestone is done' })),
        );
      }
      if (changes.ownerId) await this.requireOwner(em, org, changes.ownerId);

      const before = toDto(current);
      await this.milestones.update(em, org, id, changes);
      const after = await this.load(em, org, id);
      const action = changes.status === 'cancelled' ? 'milestone.cancelled' : changes.status === 'open' ? 'milestone.reopened' : 'milestone.updated';
      await this.audit.record(em, actor, { action, subjectType: SUBJECT, subjectId: id, before, after, reason: dto.reason ?? null }, requestId);
      return after;
    });
  }

  /** Done on a day (not in the future) with evidence; once only. */
  async complete(actor: Actor, id: string, dto: CompleteMilestoneDto, requestId?: string): Promise<MilestoneDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('milestone', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.milestones.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('milestone', id);
      if (current.status === 'done') {
        throw new DomainError(ErrorCode.StateConflict, `milestone ${id} was already done on ${current.doneOn}`, [{ field: 'status', reason: 'the milestone is done' }]);
      }
      if (current.status === 'cancelled') {
        throw new DomainError(ErrorCode.StateConflict, `milestone ${id} is cancelled: reopen it (PATCH status open) before completing it`, [
          { field: 'status', reason: 'the milestone is cancelled' },
        ]);
      }
      const today = await this.milestones.today(em);
      const doneOn = dto.doneOn ?? today;
      if (doneOn > today) throw DomainError.invalid('doneOn', `must not be in the future (today is ${today})`);

      const before = toDto(current);
      await this.milestones.update(em, org, id, { status: 'done', evidence: dto.evidence.trim(), doneOn });
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'milestone.completed', subjectType: SUBJECT, subjectId: id, before, after }, requestId);
      return after;
    });
  }

  /** The owner is an active user of the caller's organisation (another organisation's is as unknown as a missing one). */
  private async requireOwner(em: EntityManager, org: string, ownerId: string): Promise<void> {
    const owner = await this.milestones.user(em, org, ownerId);
    if (!owner) throw DomainError.invalid('ownerId', `no user ${ownerId} in your organisation`);
    if (!owner.active) throw DomainError.invalid('ownerId', `user ${ownerId} is deactivated`);
  }

  private async load(em: EntityManager, org: string, id: string): Promise<MilestoneDto> {
    const milestone = await this.milestones.find(org, id, em);
    if (!milestone) throw DomainError.notFound('milestone', id);
    return toDto(milestone);
  }
}

function toDto(m: MilestoneRecord): MilestoneDto {
  return {
    id: m.id,
    applicationId: m.applicationId,
    applicationTitle: m.applicationTitle,
    title: m.title,
    dueOn: m.dueOn,
    ownerId: m.ownerId,
    ownerName: m.ownerName,
    status: m.status,
    evidence: m.evidence,
    doneOn: m.doneOn,
    version: m.version,
    createdAt: isoTimestamp(m.createdAt),
    updatedAt: isoTimestamp(m.updatedAt),
  };
}

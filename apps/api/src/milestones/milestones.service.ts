import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid } from '../common/persistence';
import { completeUpdate, rescheduleUpdate } from '@app/workflows/milestone/signals';
import { lockBusinessKey } from '../workflows/business-lock';
import { CompleteMilestoneDto, CreateMilestoneDto, ListMilestonesQuery, MilestoneDto, MilestonePageDto, UpdateMilestoneDto } from './milestone.dto';
import { MilestoneWorkflowService } from './milestone-workflow.service';
import { MILESTONE_SORTABLE, MilestoneRecord, MilestonesRepository, MilestoneValues } from './milestones.repository';

const SUBJECT = 'programme_milestone';
/** The workflow's reschedule needs a reason; a PATCH of the due date without one gets this. */
const DEFAULT_RESCHEDULE_REASON = 'Fälligkeit geändert';

/**
 * Meilensteine of a funded application: a due date and a responsible person; done on a day with
 * evidence, or cancelled. A done milestone is final. Every write is one transaction with its
 * audit event.
 *
 * Each milestone has its workflow (`milestone-<id>`, started with it): it reminds, marks it
 * overdue and escalates. Due-date changes and completion go to it as its reschedule and complete
 * updates (its activity writes the row and the audit event), so that reminders and the
 * escalation follow the new state; title, owner, cancel and reopen are written here.
 */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly milestones: MilestonesRepository,
    private readonly audit: AuditService,
    private readonly workflow: MilestoneWorkflowService,
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
      // Last in the transaction: if the start fails (503) the row is rolled back.
      await this.workflow.start(em, actor, after);
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
      const current = await this.lockAndFind(em, org, id);
      assertVersion('milestone', id, current.version, dto.version);
      const changes: Partial<MilestoneValues> = {};
      if (dto.title !== undefined && dto.title !== current.title) changes.title = dto.title;
      if (dto.dueOn !== undefined && dto.dueOn !== current.dueOn) changes.dueOn = dto.dueOn;
      if (dto.ownerId !== undefined && dto.ownerId !== current.ownerId) changes.ownerId = dto.ownerId;
      if (dto.status !== undefined && dto.status !== current.status) changes.status = dto.status;
      if (Object.keys(changes).length === 0) return toDto(current); // nothing changes: nothing to write or audit
      if (current.status === 'done') {
        throw new DomainError(
          ErrorCode.StateConflict,
          `milestone ${id} was done on ${current.doneOn}: it is final`,
          Object.keys(changes).map((field) => ({ field, reason: 'the milestone is done' })),
        );
      }
      if (changes.ownerId) await this.requireOwner(em, org, changes.ownerId);

      // The due date belongs to the workflow: its reschedule plans reminders, overdue and the
      // escalation afresh, and its activity writes due_on (overdue → open) with the audit event.
      const { dueOn, ...rest } = changes;
      if (dueOn !== undefined) {
        await this.workflow.act(em, actor, current, rescheduleUpdate, { dueOn, reason: dto.reason ?? DEFAULT_RESCHEDULE_REASON });
      }
      if (Object.keys(rest).length === 0) return this.load(em, org, id);
      const before = await this.load(em, org, id);
      await this.milestones.update(em, org, id, rest);
      const after = await this.load(em, org, id);
      const action = rest.status === 'cancelled' ? 'milestone.cancelled' : rest.status === 'open' ? 'milestone.reopened' : 'milestone.updated';
      await this.audit.record(em, actor, { action, subjectType: SUBJECT, subjectId: id, before, after, reason: dto.reason ?? null }, requestId);
      return after;
    });
  }

  /** Done on a day (not in the future) with evidence; once only. The workflow's complete update writes it. */
  async complete(actor: Actor, id: string, dto: CompleteMilestoneDto): Promise<MilestoneDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('milestone', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.lockAndFind(em, org, id);
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
      await this.workflow.act(em, actor, current, completeUpdate, { evidence: dto.evidence.trim(), doneOn });
      return this.load(em, org, id);
    });
  }

  /**
   * Serialises the changes of one milestone (an advisory lock, not a row lock: the workflow's
   * activity writes the row meanwhile) and reads it; another organisation's is a 404.
   */
  private async lockAndFind(em: EntityManager, org: string, id: string): Promise<MilestoneRecord> {
    await lockBusinessKey(em, `milestone:${id}`);
    const current = await this.milestones.find(org, id, em);
    if (!current) throw DomainError.notFound('milestone', id);
    return current;
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

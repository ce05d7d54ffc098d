import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldProblem } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid } from '../common/persistence';
import {
  CHANGEABLE,
  changeProblems,
  FILLABLE,
  holderProblems,
  hoursProblems,
  overlappingHolders,
  payProblems,
  periodProblems,
  TERMS_EDITABLE,
  throwIfProblems,
} from './position-rules';
import {
  CreatePositionChangeDto,
  CreatePositionDto,
  CreatePositionHolderDto,
  ListPositionsQuery,
  PositionDto,
  PositionPageDto,
  PositionSummaryDto,
  UpdatePositionDto,
} from './position.dto';
import { POSITION_SORTABLE, PositionRecord, PositionsRepository, PositionValues } from './positions.repository';
import { changeHoursUpdate, changeStageUpdate, endEarlyUpdate, extendUpdate, fillUpdate, type PositionState } from '@app/workflows/position/signals';
import { lockBusinessKey } from '../workflows/business-lock';
import { PositionWorkflowService } from './position-workflow.service';

const SUBJECT = 'staff_position';

/** Fields of PATCH that are terms of the position (everything but the title). */
const TERM_FIELDS = [
  'status',
  'payScale',
  'payGroup',
  'caseGroup',
  'weeklyHours',
  'fullTimeHours',
  'startOn',
  'endOn',
  'fundedShareBp',
  'applicationId',
  'budgetProductId',
  'payAccountId',
  'reimbursementAccountId',
] as const satisfies ReadonlyArray<keyof PositionValues>;

/**
 * The Stellenplan: positions with their pay (validated against the pay tables), hours, period and
 * accounts; the terms are edited in place while the position is planned or advertised, and
 * change by dated changes once it is filled. Every write is one transaction with its audit event.
 *
 * Holders and dated changes of a position with a fixed end belong to its workflow
 * (`position-<id>`, PositionWorkflowService): the first holder starts it from the rows, later
 * holders and changes are its updates and its activity writes them with the audit event. A
 * permanent position (no end) has no workflow: its holders and changes are written here.
 */
@Injectable()
export class PositionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly positions: PositionsRepository,
    private readonly audit: AuditService,
    private readonly workflow: PositionWorkflowService,
  ) {}

  async create(actor: Actor, dto: CreatePositionDto, requestId?: string): Promise<PositionDto> {
    const org = actor.organisationId;
    const values: PositionValues = {
      title: dto.title,
      status: 'planned',
      payScale: dto.payScale,
      payGroup: dto.payGroup,
      caseGroup: dto.caseGroup ?? null,
      weeklyHours: dto.weeklyHours,
      fullTimeHours: dto.fullTimeHours ?? '39',
      startOn: dto.startOn,
      endOn: dto.endOn ?? null,
      fundedShareBp: dto.fundedShareBp ?? null,
      applicationId: dto.applicationId ?? null,
      budgetProductId: dto.budgetProductId,
      payAccountId: dto.payAccountId,
      reimbursementAccountId: dto.reimbursementAccountId,
    };
    return this.dataSource.transaction(async (em) => {
      throwIfProblems([
        ...hoursProblems(values.weeklyHours, values.fullTimeHours),
        ...periodProblems(values.startOn, values.endOn),
        ...(await this.referenceProblems(em, org, values, REFERENCE_FIELDS)),
        ...(await this.payProblems(em, values.payScale, values.payGroup, dto.firstStage)),
      ]);
      const id = await this.positions.insert(em, org, values);
      await this.positions.insertStage(em, org, id, { validFrom: values.startOn, stage: dto.firstStage });
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'position.created', subjectType: SUBJECT, subjectId: id, after }, requestId);
      return after;
    });
  }

  /** Another organisation's position is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<PositionDto> {
    if (!isUuid(id)) throw DomainError.notFound('position', id);
    return this.load(this.dataSource.manager, actor.organisationId, id);
  }

  async list(actor: Actor, query: ListPositionsQuery): Promise<PositionPageDto> {
    const page = resolvePage(query, POSITION_SORTABLE, 'title', 'p.id');
    const { status, applicationId, budgetProductId, payGroup, activeOn } = query;
    const { items, total } = await this.positions.list(actor.organisationId, { status, applicationId, budgetProductId, payGroup, activeOn }, page);
    return { items: items.map(toSummaryDto), total, limit: page.limit, offset: page.offset };
  }

  /** The title always; the terms only while planned or advertised (afterwards: changes). */
  async update(actor: Actor, id: string, dto: UpdatePositionDto, requestId?: string): Promise<PositionDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('position', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.positions.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('position', id);
      assertVersion('position', id, current.version, dto.version);
      const stages = await this.positions.stages(org, id, em);
      const first = stages[0];

      const changes: Partial<PositionValues> = {};
      for (const field of ['title', ...TERM_FIELDS] as const) {
        const value = dto[field];
        if (value !== undefined && value !== current[field]) (changes as Record<string, unknown>)[field] = value;
      }
      const stageChanges = dto.firstStage !== undefined && dto.firstStage !== first?.stage;
      const changed = [...Object.keys(changes), ...(stageChanges ? ['firstStage'] : [])];
      if (changed.length === 0) return this.load(em, org, id); // nothing changes: nothing to write or audit

      const terms = changed.filter((f) => f !== 'title');
      if (terms.length && !TERMS_EDITABLE.includes(current.status)) {
        throw new DomainError(
          ErrorCode.StateConflict,
          `position ${id} is ${current.status}: only the title changes in place; record hours, stage, early end or extension as a change (POST /api/v1/positions/${id}/changes)`,
          terms.map((field) => ({ field, reason: `the position is ${current.status}` })),
        );
      }

      const next: PositionValues = { ...current, ...changes };
      const firstStage = dto.firstStage ?? first?.stage ?? 1;
      const problems: FieldProblem[] = [
        ...(changes.weeklyHours !== undefined || changes.fullTimeHours !== undefined ? hoursProblems(next.weeklyHours, next.fullTimeHours) : []),
        ...periodProblems(next.startOn, next.endOn),
        ...(await this.referenceProblems(em, org, next, Object.keys(changes) as Array<keyof PositionValues>)),
      ];
      if (changes.payScale !== undefined || changes.payGroup !== undefined || stageChanges) {
        problems.push(...(await this.payProblems(em, next.payScale, next.payGroup, firstStage)));
      }
      const later = stages[1];
      if (changes.startOn !== undefined && later && later.validFrom <= next.startOn) {
        problems.push({ field: 'startOn', reason: `the stage history has a later Stufe from ${later.validFrom}: the start must be before it` });
      }
      throwIfProblems(problems);

      const before = await this.load(em, org, id);
      await this.positions.update(em, org, id, changes);
      if (first && (changes.startOn !== undefined || stageChanges)) {
        await this.positions.updateFirstStage(em, org, id, first.validFrom, { validFrom: next.startOn, stage: firstStage });
      }
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'position.updated', subjectType: SUBJECT, subjectId: id, before, after, reason: dto.reason ?? null }, requestId);
      return after;
    });
  }

  /**
   * A dated change to a filled (or vacant) position: hours, stage, early end or extension. With
   * a fixed end it goes to the position's workflow (which refuses e.g. a change in a month
   * already booked: 409 with its reason, nothing written); a permanent position has no workflow.
   */
  async addChange(actor: Actor, id: string, dto: CreatePositionChangeDto, requestId?: string): Promise<PositionDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('position', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.lockAndFind(em, org, id);
      if (!CHANGEABLE.includes(current.status)) {
        const why = TERMS_EDITABLE.includes(current.status)
          ? `change its terms in place (PATCH /api/v1/positions/${id}) until it is filled`
          : 'it has ended; nothing changes any more';
        throw new DomainError(ErrorCode.StateConflict, `position ${id} is ${current.status}: ${why}`, [{ field: 'kind', reason: `the position is ${current.status}` }]);
      }
      const stages = dto.kind === 'stage' ? await this.positions.stagesOfGroup(em, current.payScale, current.payGroup) : [];
      const { problems, payload } = changeProblems(dto.kind, dto.effectiveOn, dto.payload ?? {}, {
        startOn: current.startOn,
        effectiveEndOn: current.effectiveEndOn,
        fullTimeHours: current.fullTimeHours,
        stages,
      });
      throwIfProblems(problems);

      const direct = async () => {
        await this.positions.lockAndFind(em, org, id);
        const before = await this.load(em, org, id);
        await this.positions.insertChange(em, org, id, { kind: dto.kind, effectiveOn: dto.effectiveOn, payload });
        await this.positions.update(em, org, id);
        const after = await this.load(em, org, id);
        await this.audit.record(em, actor, { action: CHANGE_ACTIONS[dto.kind], subjectType: SUBJECT, subjectId: id, before, after, reason: dto.reason ?? null }, requestId);
      };
      if (current.endOn === null) await direct();
      else await this.workflow.change(em, actor, id, () => this.changeUpdate(actor, id, dto, payload), direct);
      return this.load(em, org, id);
    });
  }

  /**
   * Enters who fills the position from when to when; periods never overlap. The position becomes
   * filled. The first holder of a position with a fixed end starts its workflow; later holders
   * are the workflow's fill update (it also refuses a holder before one already entered, and a
   * start in a month already booked).
   */
  async addHolder(actor: Actor, id: string, dto: CreatePositionHolderDto, requestId?: string): Promise<PositionDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('position', id);
    const holder = { holderName: dto.holderName, validFrom: dto.validFrom, validTo: dto.validTo ?? null };
    return this.dataSource.transaction(async (em) => {
      const current = await this.lockAndFind(em, org, id);
      if (current.status === 'ended') {
        throw new DomainError(ErrorCode.StateConflict, `position ${id} has ended: it takes no more holders`, [{ field: 'validFrom', reason: 'the position has ended' }]);
      }
      throwIfProblems(holderProblems(holder, current.startOn, current.effectiveEndOn));
      const clashes = overlappingHolders(holder, await this.positions.holders(org, id, em));
      if (clashes.length) {
        throw new DomainError(
          ErrorCode.Conflict,
          `the position is held by someone else in that period`,
          clashes.map((c) => ({ field: 'validFrom', reason: `overlaps the holder "${c.holderName}" (${c.validFrom} to ${c.validTo ?? 'open'})` })),
        );
      }

      const direct = async () => {
        const locked = await this.positions.lockAndFind(em, org, id);
        const before = await this.load(em, org, id);
        await this.positions.insertHolder(em, org, id, holder);
        await this.positions.update(em, org, id, locked && FILLABLE.includes(locked.status) ? { status: 'filled' } : {});
        const after = await this.load(em, org, id);
        await this.audit.record(em, actor, { action: 'position.holder_added', subjectType: SUBJECT, subjectId: id, before, after }, requestId);
      };
      const fill = { holderName: holder.holderName, from: holder.validFrom, ...(holder.validTo !== null ? { to: holder.validTo } : {}) };
      if (current.endOn === null) await direct();
      else await this.workflow.change(em, actor, id, () => this.workflow.update(actor, id, fillUpdate, fill), direct);
      return this.load(em, org, id);
    });
  }

  /** The workflow's state (its query): plan, holders, bookings so far. */
  async workflowState(actor: Actor, id: string): Promise<PositionState> {
    await this.get(actor, id); // another organisation's position: 404 before Temporal is asked
    return this.workflow.state(id);
  }

  /** The workflow update of a dated change (the payload as changeProblems returned it). */
  private changeUpdate(actor: Actor, id: string, dto: CreatePositionChangeDto, payload: Record<string, unknown>): Promise<PositionState> {
    const reason = dto.reason !== undefined ? { reason: dto.reason } : {};
    switch (dto.kind) {
      case 'hours':
        return this.workflow.update(actor, id, changeHoursUpdate, { effectiveOn: dto.effectiveOn, weeklyHours: payload.weeklyHours as string, ...reason });
      case 'stage':
        return this.workflow.update(actor, id, changeStageUpdate, { effectiveOn: dto.effectiveOn, stage: payload.stage as number, ...reason });
      case 'early_end':
        return this.workflow.update(actor, id, endEarlyUpdate, { endOn: dto.effectiveOn, ...reason });
      case 'extension':
        return this.workflow.update(actor, id, extendUpdate, { newEnd: dto.effectiveOn, councilDecisionRef: payload.councilDecisionRef as string, ...reason });
    }
  }

  /**
   * Serialises holders and changes of one position (an advisory lock, not a row lock: the
   * workflow's activity writes the row meanwhile) and reads it; another organisation's is a 404.
   */
  private async lockAndFind(em: EntityManager, org: string, id: string): Promise<PositionRecord> {
    await lockBusinessKey(em, `position:${id}`);
    const current = await this.positions.find(org, id, em);
    if (!current) throw DomainError.notFound('position', id);
    return current;
  }

  /**
   * The referenced application, product and accounts exist in the caller's organisation (another
   * organisation's are as unknown as missing ones); pay is booked on an expense account, the
   * funder's reimbursement on a revenue account. Only the fields named are checked.
   */
  private async referenceProblems(em: EntityManager, org: string, v: PositionValues, fields: ReadonlyArray<keyof PositionValues>): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (fields.includes('applicationId') && v.applicationId !== null && !(await this.positions.applicationExists(em, org, v.applicationId))) {
      problems.push({ field: 'applicationId', reason: `no application ${v.applicationId} in your organisation` });
    }
    if (fields.includes('budgetProductId') && v.budgetProductId !== null && !(await this.positions.budgetProductExists(em, org, v.budgetProductId))) {
      problems.push({ field: 'budgetProductId', reason: `no budget product ${v.budgetProductId} in your organisation` });
    }
    for (const [field, kind] of [
      ['payAccountId', 'expense'],
      ['reimbursementAccountId', 'revenue'],
    ] as const) {
      const accountId = v[field];
      if (!fields.includes(field) || accountId === null) continue;
      const account = await this.positions.account(em, org, accountId);
      if (!account) problems.push({ field, reason: `no account ${accountId} in your organisation` });
      else if (account.kind !== kind) {
        problems.push({ field, reason: `account ${account.number} is ${ACCOUNT_KIND[account.kind]} account; ${field === 'payAccountId' ? 'pay' : 'a reimbursement'} is booked on ${ACCOUNT_KIND[kind]} account` });
      }
    }
    return problems;
  }

  private async payProblems(em: EntityManager, payScale: string, payGroup: string, stage: number): Promise<FieldProblem[]> {
    const stages = await this.positions.stagesOfGroup(em, payScale, payGroup);
    const scaleKnown = stages.length > 0 || (await this.positions.payScaleExists(em, payScale));
    return payProblems(scaleKnown, stages, payScale, payGroup, stage);
  }

  /** The position with everything that hangs off it, as the API shows it (and the audit log records it). */
  private async load(em: EntityManager, org: string, id: string): Promise<PositionDto> {
    const position = await this.positions.find(org, id, em);
    if (!position) throw DomainError.notFound('position', id);
    const [stages, allowances, holders, changes] = [
      await this.positions.stages(org, id, em),
      await this.positions.allowances(org, id, em),
      await this.positions.holders(org, id, em),
      await this.positions.changes(org, id, em),
    ];
    return {
      ...toSummaryDto(position),
      stages,
      allowances,
      holders: holders.map((h) => ({ ...h, createdAt: isoTimestamp(h.createdAt) })),
      changes: changes.map((c) => ({ ...c, createdAt: isoTimestamp(c.createdAt) })),
    };
  }
}

/** The audit action of each kind of change. */
const CHANGE_ACTIONS: Record<CreatePositionChangeDto['kind'], string> = {
  hours: 'position.hours_changed',
  stage: 'position.stage_changed',
  early_end: 'position.ended_early',
  extension: 'position.extended',
};

const ACCOUNT_KIND = { expense: 'an expense', revenue: 'a revenue' } as const;

const REFERENCE_FIELDS = ['applicationId', 'budgetProductId', 'payAccountId', 'reimbursementAccountId'] as const;

function toSummaryDto(p: PositionRecord): PositionSummaryDto {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    payScale: p.payScale,
    payGroup: p.payGroup,
    caseGroup: p.caseGroup,
    weeklyHours: p.weeklyHours,
    fullTimeHours: p.fullTimeHours,
    startOn: p.startOn,
    endOn: p.endOn,
    effectiveEndOn: p.effectiveEndOn,
    fundedShareBp: p.fundedShareBp,
    applicationId: p.applicationId,
    budgetProductId: p.budgetProductId,
    payAccountId: p.payAccountId,
    reimbursementAccountId: p.reimbursementAccountId,
    version: p.version,
    createdAt: isoTimestamp(p.createdAt),
    updatedAt: isoTimestamp(p.updatedAt),
  };
}

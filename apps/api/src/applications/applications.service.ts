import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldProblem } from '@app/common';
import { isIsoDate } from '@app/calendar';
import type { ApplicationStatus } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { Page, resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid, toCents } from '../common/persistence';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { APPLICATION_DEFAULT_SORT, APPLICATION_SORTABLE, APPLICATION_TIE_BREAKER, ApplicationListFilter } from './application-list.query';
import {
  CostLine,
  EDITABLE_STATUSES,
  FinancingLine,
  isAmendable,
  periodProblems,
  planProblems,
  planTotals,
  throwIfProblems,
} from './application-rules';
import {
  ApplicationDto,
  ApplicationSummaryDto,
  CostPlanLineInput,
  CreateAmendmentDto,
  CreateApplicationDto,
  FinancingPlanLineInput,
  ListApplicationsQuery,
  RevisionDto,
  RevisionSummaryDto,
  UpdateApplicationDto,
} from './application.dto';
import { amendUpdate } from '@app/workflows/application/signals';
import { ApplicationWorkflowService } from './application-workflow.service';
import { ApplicationRecord, ApplicationsRepository } from './applications.repository';
import { DepartmentsRepository } from './departments.repository';
import { RevisionRecord, RevisionsRepository } from './revisions.repository';

const SUBJECT = 'funding_application';

/**
 * The rules of Förderanträge: creation as a draft with revision 1, changes to a draft in place,
 * Änderungsanträge as new revisions once the draft has left the house. Every write is one
 * transaction with its audit event; the status is the application workflow's, never set here
 * (its steps: ApplicationWorkflowService).
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly revisions: RevisionsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly departments: DepartmentsRepository,
    private readonly audit: AuditService,
    private readonly workflow: ApplicationWorkflowService,
  ) {}

  /**
   * Inserts the draft and starts its workflow `application-<id>` in one transaction: the workflow
   * is started last, before the commit, so that no application row exists without its workflow.
   */
  async create(actor: Actor, dto: CreateApplicationDto, requestId?: string): Promise<ApplicationDto> {
    const org = actor.organisationId;
    const costPlan = dto.costPlan.map(costLine);
    const financingPlan = dto.financingPlan.map(financingLine);
    return this.dataSource.transaction(async (em) => {
      const [programme, department] = await Promise.all([this.programmes.find(org, dto.programmeId, em), this.departments.find(org, dto.leadDepartmentId, em)]);
      const problems: FieldProblem[] = [];
      if (!programme) problems.push({ field: 'programmeId', reason: 'no programme with this id in your organisation' });
      if (!department) problems.push({ field: 'leadDepartmentId', reason: 'no department with this id in your organisation' });
      if (programme) problems.push(...periodProblems(dto.periodStart, dto.periodEnd, programme));
      problems.push(...planProblems(costPlan, financingPlan, dto.periodStart, dto.periodEnd));
      throwIfProblems(problems);

      const id = await this.applications.insert(em, org, {
        programmeId: dto.programmeId,
        leadDepartmentId: dto.leadDepartmentId,
        title: dto.title,
        description: dto.description ?? '',
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
      });
      const revisionId = await this.revisions.insert(em, org, id, 1, '', actor.ref);
      await this.revisions.insertCostLines(em, org, revisionId, costPlan);
      await this.revisions.insertFinancingLines(em, org, revisionId, financingPlan);
      const created = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'application.created', subjectType: SUBJECT, subjectId: id, after: created }, requestId);
      await this.workflow.start(em, actor, id, dto.title, programme!, dto.needsCouncilDecision ?? false);
      return created;
    });
  }

  /** Another organisation's application is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<ApplicationDto> {
    if (!isUuid(id)) throw DomainError.notFound('application', id);
    return this.load(this.dataSource.manager, actor.organisationId, id);
  }

  async list(actor: Actor, query: ListApplicationsQuery): Promise<Page<ApplicationSummaryDto>> {
    const page = resolvePage(query, APPLICATION_SORTABLE, APPLICATION_DEFAULT_SORT, APPLICATION_TIE_BREAKER);
    const filter: ApplicationListFilter = {
      status: query.status,
      programmeId: query.programmeId,
      leadDepartmentId: query.leadDepartmentId,
      periodOverlaps: query.periodOverlaps === undefined ? undefined : overlapRange(query.periodOverlaps),
      q: query.q,
    };
    const { rows, total } = await this.applications.list(actor.organisationId, filter, page);
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        programmeId: r.programmeId,
        programmeName: r.programmeName,
        leadDepartmentId: r.leadDepartmentId,
        leadDepartmentName: r.leadDepartmentName,
        status: r.status as ApplicationStatus,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        currentRevision: r.currentRevision,
        costTotalCents: toCents(r.costTotalCents),
        version: r.version,
        createdAt: isoTimestamp(r.createdAt),
        updatedAt: isoTimestamp(r.updatedAt),
      })),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Changes a draft in place (its current revision's plans included); anything later needs an amendment. */
  async update(actor: Actor, id: string, dto: UpdateApplicationDto, requestId?: string): Promise<ApplicationDto> {
    const { version, ...changes } = dto;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw DomainError.invalid('body', 'nothing to change: name at least one of title, description, periodStart, periodEnd, costPlan, financingPlan');
    }
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('application', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.applications.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('application', id);
      assertVersion('application', id, current.version, version);
      if (!EDITABLE_STATUSES.includes(current.status)) {
        throw new DomainError(
          ErrorCode.StateConflict,
          `application ${id} is in status ${current.status}: only a draft is changed in place; file an amendment (POST /api/v1/applications/${id}/amendments) instead`,
        );
      }
      const before = await this.load(em, org, id);
      const periodStart = dto.periodStart ?? current.periodStart;
      const periodEnd = dto.periodEnd ?? current.periodEnd;
      const costPlan = dto.costPlan?.map(costLine) ?? before.costPlan.map(costLine);
      const financingPlan = dto.financingPlan?.map(financingLine) ?? before.financingPlan.map(financingLine);
      const programme = (await this.programmes.find(org, current.programmeId, em))!;
      throwIfProblems([...periodProblems(periodStart, periodEnd, programme), ...planProblems(costPlan, financingPlan, periodStart, periodEnd)]);

      await this.applications.update(em, org, id, { title: dto.title, description: dto.description, periodStart: dto.periodStart, periodEnd: dto.periodEnd });
      const revision = (await this.revisions.find(org, id, current.currentRevision, em))!;
      if (dto.costPlan) await this.revisions.replaceCostLines(em, org, revision.id, costPlan);
      if (dto.financingPlan) await this.revisions.replaceFinancingLines(em, org, revision.id, financingPlan);
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'application.updated', subjectType: SUBJECT, subjectId: id, before, after }, requestId);
      return after;
    });
  }

  /**
   * Änderungsantrag: a new revision with its reason and plans becomes the one in force; earlier ones
   * stay. The application workflow records it first (`amend`: only at an open step), after the
   * same checks without a lock (the workflow's activity locks the row); the revision is then
   * written under the lock with the checks repeated. A concurrent change in between answers 409
   * and leaves the workflow's count of amendments one ahead (it notes, it does not decide).
   */
  async amend(actor: Actor, id: string, dto: CreateAmendmentDto, requestId?: string): Promise<ApplicationDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('application', id);
    const costPlan = dto.costPlan.map(costLine);
    const financingPlan = dto.financingPlan.map(financingLine);
    await this.amendable(org, id, dto, costPlan, financingPlan, await this.applications.find(org, id));
    await this.workflow.act(actor, id, amendUpdate, { reason: dto.reason });
    return this.dataSource.transaction(async (em) => {
      const current = await this.applications.lockAndFind(em, org, id);
      await this.amendable(org, id, dto, costPlan, financingPlan, current);
      const before = await this.load(em, org, id);
      const revisionNo = current!.currentRevision + 1;
      const revisionId = await this.revisions.insert(em, org, id, revisionNo, dto.reason, actor.ref);
      await this.revisions.insertCostLines(em, org, revisionId, costPlan);
      await this.revisions.insertFinancingLines(em, org, revisionId, financingPlan);
      await this.applications.update(em, org, id, { currentRevision: revisionNo });
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'application.amended', subjectType: SUBJECT, subjectId: id, before, after, reason: dto.reason }, requestId);
      return after;
    });
  }

  private async amendable(org: string, id: string, dto: CreateAmendmentDto, costPlan: CostLine[], financingPlan: FinancingLine[], current: ApplicationRecord | undefined): Promise<void> {
    if (!current) throw DomainError.notFound('application', id);
    assertVersion('application', id, current.version, dto.version);
    if (!isAmendable(current.status)) {
      const why = EDITABLE_STATUSES.includes(current.status)
        ? `a draft is changed in place (PATCH /api/v1/applications/${id}), not amended`
        : 'it is finished; nothing can be amended any more';
      throw new DomainError(ErrorCode.StateConflict, `application ${id} is in status ${current.status}: ${why}`);
    }
    throwIfProblems(planProblems(costPlan, financingPlan, current.periodStart, current.periodEnd));
  }

  async listRevisions(actor: Actor, id: string): Promise<RevisionSummaryDto[]> {
    const application = isUuid(id) ? await this.applications.find(actor.organisationId, id) : undefined;
    if (!application) throw DomainError.notFound('application', id);
    const revisions = await this.revisions.list(actor.organisationId, id);
    return revisions.map((r) => {
      const { costPlan: _cost, financingPlan: _financing, ...summary } = toRevisionDto(r, application.currentRevision);
      return summary;
    });
  }

  async getRevision(actor: Actor, id: string, revisionNo: number): Promise<RevisionDto> {
    const application = isUuid(id) ? await this.applications.find(actor.organisationId, id) : undefined;
    if (!application) throw DomainError.notFound('application', id);
    const revision = await this.revisions.find(actor.organisationId, id, revisionNo);
    if (!revision) throw DomainError.notFound(`revision of application ${id}`, String(revisionNo));
    return toRevisionDto(revision, application.currentRevision);
  }

  /** The application with its current revision, as the API shows it (and the audit log records it). */
  private async load(em: EntityManager, organisationId: string, id: string): Promise<ApplicationDto> {
    const application = await this.applications.find(organisationId, id, em);
    if (!application) throw DomainError.notFound('application', id);
    const revision = await this.revisions.find(organisationId, id, application.currentRevision, em);
    if (!revision) throw new Error(`application ${id} has no revision ${application.currentRevision}`);
    return toApplicationDto(application, revision);
  }
}

function costLine(l: CostPlanLineInput | CostLine): CostLine {
  return { category: l.category, label: l.label, fiscalYear: l.fiscalYear ?? null, amountCents: l.amountCents };
}

function financingLine(l: FinancingPlanLineInput | FinancingLine): FinancingLine {
  return { source: l.source, label: l.label, amountCents: l.amountCents };
}

/** `YYYY-MM-DD..YYYY-MM-DD` (the shape is checked by the query DTO) as real dates in order. */
function overlapRange(value: string): { from: string; to: string } {
  const [from, to] = value.split('..') as [string, string];
  if (!isIsoDate(from) || !isIsoDate(to)) throw DomainError.invalid('periodOverlaps', 'both ends must be valid calendar dates');
  if (to < from) throw DomainError.invalid('periodOverlaps', `the range ends (${to}) before it starts (${from})`);
  return { from, to };
}

function toApplicationDto(a: ApplicationRecord, revision: RevisionRecord): ApplicationDto {
  return {
    id: a.id,
    programmeId: a.programmeId,
    programmeName: a.programmeName,
    leadDepartmentId: a.leadDepartmentId,
    leadDepartmentName: a.leadDepartmentName,
    title: a.title,
    description: a.description,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    status: a.status,
    currentRevision: a.currentRevision,
    version: a.version,
    createdAt: isoTimestamp(a.createdAt),
    updatedAt: isoTimestamp(a.updatedAt),
    costPlan: revision.costPlan,
    financingPlan: revision.financingPlan,
    totals: planTotals(revision.costPlan, revision.financingPlan),
  };
}

function toRevisionDto(r: RevisionRecord, currentRevision: number): RevisionDto {
  return {
    revisionNo: r.revisionNo,
    reason: r.reason,
    createdBy: r.createdBy,
    createdAt: isoTimestamp(r.createdAt),
    current: r.revisionNo === currentRevision,
    totals: planTotals(r.costPlan, r.financingPlan),
    costPlan: r.costPlan,
    financingPlan: r.financingPlan,
  };
}

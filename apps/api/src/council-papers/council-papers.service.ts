import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldProblem } from '@app/common';
import { buildCouncilPaperPdf, CouncilPaperDocumentError } from '@app/documents';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { Page, resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../common/persistence';
import type { DocumentDto } from '../documents/document.dto';
import { DocumentsService } from '../documents/documents.service';
import {
  ConsultationInput,
  CouncilPaperDto,
  CouncilPaperSummaryDto,
  CreateCouncilPaperDto,
  CreateDraftFromApplicationDto,
  ListCouncilPapersQuery,
  RecordOutcomeDto,
  RelevanceInput,
  ReleaseCouncilPaperDto,
  UpdateCouncilPaperDto,
} from './council-paper.dto';
import { councilPaperFileName, toCouncilPaperDocument } from './council-paper-document.mapper';
import {
  ConsultationLine,
  EDITABLE_STATUSES,
  nextPaperNumber,
  normaliseSections,
  numberYear,
  outcomeRefusal,
  paperProblems,
  paragraphsOf,
  releaseProblems,
  resourcesParagraphs,
  Sections,
} from './council-paper-rules';
import { CouncilPaperSourcesRepository } from './council-paper-sources.repository';
import { CouncilPaperWorkflowService } from './council-paper-workflow.service';
import { CouncilPapersRepository, PAPER_DEFAULT_SORT, PAPER_SORTABLE, PAPER_TIE_BREAKER, PaperRecord, PaperValues } from './council-papers.repository';

const SUBJECT = 'council_paper';
export const COUNCIL_PAPER_PDF = 'council_paper_pdf';
const UNIQUE_NUMBER = { council_paper_organisation_id_number_key: { field: 'number', reason: 'another paper of your organisation has this number' } };

/**
 * The rules of council papers (Vorlagen): numbering in the organisation's own sequence, changes
 * to a draft only, release, outcomes of the Beratungsfolge in order, drafts from an application,
 * and the paper as a PDF document in versions. Every write is one transaction with its audit event.
 */
@Injectable()
export class CouncilPapersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly papers: CouncilPapersRepository,
    private readonly sources: CouncilPaperSourcesRepository,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly workflow: CouncilPaperWorkflowService,
  ) {}

  async create(actor: Actor, dto: CreateCouncilPaperDto, requestId?: string): Promise<CouncilPaperDto> {
    const org = actor.organisationId;
    const consultations = (dto.consultations ?? []).map(consultationLine);
    try {
      return await this.dataSource.transaction(async (em) => {
        const number = await this.numberFor(em, org, dto.number, dto.paperDate);
        const values: PaperValues = {
          applicationId: dto.applicationId ?? null,
          number,
          paperType: dto.paperType,
          isPublic: dto.isPublic ?? true,
          paperDate: dto.paperDate,
          leadDepartmentId: dto.leadDepartmentId,
          participatingDepartmentIds: dto.participatingDepartmentIds ?? [],
          costsInBudget: dto.costsInBudget ?? null,
          costCents: dto.costCents ?? null,
          countyExecutiveInvolved: dto.countyExecutiveInvolved ?? false,
          qualifiedMajority: dto.qualifiedMajority ?? false,
          ...relevanceValues(dto.relevance),
          title: dto.title,
          sections: normaliseSections(dto.paperType, definedOnly(dto.sections)),
          relatedPaperNumbers: dto.relatedPaperNumbers ?? [],
          attachments: (dto.attachments ?? []).map((a) => ({ title: a.title })),
        };
        await this.check(em, org, values, consultations);
        const id = await this.papers.insert(em, org, values);
        await this.papers.replaceConsultations(em, org, id, consultations);
        const created = await this.load(em, org, id);
        await this.audit.record(em, actor, { action: 'council_paper.created', subjectType: SUBJECT, subjectId: id, after: created }, requestId);
        return created;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'council paper not created');
    }
  }

  /** Another organisation's paper is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<CouncilPaperDto> {
    if (!isUuid(id)) throw DomainError.notFound('council paper', id);
    return this.load(this.dataSource.manager, actor.organisationId, id);
  }

  async list(actor: Actor, query: ListCouncilPapersQuery): Promise<Page<CouncilPaperSummaryDto>> {
    const page = resolvePage(query, PAPER_SORTABLE, PAPER_DEFAULT_SORT, PAPER_TIE_BREAKER);
    if (query.sessionFrom && query.sessionTo && query.sessionTo < query.sessionFrom) {
      throw DomainError.invalid('sessionTo', `the range ends (${query.sessionTo}) before it starts (${query.sessionFrom})`);
    }
    const { rows, total } = await this.papers.list(
      actor.organisationId,
      {
        status: query.status,
        paperType: query.type,
        applicationId: query.applicationId,
        committeeId: query.committeeId,
        sessionFrom: query.sessionFrom,
        sessionTo: query.sessionTo,
        q: query.q,
      },
      page,
    );
    return {
      items: rows.map((r) => ({ ...r, createdAt: isoTimestamp(r.createdAt), updatedAt: isoTimestamp(r.updatedAt) })),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Changes a draft in place; given consultations replace the Beratungsfolge. A released paper is changed by a new paper. */
  async update(actor: Actor, id: string, dto: UpdateCouncilPaperDto, requestId?: string): Promise<CouncilPaperDto> {
    const { version, ...changes } = dto;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw DomainError.invalid('body', 'nothing to change: name at least one field besides version');
    }
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('council paper', id);
    try {
      return await this.dataSource.transaction(async (em) => {
        // The numbering lock first, then the row (as create takes it), so two renumberings cannot deadlock.
        if (dto.number !== undefined) await this.papers.lockNumbering(em, org);
        const current = await this.papers.lockAndFind(em, org, id);
        if (!current) throw DomainError.notFound('council paper', id);
        assertVersion('council paper', id, current.version, version);
        this.assertEditable(current);

        const paperType = dto.paperType ?? current.paperType;
        const relevance = { ...relevanceOf(current), ...definedOnly(dto.relevance) };
        const values: PaperValues = {
          applicationId: dto.applicationId !== undefined ? dto.applicationId : current.applicationId,
          number: dto.number ?? current.number,
          paperType,
          isPublic: dto.isPublic ?? current.isPublic,
          paperDate: dto.paperDate ?? current.paperDate,
          leadDepartmentId: dto.leadDepartmentId ?? current.leadDepartmentId,
          participatingDepartmentIds: dto.participatingDepartmentIds ?? current.participatingDepartmentIds,
          costsInBudget: dto.costsInBudget !== undefined ? dto.costsInBudget : current.costsInBudget,
          costCents: dto.costCents !== undefined ? dto.costCents : current.costCents,
          countyExecutiveInvolved: dto.countyExecutiveInvolved ?? current.countyExecutiveInvolved,
          qualifiedMajority: dto.qualifiedMajority ?? current.qualifiedMajority,
          ...relevanceValues(relevance),
          title: dto.title ?? current.title,
          sections: normaliseSections(paperType, { ...current.sections, ...definedOnly(dto.sections) }),
          relatedPaperNumbers: dto.relatedPaperNumbers ?? current.relatedPaperNumbers,
          attachments: dto.attachments ? dto.attachments.map((a) => ({ title: a.title })) : current.attachments,
        };
        const consultations = dto.consultations ? dto.consultations.map(consultationLine) : current.consultations;
        await this.check(em, org, values, consultations);

        const before = toDto(current);
        await this.papers.update(em, org, id, values);
        if (dto.consultations) await this.papers.replaceConsultations(em, org, id, consultations);
        const after = await this.load(em, org, id);
        await this.audit.record(em, actor, { action: 'council_paper.updated', subjectType: SUBJECT, subjectId: id, before, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'council paper not changed');
    }
  }

  /** draft → released, once the paper is complete (every part of the Sachdarstellung, a Beratungsfolge). */
  async release(actor: Actor, id: string, dto: ReleaseCouncilPaperDto, requestId?: string): Promise<CouncilPaperDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('council paper', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.papers.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('council paper', id);
      assertVersion('council paper', id, current.version, dto.version);
      if (current.status !== 'draft') throw new DomainError(ErrorCode.StateConflict, `council paper ${current.number} is ${current.status} already`);
      const problems = releaseProblems(current);
      if (problems.length) {
        throw new DomainError(
          ErrorCode.StateConflict,
          `council paper ${current.number} cannot be released yet: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
          problems,
        );
      }
      this.workflow.input(actor, current); // a Beratungsfolge the workflow cannot walk: 409 before anything is written
      const before = toDto(current);
      await this.papers.update(em, org, id, { status: 'released' });
      const after = await this.load(em, org, id);
      await this.audit.record(em, actor, { action: 'council_paper.released', subjectType: SUBJECT, subjectId: id, before, after }, requestId);
      // Last in the transaction: if the start fails (503) the release is rolled back.
      await this.workflow.start(actor, current);
      return after;
    });
  }

  /**
   * Records what a committee did with a released paper, step by step in the order of the
   * Beratungsfolge, through the paper's workflow (its recordOutcome update writes the consultation
   * and the audit event; a postponement re-queues the consultation to the next session).
   */
  async recordOutcome(actor: Actor, id: string, position: number, dto: RecordOutcomeDto): Promise<CouncilPaperDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('council paper', id);
    return this.dataSource.transaction(async (em) => {
      // The paper row is locked (one outcome at a time); the workflow's activity writes consultation rows.
      const current = await this.papers.lockAndFind(em, org, id);
      if (!current) throw DomainError.notFound('council paper', id);
      if (current.status !== 'released') {
        const why = current.status === 'draft' ? 'a draft is not consulted: release it first' : `it is ${current.status}`;
        throw new DomainError(ErrorCode.StateConflict, `council paper ${current.number}: no outcome can be recorded, ${why}`);
      }
      if (!current.consultations.some((c) => c.position === position)) {
        throw DomainError.notFound(`consultation of council paper ${id} at position`, String(position));
      }
      const refusal = outcomeRefusal(current.consultations, position, await this.papers.today(em));
      if (refusal) throw new DomainError(ErrorCode.StateConflict, `council paper ${current.number}: ${refusal}`);
      await this.workflow.recordOutcome(actor, current, {
        position,
        outcome: dto.outcome,
        text: dto.text,
        ...(dto.nextSessionDate === undefined ? {} : { nextSessionDate: dto.nextSessionDate }),
      });
      return this.load(em, org, id);
    });
  }

  /**
   * A draft Informationsvorlage from an application, for the user to edit before release: the
   * programme's name as title, the application's description, and a Ressourceneinsatz naming its
   * positions, their budget products and the cost of the plan in force.
   */
  async draftFromApplication(actor: Actor, applicationId: string, dto: CreateDraftFromApplicationDto, requestId?: string): Promise<CouncilPaperDto> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    try {
      return await this.dataSource.transaction(async (em) => {
        const source = await this.sources.draftSource(org, applicationId, em);
        if (!source) throw DomainError.notFound('application', applicationId);
        const paperDate = dto.paperDate ?? (await this.papers.today(em));
        const number = await this.numberFor(em, org, dto.number, paperDate);
        const positions = source.positions;
        const values: PaperValues = {
          applicationId,
          number,
          paperType: 'information',
          isPublic: true,
          paperDate,
          leadDepartmentId: source.leadDepartmentId,
          participatingDepartmentIds: [],
          costsInBudget: positions.length > 0 && positions.every((p) => p.productNumber !== null),
          costCents: source.plan.costCents,
          countyExecutiveInvolved: false,
          qualifiedMajority: false,
          ...relevanceValues(undefined),
          title: source.programmeName,
          sections: normaliseSections('information', {
            description: paragraphsOf(source.description),
            resources: resourcesParagraphs(positions, source.plan),
          }),
          relatedPaperNumbers: [],
          attachments: [],
        };
        const id = await this.papers.insert(em, org, values);
        const created = await this.load(em, org, id);
        await this.audit.record(
          em,
          actor,
          { action: 'council_paper.created', subjectType: SUBJECT, subjectId: id, after: created, reason: `drafted from application ${applicationId}` },
          requestId,
        );
        return created;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_NUMBER, 'council paper not created');
    }
  }

  /**
   * Renders the paper as it stands into a PDF and stores it as the next version of its
   * council_paper_pdf document. Rendering happens outside the transaction; the paper must not
   * have changed in the meantime.
   */
  async generateDocument(actor: Actor, id: string, requestId?: string): Promise<DocumentDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('council paper', id);
    const paper = await this.papers.find(org, id);
    if (!paper) throw DomainError.notFound('council paper', id);
    const organisationName = await this.sources.organisationName(org);
    let pdf: Buffer;
    try {
      pdf = await buildCouncilPaperPdf(toCouncilPaperDocument(paper, organisationName));
    } catch (error) {
      if (error instanceof CouncilPaperDocumentError) {
        throw new DomainError(ErrorCode.StateConflict, `council paper ${paper.number} cannot be rendered yet: ${error.message}`);
      }
      throw error;
    }
    return this.dataSource.transaction(async (em) => {
      const version = await this.papers.lockVersion(em, org, id);
      if (version === undefined) throw DomainError.notFound('council paper', id);
      if (version !== paper.version) {
        throw new DomainError(
          ErrorCode.Conflict,
          `council paper ${id} was changed while its document was rendered (version ${paper.version}, now ${version}); generate it again`,
        );
      }
      return this.documents.store(
        em,
        actor,
        {
          kind: COUNCIL_PAPER_PDF,
          subjectType: SUBJECT,
          subjectId: id,
          mediaType: 'application/pdf',
          content: pdf,
          fileName: (documentVersion) => councilPaperFileName(paper.number, documentVersion),
        },
        requestId,
      );
    });
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** The number given, or the next of the paper date's year; either way under the organisation's numbering lock. */
  private async numberFor(em: EntityManager, organisationId: string, given: string | undefined, paperDate: string): Promise<string> {
    await this.papers.lockNumbering(em, organisationId);
    if (given !== undefined) return given;
    const year = numberYear(paperDate);
    return nextPaperNumber(year, await this.papers.highestNumber(em, organisationId, year));
  }

  private assertEditable(paper: PaperRecord): void {
    if (!EDITABLE_STATUSES.includes(paper.status)) {
      throw new DomainError(
        ErrorCode.StateConflict,
        `council paper ${paper.number} is ${paper.status}: only a draft is changed; write a new paper (POST /api/v1/council-papers) that refers to ${paper.number}`,
      );
    }
  }

  /** References into the organisation (departments, committees, the application) and the rules of the paper; one 400 naming every field. */
  private async check(em: EntityManager, org: string, v: PaperValues, consultations: readonly ConsultationLine[]): Promise<void> {
    const problems: FieldProblem[] = [];
    const departments = await this.sources.existingDepartments(org, [v.leadDepartmentId, ...v.participatingDepartmentIds], em);
    if (!departments.has(v.leadDepartmentId)) problems.push({ field: 'leadDepartmentId', reason: 'no department with this id in your organisation' });
    v.participatingDepartmentIds.forEach((d, i) => {
      if (!departments.has(d)) problems.push({ field: `participatingDepartmentIds.${i}`, reason: 'no department with this id in your organisation' });
    });
    const committees = await this.sources.existingCommittees(org, consultations.map((c) => c.committeeId), em);
    consultations.forEach((c, i) => {
      if (!committees.has(c.committeeId)) problems.push({ field: `consultations.${i}.committeeId`, reason: 'no committee with this id in your organisation' });
    });
    if (v.applicationId !== null && !(await this.sources.applicationExists(org, v.applicationId, em))) {
      problems.push({ field: 'applicationId', reason: 'no application with this id in your organisation' });
    }
    problems.push(...paperProblems({ ...v, consultations }));
    if (problems.length) throw new DomainError(ErrorCode.Validation, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
  }

  /** The paper with its Beratungsfolge, as the API shows it (and the audit log records it). */
  private async load(em: EntityManager, organisationId: string, id: string): Promise<CouncilPaperDto> {
    const paper = await this.papers.find(organisationId, id, em);
    if (!paper) throw DomainError.notFound('council paper', id);
    return toDto(paper);
  }
}

function consultationLine(c: ConsultationInput): ConsultationLine {
  return { committeeId: c.committeeId, sessionDate: c.sessionDate, role: c.role, isPublic: c.isPublic ?? true, authoritative: c.authoritative ?? false, outcome: null };
}

/** The properties of a request object that were given (class instances may carry undefined ones). */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type RelevanceColumns = Pick<
  PaperValues,
  'relevanceGenderMainstreaming' | 'relevanceMigration' | 'relevancePreventionSustainability' | 'relevanceEducation' | 'relevanceClimate'
>;

function relevanceValues(r: Partial<RelevanceInput> | undefined): RelevanceColumns {
  return {
    relevanceGenderMainstreaming: r?.genderMainstreaming ?? false,
    relevanceMigration: r?.migration ?? false,
    relevancePreventionSustainability: r?.preventionSustainability ?? false,
    relevanceEducation: r?.education ?? false,
    relevanceClimate: r?.climate ?? false,
  };
}

function relevanceOf(p: RelevanceColumns): Required<RelevanceInput> {
  return {
    genderMainstreaming: p.relevanceGenderMainstreaming,
    migration: p.relevanceMigration,
    preventionSustainability: p.relevancePreventionSustainability,
    education: p.relevanceEducation,
    climate: p.relevanceClimate,
  };
}

function toDto(p: PaperRecord): CouncilPaperDto {
  const sections: Sections = normaliseSections(p.paperType, p.sections);
  return {
    id: p.id,
    number: p.number,
    paperType: p.paperType,
    status: p.status,
    isPublic: p.isPublic,
    paperDate: p.paperDate,
    leadDepartmentId: p.leadDepartmentId,
    leadDepartmentName: p.leadDepartmentName,
    participatingDepartments: p.participatingDepartments,
    costsInBudget: p.costsInBudget,
    costCents: p.costCents,
    countyExecutiveInvolved: p.countyExecutiveInvolved,
    qualifiedMajority: p.qualifiedMajority,
    relevance: relevanceOf(p),
    title: p.title,
    sections,
    relatedPaperNumbers: p.relatedPaperNumbers,
    attachments: p.attachments.map((a) => ({ title: a.title })),
    applicationId: p.applicationId,
    consultations: p.consultations.map((c) => ({
      position: c.position,
      committeeId: c.committeeId,
      committeeName: c.committeeName,
      sessionDate: c.sessionDate,
      role: c.role,
      isPublic: c.isPublic,
      authoritative: c.authoritative,
      outcome: c.outcome,
    })),
    version: p.version,
    createdAt: isoTimestamp(p.createdAt),
    updatedAt: isoTimestamp(p.updatedAt),
  };
}

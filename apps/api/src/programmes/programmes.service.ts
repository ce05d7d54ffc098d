import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ErrorCode, FieldProblem } from '@app/common';
import { daysInMonth } from '@app/calendar';
import { AuditService } from '../audit/audit.service';
import { Page, resolvePage } from '../common/pagination';
import { FundersRepository } from './funders.repository';
import { isoTimestamp, isUuid } from '../common/persistence';
import { CreateProgrammeDto, ListProgrammesQuery, ProgrammeDto } from './programme.dto';
import { PROGRAMME_SORTABLE, ProgrammeRecord, ProgrammesRepository, ProgrammeValues } from './programmes.repository';

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesRepository,
    private readonly funders: FundersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListProgrammesQuery): Promise<Page<ProgrammeDto>> {
    const page = resolvePage(query, PROGRAMME_SORTABLE, 'name', 'p.id');
    const { rows, total } = await this.programmes.list(actor.organisationId, { funderId: query.funderId, financingType: query.financingType }, page);
    return { items: rows.map(toProgrammeDto), total, limit: page.limit, offset: page.offset };
  }

  /** Another organisation's programme is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<ProgrammeDto> {
    const programme = isUuid(id) ? await this.programmes.find(actor.organisationId, id) : undefined;
    if (!programme) throw DomainError.notFound('programme', id);
    return toProgrammeDto(programme);
  }

  async create(actor: Actor, dto: CreateProgrammeDto, requestId?: string): Promise<ProgrammeDto> {
    const values = programmeValues(dto);
    return this.dataSource.transaction(async (em) => {
      const funder = await this.funders.find(actor.organisationId, dto.funderId, em);
      if (!funder) throw DomainError.invalid('funderId', 'no funder with this id in your organisation');
      const id = await this.programmes.insert(em, actor.organisationId, values);
      const created = toProgrammeDto((await this.programmes.find(actor.organisationId, id, em))!);
      await this.audit.record(em, actor, { action: 'programme.created', subjectType: 'funding_programme', subjectId: id, after: created }, requestId);
      return created;
    });
  }
}

/** The programme's rules that single fields cannot check; every broken rule is reported at once. */
export function programmeValues(dto: CreateProgrammeDto): ProgrammeValues {
  const problems: FieldProblem[] = [];
  const anbestVariant = dto.anbestVariant ?? null;
  if (anbestVariant !== null && dto.legalBasis !== 'land_grant') {
    problems.push({ field: 'anbestVariant', reason: 'ANBest apply to land grants only (legalBasis land_grant)' });
  }
  const rateBp = dto.rateBp ?? null;
  if (dto.financingType === 'share' && rateBp === null) {
    problems.push({ field: 'rateBp', reason: "share financing (Anteilfinanzierung) needs the funder's share in basis points" });
  }
  const shares = dto.degressiveShares ?? [];
  shares.forEach((share, i) => {
    if (share.year !== i + 1) problems.push({ field: `degressiveShares.${i}.year`, reason: `expected project year ${i + 1} (years ascending from 1, without gaps)` });
  });
  const interimReportDue = dto.interimReportDue ?? '04-30';
  const [month, day] = interimReportDue.split('-').map(Number) as [number, number];
  if (day > daysInMonth(2001, month)) problems.push({ field: 'interimReportDue', reason: `${interimReportDue} is not a day of every year` });
  const minPeriodMonths = dto.minPeriodMonths ?? null;
  const maxPeriodMonths = dto.maxPeriodMonths ?? null;
  if (minPeriodMonths !== null && maxPeriodMonths !== null && maxPeriodMonths < minPeriodMonths) {
    problems.push({ field: 'maxPeriodMonths', reason: `must be at least minPeriodMonths (${minPeriodMonths})` });
  }
  if (problems.length) throw new DomainError(ErrorCode.Validation, problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
  return {
    funderId: dto.funderId,
    name: dto.name,
    legalBasis: dto.legalBasis,
    anbestVariant,
    financingType: dto.financingType,
    rateBp,
    capCents: dto.capCents ?? null,
    degressiveShares: shares.map((s) => ({ year: s.year, rateBp: s.rateBp })),
    passOnAllowed: dto.passOnAllowed ?? false,
    interimReportDue,
    interimReportWaiver: dto.interimReportWaiver ?? 'none',
    proofOfUseMonths: dto.proofOfUseMonths ?? 6,
    disbursementWindowUnit: dto.disbursementWindowUnit ?? 'months',
    disbursementWindowLength: dto.disbursementWindowLength ?? 2,
    minPeriodMonths,
    maxPeriodMonths,
  };
}

export function toProgrammeDto(p: ProgrammeRecord): ProgrammeDto {
  return {
    id: p.id,
    funderId: p.funderId,
    funderName: p.funderName,
    name: p.name,
    legalBasis: p.legalBasis,
    anbestVariant: p.anbestVariant,
    financingType: p.financingType,
    rateBp: p.rateBp,
    capCents: p.capCents,
    degressiveShares: p.degressiveShares,
    passOnAllowed: p.passOnAllowed,
    interimReportDue: p.interimReportDue,
    interimReportWaiver: p.interimReportWaiver,
    proofOfUseMonths: p.proofOfUseMonths,
    disbursementWindowUnit: p.disbursementWindowUnit,
    disbursementWindowLength: p.disbursementWindowLength,
    minPeriodMonths: p.minPeriodMonths,
    maxPeriodMonths: p.maxPeriodMonths,
    version: p.version,
    createdAt: isoTimestamp(p.createdAt),
    updatedAt: isoTimestamp(p.updatedAt),
  };
}

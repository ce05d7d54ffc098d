import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  AnbestVariant,
  DegressiveShare,
  DisbursementWindowUnit,
  FinancingType,
  InterimReportWaiver,
  LegalBasis,
} from '@app/database';
import { ResolvedPage } from '../common/pagination';
import { orderByClause, rethrowUniqueViolation, toCents } from '../common/persistence';

export interface ProgrammeValues {
  funderId: string;
  name: string;
  legalBasis: LegalBasis;
  anbestVariant: AnbestVariant | null;
  financingType: FinancingType;
  rateBp: number | null;
  capCents: number | null;
  degressiveShares: DegressiveShare[];
  passOnAllowed: boolean;
  interimReportDue: string;
  interimReportWaiver: InterimReportWaiver;
  proofOfUseMonths: number;
  disbursementWindowUnit: DisbursementWindowUnit;
  disbursementWindowLength: number;
  minPeriodMonths: number | null;
  maxPeriodMonths: number | null;
}

export interface ProgrammeRecord extends ProgrammeValues {
  id: string;
  funderName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProgrammeFilter {
  funderId?: string;
  financingType?: FinancingType;
}

/** Sortable fields of the programme list → SQL (whitelist for resolvePage). */
export const PROGRAMME_SORTABLE: Record<string, string> = { name: 'p.name COLLATE "de-DE-x-icu"', createdAt: 'p.created_at' };

const SELECT = `
  SELECT p.id, p.funder_id AS "funderId", f.name AS "funderName", p.name, p.legal_basis AS "legalBasis",
         p.anbest_variant AS "anbestVariant", p.financing_type AS "financingType", p.rate_bp AS "rateBp",
         p.cap_cents AS "capCents", p.degressive_shares AS "degressiveShares", p.pass_on_allowed AS "passOnAllowed",
         p.interim_report_due AS "interimReportDue", p.interim_report_waiver AS "interimReportWaiver",
         p.proof_of_use_months AS "proofOfUseMonths", p.disbursement_window_unit AS "disbursementWindowUnit",
         p.disbursement_window_length AS "disbursementWindowLength", p.min_period_months AS "minPeriodMonths",
         p.max_period_months AS "maxPeriodMonths", p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
    FROM funding_programme p
    JOIN funder f ON f.organisation_id = p.organisation_id AND f.id = p.funder_id`;

function toRecord(row: ProgrammeRecord & { capCents: unknown }): ProgrammeRecord {
  return { ...row, capCents: row.capCents === null ? null : toCents(row.capCents) };
}

/** SQL access to funding programmes; every query is bound to one organisation. */
@Injectable()
export class ProgrammesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(organisationId: string, filter: ProgrammeFilter, page: ResolvedPage): Promise<{ rows: ProgrammeRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const where = ['p.organisation_id = $1'];
    if (filter.funderId) {
      params.push(filter.funderId);
      where.push(`p.funder_id = $${params.length}`);
    }
    if (filter.financingType) {
      params.push(filter.financingType);
      where.push(`p.financing_type = $${params.length}`);
    }
    const condition = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM funding_programme p WHERE ${condition}`, params);
    const rows: ProgrammeRecord[] = await this.dataSource.query(
      `${SELECT} WHERE ${condition} ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { rows: rows.map(toRecord), total };
  }

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ProgrammeRecord | undefined> {
    const rows: ProgrammeRecord[] = await em.query(`${SELECT} WHERE p.organisation_id = $1 AND p.id = $2`, [organisationId, id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Inserts a programme and returns its id; a name the organisation already uses is a 409 naming `name`. */
  async insert(em: EntityManager, organisationId: string, v: ProgrammeValues): Promise<string> {
    try {
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO funding_programme (organisation_id, funder_id, name, legal_basis, anbest_variant, financing_type, rate_bp,
           cap_cents, degressive_shares, pass_on_allowed, interim_report_due, interim_report_waiver, proof_of_use_months,
           disbursement_window_unit, disbursement_window_length, min_period_months, max_period_months)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         RETURNING id`,
        [
          organisationId,
          v.funderId,
          v.name,
          v.legalBasis,
          v.anbestVariant,
          v.financingType,
          v.rateBp,
          v.capCents,
          JSON.stringify(v.degressiveShares),
          v.passOnAllowed,
          v.interimReportDue,
          v.interimReportWaiver,
          v.proofOfUseMonths,
          v.disbursementWindowUnit,
          v.disbursementWindowLength,
          v.minPeriodMonths,
          v.maxPeriodMonths,
        ],
      );
      return rows[0]!.id;
    } catch (error) {
      rethrowUniqueViolation(
        error,
        { funding_programme_organisation_id_name_key: { field: 'name', reason: 'a programme with this name exists already' } },
        'programme not created',
      );
    }
  }
}

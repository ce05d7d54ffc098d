import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ConsultationRole, CouncilPaperAttachment, PaperStatus, PaperType } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { containsPattern, orderByClause, toCents } from '../common/persistence';
import type { ConsultationLine, Sections } from './council-paper-rules';

/** The values a paper is written with. */
export interface PaperValues {
  applicationId: string | null;
  number: string;
  paperType: PaperType;
  isPublic: boolean;
  paperDate: string;
  leadDepartmentId: string;
  participatingDepartmentIds: string[];
  costsInBudget: boolean | null;
  costCents: number | null;
  countyExecutiveInvolved: boolean;
  qualifiedMajority: boolean;
  relevanceGenderMainstreaming: boolean;
  relevanceMigration: boolean;
  relevancePreventionSustainability: boolean;
  relevanceEducation: boolean;
  relevanceClimate: boolean;
  title: string;
  sections: Sections;
  relatedPaperNumbers: string[];
  attachments: CouncilPaperAttachment[];
}

export interface ConsultationRecord extends ConsultationLine {
  position: number;
  committeeName: string;
}

export interface PaperRecord extends PaperValues {
  id: string;
  status: PaperStatus;
  leadDepartmentName: string;
  /** The participating departments in the order stored, with their names. */
  participatingDepartments: Array<{ id: string; name: string }>;
  consultations: ConsultationRecord[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PaperListFilter {
  status?: readonly string[];
  paperType?: PaperType;
  applicationId?: string;
  committeeId?: string;
  sessionFrom?: string;
  sessionTo?: string;
  q?: string;
}

export interface PaperListRow {
  id: string;
  number: string;
  paperType: PaperType;
  status: PaperStatus;
  isPublic: boolean;
  paperDate: string;
  title: string;
  leadDepartmentId: string;
  leadDepartmentName: string;
  applicationId: string | null;
  costCents: number | null;
  consultationCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Sortable fields → SQL. Numbers sort by year, then running number as a number (2021/1000 after
 * 2021/844); a record compares field by field, so one direction applies to both.
 */
export const PAPER_SORTABLE: Record<string, string> = {
  number: `ROW(split_part(p.number, '/', 1)::int, split_part(p.number, '/', 2)::numeric)`,
  paperDate: 'p.paper_date',
  title: 'p.title COLLATE "de-DE-x-icu"',
  createdAt: 'p.created_at',
};
export const PAPER_DEFAULT_SORT = '-paperDate,-number';
export const PAPER_TIE_BREAKER = 'p.id';

/** Column of each value, in insert order. */
const COLUMNS: Record<keyof PaperValues, string> = {
  applicationId: 'application_id',
  number: 'number',
  paperType: 'paper_type',
  isPublic: 'public',
  paperDate: 'paper_date',
  leadDepartmentId: 'lead_department_id',
  participatingDepartmentIds: 'participating_department_ids',
  costsInBudget: 'costs_in_budget',
  costCents: 'cost_cents',
  countyExecutiveInvolved: 'county_executive_involved',
  qualifiedMajority: 'qualified_majority',
  relevanceGenderMainstreaming: 'relevance_gender_mainstreaming',
  relevanceMigration: 'relevance_migration',
  relevancePreventionSustainability: 'relevance_prevention_sustainability',
  relevanceEducation: 'relevance_education',
  relevanceClimate: 'relevance_climate',
  title: 'title',
  sections: 'sections',
  relatedPaperNumbers: 'related_paper_numbers',
  attachments: 'attachments',
};

/** A value as node-postgres takes it: jsonb as JSON text, bigint cents as a string. */
function param(key: keyof PaperValues, value: PaperValues[keyof PaperValues]): unknown {
  if (key === 'sections' || key === 'attachments') return JSON.stringify(value);
  if (key === 'costCents') return value === null ? null : String(value);
  return value;
}

const PAPER_SELECT = `
  SELECT p.id, p.application_id AS "applicationId", p.number, p.paper_type AS "paperType", p.public AS "isPublic",
         to_char(p.paper_date, 'YYYY-MM-DD') AS "paperDate", p.lead_department_id AS "leadDepartmentId", d.name AS "leadDepartmentName",
         p.participating_department_ids AS "participatingDepartmentIds",
         COALESCE((SELECT json_agg(json_build_object('id', pd.id, 'name', pd.name) ORDER BY u.ord)
                     FROM unnest(p.participating_department_ids) WITH ORDINALITY AS u(id, ord)
                     JOIN department pd ON pd.organisation_id = p.organisation_id AND pd.id = u.id), '[]'::json) AS "participatingDepartments",
         p.costs_in_budget AS "costsInBudget", p.cost_cents AS "costCents",
         p.county_executive_involved AS "countyExecutiveInvolved", p.qualified_majority AS "qualifiedMajority",
         p.relevance_gender_mainstreaming AS "relevanceGenderMainstreaming", p.relevance_migration AS "relevanceMigration",
         p.relevance_prevention_sustainability AS "relevancePreventionSustainability", p.relevance_education AS "relevanceEducation",
         p.relevance_climate AS "relevanceClimate", p.title, p.sections, p.related_paper_numbers AS "relatedPaperNumbers",
         p.attachments, p.status, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
    FROM council_paper p
    JOIN department d ON d.organisation_id = p.organisation_id AND d.id = p.lead_department_id`;

/** SQL access to council papers and their Beratungsfolge; every statement is bound to one organisation. */
@Injectable()
export class CouncilPapersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serialises the numbering of one organisation's papers for the rest of the transaction: the
   * next number is read and used while no other transaction can take it.
   */
  async lockNumbering(em: EntityManager, organisationId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('council_paper_number:' || $1, 0))`, [organisationId]);
  }

  /** The highest running number of a year in the organisation (0: none yet). Call under lockNumbering. */
  async highestNumber(em: EntityManager, organisationId: string, year: number): Promise<number> {
    const rows: Array<{ highest: string }> = await em.query(
      `SELECT COALESCE(max(split_part(number, '/', 2)::numeric), 0)::text AS highest
         FROM council_paper WHERE organisation_id = $1 AND split_part(number, '/', 1) = $2`,
      [organisationId, String(year)],
    );
    return Number(rows[0]!.highest);
  }

  /** Today in Europe/Berlin, as the database sees it. */
  async today(em: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: Array<{ today: string }> = await em.query(`SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS today`);
    return rows[0]!.today;
  }

  async insert(em: EntityManager, organisationId: string, values: PaperValues): Promise<string> {
    const keys = Object.keys(COLUMNS) as Array<keyof PaperValues>;
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO council_paper (organisation_id, ${keys.map((k) => COLUMNS[k]).join(', ')})
       VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
      [organisationId, ...keys.map((k) => param(k, values[k]))],
    );
    return rows[0]!.id;
  }

  /** Writes the values given and moves the version on (with updated_at): raw SQL bumps it itself. */
  async update(em: EntityManager, organisationId: string, id: string, changes: Partial<PaperValues> & { status?: PaperStatus }): Promise<void> {
    const values: unknown[] = [organisationId, id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const key of Object.keys(COLUMNS) as Array<keyof PaperValues>) {
      if (changes[key] !== undefined) sets.push(`${COLUMNS[key]} = $${values.push(param(key, changes[key]!))}`);
    }
    if (changes.status !== undefined) sets.push(`status = $${values.push(changes.status)}`);
    await em.query(`UPDATE council_paper SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2`, values);
  }

  /** Replaces the Beratungsfolge: positions 1, 2, … in the order given. */
  async replaceConsultations(em: EntityManager, organisationId: string, paperId: string, lines: readonly ConsultationLine[]): Promise<void> {
    await em.query(`DELETE FROM consultation WHERE organisation_id = $1 AND paper_id = $2`, [organisationId, paperId]);
    if (lines.length === 0) return;
    await em.query(
      `INSERT INTO consultation (organisation_id, paper_id, position, committee_id, session_date, role, public, authoritative, outcome)
       SELECT $1, $2, t.position, t.committee_id, t.session_date, t.role, t.public, t.authoritative, t.outcome
         FROM unnest($3::int[], $4::uuid[], $5::date[], $6::text[], $7::boolean[], $8::boolean[], $9::text[])
           AS t(position, committee_id, session_date, role, public, authoritative, outcome)`,
      [
        organisationId,
        paperId,
        lines.map((_, i) => i + 1),
        lines.map((c) => c.committeeId),
        lines.map((c) => c.sessionDate),
        lines.map((c) => c.role),
        lines.map((c) => c.isPublic),
        lines.map((c) => c.authoritative),
        lines.map((c) => c.outcome),
      ],
    );
  }

  async setOutcome(em: EntityManager, organisationId: string, paperId: string, position: number, outcome: string): Promise<void> {
    await em.query(
      `UPDATE consultation SET outcome = $4, version = version + 1, updated_at = now()
        WHERE organisation_id = $1 AND paper_id = $2 AND position = $3`,
      [organisationId, paperId, position, outcome],
    );
  }

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<PaperRecord | undefined> {
    const rows: Array<Omit<PaperRecord, 'consultations' | 'costCents'> & { costCents: string | null }> = await em.query(
      `${PAPER_SELECT} WHERE p.organisation_id = $1 AND p.id = $2`,
      [organisationId, id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const consultations: ConsultationRecord[] = await em.query(
      `SELECT c.position, c.committee_id AS "committeeId", k.name AS "committeeName", to_char(c.session_date, 'YYYY-MM-DD') AS "sessionDate",
              c.role, c.public AS "isPublic", c.authoritative, c.outcome
         FROM consultation c
         JOIN committee k ON k.organisation_id = c.organisation_id AND k.id = c.committee_id
        WHERE c.organisation_id = $1 AND c.paper_id = $2
        ORDER BY c.position`,
      [organisationId, id],
    );
    return { ...row, costCents: row.costCents === null ? null : toCents(row.costCents), consultations };
  }

  /**
   * Locks the paper row for the rest of the transaction (a concurrent change waits, then sees the
   * new version) and reads it. Undefined when there is no such paper.
   */
  async lockAndFind(em: EntityManager, organisationId: string, id: string): Promise<PaperRecord | undefined> {
    const locked: unknown[] = await em.query(`SELECT 1 FROM council_paper WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, id]);
    return locked.length ? this.find(organisationId, id, em) : undefined;
  }

  /** Locks the paper row against changes (FOR SHARE) for the rest of the transaction and reads its version; undefined when there is none. */
  async lockVersion(em: EntityManager, organisationId: string, id: string): Promise<number | undefined> {
    const rows: Array<{ version: number }> = await em.query(`SELECT version FROM council_paper WHERE organisation_id = $1 AND id = $2 FOR SHARE`, [organisationId, id]);
    return rows[0]?.version;
  }

  async list(organisationId: string, filter: PaperListFilter, page: ResolvedPage): Promise<{ rows: PaperListRow[]; total: number }> {
    const values: unknown[] = [organisationId];
    const bind = (value: unknown) => `$${values.push(value)}`;
    const where = ['p.organisation_id = $1'];
    if (filter.status?.length) where.push(`p.status = ANY(${bind(filter.status)}::text[])`);
    if (filter.paperType) where.push(`p.paper_type = ${bind(filter.paperType)}`);
    if (filter.applicationId) where.push(`p.application_id = ${bind(filter.applicationId)}`);
    const consultation: string[] = [];
    if (filter.committeeId) consultation.push(`c.committee_id = ${bind(filter.committeeId)}`);
    if (filter.sessionFrom) consultation.push(`c.session_date >= ${bind(filter.sessionFrom)}::date`);
    if (filter.sessionTo) consultation.push(`c.session_date <= ${bind(filter.sessionTo)}::date`);
    if (consultation.length) {
      where.push(`EXISTS (SELECT 1 FROM consultation c WHERE c.organisation_id = $1 AND c.paper_id = p.id AND ${consultation.join(' AND ')})`);
    }
    if (filter.q) where.push(`p.title COLLATE "pg_c_utf8" ILIKE ${bind(containsPattern(filter.q))} ESCAPE '\\'`);
    const condition = where.join(' AND ');

    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM council_paper p WHERE ${condition}`, values);
    const rows: Array<Omit<PaperListRow, 'costCents'> & { costCents: string | null }> = await this.dataSource.query(
      `SELECT p.id, p.number, p.paper_type AS "paperType", p.status, p.public AS "isPublic", to_char(p.paper_date, 'YYYY-MM-DD') AS "paperDate",
              p.title, p.lead_department_id AS "leadDepartmentId", d.name AS "leadDepartmentName", p.application_id AS "applicationId",
              p.cost_cents AS "costCents",
              (SELECT count(*)::int FROM consultation c WHERE c.organisation_id = $1 AND c.paper_id = p.id) AS "consultationCount",
              p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"
         FROM council_paper p
         JOIN department d ON d.organisation_id = p.organisation_id AND d.id = p.lead_department_id
        WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)}
        LIMIT ${bind(page.limit)} OFFSET ${bind(page.offset)}`,
      values,
    );
    return { rows: rows.map((r) => ({ ...r, costCents: r.costCents === null ? null : toCents(r.costCents) })), total };
  }
}

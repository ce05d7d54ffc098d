import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface CommitteeValues {
  name: string;
  shortName: string | null;
}

export interface CommitteeRecord extends CommitteeValues {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CommitteeSessionRecord {
  id: string;
  committeeId: string;
  sessionDate: string;
  isPublic: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `c.id, c.name, c.short_name AS "shortName", c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;
const SESSION_COLUMNS = `s.id, s.committee_id AS "committeeId", to_char(s.session_date, 'YYYY-MM-DD') AS "sessionDate", s.public AS "isPublic",
  s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

export const COMMITTEE_SORTABLE = { name: 'c.name COLLATE "de-DE-x-icu"', createdAt: 'c.created_at' };
export const SESSION_SORTABLE = { sessionDate: 's.session_date' };

/** The committees (Ausschüsse, Kreistag) of one organisation and their sessions: every statement names the organisation. */
@Injectable()
export class CommitteesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<CommitteeRecord | undefined> {
    const rows: CommitteeRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM committee c WHERE c.organisation_id = $1 AND c.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, page: ResolvedPage): Promise<{ items: CommitteeRecord[]; total: number }> {
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM committee c WHERE c.organisation_id = $1`, [organisationId]);
    const items: CommitteeRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM committee c WHERE c.organisation_id = $1 ORDER BY ${orderByClause(page.orderBy)} LIMIT $2 OFFSET $3`,
      [organisationId, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, v: CommitteeValues): Promise<CommitteeRecord> {
    const rows: CommitteeRecord[] = await em.query(
      `INSERT INTO committee AS c (organisation_id, name, short_name) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [organisationId, v.name, v.shortName],
    );
    return rows[0]!;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, v: CommitteeValues): Promise<CommitteeRecord> {
    const [rows]: [CommitteeRecord[], number] = await em.query(
      `UPDATE committee AS c SET name = $3, short_name = $4, version = c.version + 1, updated_at = now()
        WHERE c.organisation_id = $1 AND c.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, v.name, v.shortName],
    );
    return rows[0]!;
  }

  async listSessions(
    organisationId: string,
    committeeId: string,
    filter: { from?: string; to?: string },
    page: ResolvedPage,
  ): Promise<{ items: CommitteeSessionRecord[]; total: number }> {
    const params: unknown[] = [organisationId, committeeId];
    const where = ['s.organisation_id = $1', 's.committee_id = $2'];
    if (filter.from) where.push(`s.session_date >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`s.session_date <= $${params.push(filter.to)}::date`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM committee_session s WHERE ${condition}`, params);
    const items: CommitteeSessionRecord[] = await this.dataSource.query(
      `SELECT ${SESSION_COLUMNS} FROM committee_session s WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insertSession(em: EntityManager, organisationId: string, committeeId: string, v: { sessionDate: string; isPublic: boolean }): Promise<CommitteeSessionRecord> {
    const rows: CommitteeSessionRecord[] = await em.query(
      `INSERT INTO committee_session AS s (organisation_id, committee_id, session_date, public) VALUES ($1, $2, $3, $4) RETURNING ${SESSION_COLUMNS}`,
      [organisationId, committeeId, v.sessionDate, v.isPublic],
    );
    return rows[0]!;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';
import { TenantRow, TenantTable } from '../../common/tenant-table';

export interface CommitteeValues {
  name: string;
  shortName: string | null;
}

export type CommitteeRecord = CommitteeValues & TenantRow;

export interface CommitteeSessionRecord extends TenantRow {
  committeeId: string;
  sessionDate: string;
  isPublic: boolean;
}

const SESSION_COLUMNS = `s.id, s.committee_id AS "committeeId", to_char(s.session_date, 'YYYY-MM-DD') AS "sessionDate", s.public AS "isPublic",
  s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

export const COMMITTEE_SORTABLE = { name: 'c.name COLLATE "de-DE-x-icu"', createdAt: 'c.created_at' };
export const SESSION_SORTABLE = { sessionDate: 's.session_date' };

/** The committees (Ausschüsse, Kreistag) of one organisation and their sessions: every statement names the organisation. */
@Injectable()
export class CommitteesRepository extends TenantTable<CommitteeValues> {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'committee', alias: 'c', values: { name: 'name', shortName: 'short_name' } });
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

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AccountKind } from '@app/database';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface AccountRecord {
  id: string;
  number: string;
  name: string;
  kind: AccountKind;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  number: string;
  name: string;
  kind: AccountKind;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `a.id, a.number, a.name, a.kind, a.version, a.created_at, a.updated_at`;

export const ACCOUNT_SORTABLE = { number: 'a.number', name: 'a.name', kind: 'a.kind', createdAt: 'a.created_at' };

/** The chart of accounts (Sachkonten) of one organisation: every query names the organisation. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<AccountRecord | undefined> {
    const rows: Row[] = await em.query(
      `SELECT ${COLUMNS} FROM account a WHERE a.organisation_id = $1 AND a.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async list(organisationId: string, filter: { kind?: AccountKind; numberPrefix?: string }, page: ResolvedPage): Promise<{ items: AccountRecord[]; total: number }> {
    const where = ['a.organisation_id = $1'];
    const params: unknown[] = [organisationId];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`a.kind = $${params.length}`);
    }
    if (filter.numberPrefix) {
      params.push(filter.numberPrefix); // digits only (validated): no LIKE wildcards
      where.push(`a.number LIKE $${params.length}::text || '%'`);
    }
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM account a WHERE ${condition}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM account a WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toRecord), total };
  }

  async isUsedByBudgetLines(em: EntityManager, organisationId: string, id: string): Promise<boolean> {
    const rows: Array<{ used: boolean }> = await em.query(
      `SELECT EXISTS (SELECT 1 FROM budget_line b WHERE b.organisation_id = $1 AND b.account_id = $2) AS used`,
      [organisationId, id],
    );
    return rows[0]?.used === true;
  }

  async insert(em: EntityManager, organisationId: string, values: { number: string; name: string; kind: AccountKind }): Promise<AccountRecord> {
    const rows: Row[] = await em.query(
      `INSERT INTO account AS a (organisation_id, number, name, kind) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [organisationId, values.number, values.name, values.kind],
    );
    return toRecord(rows[0]!);
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, values: { number: string; name: string; kind: AccountKind }): Promise<AccountRecord> {
    const [rows]: [Row[], number] = await em.query(
      `UPDATE account AS a SET number = $3, name = $4, kind = $5, version = a.version + 1, updated_at = now()
        WHERE a.organisation_id = $1 AND a.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, values.number, values.name, values.kind],
    );
    return toRecord(rows[0]!);
  }
}

function toRecord(row: Row): AccountRecord {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

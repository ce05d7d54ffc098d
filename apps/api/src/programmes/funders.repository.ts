import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { FunderKind } from '@app/database';
import { ResolvedPage } from '../common/pagination';
import { orderByClause, rethrowUniqueViolation } from '../common/persistence';

export interface FunderRecord {
  id: string;
  kind: FunderKind;
  name: string;
  version: number;
  createdAt: Date;
}

const COLUMNS = `f.id, f.kind, f.name, f.version, f.created_at AS "createdAt"`;

/** Sortable fields of the funder list → SQL (whitelist for resolvePage). */
export const FUNDER_SORTABLE: Record<string, string> = { name: 'f.name COLLATE "de-DE-x-icu"', createdAt: 'f.created_at' };

/** SQL access to funders; every query is bound to one organisation. */
@Injectable()
export class FundersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(organisationId: string, filter: { kind?: FunderKind }, page: ResolvedPage): Promise<{ rows: FunderRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    let where = 'f.organisation_id = $1';
    if (filter.kind) {
      params.push(filter.kind);
      where += ` AND f.kind = $${params.length}`;
    }
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM funder f WHERE ${where}`, params);
    const rows: FunderRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM funder f WHERE ${where} ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { rows, total };
  }

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<FunderRecord | undefined> {
    const rows: FunderRecord[] = await em.query(`SELECT ${COLUMNS} FROM funder f WHERE f.organisation_id = $1 AND f.id = $2`, [organisationId, id]);
    return rows[0];
  }

  /** Inserts a funder; a name the organisation already uses is a 409 naming `name`. */
  async insert(em: EntityManager, organisationId: string, values: { kind: FunderKind; name: string }): Promise<FunderRecord> {
    try {
      const rows: FunderRecord[] = await em.query(
        `INSERT INTO funder AS f (organisation_id, kind, name) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [organisationId, values.kind, values.name],
      );
      return rows[0]!;
    } catch (error) {
      rethrowUniqueViolation(error, { funder_organisation_id_name_key: { field: 'name', reason: 'a funder with this name exists already' } }, 'funder not created');
    }
  }
}

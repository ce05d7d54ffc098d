import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { MunicipalityKind } from '@app/database';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface MunicipalityValues {
  name: string;
  kind: MunicipalityKind;
}

export interface MunicipalityRecord extends MunicipalityValues {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `m.id, m.name, m.kind, m.version, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

export const MUNICIPALITY_SORTABLE = { name: 'm.name COLLATE "de-DE-x-icu"', kind: 'm.kind', createdAt: 'm.created_at' };

/** The Städte und Gemeinden of one organisation: every statement names the organisation. */
@Injectable()
export class MunicipalitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<MunicipalityRecord | undefined> {
    const rows: MunicipalityRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM municipality m WHERE m.organisation_id = $1 AND m.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, filter: { kind?: MunicipalityKind }, page: ResolvedPage): Promise<{ items: MunicipalityRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const where = ['m.organisation_id = $1'];
    if (filter.kind) where.push(`m.kind = $${params.push(filter.kind)}`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM municipality m WHERE ${condition}`, params);
    const items: MunicipalityRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM municipality m WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, v: MunicipalityValues): Promise<MunicipalityRecord> {
    const rows: MunicipalityRecord[] = await em.query(
      `INSERT INTO municipality AS m (organisation_id, name, kind) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [organisationId, v.name, v.kind],
    );
    return rows[0]!;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, v: MunicipalityValues): Promise<MunicipalityRecord> {
    const [rows]: [MunicipalityRecord[], number] = await em.query(
      `UPDATE municipality AS m SET name = $3, kind = $4, version = m.version + 1, updated_at = now()
        WHERE m.organisation_id = $1 AND m.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, v.name, v.kind],
    );
    return rows[0]!;
  }
}

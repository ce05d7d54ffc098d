import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface DepartmentValues {
  name: string;
  shortName: string | null;
}

export interface DepartmentRecord extends DepartmentValues {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `d.id, d.name, d.short_name AS "shortName", d.version, d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

export const DEPARTMENT_SORTABLE = { name: 'd.name COLLATE "de-DE-x-icu"', createdAt: 'd.created_at' };

/** The departments (Fachdienste, Ämter) of one organisation: every statement names the organisation. */
@Injectable()
export class DepartmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<DepartmentRecord | undefined> {
    const rows: DepartmentRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM department d WHERE d.organisation_id = $1 AND d.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, page: ResolvedPage): Promise<{ items: DepartmentRecord[]; total: number }> {
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM department d WHERE d.organisation_id = $1`, [organisationId]);
    const items: DepartmentRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM department d WHERE d.organisation_id = $1 ORDER BY ${orderByClause(page.orderBy)} LIMIT $2 OFFSET $3`,
      [organisationId, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, v: DepartmentValues): Promise<DepartmentRecord> {
    const rows: DepartmentRecord[] = await em.query(
      `INSERT INTO department AS d (organisation_id, name, short_name) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [organisationId, v.name, v.shortName],
    );
    return rows[0]!;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, v: DepartmentValues): Promise<DepartmentRecord> {
    const [rows]: [DepartmentRecord[], number] = await em.query(
      `UPDATE department AS d SET name = $3, short_name = $4, version = d.version + 1, updated_at = now()
        WHERE d.organisation_id = $1 AND d.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, v.name, v.shortName],
    );
    return rows[0]!;
  }
}

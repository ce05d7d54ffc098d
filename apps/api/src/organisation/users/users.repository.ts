import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@app/common';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause } from '../../common/persistence';

export interface UserValues {
  displayName: string;
  email: string | null;
  roles: Role[];
  active: boolean;
}

export interface UserRecord extends UserValues {
  id: string;
  subject: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `u.id, u.subject, u.display_name AS "displayName", u.email, u.roles, u.active, u.version, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

export const USER_SORTABLE = { displayName: 'u.display_name COLLATE "de-DE-x-icu"', subject: 'u.subject', createdAt: 'u.created_at' };

/** The users of one organisation: every statement names the organisation. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<UserRecord | undefined> {
    const rows: UserRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM app_user u WHERE u.organisation_id = $1 AND u.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, filter: { active?: boolean; role?: Role }, page: ResolvedPage): Promise<{ items: UserRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const where = ['u.organisation_id = $1'];
    if (filter.active !== undefined) where.push(`u.active = $${params.push(filter.active)}`);
    if (filter.role) where.push(`$${params.push(filter.role)}::text = ANY(u.roles)`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM app_user u WHERE ${condition}`, params);
    const items: UserRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM app_user u WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, subject: string, v: UserValues): Promise<UserRecord> {
    const rows: UserRecord[] = await em.query(
      `INSERT INTO app_user AS u (organisation_id, subject, display_name, email, roles, active) VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING ${COLUMNS}`,
      [organisationId, subject, v.displayName, v.email, v.roles, v.active],
    );
    return rows[0]!;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(em: EntityManager, organisationId: string, id: string, v: UserValues): Promise<UserRecord> {
    const [rows]: [UserRecord[], number] = await em.query(
      `UPDATE app_user AS u SET display_name = $3, email = $4, roles = $5::text[], active = $6, version = u.version + 1, updated_at = now()
        WHERE u.organisation_id = $1 AND u.id = $2 RETURNING ${COLUMNS}`,
      [organisationId, id, v.displayName, v.email, v.roles, v.active],
    );
    return rows[0]!;
  }
}

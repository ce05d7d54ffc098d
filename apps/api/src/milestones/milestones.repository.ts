import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { MilestoneStatus } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { orderByClause } from '../common/persistence';

export interface MilestoneValues {
  title: string;
  dueOn: string;
  ownerId: string | null;
  status: MilestoneStatus;
  evidence: string | null;
  doneOn: string | null;
}

export interface MilestoneRecord extends MilestoneValues {
  id: string;
  applicationId: string;
  applicationTitle: string;
  ownerName: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MilestoneFilter {
  applicationId?: string;
  status?: readonly string[];
  dueFrom?: string;
  dueTo?: string;
  ownerId?: string;
}

const FROM = `programme_milestone m
  JOIN funding_application a ON a.organisation_id = m.organisation_id AND a.id = m.application_id
  LEFT JOIN app_user u ON u.organisation_id = m.organisation_id AND u.id = m.owner_id`;

const COLUMNS = `m.id, m.application_id AS "applicationId", a.title AS "applicationTitle", m.title, to_char(m.due_on, 'YYYY-MM-DD') AS "dueOn",
  m.owner_id AS "ownerId", u.display_name AS "ownerName", m.status, m.evidence, to_char(m.done_on, 'YYYY-MM-DD') AS "doneOn",
  m.version, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

const VALUE_COLUMNS: Record<keyof MilestoneValues, string> = {
  title: 'title',
  dueOn: 'due_on',
  ownerId: 'owner_id',
  status: 'status',
  evidence: 'evidence',
  doneOn: 'done_on',
};

export const MILESTONE_SORTABLE = { dueOn: 'm.due_on', title: 'm.title COLLATE "de-DE-x-icu"', createdAt: 'm.created_at' };

/** Programme milestones of one organisation, with the lookups their rules need: every statement names the organisation. */
@Injectable()
export class MilestonesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<MilestoneRecord | undefined> {
    const rows: MilestoneRecord[] = await em.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE m.organisation_id = $1 AND m.id = $2`, [organisationId, id]);
    return rows[0];
  }

  async list(organisationId: string, filter: MilestoneFilter, page: ResolvedPage): Promise<{ items: MilestoneRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['m.organisation_id = $1'];
    if (filter.applicationId) where.push(`m.application_id = ${param(filter.applicationId)}`);
    if (filter.status?.length) where.push(`m.status = ANY(${param(filter.status)}::text[])`);
    if (filter.dueFrom) where.push(`m.due_on >= ${param(filter.dueFrom)}::date`);
    if (filter.dueTo) where.push(`m.due_on <= ${param(filter.dueTo)}::date`);
    if (filter.ownerId) where.push(`m.owner_id = ${param(filter.ownerId)}`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM programme_milestone m WHERE ${condition}`, params);
    const items: MilestoneRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, applicationId: string, v: { title: string; dueOn: string; ownerId: string | null }): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO programme_milestone (organisation_id, application_id, title, due_on, owner_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, applicationId, v.title, v.dueOn, v.ownerId],
    );
    return rows[0]!.id;
  }

  /** Applies the given values and moves the version on (with updated_at). */
  async update(em: EntityManager, organisationId: string, id: string, changes: Partial<MilestoneValues>): Promise<void> {
    const values: unknown[] = [organisationId, id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [key, column] of Object.entries(VALUE_COLUMNS) as Array<[keyof MilestoneValues, string]>) {
      if (key in changes) sets.push(`${column} = $${values.push(changes[key])}`);
    }
    await em.query(`UPDATE programme_milestone SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2`, values);
  }

  async applicationExists(em: EntityManager, organisationId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows.length > 0;
  }

  async user(em: EntityManager, organisationId: string, id: string): Promise<{ active: boolean } | undefined> {
    const rows: Array<{ active: boolean }> = await em.query(`SELECT active FROM app_user WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows[0];
  }

  /** Today in Europe/Berlin, as the database sees it. */
  async today(em: EntityManager): Promise<string> {
    const [{ today }]: Array<{ today: string }> = await em.query(`SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS today`);
    return today;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationStatus } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { applicationCountQuery, ApplicationListFilter, applicationListQuery, ApplicationListRow } from './application-list.query';

export interface ApplicationValues {
  programmeId: string;
  leadDepartmentId: string;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
}

export interface ApplicationRecord extends ApplicationValues {
  id: string;
  programmeName: string;
  leadDepartmentName: string;
  status: ApplicationStatus;
  currentRevision: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ApplicationChanges = Partial<Omit<ApplicationValues, 'programmeId' | 'leadDepartmentId'>> & { currentRevision?: number };

const CHANGE_COLUMNS: Record<keyof ApplicationChanges, string> = {
  title: 'title',
  description: 'description',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  currentRevision: 'current_revision',
};

/** SQL access to funding applications; every statement is bound to one organisation. */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, organisationId: string, v: ApplicationValues): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO funding_application (organisation_id, programme_id, lead_department_id, title, description, period_start, period_end)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [organisationId, v.programmeId, v.leadDepartmentId, v.title, v.description, v.periodStart, v.periodEnd],
    );
    return rows[0]!.id;
  }

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ApplicationRecord | undefined> {
    const rows: ApplicationRecord[] = await em.query(
      `SELECT a.id, a.programme_id AS "programmeId", p.name AS "programmeName", a.lead_department_id AS "leadDepartmentId",
              d.name AS "leadDepartmentName", a.title, a.description, to_char(a.period_start, 'YYYY-MM-DD') AS "periodStart",
              to_char(a.period_end, 'YYYY-MM-DD') AS "periodEnd", a.status, a.current_revision AS "currentRevision", a.version,
              a.created_at AS "createdAt", a.updated_at AS "updatedAt"
         FROM funding_application a
         JOIN funding_programme p ON p.organisation_id = a.organisation_id AND p.id = a.programme_id
         JOIN department d ON d.organisation_id = a.organisation_id AND d.id = a.lead_department_id
        WHERE a.organisation_id = $1 AND a.id = $2`,
      [organisationId, id],
    );
    return rows[0];
  }

  /**
   * Locks the application row for the rest of the transaction (a concurrent change waits, then
   * sees the new version) and reads it. Undefined when there is no such application.
   */
  async lockAndFind(em: EntityManager, organisationId: string, id: string): Promise<ApplicationRecord | undefined> {
    const locked: unknown[] = await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, id]);
    return locked.length ? this.find(organisationId, id, em) : undefined;
  }

  /** Applies changes and moves the version on (with updated_at): raw SQL bumps it itself. */
  async update(em: EntityManager, organisationId: string, id: string, changes: ApplicationChanges): Promise<void> {
    const values: unknown[] = [organisationId, id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [key, column] of Object.entries(CHANGE_COLUMNS) as Array<[keyof ApplicationChanges, string]>) {
      if (changes[key] !== undefined) sets.push(`${column} = $${values.push(changes[key])}`);
    }
    await em.query(`UPDATE funding_application SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2`, values);
  }

  async list(organisationId: string, filter: ApplicationListFilter, page: ResolvedPage): Promise<{ rows: ApplicationListRow[]; total: number }> {
    const query = applicationListQuery(organisationId, filter, page);
    const rows: ApplicationListRow[] = await this.dataSource.query(query.text, query.values);
    if (rows.length) return { rows, total: Number(rows[0]!.total) };
    if (page.offset === 0) return { rows, total: 0 };
    const count = applicationCountQuery(organisationId, filter);
    const [{ total }] = await this.dataSource.query(count.text, count.values);
    return { rows, total: Number(total) };
  }
}

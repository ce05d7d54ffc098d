import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toCents } from '../common/persistence';
import type { DraftPlan, DraftPosition } from './council-paper-rules';

export interface DraftSource {
  applicationId: string;
  programmeName: string;
  leadDepartmentId: string;
  description: string;
  plan: DraftPlan;
  positions: DraftPosition[];
}

/**
 * Read access to what a council paper refers to or is drafted from: the organisation, its
 * departments, committees and applications (with their positions, budget products and plans).
 * Every statement is bound to one organisation.
 */
@Injectable()
export class CouncilPaperSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async organisationName(organisationId: string, em: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: Array<{ name: string }> = await em.query(`SELECT name FROM organisation WHERE id = $1`, [organisationId]);
    if (!rows[0]) throw new Error(`organisation ${organisationId} does not exist`);
    return rows[0].name;
  }

  /** The ids among `ids` that name a department of the organisation. */
  async existingDepartments(organisationId: string, ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    return this.existing(em, 'department', organisationId, ids);
  }

  /** The ids among `ids` that name a committee of the organisation. */
  async existingCommittees(organisationId: string, ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    return this.existing(em, 'committee', organisationId, ids);
  }

  async applicationExists(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await this.existing(em, 'funding_application', organisationId, [id])).has(id);
  }

  /** An application with its programme, the totals of the revision in force, and its positions with their budget products. */
  async draftSource(organisationId: string, applicationId: string, em: EntityManager = this.dataSource.manager): Promise<DraftSource | undefined> {
    const rows: Array<{
      applicationId: string;
      programmeName: string;
      leadDepartmentId: string;
      description: string;
      revisionNo: number;
      costCents: string;
      funderCents: string;
      ownCents: string;
      thirdPartyCents: string;
    }> = await em.query(
      `SELECT a.id AS "applicationId", fp.name AS "programmeName", a.lead_department_id AS "leadDepartmentId", a.description,
              a.current_revision AS "revisionNo",
              (SELECT COALESCE(sum(c.amount_cents), 0) FROM cost_plan_line c WHERE c.organisation_id = $1 AND c.revision_id = r.id) AS "costCents",
              (SELECT COALESCE(sum(f.amount_cents), 0) FROM financing_plan_line f WHERE f.organisation_id = $1 AND f.revision_id = r.id AND f.source = 'funder') AS "funderCents",
              (SELECT COALESCE(sum(f.amount_cents), 0) FROM financing_plan_line f WHERE f.organisation_id = $1 AND f.revision_id = r.id AND f.source = 'own') AS "ownCents",
              (SELECT COALESCE(sum(f.amount_cents), 0) FROM financing_plan_line f WHERE f.organisation_id = $1 AND f.revision_id = r.id AND f.source = 'third_party') AS "thirdPartyCents"
         FROM funding_application a
         JOIN funding_programme fp ON fp.organisation_id = a.organisation_id AND fp.id = a.programme_id
         JOIN application_revision r ON r.organisation_id = a.organisation_id AND r.application_id = a.id AND r.revision_no = a.current_revision
        WHERE a.organisation_id = $1 AND a.id = $2`,
      [organisationId, applicationId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const positions: DraftPosition[] = await em.query(
      `SELECT sp.title, sp.pay_group AS "payGroup", sp.weekly_hours::text AS "weeklyHours", sp.full_time_hours::text AS "fullTimeHours",
              to_char(sp.start_on, 'YYYY-MM-DD') AS "startOn", to_char(sp.end_on, 'YYYY-MM-DD') AS "endOn",
              bp.number AS "productNumber", bp.name AS "productName"
         FROM staff_position sp
         LEFT JOIN budget_product bp ON bp.organisation_id = sp.organisation_id AND bp.id = sp.budget_product_id
        WHERE sp.organisation_id = $1 AND sp.application_id = $2
        ORDER BY sp.start_on, sp.title, sp.id`,
      [organisationId, applicationId],
    );
    return {
      applicationId: row.applicationId,
      programmeName: row.programmeName,
      leadDepartmentId: row.leadDepartmentId,
      description: row.description,
      plan: {
        revisionNo: row.revisionNo,
        costCents: toCents(row.costCents),
        funderCents: toCents(row.funderCents),
        ownCents: toCents(row.ownCents),
        thirdPartyCents: toCents(row.thirdPartyCents),
      },
      positions,
    };
  }

  private async existing(em: EntityManager, table: 'department' | 'committee' | 'funding_application', organisationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await em.query(`SELECT id FROM ${table} WHERE organisation_id = $1 AND id = ANY($2::uuid[])`, [organisationId, [...ids]]);
    return new Set(rows.map((r) => r.id));
  }
}

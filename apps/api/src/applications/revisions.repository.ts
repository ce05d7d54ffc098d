import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CostCategory, FinancingSource } from '@app/database';
import { toCents } from '../common/persistence';
import type { CostLine, FinancingLine } from './application-rules';

export interface RevisionRecord {
  id: string;
  revisionNo: number;
  reason: string;
  createdBy: string;
  createdAt: Date;
  costPlan: Array<CostLine & { lineNo: number }>;
  financingPlan: Array<FinancingLine & { lineNo: number }>;
}

interface RevisionRow {
  id: string;
  revisionNo: number;
  reason: string;
  createdBy: string;
  createdAt: Date;
}

interface CostRow {
  revisionId: string;
  lineNo: number;
  category: CostCategory;
  label: string;
  fiscalYear: number | null;
  amountCents: string;
}

interface FinancingRow {
  revisionId: string;
  lineNo: number;
  source: FinancingSource;
  label: string;
  amountCents: string;
}

const REVISION_COLUMNS = `r.id, r.revision_no AS "revisionNo", r.reason, r.created_by AS "createdBy", r.created_at AS "createdAt"`;

/**
 * SQL access to the revisions of applications and their cost and financing plan lines; every
 * statement is bound to one organisation. Lines are numbered 1, 2, … in the order given.
 */
@Injectable()
export class RevisionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, organisationId: string, applicationId: string, revisionNo: number, reason: string, createdBy: string): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO application_revision (organisation_id, application_id, revision_no, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, applicationId, revisionNo, reason, createdBy],
    );
    return rows[0]!.id;
  }

  async insertCostLines(em: EntityManager, organisationId: string, revisionId: string, lines: readonly CostLine[]): Promise<void> {
    await em.query(
      `INSERT INTO cost_plan_line (organisation_id, revision_id, line_no, category, label, fiscal_year, amount_cents)
       SELECT $1, $2, t.line_no, t.category, t.label, t.fiscal_year, t.amount_cents
         FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::bigint[]) AS t(line_no, category, label, fiscal_year, amount_cents)`,
      [organisationId, revisionId, lines.map((_, i) => i + 1), lines.map((l) => l.category), lines.map((l) => l.label), lines.map((l) => l.fiscalYear), lines.map((l) => String(l.amountCents))],
    );
  }

  async insertFinancingLines(em: EntityManager, organisationId: string, revisionId: string, lines: readonly FinancingLine[]): Promise<void> {
    await em.query(
      `INSERT INTO financing_plan_line (organisation_id, revision_id, line_no, source, label, amount_cents)
       SELECT $1, $2, t.line_no, t.source, t.label, t.amount_cents
         FROM unnest($3::int[], $4::text[], $5::text[], $6::bigint[]) AS t(line_no, source, label, amount_cents)`,
      [organisationId, revisionId, lines.map((_, i) => i + 1), lines.map((l) => l.source), lines.map((l) => l.label), lines.map((l) => String(l.amountCents))],
    );
  }

  /** Replaces the cost plan of a revision (only a draft's revision is ever changed in place). */
  async replaceCostLines(em: EntityManager, organisationId: string, revisionId: string, lines: readonly CostLine[]): Promise<void> {
    await em.query(`DELETE FROM cost_plan_line WHERE organisation_id = $1 AND revision_id = $2`, [organisationId, revisionId]);
    await this.insertCostLines(em, organisationId, revisionId, lines);
  }

  async replaceFinancingLines(em: EntityManager, organisationId: string, revisionId: string, lines: readonly FinancingLine[]): Promise<void> {
    await em.query(`DELETE FROM financing_plan_line WHERE organisation_id = $1 AND revision_id = $2`, [organisationId, revisionId]);
    await this.insertFinancingLines(em, organisationId, revisionId, lines);
  }

  /** One revision of an application with its lines. */
  async find(organisationId: string, applicationId: string, revisionNo: number, em: EntityManager = this.dataSource.manager): Promise<RevisionRecord | undefined> {
    const rows: RevisionRow[] = await em.query(
      `SELECT ${REVISION_COLUMNS} FROM application_revision r WHERE r.organisation_id = $1 AND r.application_id = $2 AND r.revision_no = $3`,
      [organisationId, applicationId, revisionNo],
    );
    if (!rows[0]) return undefined;
    return (await this.withLines(em, organisationId, rows))[0];
  }

  /** All revisions of an application, oldest first, with their lines. */
  async list(organisationId: string, applicationId: string, em: EntityManager = this.dataSource.manager): Promise<RevisionRecord[]> {
    const rows: RevisionRow[] = await em.query(
      `SELECT ${REVISION_COLUMNS} FROM application_revision r WHERE r.organisation_id = $1 AND r.application_id = $2 ORDER BY r.revision_no`,
      [organisationId, applicationId],
    );
    return this.withLines(em, organisationId, rows);
  }

  private async withLines(em: EntityManager, organisationId: string, revisions: RevisionRow[]): Promise<RevisionRecord[]> {
    const ids = revisions.map((r) => r.id);
    const [cost, financing]: [CostRow[], FinancingRow[]] = await Promise.all([
      em.query(
        `SELECT revision_id AS "revisionId", line_no AS "lineNo", category, label, fiscal_year AS "fiscalYear", amount_cents AS "amountCents"
           FROM cost_plan_line WHERE organisation_id = $1 AND revision_id = ANY($2::uuid[]) ORDER BY revision_id, line_no`,
        [organisationId, ids],
      ),
      em.query(
        `SELECT revision_id AS "revisionId", line_no AS "lineNo", source, label, amount_cents AS "amountCents"
           FROM financing_plan_line WHERE organisation_id = $1 AND revision_id = ANY($2::uuid[]) ORDER BY revision_id, line_no`,
        [organisationId, ids],
      ),
    ]);
    return revisions.map((r) => ({
      ...r,
      costPlan: cost
        .filter((l) => l.revisionId === r.id)
        .map((l) => ({ lineNo: l.lineNo, category: l.category, label: l.label, fiscalYear: l.fiscalYear, amountCents: toCents(l.amountCents) })),
      financingPlan: financing
        .filter((l) => l.revisionId === r.id)
        .map((l) => ({ lineNo: l.lineNo, source: l.source, label: l.label, amountCents: toCents(l.amountCents) })),
    }));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AccountKind, PositionChangeKind, PositionStatus } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { orderByClause, toCents } from '../common/persistence';

export interface PositionValues {
  title: string;
  status: PositionStatus;
  payScale: string;
  payGroup: string;
  caseGroup: string | null;
  weeklyHours: string;
  fullTimeHours: string;
  startOn: string;
  endOn: string | null;
  fundedShareBp: number | null;
  applicationId: string | null;
  budgetProductId: string | null;
  payAccountId: string | null;
  reimbursementAccountId: string | null;
}

export interface PositionRecord extends PositionValues {
  id: string;
  /** the last day after early ends and extensions (the latest such change wins); null: permanent */
  effectiveEndOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface StageRecord {
  validFrom: string;
  stage: number;
}

export interface AllowanceRecord {
  id: string;
  kind: string;
  name: string | null;
  amountCents: number | null;
  validFrom: string | null;
  validTo: string | null;
  proRataPartTime: boolean | null;
  proRataPartialMonth: boolean | null;
  inBonusBase: boolean | null;
  inOnCostBase: boolean | null;
}

export interface HolderRecord {
  id: string;
  holderName: string;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
}

export interface ChangeRecord {
  id: string;
  sequenceNo: number;
  kind: PositionChangeKind;
  effectiveOn: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface PositionFilter {
  status?: readonly string[];
  applicationId?: string;
  budgetProductId?: string;
  payGroup?: string;
  activeOn?: string;
}

/** The last day after changes: the latest early end or extension, else the planned end. */
const EFFECTIVE_END = `COALESCE((SELECT c.effective_on FROM position_change c
   WHERE c.organisation_id = p.organisation_id AND c.position_id = p.id AND c.kind IN ('early_end', 'extension')
   ORDER BY c.sequence_no DESC LIMIT 1), p.end_on)`;

/** numeric(5,2) as the engine takes it: "19.50" → "19.5", "39.00" → "39". */
const hours = (column: string) => `rtrim(rtrim(${column}::text, '0'), '.')`;

const COLUMNS = `p.id, p.title, p.status, p.pay_scale AS "payScale", p.pay_group AS "payGroup", p.case_group AS "caseGroup",
  ${hours('p.weekly_hours')} AS "weeklyHours", ${hours('p.full_time_hours')} AS "fullTimeHours",
  to_char(p.start_on, 'YYYY-MM-DD') AS "startOn", to_char(p.end_on, 'YYYY-MM-DD') AS "endOn",
  to_char(${EFFECTIVE_END}, 'YYYY-MM-DD') AS "effectiveEndOn",
  p.funded_share_bp AS "fundedShareBp", p.application_id AS "applicationId", p.budget_product_id AS "budgetProductId",
  p.pay_account_id AS "payAccountId", p.reimbursement_account_id AS "reimbursementAccountId",
  p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

const VALUE_COLUMNS: Record<keyof PositionValues, string> = {
  title: 'title',
  status: 'status',
  payScale: 'pay_scale',
  payGroup: 'pay_group',
  caseGroup: 'case_group',
  weeklyHours: 'weekly_hours',
  fullTimeHours: 'full_time_hours',
  startOn: 'start_on',
  endOn: 'end_on',
  fundedShareBp: 'funded_share_bp',
  applicationId: 'application_id',
  budgetProductId: 'budget_product_id',
  payAccountId: 'pay_account_id',
  reimbursementAccountId: 'reimbursement_account_id',
};

export const POSITION_SORTABLE = { title: 'p.title COLLATE "de-DE-x-icu"', startOn: 'p.start_on' };

/**
 * SQL access to staff positions and what hangs off them (stages, allowances, holders, changes);
 * every statement is bound to one organisation. Also the lookups the rules need: the referenced
 * application, product and accounts (of the same organisation) and the global pay tables.
 */
@Injectable()
export class PositionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<PositionRecord | undefined> {
    const rows: PositionRecord[] = await em.query(`SELECT ${COLUMNS} FROM staff_position p WHERE p.organisation_id = $1 AND p.id = $2`, [organisationId, id]);
    return rows[0];
  }

  /** Locks the position for the rest of the transaction (a concurrent change waits, then sees the new version) and reads it. */
  async lockAndFind(em: EntityManager, organisationId: string, id: string): Promise<PositionRecord | undefined> {
    const locked: unknown[] = await em.query(`SELECT 1 FROM staff_position WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, id]);
    return locked.length ? this.find(organisationId, id, em) : undefined;
  }

  async list(organisationId: string, filter: PositionFilter, page: ResolvedPage): Promise<{ items: PositionRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.organisation_id = $1'];
    if (filter.status?.length) where.push(`p.status = ANY(${param(filter.status)}::text[])`);
    if (filter.applicationId) where.push(`p.application_id = ${param(filter.applicationId)}`);
    if (filter.budgetProductId) where.push(`p.budget_product_id = ${param(filter.budgetProductId)}`);
    if (filter.payGroup) where.push(`p.pay_group = ${param(filter.payGroup)}`);
    if (filter.activeOn) {
      const day = param(filter.activeOn);
      where.push(`p.start_on <= ${day}::date AND (${EFFECTIVE_END} IS NULL OR ${EFFECTIVE_END} >= ${day}::date)`);
    }
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM staff_position p WHERE ${condition}`, params);
    const items: PositionRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM staff_position p WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }

  async insert(em: EntityManager, organisationId: string, v: PositionValues): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO staff_position (organisation_id, title, status, pay_scale, pay_group, case_group, weekly_hours, full_time_hours, start_on, end_on,
                                   funded_share_bp, application_id, budget_product_id, pay_account_id, reimbursement_account_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        organisationId,
        v.title,
        v.status,
        v.payScale,
        v.payGroup,
        v.caseGroup,
        v.weeklyHours,
        v.fullTimeHours,
        v.startOn,
        v.endOn,
        v.fundedShareBp,
        v.applicationId,
        v.budgetProductId,
        v.payAccountId,
        v.reimbursementAccountId,
      ],
    );
    return rows[0]!.id;
  }

  /** Applies the given values and moves the version on (with updated_at); with no values, only that. */
  async update(em: EntityManager, organisationId: string, id: string, changes: Partial<PositionValues> = {}): Promise<void> {
    const values: unknown[] = [organisationId, id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [key, column] of Object.entries(VALUE_COLUMNS) as Array<[keyof PositionValues, string]>) {
      if (key in changes) sets.push(`${column} = $${values.push(changes[key])}`);
    }
    await em.query(`UPDATE staff_position SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2`, values);
  }

  // -------------------------------------------------------------------------------------------- parts

  async stages(organisationId: string, positionId: string, em: EntityManager = this.dataSource.manager): Promise<StageRecord[]> {
    return em.query(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", stage FROM position_stage
        WHERE organisation_id = $1 AND position_id = $2 ORDER BY valid_from`,
      [organisationId, positionId],
    );
  }

  async insertStage(em: EntityManager, organisationId: string, positionId: string, s: StageRecord): Promise<void> {
    await em.query(`INSERT INTO position_stage (organisation_id, position_id, valid_from, stage) VALUES ($1, $2, $3, $4)`, [organisationId, positionId, s.validFrom, s.stage]);
  }

  /** Moves the first entry of the stage history (the one from the start) to a new start and Stufe. */
  async updateFirstStage(em: EntityManager, organisationId: string, positionId: string, firstValidFrom: string, s: StageRecord): Promise<void> {
    await em.query(
      `UPDATE position_stage SET valid_from = $4, stage = $5, version = version + 1, updated_at = now()
        WHERE organisation_id = $1 AND position_id = $2 AND valid_from = $3`,
      [organisationId, positionId, firstValidFrom, s.validFrom, s.stage],
    );
  }

  async allowances(organisationId: string, positionId: string, em: EntityManager = this.dataSource.manager): Promise<AllowanceRecord[]> {
    const rows: Array<AllowanceRecord & { amountCents: string | null }> = await em.query(
      `SELECT id, kind, name, amount_cents AS "amountCents", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
              pro_rata_part_time AS "proRataPartTime", pro_rata_partial_month AS "proRataPartialMonth",
              in_bonus_base AS "inBonusBase", in_on_cost_base AS "inOnCostBase"
         FROM position_allowance WHERE organisation_id = $1 AND position_id = $2 ORDER BY kind, valid_from NULLS FIRST, id`,
      [organisationId, positionId],
    );
    return rows.map((r) => ({ ...r, amountCents: r.amountCents === null ? null : toCents(r.amountCents) }));
  }

  async holders(organisationId: string, positionId: string, em: EntityManager = this.dataSource.manager): Promise<HolderRecord[]> {
    return em.query(
      `SELECT id, holder_name AS "holderName", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", created_at AS "createdAt"
         FROM position_holder WHERE organisation_id = $1 AND position_id = $2 ORDER BY valid_from, id`,
      [organisationId, positionId],
    );
  }

  async insertHolder(em: EntityManager, organisationId: string, positionId: string, h: { holderName: string; validFrom: string; validTo: string | null }): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO position_holder (organisation_id, position_id, holder_name, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, positionId, h.holderName, h.validFrom, h.validTo],
    );
    return rows[0]!.id;
  }

  async changes(organisationId: string, positionId: string, em: EntityManager = this.dataSource.manager): Promise<ChangeRecord[]> {
    return em.query(
      `SELECT id, sequence_no AS "sequenceNo", kind, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", payload, created_at AS "createdAt"
         FROM position_change WHERE organisation_id = $1 AND position_id = $2 ORDER BY sequence_no`,
      [organisationId, positionId],
    );
  }

  /** Appends a change as the next in order (the caller holds the position's lock). */
  async insertChange(em: EntityManager, organisationId: string, positionId: string, c: { kind: PositionChangeKind; effectiveOn: string; payload: Record<string, unknown> }): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO position_change (organisation_id, position_id, sequence_no, kind, effective_on, payload)
       SELECT $1, $2, COALESCE(max(sequence_no), 0) + 1, $3, $4, $5::jsonb FROM position_change WHERE organisation_id = $1 AND position_id = $2
       RETURNING id`,
      [organisationId, positionId, c.kind, c.effectiveOn, JSON.stringify(c.payload)],
    );
    return rows[0]!.id;
  }

  // -------------------------------------------------------------------------------------------- references

  async applicationExists(em: EntityManager, organisationId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows.length > 0;
  }

  async budgetProductExists(em: EntityManager, organisationId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM budget_product WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows.length > 0;
  }

  async account(em: EntityManager, organisationId: string, id: string): Promise<{ number: string; kind: AccountKind } | undefined> {
    const rows: Array<{ number: string; kind: AccountKind }> = await em.query(`SELECT number, kind FROM account WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows[0];
  }

  /** Whether the pay tables (reference data, the same for every organisation) hold the scale at all. */
  async payScaleExists(em: EntityManager, payScale: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM pay_table_row WHERE pay_scale = $1 LIMIT 1`, [payScale]);
    return rows.length > 0;
  }

  /** The Stufen the pay table holds for a group (in any validity period); empty when it has no such group. */
  async stagesOfGroup(em: EntityManager, payScale: string, payGroup: string): Promise<number[]> {
    const rows: Array<{ stage: number }> = await em.query(`SELECT DISTINCT stage FROM pay_table_row WHERE pay_scale = $1 AND pay_group = $2 ORDER BY stage`, [payScale, payGroup]);
    return rows.map((r) => r.stage);
  }
}

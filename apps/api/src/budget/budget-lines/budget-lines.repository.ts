import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AccountKind } from '@app/database';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause, toCents } from '../../common/persistence';

export interface BudgetLineRecord {
  id: string;
  productId: string;
  productNumber: string;
  productName: string;
  accountId: string;
  accountNumber: string;
  accountName: string;
  accountKind: AccountKind;
  fiscalYear: number;
  plannedCents: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface BudgetLineFilter {
  productId?: string;
  accountId?: string;
  fiscalYear?: number;
  kind?: AccountKind;
}

export interface BudgetLineFigures {
  budgetLineId: string;
  fiscalYear: number;
  accountKind: AccountKind;
  plannedCents: number;
  committedCents: number;
  actualCents: number;
  reimbursementsCents: number;
  varianceCents: number;
  entryCount: number;
}

interface Row {
  id: string;
  product_id: string;
  product_number: string;
  product_name: string;
  account_id: string;
  account_number: string;
  account_name: string;
  account_kind: AccountKind;
  fiscal_year: number;
  planned_cents: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const FROM = `budget_line b
  JOIN budget_product p ON p.organisation_id = b.organisation_id AND p.id = b.product_id
  JOIN account a ON a.organisation_id = b.organisation_id AND a.id = b.account_id`;

const COLUMNS = `b.id, b.product_id, p.number AS product_number, p.name AS product_name,
  b.account_id, a.number AS account_number, a.name AS account_name, a.kind AS account_kind,
  b.fiscal_year, b.planned_cents, b.version, b.created_at, b.updated_at`;

export const BUDGET_LINE_SORTABLE = {
  fiscalYear: 'b.fiscal_year',
  productNumber: 'p.number',
  accountNumber: 'a.number',
  plannedCents: 'b.planned_cents',
  createdAt: 'b.created_at',
};

/** Budget lines (Haushaltsansätze) of one organisation: every query names the organisation. */
@Injectable()
export class BudgetLinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<BudgetLineRecord | undefined> {
    const rows: Row[] = await em.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE b.organisation_id = $1 AND b.id = $2${forUpdate ? ' FOR UPDATE OF b' : ''}`, [
      organisationId,
      id,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(organisationId: string, filter: BudgetLineFilter, page: ResolvedPage): Promise<{ items: BudgetLineRecord[]; total: number }> {
    const where = ['b.organisation_id = $1'];
    const params: unknown[] = [organisationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.productId) add('b.product_id = ?', filter.productId);
    if (filter.accountId) add('b.account_id = ?', filter.accountId);
    if (filter.fiscalYear !== undefined) add('b.fiscal_year = ?', filter.fiscalYear);
    if (filter.kind) add('a.kind = ?', filter.kind);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${FROM} WHERE ${condition}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toRecord), total };
  }

  async hasLedgerEntries(em: EntityManager, organisationId: string, id: string): Promise<boolean> {
    const rows: Array<{ booked: boolean }> = await em.query(
      `SELECT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.organisation_id = $1 AND e.budget_line_id = $2) AS booked`,
      [organisationId, id],
    );
    return rows[0]?.booked === true;
  }

  async insert(em: EntityManager, organisationId: string, values: { productId: string; accountId: string; fiscalYear: number; plannedCents: number }): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO budget_line (organisation_id, product_id, account_id, fiscal_year, planned_cents) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, values.productId, values.accountId, values.fiscalYear, values.plannedCents],
    );
    return rows[0]!.id;
  }

  /** Writes the new values and bumps the version (the caller has checked the version it was based on). */
  async update(
    em: EntityManager,
    organisationId: string,
    id: string,
    values: { productId: string; accountId: string; fiscalYear: number; plannedCents: number },
  ): Promise<void> {
    await em.query(
      `UPDATE budget_line SET product_id = $3, account_id = $4, fiscal_year = $5, planned_cents = $6, version = version + 1, updated_at = now()
        WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id, values.productId, values.accountId, values.fiscalYear, values.plannedCents],
    );
  }

  /**
   * Plan, commitments, actuals and reimbursements of one line, summed in SQL over its ledger
   * entries (reversals included). Variance: plan − actual on an expense line, plan −
   * reimbursements on a revenue line.
   */
  async figures(organisationId: string, id: string): Promise<BudgetLineFigures | undefined> {
    const rows: Array<{
      id: string;
      fiscal_year: number;
      account_kind: AccountKind;
      planned_cents: string;
      committed_cents: string;
      actual_cents: string;
      reimbursements_cents: string;
      variance_cents: string;
      entry_count: number;
    }> = await this.dataSource.query(
      `SELECT t.*, t.planned_cents - CASE t.account_kind WHEN 'expense' THEN t.actual_cents ELSE t.reimbursements_cents END AS variance_cents
         FROM (
           SELECT b.id, b.fiscal_year, a.kind AS account_kind, b.planned_cents::numeric AS planned_cents,
                  COALESCE(sum(e.amount_cents) FILTER (WHERE e.kind = 'commitment'), 0) AS committed_cents,
                  COALESCE(sum(e.amount_cents) FILTER (WHERE e.kind = 'actual'), 0) AS actual_cents,
                  COALESCE(sum(e.amount_cents) FILTER (WHERE e.kind = 'reimbursement'), 0) AS reimbursements_cents,
                  count(e.id)::int AS entry_count
             FROM budget_line b
             JOIN account a ON a.organisation_id = b.organisation_id AND a.id = b.account_id
             LEFT JOIN ledger_entry e ON e.organisation_id = b.organisation_id AND e.budget_line_id = b.id
            WHERE b.organisation_id = $1 AND b.id = $2
            GROUP BY b.id, a.kind
         ) t`,
      [organisationId, id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      budgetLineId: row.id,
      fiscalYear: row.fiscal_year,
      accountKind: row.account_kind,
      plannedCents: toCents(row.planned_cents),
      committedCents: toCents(row.committed_cents),
      actualCents: toCents(row.actual_cents),
      reimbursementsCents: toCents(row.reimbursements_cents),
      varianceCents: toCents(row.variance_cents),
      entryCount: row.entry_count,
    };
  }
}

function toRecord(row: Row): BudgetLineRecord {
  return {
    id: row.id,
    productId: row.product_id,
    productNumber: row.product_number,
    productName: row.product_name,
    accountId: row.account_id,
    accountNumber: row.account_number,
    accountName: row.account_name,
    accountKind: row.account_kind,
    fiscalYear: row.fiscal_year,
    plannedCents: toCents(row.planned_cents),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

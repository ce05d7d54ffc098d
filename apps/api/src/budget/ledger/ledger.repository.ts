import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LedgerEntryKind } from '@app/database';
import { ResolvedPage } from '../../common/pagination';
import { orderByClause, toCents } from '../../common/persistence';

export interface LedgerEntryRecord {
  id: string;
  budgetLineId: string;
  bookedOn: string;
  kind: LedgerEntryKind;
  amountCents: number;
  text: string;
  reference: string | null;
  reversesId: string | null;
  reversedById: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface NewLedgerEntry {
  budgetLineId: string;
  /** null: today in Europe/Berlin, as the database sees it. */
  bookedOn: string | null;
  kind: LedgerEntryKind;
  amountCents: number;
  text: string;
  reference: string | null;
  reversesId: string | null;
  dedupKey: string;
  createdBy: string;
}

export interface LedgerEntryFilter {
  budgetLineId?: string;
  productId?: string;
  accountId?: string;
  fiscalYear?: number;
  kind?: LedgerEntryKind;
  bookedFrom?: string;
  bookedTo?: string;
  reference?: string;
}

interface Row {
  id: string;
  budget_line_id: string;
  booked_on: string;
  kind: LedgerEntryKind;
  amount_cents: string;
  text: string;
  reference: string | null;
  reverses_id: string | null;
  reversed_by_id: string | null;
  created_by: string;
  created_at: Date;
}

const FROM = `ledger_entry e
  JOIN budget_line b ON b.organisation_id = e.organisation_id AND b.id = e.budget_line_id
  LEFT JOIN ledger_entry r ON r.organisation_id = e.organisation_id AND r.reverses_id = e.id`;

const COLUMNS = `e.id, e.budget_line_id, e.booked_on::text AS booked_on, e.kind, e.amount_cents, e.text, e.reference,
  e.reverses_id, r.id AS reversed_by_id, e.created_by, e.created_at`;

export const LEDGER_SORTABLE = { bookedOn: 'e.booked_on', id: 'e.id', amountCents: 'e.amount_cents' };

/**
 * The append-only ledger of one organisation: every query names the organisation, and there is
 * no method that changes or removes an entry (the database would refuse it anyway).
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `forUpdate` locks the entry's row (not the table): concurrent reversals of it queue up. */
  async findById(organisationId: string, id: string, em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<LedgerEntryRecord | undefined> {
    const rows: Row[] = await em.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.organisation_id = $1 AND e.id = $2${forUpdate ? ' FOR UPDATE OF e' : ''}`, [
      organisationId,
      id,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async findByDedupKey(em: EntityManager, organisationId: string, dedupKey: string): Promise<LedgerEntryRecord | undefined> {
    const rows: Row[] = await em.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.organisation_id = $1 AND e.dedup_key = $2`, [organisationId, dedupKey]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(organisationId: string, filter: LedgerEntryFilter, page: ResolvedPage): Promise<{ items: LedgerEntryRecord[]; total: number }> {
    const where = ['e.organisation_id = $1'];
    const params: unknown[] = [organisationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.budgetLineId) add('e.budget_line_id = ?', filter.budgetLineId);
    if (filter.productId) add('b.product_id = ?', filter.productId);
    if (filter.accountId) add('b.account_id = ?', filter.accountId);
    if (filter.fiscalYear !== undefined) add('b.fiscal_year = ?', filter.fiscalYear);
    if (filter.kind) add('e.kind = ?', filter.kind);
    if (filter.bookedFrom) add('e.booked_on >= ?::date', filter.bookedFrom);
    if (filter.bookedTo) add('e.booked_on <= ?::date', filter.bookedTo);
    if (filter.reference !== undefined) add('e.reference = ?', filter.reference);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM ${FROM} WHERE ${condition}`, params);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: rows.map(toRecord), total };
  }

  /**
   * Appends an entry unless one with the same dedup key exists: returns the new id, or undefined
   * when the key was taken (also by a concurrent transaction that committed meanwhile).
   */
  async appendOnce(em: EntityManager, organisationId: string, entry: NewLedgerEntry): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reference, reverses_id, dedup_key, created_by)
       VALUES ($1, $2, COALESCE($3::date, (now() AT TIME ZONE 'Europe/Berlin')::date), $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING id`,
      [
        organisationId,
        entry.budgetLineId,
        entry.bookedOn,
        entry.kind,
        entry.amountCents,
        entry.text,
        entry.reference,
        entry.reversesId,
        entry.dedupKey,
        entry.createdBy,
      ],
    );
    return rows[0]?.id;
  }
}

function toRecord(row: Row): LedgerEntryRecord {
  return {
    id: row.id,
    budgetLineId: row.budget_line_id,
    bookedOn: row.booked_on,
    kind: row.kind,
    amountCents: toCents(row.amount_cents),
    text: row.text,
    reference: row.reference,
    reversesId: row.reverses_id,
    reversedById: row.reversed_by_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

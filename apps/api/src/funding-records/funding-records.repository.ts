import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CostCategory, DisbursementStatus, DisbursementWindowUnit, NoticeDecision } from '@app/database';
import type { ResolvedPage } from '../common/pagination';
import { orderByClause, toCents } from '../common/persistence';

/*
 * SQL access to the funding notice, disbursement requests, payments and receipts of applications.
 * Every statement names the organisation. Writes that depend on the application's other records
 * (sums against the approved amount, sequence numbers) first lock the application row
 * (lockApplication): they run one after the other per application.
 */

export interface ApplicationContext {
  id: string;
  currentRevision: number;
  windowUnit: DisbursementWindowUnit;
  windowLength: number;
}

export interface NoticeValues {
  decision: NoticeDecision;
  approvedCents: number;
  periodStart: string | null;
  periodEnd: string | null;
  conditions: string;
  issuedOn: string;
  fileNumber: string | null;
}

export interface NoticeRecord extends NoticeValues {
  id: string;
  applicationId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface DisbursementValues {
  requestedOn: string;
  payoutDate: string;
  amountCents: number;
  coversFrom: string;
  coversTo: string;
}

export interface DisbursementRecord extends DisbursementValues {
  id: string;
  applicationId: string;
  sequenceNo: number;
  status: DisbursementStatus;
  paidCents: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PaymentRecord {
  id: string;
  applicationId: string;
  disbursementRequestId: string | null;
  receivedOn: string;
  amountCents: number;
  createdAt: Date;
}

export interface ReceiptValues {
  receiptDate: string;
  payee: string;
  reason: string;
  amountCents: number;
  costCategory: CostCategory;
  costPlanLabel: string;
}

export interface ReceiptRecord extends ReceiptValues {
  id: string;
  applicationId: string;
  sequenceNo: number;
  createdAt: Date;
}

export interface ReceiptFilter {
  from?: string;
  to?: string;
  category?: CostCategory;
}

export const RECEIPT_SORTABLE = { receiptDate: 'r.receipt_date', sequenceNo: 'r.sequence_no' };

const NOTICE_COLUMNS = `n.id, n.application_id AS "applicationId", n.decision, n.approved_cents AS "approvedCents",
  to_char(n.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(n.period_end, 'YYYY-MM-DD') AS "periodEnd", n.conditions,
  to_char(n.issued_on, 'YYYY-MM-DD') AS "issuedOn", n.file_number AS "fileNumber", n.version, n.created_at AS "createdAt", n.updated_at AS "updatedAt"`;

const DISBURSEMENT_COLUMNS = `d.id, d.application_id AS "applicationId", d.sequence_no AS "sequenceNo", to_char(d.requested_on, 'YYYY-MM-DD') AS "requestedOn",
  to_char(d.payout_date, 'YYYY-MM-DD') AS "payoutDate", d.amount_cents AS "amountCents", to_char(d.covers_from, 'YYYY-MM-DD') AS "coversFrom",
  to_char(d.covers_to, 'YYYY-MM-DD') AS "coversTo", d.status, d.version, d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  (SELECT COALESCE(sum(p.amount_cents), 0) FROM payment_received p WHERE p.organisation_id = d.organisation_id AND p.disbursement_request_id = d.id) AS "paidCents"`;

const PAYMENT_COLUMNS = `p.id, p.application_id AS "applicationId", p.disbursement_request_id AS "disbursementRequestId",
  to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn", p.amount_cents AS "amountCents", p.created_at AS "createdAt"`;

const RECEIPT_COLUMNS = `r.id, r.application_id AS "applicationId", r.sequence_no AS "sequenceNo", to_char(r.receipt_date, 'YYYY-MM-DD') AS "receiptDate",
  r.payee, r.reason, r.amount_cents AS "amountCents", r.cost_category AS "costCategory", r.cost_plan_label AS "costPlanLabel", r.created_at AS "createdAt"`;

const DISBURSEMENT_CHANGE_COLUMNS: Record<keyof DisbursementValues | 'status', string> = {
  requestedOn: 'requested_on',
  payoutDate: 'payout_date',
  amountCents: 'amount_cents',
  coversFrom: 'covers_from',
  coversTo: 'covers_to',
  status: 'status',
};

function withCents<T extends { amountCents: unknown }>(row: T): T & { amountCents: number } {
  return { ...row, amountCents: toCents(row.amountCents) };
}

function disbursement(row: DisbursementRecord): DisbursementRecord {
  return { ...row, amountCents: toCents(row.amountCents), paidCents: toCents(row.paidCents) };
}

@Injectable()
export class FundingRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // -------------------------------------------------------------------------------------------- application

  /** The application with the programme's disbursement window; undefined when not of this organisation. */
  async application(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ApplicationContext | undefined> {
    const rows: ApplicationContext[] = await em.query(
      `SELECT a.id, a.current_revision AS "currentRevision", p.disbursement_window_unit AS "windowUnit", p.disbursement_window_length AS "windowLength"
         FROM funding_application a
         JOIN funding_programme p ON p.organisation_id = a.organisation_id AND p.id = a.programme_id
        WHERE a.organisation_id = $1 AND a.id = $2`,
      [organisationId, id],
    );
    return rows[0];
  }

  /** Locks the application row for the rest of the transaction and reads it. */
  async lockApplication(em: EntityManager, organisationId: string, id: string): Promise<ApplicationContext | undefined> {
    const locked: unknown[] = await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, id]);
    return locked.length ? this.application(organisationId, id, em) : undefined;
  }

  /** The period applied for (funding_application.period_start/end). */
  async period(em: EntityManager, organisationId: string, applicationId: string): Promise<{ periodStart: string; periodEnd: string }> {
    const rows: Array<{ periodStart: string; periodEnd: string }> = await em.query(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd" FROM funding_application WHERE organisation_id = $1 AND id = $2`,
      [organisationId, applicationId],
    );
    return rows[0]!;
  }

  /** The funder share (financing plan lines of source 'funder') of a revision. */
  async funderShareCents(em: EntityManager, organisationId: string, applicationId: string, revisionNo: number): Promise<number> {
    const [{ total }]: Array<{ total: string }> = await em.query(
      `SELECT COALESCE(sum(f.amount_cents), 0) AS total
         FROM financing_plan_line f
         JOIN application_revision r ON r.organisation_id = f.organisation_id AND r.id = f.revision_id
        WHERE f.organisation_id = $1 AND r.application_id = $2 AND r.revision_no = $3 AND f.source = 'funder'`,
      [organisationId, applicationId, revisionNo],
    );
    return toCents(total);
  }

  async costLineExists(em: EntityManager, organisationId: string, applicationId: string, revisionNo: number, category: string, label: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM cost_plan_line c
         JOIN application_revision r ON r.organisation_id = c.organisation_id AND r.id = c.revision_id
        WHERE c.organisation_id = $1 AND r.application_id = $2 AND r.revision_no = $3 AND c.category = $4 AND c.label = $5`,
      [organisationId, applicationId, revisionNo, category, label],
    );
    return rows.length > 0;
  }

  // -------------------------------------------------------------------------------------------- notice

  async notice(organisationId: string, applicationId: string, em: EntityManager = this.dataSource.manager): Promise<NoticeRecord | undefined> {
    const rows: NoticeRecord[] = await em.query(`SELECT ${NOTICE_COLUMNS} FROM funding_notice n WHERE n.organisation_id = $1 AND n.application_id = $2`, [
      organisationId,
      applicationId,
    ]);
    return rows[0] && { ...rows[0], approvedCents: toCents(rows[0].approvedCents) };
  }

  async insertNotice(em: EntityManager, organisationId: string, applicationId: string, v: NoticeValues): Promise<void> {
    await em.query(
      `INSERT INTO funding_notice (organisation_id, application_id, decision, approved_cents, period_start, period_end, conditions, issued_on, file_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [organisationId, applicationId, v.decision, v.approvedCents, v.periodStart, v.periodEnd, v.conditions, v.issuedOn, v.fileNumber],
    );
  }

  async replaceNotice(em: EntityManager, organisationId: string, applicationId: string, v: NoticeValues): Promise<void> {
    await em.query(
      `UPDATE funding_notice SET decision = $3, approved_cents = $4, period_start = $5, period_end = $6, conditions = $7, issued_on = $8, file_number = $9,
              version = version + 1, updated_at = now()
        WHERE organisation_id = $1 AND application_id = $2`,
      [organisationId, applicationId, v.decision, v.approvedCents, v.periodStart, v.periodEnd, v.conditions, v.issuedOn, v.fileNumber],
    );
  }

  // -------------------------------------------------------------------------------------------- disbursement requests

  async disbursement(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<DisbursementRecord | undefined> {
    const rows: DisbursementRecord[] = await em.query(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursement_request d WHERE d.organisation_id = $1 AND d.id = $2`, [organisationId, id]);
    return rows[0] && disbursement(rows[0]);
  }

  async lockDisbursement(em: EntityManager, organisationId: string, id: string): Promise<DisbursementRecord | undefined> {
    const locked: unknown[] = await em.query(`SELECT 1 FROM disbursement_request WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, id]);
    return locked.length ? this.disbursement(organisationId, id, em) : undefined;
  }

  async disbursements(organisationId: string, applicationId: string): Promise<DisbursementRecord[]> {
    const rows: DisbursementRecord[] = await this.dataSource.query(
      `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursement_request d WHERE d.organisation_id = $1 AND d.application_id = $2 ORDER BY d.sequence_no`,
      [organisationId, applicationId],
    );
    return rows.map(disbursement);
  }

  /** Sum of the application's requests that are not cancelled, optionally leaving one out. */
  async requestedCents(em: EntityManager, organisationId: string, applicationId: string, exceptId: string | null = null): Promise<number> {
    const [{ total }]: Array<{ total: string }> = await em.query(
      `SELECT COALESCE(sum(amount_cents), 0) AS total FROM disbursement_request
        WHERE organisation_id = $1 AND application_id = $2 AND status <> 'cancelled' AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [organisationId, applicationId, exceptId],
    );
    return toCents(total);
  }

  /** Inserts with the next sequence number of the application (the caller holds the application lock). */
  async insertDisbursement(em: EntityManager, organisationId: string, applicationId: string, v: DisbursementValues): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO disbursement_request (organisation_id, application_id, sequence_no, requested_on, payout_date, amount_cents, covers_from, covers_to)
       SELECT $1, $2, COALESCE(max(sequence_no), 0) + 1, $3, $4, $5, $6, $7 FROM disbursement_request WHERE organisation_id = $1 AND application_id = $2
       RETURNING id`,
      [organisationId, applicationId, v.requestedOn, v.payoutDate, v.amountCents, v.coversFrom, v.coversTo],
    );
    return rows[0]!.id;
  }

  async updateDisbursement(em: EntityManager, organisationId: string, id: string, changes: Partial<DisbursementValues & { status: DisbursementStatus }>): Promise<void> {
    const values: unknown[] = [organisationId, id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    for (const [key, column] of Object.entries(DISBURSEMENT_CHANGE_COLUMNS) as Array<[keyof typeof DISBURSEMENT_CHANGE_COLUMNS, string]>) {
      if (changes[key] !== undefined) sets.push(`${column} = $${values.push(changes[key])}`);
    }
    await em.query(`UPDATE disbursement_request SET ${sets.join(', ')} WHERE organisation_id = $1 AND id = $2`, values);
  }

  // -------------------------------------------------------------------------------------------- payments

  async payment(organisationId: string, id: string, em: EntityManager): Promise<PaymentRecord | undefined> {
    const rows: PaymentRecord[] = await em.query(`SELECT ${PAYMENT_COLUMNS} FROM payment_received p WHERE p.organisation_id = $1 AND p.id = $2`, [organisationId, id]);
    return rows[0] && withCents(rows[0]);
  }

  async payments(organisationId: string, applicationId: string): Promise<PaymentRecord[]> {
    const rows: PaymentRecord[] = await this.dataSource.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payment_received p WHERE p.organisation_id = $1 AND p.application_id = $2 ORDER BY p.received_on, p.created_at, p.id`,
      [organisationId, applicationId],
    );
    return rows.map(withCents);
  }

  async insertPayment(em: EntityManager, organisationId: string, applicationId: string, v: { receivedOn: string; amountCents: number; disbursementRequestId: string | null }): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO payment_received (organisation_id, application_id, disbursement_request_id, received_on, amount_cents) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, applicationId, v.disbursementRequestId, v.receivedOn, v.amountCents],
    );
    return rows[0]!.id;
  }

  // -------------------------------------------------------------------------------------------- receipts

  async receipt(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ReceiptRecord | undefined> {
    const rows: ReceiptRecord[] = await em.query(`SELECT ${RECEIPT_COLUMNS} FROM receipt r WHERE r.organisation_id = $1 AND r.id = $2`, [organisationId, id]);
    return rows[0] && withCents(rows[0]);
  }

  async receipts(organisationId: string, applicationId: string, filter: ReceiptFilter, page: ResolvedPage): Promise<{ items: ReceiptRecord[]; total: number }> {
    const params: unknown[] = [organisationId, applicationId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['r.organisation_id = $1', 'r.application_id = $2'];
    if (filter.from) where.push(`r.receipt_date >= ${param(filter.from)}::date`);
    if (filter.to) where.push(`r.receipt_date <= ${param(filter.to)}::date`);
    if (filter.category) where.push(`r.cost_category = ${param(filter.category)}`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM receipt r WHERE ${condition}`, params);
    const items: ReceiptRecord[] = await this.dataSource.query(
      `SELECT ${RECEIPT_COLUMNS} FROM receipt r WHERE ${condition} ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: items.map(withCents), total };
  }

  /** Inserts with the next Lfd. Nr. of the application (the caller holds the application lock). */
  async insertReceipt(em: EntityManager, organisationId: string, applicationId: string, v: ReceiptValues): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       SELECT $1, $2, COALESCE(max(sequence_no), 0) + 1, $3, $4, $5, $6, $7, $8 FROM receipt WHERE organisation_id = $1 AND application_id = $2
       RETURNING id`,
      [organisationId, applicationId, v.receiptDate, v.payee, v.reason, v.amountCents, v.costCategory, v.costPlanLabel],
    );
    return rows[0]!.id;
  }
}

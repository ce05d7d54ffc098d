import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/common';

/*
 * Read access to what the documents are assembled from. Every statement is bound to one
 * organisation; ids that are not uuids name no row (not found, like another tenant's id).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** bigint cents as node-postgres returns them (string) or a numeric sum; refused beyond safe integers. */
export function cents(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === null || value === undefined || !Number.isSafeInteger(n)) throw new Error(`amount ${String(value)} is not a safe integer number of cents`);
  return n;
}

export interface OrganisationRow {
  id: string;
  name: string;
  landCode: string;
}

export interface ProgrammeRow {
  id: string;
  name: string;
  funderName: string;
  legalBasis: 'land_grant' | 'private_contract';
  anbestVariant: 'P' | 'G' | 'K' | null;
  financingType: 'share' | 'deficit' | 'fixed' | 'full';
  rateBp: number | null;
  capCents: number | null;
  interimReportWaiver: 'none' | 'last_when_period_ends_before_due' | 'all';
  disbursementWindowUnit: 'months' | 'weeks';
  disbursementWindowLength: number;
}

export interface NoticeRow {
  decision: 'approved' | 'partly_approved' | 'rejected';
  approvedCents: number;
  periodStart: string | null;
  periodEnd: string | null;
  financingType: ProgrammeRow['financingType'] | null;
  rateBp: number | null;
  issuedOn: string;
  fileNumber: string | null;
}

export interface CostLineRow {
  lineNo: number;
  category: 'personnel' | 'material' | 'other';
  label: string;
  fiscalYear: number | null;
  amountCents: number;
}

export interface FinancingLineRow {
  lineNo: number;
  source: 'own' | 'funder' | 'third_party';
  label: string;
  amountCents: number;
}

export interface MilestoneRow {
  title: string;
  dueOn: string;
  status: 'open' | 'done' | 'overdue' | 'cancelled';
  evidence: string | null;
  doneOn: string | null;
}

export interface ReceiptRow {
  sequenceNo: number;
  receiptDate: string;
  payee: string;
  reason: string;
  amountCents: number;
  costCategory: CostLineRow['category'];
  costPlanLabel: string;
}

export interface ApplicationContext {
  organisation: OrganisationRow;
  application: {
    id: string;
    title: string;
    description: string;
    periodStart: string;
    periodEnd: string;
    status: string;
    currentRevision: number;
    departmentName: string;
  };
  programme: ProgrammeRow;
  costLines: CostLineRow[];
  financingLines: FinancingLineRow[];
  notice: NoticeRow | null;
  /** "Produkt 3636 – übrige Hilfen" of the application's positions, distinct. */
  budgetProducts: string[];
}

export async function loadOrganisation(em: EntityManager, organisationId: string): Promise<OrganisationRow> {
  const rows: OrganisationRow[] = await em.query(`SELECT id, name, land_code AS "landCode" FROM organisation WHERE id = $1`, [organisationId]);
  if (!rows[0]) throw new Error(`organisation ${organisationId} does not exist`);
  return rows[0];
}

const PROGRAMME_COLUMNS = `p.id, p.name, f.name AS "funderName", p.legal_basis AS "legalBasis", p.anbest_variant AS "anbestVariant",
  p.financing_type AS "financingType", p.rate_bp AS "rateBp", p.cap_cents AS "capCents", p.interim_report_waiver AS "interimReportWaiver",
  p.disbursement_window_unit AS "disbursementWindowUnit", p.disbursement_window_length AS "disbursementWindowLength"`;

function programmeRow(row: ProgrammeRow): ProgrammeRow {
  return { ...row, capCents: row.capCents === null ? null : cents(row.capCents) };
}

export async function loadProgramme(em: EntityManager, organisationId: string, programmeId: string): Promise<ProgrammeRow> {
  if (!isUuid(programmeId)) throw DomainError.notFound('programme', programmeId);
  const rows: ProgrammeRow[] = await em.query(
    `SELECT ${PROGRAMME_COLUMNS} FROM funding_programme p JOIN funder f ON f.organisation_id = p.organisation_id AND f.id = p.funder_id
      WHERE p.organisation_id = $1 AND p.id = $2`,
    [organisationId, programmeId],
  );
  if (!rows[0]) throw DomainError.notFound('programme', programmeId);
  return programmeRow(rows[0]);
}

/** An application with everything its documents name: organisation, lead department, programme, plans in force, notice. */
export async function loadApplicationContext(em: EntityManager, organisationId: string, applicationId: string): Promise<ApplicationContext> {
  if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
  const rows: Array<ApplicationContext['application'] & { programmeId: string; revisionId: string | null }> = await em.query(
    `SELECT a.id, a.title, a.description, to_char(a.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(a.period_end, 'YYYY-MM-DD') AS "periodEnd",
            a.status, a.current_revision AS "currentRevision", d.name AS "departmentName", a.programme_id AS "programmeId", r.id AS "revisionId"
       FROM funding_application a
       JOIN department d ON d.organisation_id = a.organisation_id AND d.id = a.lead_department_id
       LEFT JOIN application_revision r ON r.organisation_id = a.organisation_id AND r.application_id = a.id AND r.revision_no = a.current_revision
      WHERE a.organisation_id = $1 AND a.id = $2`,
    [organisationId, applicationId],
  );
  const row = rows[0];
  if (!row) throw DomainError.notFound('application', applicationId);
  const { programmeId, revisionId, ...application } = row;
  // One after another: in a transaction the queries share one connection.
  const organisation = await loadOrganisation(em, organisationId);
  const programme = await loadProgramme(em, organisationId, programmeId);
  const costLines: CostLineRow[] = revisionId
    ? (
        await em.query(
          `SELECT line_no AS "lineNo", category, label, fiscal_year AS "fiscalYear", amount_cents AS "amountCents"
             FROM cost_plan_line WHERE organisation_id = $1 AND revision_id = $2 ORDER BY line_no`,
          [organisationId, revisionId],
        )
      ).map((l: CostLineRow) => ({ ...l, amountCents: cents(l.amountCents) }))
    : [];
  const financingLines: FinancingLineRow[] = revisionId
    ? (
        await em.query(
          `SELECT line_no AS "lineNo", source, label, amount_cents AS "amountCents"
             FROM financing_plan_line WHERE organisation_id = $1 AND revision_id = $2 ORDER BY line_no`,
          [organisationId, revisionId],
        )
      ).map((l: FinancingLineRow) => ({ ...l, amountCents: cents(l.amountCents) }))
    : [];
  const notices: NoticeRow[] = await em.query(
    `SELECT decision, approved_cents AS "approvedCents", to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd",
            financing_type AS "financingType", rate_bp AS "rateBp", to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", file_number AS "fileNumber"
       FROM funding_notice WHERE organisation_id = $1 AND application_id = $2`,
    [organisationId, applicationId],
  );
  const products: Array<{ product: string }> = await em.query(
    `SELECT DISTINCT 'Produkt ' || bp.number || ' – ' || bp.name AS product
       FROM staff_position sp JOIN budget_product bp ON bp.organisation_id = sp.organisation_id AND bp.id = sp.budget_product_id
      WHERE sp.organisation_id = $1 AND sp.application_id = $2 ORDER BY 1`,
    [organisationId, applicationId],
  );
  const notice = notices[0] ? { ...notices[0], approvedCents: cents(notices[0].approvedCents) } : null;
  return { organisation, application, programme, costLines, financingLines, notice, budgetProducts: products.map((p) => p.product) };
}

export async function loadMilestones(em: EntityManager, organisationId: string, applicationId: string): Promise<MilestoneRow[]> {
  return em.query(
    `SELECT title, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", status, evidence, to_char(done_on, 'YYYY-MM-DD') AS "doneOn"
       FROM programme_milestone WHERE organisation_id = $1 AND application_id = $2 AND status <> 'cancelled' ORDER BY due_on, title`,
    [organisationId, applicationId],
  );
}

/** The Belegliste, by date then number; `until` (inclusive) limits it to what was paid by then. */
export async function loadReceipts(em: EntityManager, organisationId: string, applicationId: string, until?: string): Promise<ReceiptRow[]> {
  const rows: ReceiptRow[] = await em.query(
    `SELECT sequence_no AS "sequenceNo", to_char(receipt_date, 'YYYY-MM-DD') AS "receiptDate", payee, reason, amount_cents AS "amountCents",
            cost_category AS "costCategory", cost_plan_label AS "costPlanLabel"
       FROM receipt WHERE organisation_id = $1 AND application_id = $2 AND ($3::date IS NULL OR receipt_date <= $3::date)
      ORDER BY receipt_date, sequence_no`,
    [organisationId, applicationId, until ?? null],
  );
  return rows.map((r) => ({ ...r, amountCents: cents(r.amountCents) }));
}

/** Payments received from the funder, by date. */
export async function loadPayments(em: EntityManager, organisationId: string, applicationId: string): Promise<Array<{ receivedOn: string; amountCents: number; disbursementRequestId: string | null }>> {
  const rows: Array<{ receivedOn: string; amountCents: number; disbursementRequestId: string | null }> = await em.query(
    `SELECT to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", amount_cents AS "amountCents", disbursement_request_id AS "disbursementRequestId"
       FROM payment_received WHERE organisation_id = $1 AND application_id = $2 ORDER BY received_on, id`,
    [organisationId, applicationId],
  );
  return rows.map((r) => ({ ...r, amountCents: cents(r.amountCents) }));
}

export interface DisbursementRow {
  id: string;
  applicationId: string;
  sequenceNo: number;
  requestedOn: string;
  payoutDate: string;
  amountCents: number;
  coversFrom: string;
  coversTo: string;
  status: 'draft' | 'sent' | 'paid' | 'cancelled';
  version: number;
}

const DISBURSEMENT_COLUMNS = `id, application_id AS "applicationId", sequence_no AS "sequenceNo", to_char(requested_on, 'YYYY-MM-DD') AS "requestedOn",
  to_char(payout_date, 'YYYY-MM-DD') AS "payoutDate", amount_cents AS "amountCents", to_char(covers_from, 'YYYY-MM-DD') AS "coversFrom",
  to_char(covers_to, 'YYYY-MM-DD') AS "coversTo", status, version`;

export async function loadDisbursementRequest(em: EntityManager, organisationId: string, id: string): Promise<DisbursementRow> {
  if (!isUuid(id)) throw DomainError.notFound('disbursement request', id);
  const rows: DisbursementRow[] = await em.query(`SELECT ${DISBURSEMENT_COLUMNS} FROM disbursement_request WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
  if (!rows[0]) throw DomainError.notFound('disbursement request', id);
  return { ...rows[0], amountCents: cents(rows[0].amountCents) };
}

export async function loadDisbursementRequests(em: EntityManager, organisationId: string, applicationId: string): Promise<DisbursementRow[]> {
  const rows: DisbursementRow[] = await em.query(
    `SELECT ${DISBURSEMENT_COLUMNS} FROM disbursement_request WHERE organisation_id = $1 AND application_id = $2 ORDER BY sequence_no`,
    [organisationId, applicationId],
  );
  return rows.map((r) => ({ ...r, amountCents: cents(r.amountCents) }));
}

/** The signing user's name, when the actor is a user. */
export async function userName(em: EntityManager, organisationId: string, userId: string | undefined): Promise<string | undefined> {
  if (!userId) return undefined;
  const rows: Array<{ name: string }> = await em.query(`SELECT display_name AS name FROM app_user WHERE organisation_id = $1 AND id = $2`, [organisationId, userId]);
  return rows[0]?.name;
}

export async function databaseToday(em: EntityManager): Promise<string> {
  const rows: Array<{ today: string }> = await em.query(`SELECT to_char(current_date, 'YYYY-MM-DD') AS today`);
  return rows[0]!.today;
}

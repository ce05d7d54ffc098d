import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@app/common';
import { writeFinanceWorkbook, type LedgerEntry, type StaffCostMonth, type StaffPosition } from '@app/workbooks';
import type { AssembledDocument, AssemblyContext } from './common';
import { notYet } from './common';
import { XLSX } from './requests';
import { cents, isUuid, loadOrganisation } from './sources';

/** Ledger rows read from PostgreSQL per round trip while the workbook streams. */
const LEDGER_BATCH = 2000;

interface Scope {
  organisationId: string;
  fiscalYear: number;
  productId: string | null;
}

/**
 * The finance workbook of an organisation for a fiscal year (optionally one budget product):
 * plan per product and account, the ledger streamed from PostgreSQL in batches into exceljs's
 * streaming writer (a temporary file, so memory stays bounded by a batch, not the ledger), and a
 * sheet per staff position with its booked months.
 */
export async function assembleFinanceWorkbook(em: EntityManager, a: AssemblyContext, fiscalYear: number, productId?: string): Promise<AssembledDocument> {
  const doc = 'Finanzübersicht';
  const org = a.actor.organisationId;
  const scope: Scope = { organisationId: org, fiscalYear, productId: productId ?? null };
  let productNumber: string | undefined;
  if (productId !== undefined) {
    const rows: Array<{ number: string }> = isUuid(productId) ? await em.query(`SELECT number FROM budget_product WHERE organisation_id = $1 AND id = $2`, [org, productId]) : [];
    if (!rows[0]) throw DomainError.invalid('productId', 'no budget product with this id in your organisation');
    productNumber = rows[0].number;
  }
  const organisation = await loadOrganisation(em, org);
  const products: Array<{ number: string; name: string }> = await em.query(
    `SELECT number, name FROM budget_product WHERE organisation_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY number`,
    [org, scope.productId],
  );
  const accounts: Array<{ number: string; name: string }> = await em.query(`SELECT number, name FROM account WHERE organisation_id = $1 ORDER BY number`, [org]);
  const budgetLines: Array<{ product: string; account: string; fiscalYear: number; plannedCents: number }> = (
    await em.query(
      `SELECT bp.number AS product, ac.number AS account, bl.fiscal_year AS "fiscalYear", bl.planned_cents AS "plannedCents"
         FROM budget_line bl
         JOIN budget_product bp ON bp.organisation_id = bl.organisation_id AND bp.id = bl.product_id
         JOIN account ac ON ac.organisation_id = bl.organisation_id AND ac.id = bl.account_id
        WHERE bl.organisation_id = $1 AND bl.fiscal_year = $2 AND ($3::uuid IS NULL OR bl.product_id = $3::uuid)
        ORDER BY bp.number, ac.number`,
      [org, fiscalYear, scope.productId],
    )
  ).map((l: { plannedCents: unknown }) => ({ ...l, plannedCents: cents(l.plannedCents) }));
  if (budgetLines.length === 0) {
    throw notYet(doc, `no budget lines for ${fiscalYear}${productNumber ? ` in product ${productNumber}` : ''}: plan the budget first`, 'fiscalYear');
  }
  const staffPositions = await staffSheets(em, scope);
  const path = join(tmpdir(), `foerderwerk-finance-${randomUUID()}.xlsx`);
  try {
    await writeFinanceWorkbook(
      { organisation: organisation.name, fiscalYears: [fiscalYear], products, accounts, budgetLines, ledger: ledgerOf(em, scope), staffPositions, asOf: new Date(`${a.today}T12:00:00Z`) },
      path,
    );
    const content = await readFile(path);
    const stem = productNumber ? `${fiscalYear}-Produkt-${productNumber.replace(/[^\p{L}\p{N}]+/gu, '-')}` : String(fiscalYear);
    return {
      subjectType: 'budget',
      subjectId: scope.productId ? `${fiscalYear}:${scope.productId}` : String(fiscalYear),
      sourceVersion: null,
      mediaType: XLSX,
      content,
      fileName: (v) => `Finanzübersicht-${stem}-v${v}.xlsx`,
    };
  } catch (error) {
    // The data read from the database is not what the workbook can show: a conflict, not the caller's input.
    if (error instanceof DomainError && error.code === ErrorCode.Validation) {
      throw new DomainError(ErrorCode.StateConflict, `${doc} cannot be generated from the data as it stands: ${error.message}`, error.problems);
    }
    throw error;
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * The ledger entries of the scope, by id, fetched in batches (keyset pagination on the primary
 * key). The scope's budget lines (few) are read once; the batches touch the ledger table alone.
 */
async function* ledgerOf(em: EntityManager, scope: Scope): AsyncGenerator<LedgerEntry> {
  const lines: Array<{ id: string; fiscalYear: number; product: string; account: string }> = await em.query(
    `SELECT bl.id, bl.fiscal_year AS "fiscalYear", bp.number AS product, ac.number AS account
       FROM budget_line bl
       JOIN budget_product bp ON bp.organisation_id = bl.organisation_id AND bp.id = bl.product_id
       JOIN account ac ON ac.organisation_id = bl.organisation_id AND ac.id = bl.account_id
      WHERE bl.organisation_id = $1 AND bl.fiscal_year = $2 AND ($3::uuid IS NULL OR bl.product_id = $3::uuid)`,
    [scope.organisationId, scope.fiscalYear, scope.productId],
  );
  const lineOf = new Map(lines.map((l) => [l.id, l]));
  let after = '0';
  for (;;) {
    const rows: Array<{
      id: string;
      lineId: string;
      date: string;
      kind: LedgerEntry['kind'];
      amountCents: string;
      reference: string | null;
      reversalOf: string | null;
      text: string;
    }> = await em.query(
      `SELECT le.id::text AS id, le.budget_line_id AS "lineId", to_char(le.booked_on, 'YYYY-MM-DD') AS date, le.kind, le.amount_cents AS "amountCents",
              le.reference, le.reverses_id::text AS "reversalOf", le.text
         FROM ledger_entry le
        WHERE le.organisation_id = $1 AND le.budget_line_id = ANY($2::uuid[]) AND le.id > $3::bigint
        ORDER BY le.id LIMIT ${LEDGER_BATCH}`,
      [scope.organisationId, [...lineOf.keys()], after],
    );
    for (const r of rows) {
      const line = lineOf.get(r.lineId)!;
      yield {
        id: r.id,
        date: r.date,
        fiscalYear: line.fiscalYear,
        product: line.product,
        account: line.account,
        kind: r.kind,
        amountCents: cents(r.amountCents),
        reference: r.reference ?? '',
        ...(r.reversalOf ? { reversalOf: r.reversalOf } : {}),
        text: r.text,
      };
    }
    if (rows.length < LEDGER_BATCH) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * A sheet per staff position with bookings in the scope: its months from the position workflow's
 * ledger lines (dedup key `position:<id>:<month>:<component>`), summed per component.
 */
async function staffSheets(em: EntityManager, scope: Scope): Promise<StaffPosition[]> {
  const rows: Array<{ positionId: string; month: string; component: string; amountCents: string }> = await em.query(
    `SELECT m[1] AS "positionId", m[2] AS month, m[3] AS component, sum(le.amount_cents)::text AS "amountCents"
       FROM ledger_entry le
       JOIN budget_line bl ON bl.organisation_id = le.organisation_id AND bl.id = le.budget_line_id
       CROSS JOIN LATERAL regexp_match(le.dedup_key, '^position:([0-9a-f-]{36}):([0-9]{4}-[0-9]{2}):(.+)$') AS m
      WHERE le.organisation_id = $1 AND bl.fiscal_year = $2 AND ($3::uuid IS NULL OR bl.product_id = $3::uuid) AND le.dedup_key LIKE 'position:%'
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [scope.organisationId, scope.fiscalYear, scope.productId],
  );
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.positionId))];
  const positions: Array<{ id: string; title: string; payScale: string; payGroup: string; weeklyHours: string; fullTimeHours: string; product: string | null }> = await em.query(
    `SELECT sp.id, sp.title, sp.pay_scale AS "payScale", sp.pay_group AS "payGroup", sp.weekly_hours::text AS "weeklyHours", sp.full_time_hours::text AS "fullTimeHours",
            bp.number AS product
       FROM staff_position sp LEFT JOIN budget_product bp ON bp.organisation_id = sp.organisation_id AND bp.id = sp.budget_product_id
      WHERE sp.organisation_id = $1 AND sp.id = ANY($2::uuid[]) ORDER BY sp.title, sp.id`,
    [scope.organisationId, ids],
  );
  return positions.map((p) => {
    const months = new Map<string, StaffCostMonth>();
    for (const r of rows.filter((row) => row.positionId === p.id)) {
      const m = months.get(r.month) ?? emptyMonth(r.month);
      const amount = cents(r.amountCents);
      if (r.component === 'basePay') m.payCents += amount;
      else if (r.component.startsWith('allowance:')) m.allowancesCents += amount;
      else if (r.component === 'bonus') m.bonusCents += amount;
      else if (r.component === 'onCost:ZVK') m.supplementaryPensionCents += amount;
      else if (r.component.startsWith('onCost:')) m.socialSecurityCents += amount;
      else if (r.component === 'reimbursement') m.reimbursementCents += amount;
      months.set(r.month, m);
    }
    const list = [...months.values()]
      .sort((x, y) => (x.month < y.month ? -1 : 1))
      .map((m) => {
        const total = m.payCents + m.allowancesCents + m.bonusCents + m.socialSecurityCents + m.supplementaryPensionCents;
        return { ...m, totalCents: total, ownShareCents: total - m.reimbursementCents };
      });
    const hours = (h: string) => h.replace('.', ',');
    return {
      id: p.id,
      shortTitle: p.title,
      title: p.title,
      details: [p.product ? `Produkt ${p.product}` : undefined, `${p.payScale} ${p.payGroup}`, `${hours(p.weeklyHours)} von ${hours(p.fullTimeHours)} Wochenstunden`]
        .filter(Boolean)
        .join(' · '),
      months: list,
    };
  });
}

function emptyMonth(month: string): StaffCostMonth {
  return { month, payCents: 0, allowancesCents: 0, bonusCents: 0, socialSecurityCents: 0, supplementaryPensionCents: 0, totalCents: 0, reimbursementCents: 0, ownShareCents: 0 };
}

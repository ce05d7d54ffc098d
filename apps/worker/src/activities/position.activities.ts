import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import { readReferenceData } from '@app/database';
import { computeMonth, type LedgerLine, type ReferenceData } from '@app/personnel-costs';
import type {
  PositionActivities,
  PositionMonthBooked,
  PositionMonthBooking,
  PositionNotification,
} from '@app/workflows/position/activities';
import { insertNotification } from './notifications';

/** How long a worker reuses the reference data it read (pay tables change a few times a year). */
const REFERENCE_DATA_TTL_MS = 5 * 60 * 1000;

/**
 * The staff-position workflow's activities on PostgreSQL. bookPositionMonth computes the month
 * with the pure engine on the reference data in the database and writes the month's ledger lines
 * in one transaction; each line's dedup key is unique in `ledger_entry`, so a retried attempt
 * (the worker died after the commit) writes nothing twice and answers the same figures.
 */
export function createPositionActivities(dataSource: DataSource): PositionActivities {
  let cached: { data: ReferenceData; readAt: number } | undefined;
  const referenceData = async (): Promise<ReferenceData> => {
    if (!cached || Date.now() - cached.readAt > REFERENCE_DATA_TTL_MS) {
      cached = { data: await readReferenceData(dataSource.manager), readAt: Date.now() };
    }
    return cached.data;
  };

  return {
    async bookPositionMonth(b: PositionMonthBooking): Promise<PositionMonthBooked> {
      const result = computeMonth(b.position, await referenceData(), b.month, b.prior);
      const entriesWritten = await dataSource.transaction(async (em) => {
        let written = 0;
        for (const line of result.ledger) {
          if (line.amount === 0) continue; // e.g. the reimbursement after the cap is reached
          const budgetLineId = await budgetLineFor(em, b.organisationId, line, b.actor);
          const rows: Array<{ id: string }> = await em.query(
            `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reference, dedup_key, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (dedup_key) DO NOTHING
             RETURNING id`,
            [b.organisationId, budgetLineId, line.date, line.kind === 'revenue' ? 'reimbursement' : 'actual', line.amount, line.text,
              b.dedupKeyPrefix, `${b.dedupKeyPrefix}:${line.component}`, b.actor],
          );
          written += rows.length;
        }
        if (written > 0) {
          await em.query(
            `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
             VALUES ($1, $2, 'position.month_booked', 'staff_position', $3, $4, $5)`,
            [b.organisationId, b.actor, b.positionId,
              JSON.stringify({ month: b.month, totalCost: result.totalCost, reimbursement: result.reimbursement, entries: written }),
              'monthly personnel cost booking'],
          );
        }
        return written;
      });
      return {
        month: result.month,
        totalCost: result.totalCost,
        eligibleCost: result.eligibleCost,
        reimbursement: result.reimbursement,
        ownShare: result.ownShare,
        cumulative: result.cumulative,
        entriesWritten,
      };
    },

    async notifyPositionOwner(n: PositionNotification): Promise<{ created: boolean }> {
      return dataSource.transaction((em) => insertNotification(em, n, 'position end approaching'));
    },
  };
}

/**
 * The budget line of (product, account, fiscal year of the booking date). A booking on a line
 * without a plan opens the line with plan 0 (an unplanned expense stays visible as variance);
 * a product or account missing from the organisation's chart is an error the booking waits on
 * (retried by Temporal until finance has set it up).
 */
async function budgetLineFor(em: EntityManager, organisationId: string, line: LedgerLine, actor: string): Promise<string> {
  if (!line.product) throw ApplicationFailure.retryable(`position has no budget product for account ${line.account}`, 'BudgetSetupMissing');
  const fiscalYear = Number(line.date.slice(0, 4));
  const ids: Array<{ product_id: string | null; account_id: string | null }> = await em.query(
    `SELECT (SELECT id FROM budget_product WHERE organisation_id = $1 AND number = $2) AS product_id,
            (SELECT id FROM account WHERE organisation_id = $1 AND number = $3) AS account_id`,
    [organisationId, line.product, line.account],
  );
  const { product_id: productId, account_id: accountId } = ids[0];
  if (!productId || !accountId) {
    throw ApplicationFailure.retryable(`budget product ${line.product} or account ${line.account} not set up`, 'BudgetSetupMissing');
  }
  const opened: Array<{ id: string }> = await em.query(
    `INSERT INTO budget_line (organisation_id, product_id, account_id, fiscal_year, planned_cents)
     VALUES ($1, $2, $3, $4, 0)
     ON CONFLICT (organisation_id, product_id, account_id, fiscal_year) DO NOTHING
     RETURNING id`,
    [organisationId, productId, accountId, fiscalYear],
  );
  if (opened.length) {
    await em.query(
      `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
       VALUES ($1, $2, 'budget_line.opened', 'budget_line', $3, $4, 'booking on a line without a plan')`,
      [organisationId, actor, opened[0].id, JSON.stringify({ product: line.product, account: line.account, fiscalYear, plannedCents: 0 })],
    );
    return opened[0].id;
  }
  const found: Array<{ id: string }> = await em.query(
    `SELECT id FROM budget_line WHERE organisation_id = $1 AND product_id = $2 AND account_id = $3 AND fiscal_year = $4`,
    [organisationId, productId, accountId, fiscalYear],
  );
  return found[0].id;
}

import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import { addDays } from '@app/calendar';
import { readReferenceData } from '@app/database';
import { computeMonth, type LedgerLine, type ReferenceData } from '@app/personnel-costs';
import type {
  PositionActivities,
  PositionEnd,
  PositionMonthBooked,
  PositionMonthBooking,
  PositionNotification,
  PositionRecordChange,
} from '@app/workflows/position/activities';
import type { PositionStep } from '@app/workflows/position/model';
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
        const written = await postLedgerLines(em, b, result.ledger);
        if (written > 0) {
          await em.query(
            `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
             VALUES ($1, $2, 'position.month_booked', 'staff_position', $3, $4, $5)`,
            [b.organisationId, b.actor, b.positionId,
              JSON.stringify({ month: b.month, totalCost: result.totalCost, reimbursement: result.reimbursement, entries: written }),
              'monthly personnel cost booking'],
          );
        }
        await endIfLastMonth(em, b);
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

    async endPosition(e: PositionEnd): Promise<{ ended: boolean }> {
      return dataSource.transaction(async (em) => {
        const position = await lockedEnd(em, e.organisationId, e.positionId);
        if (!position) throw ApplicationFailure.create({ type: 'PositionNotFound', message: `position ${e.positionId} not found`, nonRetryable: true });
        if (position.status === 'ended') return { ended: false };
        await markEnded(em, e.organisationId, e.positionId, e.actor, position, { end: e.end }, `end passed without a holder in its last month: the position ends on ${e.end}`);
        return { ended: true };
      });
    },

    async notifyPositionOwner(n: PositionNotification): Promise<{ created: boolean }> {
      return dataSource.transaction((em) => insertNotification(em, n, 'position end approaching'));
    },

    applyPositionChange: (c: PositionRecordChange) =>
      dataSource.transaction(async (em) => {
        const locked: unknown[] = await em.query(`SELECT 1 FROM staff_position WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [c.organisationId, c.positionId]);
        if (!locked.length) throw ApplicationFailure.nonRetryable(`staff_position ${c.positionId} not found in organisation ${c.organisationId}`, 'PositionNotFound');
        // The row lock serialises attempts: a retry of a committed change finds its audit event.
        const done: unknown[] = await em.query(
          `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND subject_type = 'staff_position' AND subject_id = $2 AND after->>'changeKey' = $3 LIMIT 1`,
          [c.organisationId, c.positionId, c.changeKey],
        );
        if (done.length) return { changed: false };
        const before = await positionSnapshot(em, c.organisationId, c.positionId);
        const action = await writePositionChange(em, c);
        await em.query(`UPDATE staff_position SET version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [c.organisationId, c.positionId]);
        const after = await positionSnapshot(em, c.organisationId, c.positionId);
        await em.query(
          `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
           VALUES ($1, $2, $3, 'staff_position', $4, $5, $6, $7)`,
          [c.organisationId, c.actor, action, c.positionId, JSON.stringify(before), JSON.stringify({ ...after, update: c.update, changeKey: c.changeKey }), c.reason],
        );
        return { changed: true };
      }),
  };
}

/**
 * The month of the position's end (its end date, or the last extension or early end recorded)
 * is its last booking: the position is `ended` from then on, once, with its audit event (a retry
 * finds it ended and writes nothing). A holder's last month before a vacancy is not the
 * position's: its end is the position's own, not the holder's.
 */
async function endIfLastMonth(em: EntityManager, b: PositionMonthBooking): Promise<void> {
  const position = await lockedEnd(em, b.organisationId, b.positionId);
  if (!position?.end || position.end.slice(0, 7) !== b.month || position.status === 'ended') return;
  await markEnded(em, b.organisationId, b.positionId, b.actor, position, { end: position.end, month: b.month }, `last month booked: the position ends on ${position.end}`);
}

interface PositionEndRow {
  /** the recorded end: the last extension or early end, else the row's end */
  end: string | null;
  status: string;
  version: number;
}

/** The position's recorded end and status, its row locked for the rest of the transaction. */
async function lockedEnd(em: EntityManager, organisationId: string, positionId: string): Promise<PositionEndRow | undefined> {
  const rows: PositionEndRow[] = await em.query(
    `SELECT to_char(COALESCE(
              (SELECT c.effective_on FROM position_change c
                WHERE c.organisation_id = p.organisation_id AND c.position_id = p.id AND c.kind IN ('extension', 'early_end')
                ORDER BY c.sequence_no DESC LIMIT 1),
              p.end_on), 'YYYY-MM-DD') AS "end", p.status, p.version
       FROM staff_position p WHERE p.organisation_id = $1 AND p.id = $2 FOR UPDATE`,
    [organisationId, positionId],
  );
  return rows[0];
}

/** status `ended`, the version moved on, and the audit event `position.ended` saying why. */
async function markEnded(em: EntityManager, organisationId: string, positionId: string, actor: string, before: PositionEndRow, after: Record<string, string>, reason: string): Promise<void> {
  await em.query(`UPDATE staff_position SET status = 'ended', version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [organisationId, positionId]);
  await em.query(
    `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
     VALUES ($1, $2, 'position.ended', 'staff_position', $3, $4, $5, $6)`,
    [organisationId, actor, positionId, JSON.stringify({ status: before.status, version: before.version }), JSON.stringify({ status: 'ended', version: before.version + 1, ...after }), reason],
  );
}

/** The position's state as the audit log records it around a change. */
async function positionSnapshot(em: EntityManager, organisationId: string, positionId: string): Promise<Record<string, unknown>> {
  const [row]: Array<{ status: string; version: number }> = await em.query(`SELECT status, version FROM staff_position WHERE organisation_id = $1 AND id = $2`, [organisationId, positionId]);
  const holders = await em.query(
    `SELECT holder_name AS "holderName", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
       FROM position_holder WHERE organisation_id = $1 AND position_id = $2 ORDER BY valid_from, id`,
    [organisationId, positionId],
  );
  const changes = await em.query(
    `SELECT sequence_no AS "sequenceNo", kind, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn", payload
       FROM position_change WHERE organisation_id = $1 AND position_id = $2 ORDER BY sequence_no`,
    [organisationId, positionId],
  );
  return { status: row.status, version: row.version, holders, changes };
}

/** The audit action of each update. */
const CHANGE_ACTIONS = {
  fill: 'position.holder_added',
  vacate: 'position.vacated',
  changeHours: 'position.hours_changed',
  changeStage: 'position.stage_changed',
  extend: 'position.extended',
  endEarly: 'position.ended_early',
} as const;

/** Writes the rows of one accepted update (the workflow has checked it); answers its audit action. */
async function writePositionChange(em: EntityManager, c: PositionRecordChange): Promise<string> {
  const org = c.organisationId;
  const id = c.positionId;
  const change = async (kind: string, effectiveOn: string, payload: Record<string, unknown>) =>
    em.query(
      `INSERT INTO position_change (organisation_id, position_id, sequence_no, kind, effective_on, payload)
       SELECT $1, $2, COALESCE(max(sequence_no), 0) + 1, $3, $4, $5::jsonb FROM position_change WHERE organisation_id = $1 AND position_id = $2`,
      [org, id, kind, effectiveOn, JSON.stringify(payload)],
    );
  const step = { update: c.update, arg: c.arg } as PositionStep;
  switch (step.update) {
    case 'fill':
      await em.query(`INSERT INTO position_holder (organisation_id, position_id, holder_name, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)`, [
        org,
        id,
        step.arg.holderName.trim(),
        step.arg.from,
        step.arg.to ?? null,
      ]);
      await em.query(`UPDATE staff_position SET status = 'filled' WHERE organisation_id = $1 AND id = $2 AND status IN ('planned', 'advertised', 'vacant')`, [org, id]);
      break;
    case 'vacate': {
      const last = addDays(step.arg.from, -1);
      await em.query(`DELETE FROM position_holder WHERE organisation_id = $1 AND position_id = $2 AND valid_from = $3`, [org, id, step.arg.from]);
      await em.query(
        `UPDATE position_holder SET valid_to = $3, version = version + 1, updated_at = now()
          WHERE organisation_id = $1 AND position_id = $2 AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)`,
        [org, id, last],
      );
      // nobody left from that day on: the position is vacant (until a fill)
      await em.query(
        `UPDATE staff_position p SET status = 'vacant'
          WHERE p.organisation_id = $1 AND p.id = $2 AND p.status = 'filled'
            AND NOT EXISTS (SELECT 1 FROM position_holder h WHERE h.organisation_id = $1 AND h.position_id = $2 AND (h.valid_to IS NULL OR h.valid_to >= $3))`,
        [org, id, step.arg.from],
      );
      break;
    }
    case 'changeHours':
      await change('hours', step.arg.effectiveOn, { weeklyHours: String(step.arg.weeklyHours) });
      break;
    case 'changeStage':
      await change('stage', step.arg.effectiveOn, { stage: step.arg.stage });
      break;
    case 'extend':
      await change('extension', step.arg.newEnd, { councilDecisionRef: step.arg.councilDecisionRef.trim() });
      break;
    case 'endEarly':
      await change('early_end', step.arg.endOn, {});
      break;
  }
  return CHANGE_ACTIONS[step.update];
}

/**
 * Writes the month's ledger lines (those with an amount: e.g. no reimbursement line once the cap
 * is reached) on their budget lines, in a fixed number of statements whatever the number of
 * lines; answers how many were written. Each line lands on the budget line of (product, account,
 * fiscal year of the booking date). A booking on a line without a plan opens the line with plan 0
 * (an unplanned expense stays visible as variance), with its audit event; a product or account
 * missing from the organisation's chart is an error the booking waits on (retried by Temporal
 * until finance has set it up) and nothing is written. A line whose dedup key exists is not
 * written again.
 */
async function postLedgerLines(em: EntityManager, b: PositionMonthBooking, ledger: readonly LedgerLine[]): Promise<number> {
  const lines = ledger.filter((line) => line.amount !== 0);
  if (!lines.length) return 0;
  const unplaced = lines.find((line) => !line.product);
  if (unplaced) throw ApplicationFailure.retryable(`position has no budget product for account ${unplaced.account}`, 'BudgetSetupMissing');
  const org = b.organisationId;
  const pairKey = (product: string | null, account: string) => `${product}\u0000${account}`;
  const pairs = [...new Map(lines.map((line) => [pairKey(line.product, line.account), { product: line.product as string, account: line.account }])).values()];
  const found: Array<{ product: string; account: string; product_id: string | null; account_id: string | null }> = await em.query(
    `SELECT x.product, x.account, p.id AS product_id, a.id AS account_id
       FROM unnest($2::text[], $3::text[]) AS x(product, account)
       LEFT JOIN budget_product p ON p.organisation_id = $1 AND p.number = x.product
       LEFT JOIN account a ON a.organisation_id = $1 AND a.number = x.account`,
    [org, pairs.map((x) => x.product), pairs.map((x) => x.account)],
  );
  const missing = found.find((x) => !x.product_id || !x.account_id);
  if (missing) throw ApplicationFailure.retryable(`budget product ${missing.product} or account ${missing.account} not set up`, 'BudgetSetupMissing');
  const ids = new Map(found.map((x) => [pairKey(x.product, x.account), { productId: x.product_id as string, accountId: x.account_id as string }]));
  const placed = lines.map((line) => ({ line, ...(ids.get(pairKey(line.product, line.account)) as { productId: string; accountId: string }), fiscalYear: Number(line.date.slice(0, 4)) }));

  // missing budget lines opened, each with its audit event, in one statement
  const wanted = [...new Map(placed.map((x) => [`${x.productId}:${x.accountId}:${x.fiscalYear}`, x])).values()];
  await em.query(
    `WITH wanted AS (
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[]) AS x(product_id, account_id, fiscal_year, product, account)
     ), opened AS (
       INSERT INTO budget_line (organisation_id, product_id, account_id, fiscal_year, planned_cents)
       SELECT $1, product_id, account_id, fiscal_year, 0 FROM wanted
       ON CONFLICT (organisation_id, product_id, account_id, fiscal_year) DO NOTHING
       RETURNING id, product_id, account_id, fiscal_year
     )
     INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
     SELECT $1, $7, 'budget_line.opened', 'budget_line', o.id::text,
            jsonb_build_object('product', w.product, 'account', w.account, 'fiscalYear', o.fiscal_year, 'plannedCents', 0), 'booking on a line without a plan'
       FROM opened o JOIN wanted w USING (product_id, account_id, fiscal_year)`,
    [org, wanted.map((x) => x.productId), wanted.map((x) => x.accountId), wanted.map((x) => x.fiscalYear), wanted.map((x) => x.line.product), wanted.map((x) => x.line.account), b.actor],
  );

  // in the engine's order of the lines (the ids follow it)
  const rows: Array<{ id: string }> = await em.query(
    `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reference, dedup_key, created_by)
     SELECT $1, bl.id, x.booked_on, x.kind, x.amount_cents, x.text, $2, x.dedup_key, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::int[], $7::date[], $8::text[], $9::bigint[], $10::text[], $11::text[])
            WITH ORDINALITY AS x(product_id, account_id, fiscal_year, booked_on, kind, amount_cents, text, dedup_key, n)
       JOIN budget_line bl ON bl.organisation_id = $1 AND bl.product_id = x.product_id AND bl.account_id = x.account_id AND bl.fiscal_year = x.fiscal_year
      ORDER BY x.n
     ON CONFLICT (dedup_key) DO NOTHING
     RETURNING id`,
    [
      org,
      b.dedupKeyPrefix,
      b.actor,
      placed.map((x) => x.productId),
      placed.map((x) => x.accountId),
      placed.map((x) => x.fiscalYear),
      placed.map((x) => x.line.date),
      placed.map((x) => (x.line.kind === 'revenue' ? 'reimbursement' : 'actual')),
      placed.map((x) => String(x.line.amount)),
      placed.map((x) => x.line.text),
      placed.map((x) => `${b.dedupKeyPrefix}:${x.line.component}`),
    ],
  );
  return rows.length;
}

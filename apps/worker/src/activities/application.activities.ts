import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager, QueryResult } from 'typeorm';
import type { ApplicationActivities, ApplicationChange, ApplicationNotification, ApplicationStatusChange } from '@app/workflows/application/activities';
import type { ApplicationRecordWrite } from '@app/workflows/application/signals';
import { insertNotification } from './notifications';

/**
 * The application workflow's activities on PostgreSQL. A status change runs in one transaction:
 * it locks the row, makes the change with a conditional UPDATE (`WHERE status = from`; a retry
 * matches nothing and finds the status already `to`) and audits it only if the UPDATE matched.
 * See workflows/application/activities.ts for the contract.
 */
export function createApplicationActivities(dataSource: DataSource): ApplicationActivities {
  return {
    notifyApplication: (n: ApplicationNotification) =>
      dataSource.transaction((em) => insertNotification(em, n, n.kind === 'application.escalation' ? 'application deadline passed: escalation' : 'application deadline approaching')),

    applyApplicationChange: (c: ApplicationChange) =>
      dataSource.transaction(async (em) => {
        const before = await lockApplication(em, c.organisationId, c.applicationId);
        // The row lock serialises attempts: a retry of a committed change finds its audit event.
        const done: unknown[] = await em.query(
          `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND subject_type = 'funding_application' AND subject_id = $2 AND after->>'changeKey' = $3 LIMIT 1`,
          [c.organisationId, c.applicationId, c.changeKey],
        );
        if (done.length) return { changed: false };
        let version = before.version;
        if (c.to !== null) {
          const changed = await update(
            em,
            `UPDATE funding_application SET status = $4, version = version + 1, updated_at = now()
              WHERE organisation_id = $1 AND id = $2 AND status = $3`,
            [c.organisationId, c.applicationId, c.from, c.to],
          );
          if (!changed) {
            throw ApplicationFailure.nonRetryable(
              `funding_application ${c.applicationId} is ${before.status}, expected ${c.from} (for ${c.update}: ${c.from} → ${c.to})`,
              'ApplicationStatusConflict',
            );
          }
          version += 1;
        }
        const recordId = c.record ? await writeRecord(em, c, c.record) : null;
        await em.query(
          `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
           VALUES ($1, $2, $3, 'funding_application', $4, $5, $6, $7)`,
          [
            c.organisationId,
            c.actor,
            c.to !== null ? 'application.status_changed' : `application.${c.update}`,
            c.applicationId,
            JSON.stringify({ status: before.status, version: before.version }),
            JSON.stringify({ status: c.to ?? before.status, version, update: c.update, changeKey: c.changeKey, ...(recordId ? { record: { kind: c.record!.kind, id: recordId } } : {}) }),
            c.reason,
          ],
        );
        return { changed: true };
      }),

    setApplicationStatus: (c: ApplicationStatusChange) =>
      dataSource.transaction(async (em) => {
        const before = await lockApplication(em, c.organisationId, c.applicationId);
        const changed = await update(
          em,
          `UPDATE funding_application SET status = $4, version = version + 1, updated_at = now()
            WHERE organisation_id = $1 AND id = $2 AND status = $3`,
          [c.organisationId, c.applicationId, c.from, c.to],
        );
        if (changed) {
          await em.query(
            `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
             VALUES ($1, $2, 'application.status_changed', 'funding_application', $3, $4, $5, $6)`,
            [c.organisationId, c.actor, c.applicationId, JSON.stringify({ status: before.status, version: before.version }), JSON.stringify({ status: c.to, version: before.version + 1 }), c.reason],
          );
          return { changed };
        }
        // A retry of a change that was made: nothing to do. Anything else: someone else changed it.
        if (before.status === c.to) return { changed: false };
        throw ApplicationFailure.nonRetryable(
          `funding_application ${c.applicationId} is ${before.status}, expected ${c.from} (for ${c.from} → ${c.to})`,
          'ApplicationStatusConflict',
        );
      }),
  };
}

/** Writes the record an update carries, with its own audit event; answers its id. */
async function writeRecord(em: EntityManager, c: ApplicationChange, r: ApplicationRecordWrite): Promise<string> {
  const auditRecord = (action: string, subjectType: string, id: string, after: object, before?: object, reason = c.reason) =>
    em.query(
      `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [c.organisationId, c.actor, action, subjectType, id, before ? JSON.stringify(before) : null, JSON.stringify(after), reason],
    );
  switch (r.kind) {
    case 'notice': {
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO funding_notice (id, organisation_id, application_id, decision, approved_cents, period_start, period_end, conditions, issued_on, file_number)
         VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (organisation_id, application_id) DO NOTHING RETURNING id`,
        [c.organisationId, c.applicationId, r.decision, r.approvedCents, r.periodStart, r.periodEnd, r.conditions, r.issuedOn, r.fileNumber, r.id],
      );
      if (!rows.length) throw ApplicationFailure.nonRetryable(`funding_application ${c.applicationId} has a funding notice already`, 'ApplicationRecordConflict');
      const { kind: _kind, ...after } = r;
      await auditRecord('funding_notice.created', 'funding_notice', rows[0].id, { ...after, applicationId: c.applicationId });
      return rows[0].id;
    }
    case 'payment': {
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO payment_received (id, organisation_id, application_id, disbursement_request_id, received_on, amount_cents) VALUES ($6, $1, $2, $3, $4, $5) RETURNING id`,
        [c.organisationId, c.applicationId, r.disbursementRequestId, r.receivedOn, r.amountCents, r.id],
      );
      const id = rows[0].id;
      await auditRecord('payment.received', 'payment_received', id, { id, applicationId: c.applicationId, disbursementRequestId: r.disbursementRequestId, receivedOn: r.receivedOn, amountCents: r.amountCents });
      if (r.disbursementRequestId !== null) {
        // The request answered becomes paid once its amount is received (only a sent one).
        const paid: Array<{ id: string; version: number; paid_cents: string }> = await returning(
          em,
          `WITH received AS (SELECT COALESCE(sum(amount_cents), 0) AS total FROM payment_received WHERE organisation_id = $1 AND disbursement_request_id = $2)
           UPDATE disbursement_request d SET status = 'paid', version = version + 1, updated_at = now()
             FROM received
            WHERE d.organisation_id = $1 AND d.id = $2 AND d.status = 'sent' AND received.total >= d.amount_cents
            RETURNING d.id, d.version, received.total AS paid_cents`,
          [c.organisationId, r.disbursementRequestId],
        );
        if (paid.length) {
          const total = Number(paid[0].paid_cents);
          await auditRecord(
            'disbursement_request.paid',
            'disbursement_request',
            paid[0].id,
            { status: 'paid', paidCents: total, version: paid[0].version },
            { status: 'sent', paidCents: total - r.amountCents, version: paid[0].version - 1 },
            `payment ${id}`,
          );
        }
      }
      return id;
    }
  }
}

async function lockApplication(em: EntityManager, organisationId: string, applicationId: string): Promise<{ status: string; version: number }> {
  const rows: Array<{ status: string; version: number }> = await em.query(
    `SELECT status, version FROM funding_application WHERE organisation_id = $1 AND id = $2 FOR UPDATE`,
    [organisationId, applicationId],
  );
  if (rows.length === 0) {
    throw ApplicationFailure.nonRetryable(`funding_application ${applicationId} does not exist in organisation ${organisationId}`, 'ApplicationNotFound');
  }
  return rows[0];
}

/** Runs an UPDATE … RETURNING and answers the rows it returned. */
async function returning<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (!em.queryRunner) throw new Error('returning() must run inside a transaction');
  const result: QueryResult = await em.queryRunner.query(sql, params, true);
  return result.records as T[];
}

/** Runs an UPDATE and tells whether it matched a row. */
async function update(em: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  if (!em.queryRunner) throw new Error('update() must run inside a transaction');
  const result: QueryResult = await em.queryRunner.query(sql, params, true);
  return (result.affected ?? 0) > 0;
}

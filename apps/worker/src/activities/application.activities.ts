import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager, QueryResult } from 'typeorm';
import type { ApplicationActivities, ApplicationNotification, ApplicationStatusChange } from '@app/workflows/application/activities';
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

/** Runs an UPDATE and tells whether it matched a row. */
async function update(em: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  if (!em.queryRunner) throw new Error('update() must run inside a transaction');
  const result: QueryResult = await em.queryRunner.query(sql, params, true);
  return (result.affected ?? 0) > 0;
}

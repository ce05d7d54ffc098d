import { DataSource } from 'typeorm';
import type { NotificationToDeliver, ReminderActivities } from '@app/workflows/reminder/activities';

/**
 * Writes the notification and its audit event in one transaction. The unique dedup key makes a
 * retried attempt (worker died after the commit, before reporting) a no-op.
 */
export function createReminderActivities(dataSource: DataSource): ReminderActivities {
  return {
    async deliverNotification(n: NotificationToDeliver): Promise<{ created: boolean }> {
      return dataSource.transaction(async (em) => {
        const rows: Array<{ id: string }> = await em.query(
          `INSERT INTO notification (organisation_id, dedup_key, recipient, kind, subject, body, due_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (dedup_key) DO NOTHING
           RETURNING id`,
          [n.organisationId, n.dedupKey, n.recipient, n.kind, n.subject, n.body, n.dueOn],
        );
        if (rows.length === 0) return { created: false };
        await em.query(
          `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason)
           VALUES ($1, $2, 'notification.delivered', 'notification', $3, $4, $5)`,
          [n.organisationId, n.actor, rows[0].id, JSON.stringify(n), 'due date reached'],
        );
        return { created: true };
      });
    },
  };
}

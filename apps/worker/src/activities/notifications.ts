import { EntityManager } from 'typeorm';

export interface NotificationRow {
  organisationId: string;
  dedupKey: string;
  actor: string;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  dueOn: string | null;
}

/**
 * One notification and its audit event, inside the caller's transaction. The unique dedup key
 * makes a retried activity a no-op (`created: false`).
 */
export async function insertNotification(em: EntityManager, n: NotificationRow, reason: string): Promise<{ created: boolean }> {
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
    [n.organisationId, n.actor, rows[0].id, JSON.stringify(n), reason],
  );
  return { created: true };
}

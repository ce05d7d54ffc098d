/** What the reminder workflow asks of the outside world. Implemented in the worker. */
export interface NotificationToDeliver {
  /** Makes delivery idempotent: a retried activity with the same key writes nothing new. */
  dedupKey: string;
  /** Who causes the change, for the audit log: `workflow:<workflowId>`. */
  actor: string;
  organisationId: string;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  dueOn: string | null;
}

export interface ReminderActivities {
  deliverNotification(notification: NotificationToDeliver): Promise<{ created: boolean }>;
}

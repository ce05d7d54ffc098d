import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager, QueryResult } from 'typeorm';
import type {
  MilestoneActivities,
  MilestoneCompletion,
  MilestoneNotification,
  MilestoneOverdue,
  MilestoneReschedule,
} from '@app/workflows/milestone/activities';
import { insertNotification } from './notifications';

interface MilestoneRow {
  status: string;
  due_on: string;
  evidence: string | null;
  done_on: string | null;
  version: number;
}

/**
 * The milestone workflow's activities on PostgreSQL. Each runs in one transaction: it locks the
 * row, makes its change with a conditional UPDATE (a retry matches nothing) and audits the change
 * only if the UPDATE matched. See workflows/milestone/activities.ts for the contract.
 */
export function createMilestoneActivities(dataSource: DataSource): MilestoneActivities {
  return {
    notifyMilestone: (n: MilestoneNotification) =>
      dataSource.transaction(async (em) => {
        // read under the row lock: the api's cancel (an UPDATE of the row) commits before this reads, or waits for it
        const milestone = await lockMilestone(em, n.organisationId, milestoneIdOf(n));
        if (milestone.status === 'cancelled') return { created: false, withheld: 'cancelled' as const };
        return insertNotification(em, n, n.kind === 'milestone.escalation' ? 'milestone overdue: escalation' : 'milestone due date approaching');
      }),

    markMilestoneOverdue: (c: MilestoneOverdue) =>
      dataSource.transaction(async (em) => {
        const before = await lockMilestone(em, c.organisationId, c.milestoneId);
        // Only an open milestone becomes overdue: done stays done, cancelled stays cancelled.
        const changed = await update(
          em,
          `UPDATE programme_milestone SET status = 'overdue', version = version + 1, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND status = 'open'`,
          [c.organisationId, c.milestoneId],
        );
        if (changed) {
          await audit(em, c, 'milestone.overdue', { status: before.status, dueOn: before.due_on }, { status: 'overdue', dueOn: c.dueOn, effectiveDueOn: c.effectiveDueOn }, 'deadline expired without completion');
        }
        return { changed };
      }),

    completeMilestone: (c: MilestoneCompletion) =>
      dataSource.transaction(async (em) => {
        const before = await lockMilestone(em, c.organisationId, c.milestoneId);
        const changed = await update(
          em,
          `UPDATE programme_milestone SET status = 'done', evidence = $3, done_on = $4, version = version + 1, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND status <> 'done'`,
          [c.organisationId, c.milestoneId, c.evidence, c.doneOn],
        );
        if (changed) {
          await audit(
            em,
            c,
            'milestone.completed',
            { status: before.status, evidence: before.evidence, doneOn: before.done_on },
            { status: 'done', evidence: c.evidence, doneOn: c.doneOn },
            'completed with evidence',
          );
        }
        return { changed };
      }),

    rescheduleMilestone: (c: MilestoneReschedule) =>
      dataSource.transaction(async (em) => {
        const before = await lockMilestone(em, c.organisationId, c.milestoneId);
        // A retry finds the new date already set (and the status open again): nothing to do.
        const changed = await update(
          em,
          `UPDATE programme_milestone
              SET due_on = $3, status = CASE WHEN status = 'overdue' THEN 'open' ELSE status END,
                  version = version + 1, updated_at = now()
            WHERE organisation_id = $1 AND id = $2 AND status <> 'done' AND (due_on <> $3 OR status = 'overdue')`,
          [c.organisationId, c.milestoneId, c.dueOn],
        );
        if (changed) {
          await audit(
            em,
            c,
            'milestone.rescheduled',
            { status: before.status, dueOn: before.due_on },
            { status: before.status === 'overdue' ? 'open' : before.status, dueOn: c.dueOn, previousDueOn: c.previousDueOn },
            c.reason,
          );
        }
        return { changed };
      }),
  };
}

/** The milestone a notification is about: its field, or (scheduled before the field existed) its dedup key `milestone:<id>:…`. */
function milestoneIdOf(n: MilestoneNotification): string {
  const id = n.milestoneId ?? /^milestone:([^:]+):/.exec(n.dedupKey)?.[1];
  if (!id) throw ApplicationFailure.nonRetryable(`notification ${n.dedupKey} names no milestone`, 'MilestoneNotFound');
  return id;
}

async function lockMilestone(em: EntityManager, organisationId: string, milestoneId: string): Promise<MilestoneRow> {
  const rows: MilestoneRow[] = await em.query(
    `SELECT status, due_on::text AS due_on, evidence, done_on::text AS done_on, version
       FROM programme_milestone WHERE organisation_id = $1 AND id = $2 FOR UPDATE`,
    [organisationId, milestoneId],
  );
  if (rows.length === 0) {
    throw ApplicationFailure.nonRetryable(`programme_milestone ${milestoneId} does not exist in organisation ${organisationId}`, 'MilestoneNotFound');
  }
  return rows[0];
}

/** Runs an UPDATE and tells whether it matched a row. */
async function update(em: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  // Inside dataSource.transaction the manager has its query runner; its structured result carries the row count.
  if (!em.queryRunner) throw new Error('update() must run inside a transaction');
  const result: QueryResult = await em.queryRunner.query(sql, params, true);
  return (result.affected ?? 0) > 0;
}

async function audit(
  em: EntityManager,
  c: { organisationId: string; milestoneId: string; actor: string },
  action: string,
  before: object,
  after: object,
  reason: string,
): Promise<void> {
  await em.query(
    `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
     VALUES ($1, $2, $3, 'programme_milestone', $4, $5, $6, $7)`,
    [c.organisationId, c.actor, action, c.milestoneId, JSON.stringify(before), JSON.stringify(after), reason],
  );
}

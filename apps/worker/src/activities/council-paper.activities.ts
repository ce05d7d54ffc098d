import { ApplicationFailure } from '@temporalio/activity';
import { DataSource, EntityManager, QueryResult } from 'typeorm';
import type {
  ConsultationOutcomeWrite,
  ConsultationRequeue,
  CouncilOfficeNotification,
  CouncilPaperActivities,
  NextSessionQuery,
} from '@app/workflows/council-paper/activities';
import { insertNotification } from './notifications';

interface ConsultationRow {
  id: string;
  session_date: string;
  outcome: string | null;
}

/**
 * The council-paper workflow's activities on PostgreSQL. Each write runs in one transaction: it
 * locks the consultation row, makes its change with a conditional UPDATE (a retry matches nothing)
 * and audits it only if the UPDATE matched. See workflows/council-paper/activities.ts.
 */
export function createCouncilPaperActivities(dataSource: DataSource): CouncilPaperActivities {
  return {
    recordConsultationOutcome: (o: ConsultationOutcomeWrite) =>
      dataSource.transaction(async (em) => {
        const row = await lockConsultation(em, o);
        const changed = await update(
          em,
          `UPDATE consultation SET outcome = $2, version = version + 1, updated_at = now()
            WHERE id = $1 AND session_date = $3 AND outcome IS NULL`,
          [row.id, o.outcome, o.sessionDate],
        );
        if (changed) {
          await audit(em, o, row.id, 'consultation.outcome_recorded', { sessionDate: row.session_date, outcome: null }, { sessionDate: o.sessionDate, outcome: o.outcome, text: o.text }, 'consultation outcome recorded');
          return { changed };
        }
        if (row.session_date === o.sessionDate && row.outcome === o.outcome) return { changed }; // a retry
        throw ApplicationFailure.nonRetryable(
          `consultation ${o.position} of paper ${o.paperId} is on ${row.session_date} with outcome ${row.outcome ?? 'none'}; ` +
            `cannot record ${o.outcome} for the session of ${o.sessionDate}`,
          'ConsultationConflict',
        );
      }),

    requeueConsultation: (m: ConsultationRequeue) =>
      dataSource.transaction(async (em) => {
        const row = await lockConsultation(em, m);
        const changed = await update(
          em,
          `UPDATE consultation SET session_date = $2, outcome = NULL, version = version + 1, updated_at = now()
            WHERE id = $1 AND session_date = $3 AND (outcome IS NULL OR outcome = 'postponed')`,
          [row.id, m.toSessionDate, m.fromSessionDate],
        );
        if (changed) {
          const reason = m.why === 'postponed' ? 'vertagt' : 'vorherige Beratung findet später statt';
          await audit(em, m, row.id, 'consultation.requeued', { sessionDate: row.session_date, outcome: row.outcome }, { sessionDate: m.toSessionDate, outcome: null, why: m.why }, reason);
          return { changed };
        }
        if (row.session_date === m.toSessionDate && row.outcome === null) return { changed }; // a retry
        throw ApplicationFailure.nonRetryable(
          `consultation ${m.position} of paper ${m.paperId} is on ${row.session_date} with outcome ${row.outcome ?? 'none'}; ` +
            `cannot move it from ${m.fromSessionDate} to ${m.toSessionDate}`,
          'ConsultationConflict',
        );
      }),

    async findNextCommitteeSession(q: NextSessionQuery): Promise<{ sessionDate: string }> {
      const rows: Array<{ session_date: string }> = await dataSource.query(
        `SELECT session_date::text AS session_date FROM committee_session
          WHERE organisation_id = $1 AND committee_id = $2 AND session_date >= $3
          ORDER BY session_date LIMIT 1`,
        [q.organisationId, q.committeeId, q.onOrAfter],
      );
      if (rows.length === 0) {
        // Retryable: the workflow waits until the council office has entered the next sessions.
        throw ApplicationFailure.retryable(`committee ${q.committeeId} has no session on or after ${q.onOrAfter} yet`, 'NoCommitteeSessionScheduled');
      }
      return { sessionDate: rows[0].session_date };
    },

    notifyCouncilOffice: (n: CouncilOfficeNotification) => dataSource.transaction((em) => insertNotification(em, n, 'consultation outcome missing')),
  };
}

async function lockConsultation(em: EntityManager, c: { organisationId: string; paperId: string; position: number }): Promise<ConsultationRow> {
  const rows: ConsultationRow[] = await em.query(
    `SELECT id, session_date::text AS session_date, outcome FROM consultation
      WHERE organisation_id = $1 AND paper_id = $2 AND position = $3 FOR UPDATE`,
    [c.organisationId, c.paperId, c.position],
  );
  if (rows.length === 0) {
    throw ApplicationFailure.nonRetryable(`paper ${c.paperId} has no consultation at position ${c.position} in organisation ${c.organisationId}`, 'ConsultationNotFound');
  }
  return rows[0];
}

async function update(em: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  // Inside dataSource.transaction the manager has its query runner; its structured result carries the row count.
  if (!em.queryRunner) throw new Error('update() must run inside a transaction');
  const result: QueryResult = await em.queryRunner.query(sql, params, true);
  return (result.affected ?? 0) > 0;
}

async function audit(
  em: EntityManager,
  c: { organisationId: string; actor: string },
  consultationId: string,
  action: string,
  before: object,
  after: object,
  reason: string,
): Promise<void> {
  await em.query(
    `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason)
     VALUES ($1, $2, $3, 'consultation', $4, $5, $6, $7)`,
    [c.organisationId, c.actor, action, consultationId, JSON.stringify(before), JSON.stringify(after), reason],
  );
}

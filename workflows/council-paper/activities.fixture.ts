import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { IsoDate } from '@app/calendar';
import type { CouncilOfficeNotification, CouncilPaperActivities } from './activities';
import type { ConsultationInput } from './model';

/*
 * Test fixture (not used by the worker): CouncilPaperActivities on in-memory consultation rows and
 * committee sessions, with the same conditional-update semantics as the PostgreSQL implementation.
 * Used by test/workflows/council-paper.int.spec.ts and test/histories/council-paper.record.ts.
 */

export interface ConsultationRowState {
  sessionDate: IsoDate;
  outcome: string | null;
  version: number;
}

export interface CouncilPaperCall {
  name: keyof CouncilPaperActivities;
  input: unknown;
  attempt: number;
  /** server (workflow) time the attempt was scheduled */
  scheduledAtMs: number;
  /** created / changed, or the session date found */
  answer: unknown;
}

export class InMemoryCouncilPaperActivities {
  /** consultation rows by position */
  readonly rows = new Map<number, ConsultationRowState>();
  readonly notifications = new Map<string, CouncilOfficeNotification>();
  readonly calls: CouncilPaperCall[] = [];
  readonly audit: Array<{ action: string; position: number; actor: string; reason: string }> = [];

  /** @param sessions the committee_session dates by committee id */
  constructor(
    consultations: ConsultationInput[],
    private readonly sessions: Record<string, IsoDate[]> = {},
  ) {
    for (const c of consultations) this.rows.set(c.position, { sessionDate: c.sessionDate, outcome: null, version: 1 });
  }

  callsOf(name: keyof CouncilPaperActivities): CouncilPaperCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  activities(): CouncilPaperActivities {
    return {
      recordConsultationOutcome: async (o) => {
        const row = this.row(o.position);
        let changed = false;
        if (row.sessionDate === o.sessionDate && row.outcome === null) {
          this.rows.set(o.position, { ...row, outcome: o.outcome, version: row.version + 1 });
          this.audit.push({ action: 'consultation.outcome_recorded', position: o.position, actor: o.actor, reason: o.text });
          changed = true;
        } else if (!(row.sessionDate === o.sessionDate && row.outcome === o.outcome)) {
          throw ApplicationFailure.nonRetryable(`consultation ${o.position}: conflict`, 'ConsultationConflict');
        }
        return this.record('recordConsultationOutcome', o, { changed });
      },
      requeueConsultation: async (m) => {
        const row = this.row(m.position);
        let changed = false;
        if (row.sessionDate === m.fromSessionDate && (row.outcome === null || row.outcome === 'postponed')) {
          this.rows.set(m.position, { sessionDate: m.toSessionDate, outcome: null, version: row.version + 1 });
          this.audit.push({ action: 'consultation.requeued', position: m.position, actor: m.actor, reason: m.why });
          changed = true;
        } else if (!(row.sessionDate === m.toSessionDate && row.outcome === null)) {
          throw ApplicationFailure.nonRetryable(`consultation ${m.position}: conflict`, 'ConsultationConflict');
        }
        return this.record('requeueConsultation', m, { changed });
      },
      findNextCommitteeSession: async (q) => {
        const next = [...(this.sessions[q.committeeId] ?? [])].sort().find((d) => d >= q.onOrAfter);
        if (!next) throw ApplicationFailure.retryable(`committee ${q.committeeId} has no session on or after ${q.onOrAfter} yet`, 'NoCommitteeSessionScheduled');
        return this.record('findNextCommitteeSession', q, { sessionDate: next });
      },
      notifyCouncilOffice: async (n) => {
        const created = !this.notifications.has(n.dedupKey);
        if (created) this.notifications.set(n.dedupKey, n);
        return this.record('notifyCouncilOffice', n, { created });
      },
    };
  }

  private row(position: number): ConsultationRowState {
    const row = this.rows.get(position);
    if (!row) throw ApplicationFailure.nonRetryable(`no consultation at position ${position}`, 'ConsultationNotFound');
    return row;
  }

  private record<T>(name: keyof CouncilPaperActivities, input: unknown, answer: T): T {
    const info = Context.current().info;
    this.calls.push({ name, input, attempt: info.attempt, scheduledAtMs: info.currentAttemptScheduledTimestampMs, answer });
    return answer;
  }
}

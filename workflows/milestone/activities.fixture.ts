import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { IsoDate } from '@app/calendar';
import type { MilestoneActivities, MilestoneNotification } from './activities';

/*
 * Test fixture (not used by the worker): MilestoneActivities on one in-memory programme_milestone
 * row with the same conditional-update semantics as the PostgreSQL implementation, so that the
 * workflow's calls and their idempotency are observable. Used by test/workflows/milestone.int.spec.ts
 * and test/histories/milestone.record.ts.
 */

export interface MilestoneRowState {
  status: 'open' | 'overdue' | 'done' | 'cancelled';
  dueOn: IsoDate;
  evidence: string | null;
  doneOn: IsoDate | null;
  version: number;
}

export interface MilestoneCall {
  /** activity name */
  name: keyof MilestoneActivities;
  input: unknown;
  attempt: number;
  /** server (workflow) time the attempt was scheduled */
  scheduledAtMs: number;
  /** whether the call changed anything (created / changed) */
  effective: boolean;
}

export class InMemoryMilestoneActivities {
  readonly notifications = new Map<string, MilestoneNotification>();
  readonly calls: MilestoneCall[] = [];
  /** audit events: one per effective change */
  readonly audit: Array<{ action: string; actor: string; reason: string }> = [];
  row: MilestoneRowState;
  private readonly pauses = new Map<keyof MilestoneActivities, { reach: () => void; released: Promise<void> }>();

  constructor(dueOn: IsoDate) {
    this.row = { status: 'open', dueOn, evidence: null, doneOn: null, version: 1 };
  }

  callsOf(name: keyof MilestoneActivities): MilestoneCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  /**
   * The next call of `name` waits until released: `reached` resolves when it is waiting, so a
   * test knows exactly where the workflow is (e.g. to send an update while a write is under way).
   */
  pauseNext(name: keyof MilestoneActivities): { reached: Promise<void>; release: () => void } {
    let reach!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((r) => (reach = r));
    const released = new Promise<void>((r) => (release = r));
    this.pauses.set(name, { reach, released });
    return { reached, release };
  }

  private async pauseIfAsked(name: keyof MilestoneActivities): Promise<void> {
    const pause = this.pauses.get(name);
    if (!pause) return;
    this.pauses.delete(name);
    pause.reach();
    await pause.released;
  }

  activities(): MilestoneActivities {
    return {
      notifyMilestone: async (n) => {
        await this.pauseIfAsked('notifyMilestone');
        if (this.row.status === 'cancelled') {
          this.record('notifyMilestone', n, false);
          return { created: false, withheld: 'cancelled' as const };
        }
        const created = !this.notifications.has(n.dedupKey);
        if (created) {
          this.notifications.set(n.dedupKey, n);
          this.audit.push({ action: 'notification.delivered', actor: n.actor, reason: n.kind });
        }
        this.record('notifyMilestone', n, created);
        return { created };
      },
      markMilestoneOverdue: async (c) => {
        await this.pauseIfAsked('markMilestoneOverdue');
        const changed = this.row.status === 'open';
        if (changed) this.change({ status: 'overdue' }, 'milestone.overdue', c.actor, 'deadline expired without completion');
        this.record('markMilestoneOverdue', c, changed);
        return { changed };
      },
      completeMilestone: async (c) => {
        await this.pauseIfAsked('completeMilestone');
        if (!c.evidence.trim()) throw ApplicationFailure.nonRetryable('evidence must not be empty', 'ContractViolation');
        const changed = this.row.status !== 'done';
        if (changed) this.change({ status: 'done', evidence: c.evidence, doneOn: c.doneOn }, 'milestone.completed', c.actor, 'completed with evidence');
        this.record('completeMilestone', c, changed);
        return { changed };
      },
      rescheduleMilestone: async (c) => {
        await this.pauseIfAsked('rescheduleMilestone');
        const changed = this.row.status !== 'done' && (this.row.dueOn !== c.dueOn || this.row.status === 'overdue');
        if (changed) {
          this.change({ dueOn: c.dueOn, status: this.row.status === 'overdue' ? 'open' : this.row.status }, 'milestone.rescheduled', c.actor, c.reason);
        }
        this.record('rescheduleMilestone', c, changed);
        return { changed };
      },
    };
  }

  private change(patch: Partial<MilestoneRowState>, action: string, actor: string, reason: string): void {
    this.row = { ...this.row, ...patch, version: this.row.version + 1 };
    this.audit.push({ action, actor, reason });
  }

  private record(name: keyof MilestoneActivities, input: unknown, effective: boolean): void {
    const info = Context.current().info;
    this.calls.push({ name, input, attempt: info.attempt, scheduledAtMs: info.currentAttemptScheduledTimestampMs, effective });
  }
}

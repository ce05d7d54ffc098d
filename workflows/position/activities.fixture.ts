import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { computeMonth, TVOED_VKA_REFERENCE_DATA, type LedgerLine, type ReferenceData } from '@app/personnel-costs';
import type { PositionActivities, PositionEnd, PositionMonthBooked, PositionMonthBooking, PositionNotification, PositionRecordChange } from './activities';

/*
 * Test fixture (not used by the worker): PositionActivities on an in-memory ledger, keyed by
 * dedup key, computing every month with the real engine and the shipped TVöD-VKA reference
 * data, so that the idempotency contract is observable. Used by the integration test and by
 * test/histories/position.record.ts.
 */

export interface LedgerRow extends LedgerLine {
  dedupKey: string;
  positionId: string;
  organisationId: string;
  createdBy: string;
}

export interface BookingAttempt {
  month: string;
  attempt: number;
  workflowId: string | undefined;
  runId: string | undefined;
  /** server (workflow) time the attempt was scheduled */
  scheduledAtMs: number;
  input: PositionMonthBooking;
  result: PositionMonthBooked;
  /** the attempt threw after writing (simulated crash before reporting) */
  crashed: boolean;
}

export interface NotifyAttempt {
  notification: PositionNotification;
  attempt: number;
  scheduledAtMs: number;
  created: boolean;
}

interface Pause {
  reached: Promise<void>;
  reach: () => void;
  released: Promise<void>;
  release: () => void;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class InMemoryPositionActivities {
  /** the ledger: one row per dedup key, never overwritten */
  readonly ledger = new Map<string, LedgerRow>();
  readonly notifications = new Map<string, PositionNotification>();
  readonly bookings: BookingAttempt[] = [];
  readonly notifies: NotifyAttempt[] = [];
  /** the changes written by applyPositionChange, one per change key */
  readonly changes = new Map<string, PositionRecordChange>();
  /** the ends recorded by endPosition (a position whose last month had no booking), per position */
  readonly ended = new Map<string, PositionEnd>();
  /** completed attempts in order: 'book 2025-01', 'notify 2027-03-31' */
  readonly events: string[] = [];
  private readonly crashAfterWrite = new Set<string>();
  private readonly pauses = new Map<string, Pause>();
  private readonly releasers: Array<() => void> = [];

  constructor(private readonly refData: ReferenceData = TVOED_VKA_REFERENCE_DATA) {}

  /** The first attempt to book `month` writes its entries and then throws. */
  crashOnceAfterWriting(month: string): void {
    this.crashAfterWrite.add(month);
  }

  /**
   * The first attempt to book `month` waits until released: `reached` resolves when it is
   * waiting, so a test knows exactly where the workflow is (that month is then closed).
   */
  pauseBefore(month: string): { reached: Promise<void>; release: () => void } {
    const reached = deferred();
    const released = deferred();
    this.pauses.set(month, { reached: reached.promise, reach: reached.resolve, released: released.promise, release: released.resolve });
    this.releasers.push(released.resolve);
    return { reached: reached.promise, release: released.resolve };
  }

  /** Releases every pause (a failing test must not leave an activity, and so the worker, hanging). */
  releaseAll(): void {
    for (const pause of this.pauses.values()) pause.release();
    this.pauses.clear();
    this.releasers.forEach((release) => release());
  }

  /** Rows of one month (by dedup key prefix `position:<id>:<month>`). */
  rowsOf(positionId: string, month: string): LedgerRow[] {
    const prefix = `position:${positionId}:${month}:`;
    return [...this.ledger.values()].filter((r) => r.dedupKey.startsWith(prefix));
  }

  activities(): PositionActivities {
    return {
      bookPositionMonth: (booking) => this.book(booking),
      notifyPositionOwner: (notification) => this.notify(notification),
      applyPositionChange: async (change) => {
        const created = !this.changes.has(change.changeKey);
        if (created) this.changes.set(change.changeKey, change);
        this.events.push(`change ${change.update}`);
        return { changed: created };
      },
      endPosition: async (end) => {
        const ended = !this.ended.has(end.positionId);
        if (ended) this.ended.set(end.positionId, end);
        this.events.push(`end ${end.end}`);
        return { ended };
      },
    };
  }

  private async book(b: PositionMonthBooking): Promise<PositionMonthBooked> {
    const info = Context.current().info;
    const pause = this.pauses.get(b.month);
    if (pause && info.attempt === 1) {
      this.pauses.delete(b.month);
      pause.reach();
      await pause.released;
    }
    let month;
    try {
      month = computeMonth(b.position, this.refData, b.month, b.prior);
    } catch (err) {
      // The workflow broke the contract (bad snapshot or cumulative state): fail loudly.
      throw ApplicationFailure.nonRetryable(`bookPositionMonth ${b.month}: ${(err as Error).message}`, 'ContractViolation');
    }
    // "One transaction": every line or none; a line whose dedup key exists is not written again.
    let entriesWritten = 0;
    for (const line of month.ledger) {
      const dedupKey = `${b.dedupKeyPrefix}:${line.component}`;
      if (this.ledger.has(dedupKey)) continue;
      this.ledger.set(dedupKey, { ...line, dedupKey, positionId: b.positionId, organisationId: b.organisationId, createdBy: b.actor });
      entriesWritten++;
    }
    const result: PositionMonthBooked = {
      month: month.month,
      totalCost: month.totalCost,
      eligibleCost: month.eligibleCost,
      reimbursement: month.reimbursement,
      ownShare: month.ownShare,
      cumulative: month.cumulative,
      entriesWritten,
    };
    const crashed = this.crashAfterWrite.delete(b.month);
    this.bookings.push({
      month: b.month,
      attempt: info.attempt,
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      scheduledAtMs: info.currentAttemptScheduledTimestampMs,
      input: b,
      result,
      crashed,
    });
    if (crashed) throw new Error(`simulated crash after writing ${b.month}, before reporting`);
    this.events.push(`book ${b.month}`);
    return result;
  }

  private async notify(n: PositionNotification): Promise<{ created: boolean }> {
    const info = Context.current().info;
    const created = !this.notifications.has(n.dedupKey);
    if (created) this.notifications.set(n.dedupKey, n);
    this.notifies.push({ notification: n, attempt: info.attempt, scheduledAtMs: info.currentAttemptScheduledTimestampMs, created });
    this.events.push(`notify ${n.dueOn}`);
    return { created };
  }
}

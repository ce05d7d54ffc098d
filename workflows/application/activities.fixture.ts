import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DocumentActivities, DocumentGenerationRequest } from '../documents/activities';
import type { ApplicationActivities, ApplicationNotification } from './activities';
import type { ApplicationStatus } from './signals';

/*
 * Test fixture (not used by the worker): ApplicationActivities on one in-memory
 * funding_application row with the same conditional-update semantics as the PostgreSQL
 * implementation. Used by test/workflows/application.int.spec.ts and test/histories/application.record.ts.
 */

type FixtureActivities = ApplicationActivities & DocumentActivities;

export interface ApplicationCall {
  name: keyof FixtureActivities;
  input: unknown;
  attempt: number;
  /** server (workflow) time the attempt was scheduled */
  scheduledAtMs: number;
  effective: boolean;
}

export class InMemoryApplicationActivities {
  readonly notifications = new Map<string, ApplicationNotification>();
  readonly calls: ApplicationCall[] = [];
  readonly audit: Array<{ action: string; actor: string; reason: string; from?: ApplicationStatus; to?: ApplicationStatus }> = [];
  row: { status: ApplicationStatus; version: number } = { status: 'draft', version: 1 };
  /** changeKeys of the changes applied (the retry guard of applyApplicationChange) */
  readonly changeKeys = new Set<string>();
  /** documents stored, by generation key (a retry with the same key stores nothing) */
  readonly documents = new Map<string, DocumentGenerationRequest & { documentId: string }>();
  /** document kinds the data does not allow (answered with the non-retryable DocumentNotYetPossible) */
  readonly impossibleDocuments = new Set<string>();

  callsOf(name: keyof FixtureActivities): ApplicationCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  /** The status changes asked for, in order (by either activity that writes one). */
  statusChanges(): Array<{ from: ApplicationStatus; to: ApplicationStatus; actor: string; reason: string }> {
    return this.calls
      .filter((c) => c.name === 'setApplicationStatus' || c.name === 'applyApplicationChange')
      .map((c) => c.input as { from: ApplicationStatus; to: ApplicationStatus | null; actor: string; reason: string })
      .filter((i): i is { from: ApplicationStatus; to: ApplicationStatus; actor: string; reason: string } => i.to !== null);
  }

  activities(): FixtureActivities {
    return {
      generateDocument: async (r) => {
        if (this.impossibleDocuments.has(r.document.kind)) {
          this.record('generateDocument', r, false);
          throw ApplicationFailure.nonRetryable(`${r.document.kind}: not possible with this data`, 'DocumentNotYetPossible');
        }
        const existing = this.documents.get(r.dedupKey);
        const stored = existing ?? { ...r, documentId: `doc-${this.documents.size + 1}` };
        this.documents.set(r.dedupKey, stored);
        this.record('generateDocument', r, existing === undefined);
        return { documentId: stored.documentId, version: 1, sha256: '0'.repeat(64) };
      },
      setApplicationStatus: async (c) => {
        let changed = false;
        if (this.row.status === c.from) {
          this.row = { status: c.to, version: this.row.version + 1 };
          this.audit.push({ action: 'application.status_changed', actor: c.actor, reason: c.reason, from: c.from, to: c.to });
          changed = true;
        } else if (this.row.status !== c.to) {
          this.record('setApplicationStatus', c, false);
          throw ApplicationFailure.nonRetryable(`funding_application is ${this.row.status}, expected ${c.from}`, 'ApplicationStatusConflict');
        }
        this.record('setApplicationStatus', c, changed);
        return { changed };
      },
      applyApplicationChange: async (c) => {
        if (this.changeKeys.has(c.changeKey)) {
          this.record('applyApplicationChange', c, false);
          return { changed: false };
        }
        if (c.to !== null) {
          if (this.row.status !== c.from) {
            this.record('applyApplicationChange', c, false);
            throw ApplicationFailure.nonRetryable(`funding_application is ${this.row.status}, expected ${c.from}`, 'ApplicationStatusConflict');
          }
          this.row = { status: c.to, version: this.row.version + 1 };
          this.audit.push({ action: 'application.status_changed', actor: c.actor, reason: c.reason, from: c.from, to: c.to });
        } else {
          this.audit.push({ action: `application.${c.update}`, actor: c.actor, reason: c.reason });
        }
        this.changeKeys.add(c.changeKey);
        this.record('applyApplicationChange', c, true);
        return { changed: true };
      },
      notifyApplication: async (n) => {
        const created = !this.notifications.has(n.dedupKey);
        if (created) {
          this.notifications.set(n.dedupKey, n);
          this.audit.push({ action: 'notification.delivered', actor: n.actor, reason: n.kind });
        }
        this.record('notifyApplication', n, created);
        return { created };
      },
    };
  }

  private record(name: keyof FixtureActivities, input: unknown, effective: boolean): void {
    const info = Context.current().info;
    this.calls.push({ name, input, attempt: info.attempt, scheduledAtMs: info.currentAttemptScheduledTimestampMs, effective });
  }
}

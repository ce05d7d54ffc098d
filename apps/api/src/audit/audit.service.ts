import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '@app/common';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Writes the audit event of a state change inside the same transaction as the change itself:
 * either both are stored or neither.
 */
@Injectable()
export class AuditService {
  async record(em: EntityManager, actor: Actor, entry: AuditEntry, requestId?: string): Promise<void> {
    await em.query(
      `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, before, after, reason, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        actor.organisationId,
        actor.ref,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.reason ?? null,
        requestId ?? null,
      ],
    );
  }
}

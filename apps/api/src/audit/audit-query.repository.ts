import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResolvedPage } from '../common/pagination';
import { orderByClause } from '../common/persistence';

export interface AuditEventFilter {
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditEventRecord {
  id: string;
  occurredAt: Date;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

export const AUDIT_SORTABLE = { occurredAt: 'e.occurred_at' };

/**
 * Reads the audit log of one organisation. Events without an organisation (reference data) and
 * other organisations' events are never part of the answer. There is no write here: events are
 * written by AuditService inside each change's transaction, and the table is append-only.
 */
@Injectable()
export class AuditQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(organisationId: string, filter: AuditEventFilter, page: ResolvedPage): Promise<{ items: AuditEventRecord[]; total: number }> {
    const params: unknown[] = [organisationId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['e.organisation_id = $1'];
    if (filter.subjectType) where.push(`e.subject_type = ${param(filter.subjectType)}`);
    if (filter.subjectId) where.push(`e.subject_id = ${param(filter.subjectId)}`);
    if (filter.actor) where.push(`e.actor = ${param(filter.actor)}`);
    if (filter.action) where.push(`e.action = ${param(filter.action)}`);
    if (filter.from) where.push(`e.occurred_at >= ${param(filter.from)}::timestamptz`);
    if (filter.to) where.push(`e.occurred_at < ${param(filter.to)}::timestamptz`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_event e WHERE ${condition}`, params);
    const items: AuditEventRecord[] = await this.dataSource.query(
      `SELECT e.id::text AS id, e.occurred_at AS "occurredAt", e.actor, e.action, e.subject_type AS "subjectType", e.subject_id AS "subjectId",
              e.before, e.after, e.reason, e.request_id AS "requestId"
         FROM audit_event e WHERE ${condition}
        ORDER BY ${orderByClause(page.orderBy)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items, total };
  }
}

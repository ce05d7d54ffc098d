import { Injectable } from '@nestjs/common';
import { Actor, DomainError } from '@app/common';
import { resolvePage } from '../common/pagination';
import { isoTimestamp } from '../common/persistence';
import { AuditEventDto, AuditEventPageDto, ListAuditEventsQuery } from './audit-query.dto';
import { AUDIT_SORTABLE, AuditEventRecord, AuditQueryRepository } from './audit-query.repository';

/** The audit log as the organisation sees it: its own events only, newest first by default. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly events: AuditQueryRepository) {}

  async list(actor: Actor, query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    const resolved = resolvePage(query, AUDIT_SORTABLE, '-occurredAt', 'e.id');
    // Events of one transaction share their instant: within it, they keep the order they were
    // written in, in the direction of the sort.
    const [first] = resolved.orderBy;
    const page = { ...resolved, orderBy: [...resolved.orderBy.slice(0, -1), { column: 'e.id', direction: first!.direction }] };
    if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
      throw DomainError.invalid('to', `the range ends (${query.to}) before or when it starts (${query.from})`);
    }
    const { subjectType, subjectId, actor: who, action, from, to } = query;
    const { items, total } = await this.events.list(actor.organisationId, { subjectType, subjectId, actor: who, action, from, to }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }
}

function toDto(e: AuditEventRecord): AuditEventDto {
  return {
    id: e.id,
    occurredAt: isoTimestamp(e.occurredAt),
    actor: e.actor,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    before: (e.before ?? null) as Record<string, unknown> | null,
    after: (e.after ?? null) as Record<string, unknown> | null,
    reason: e.reason,
    requestId: e.requestId,
  };
}

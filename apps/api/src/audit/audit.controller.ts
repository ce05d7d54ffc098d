import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { AuditEventPageDto, ListAuditEventsQuery } from './audit-query.dto';
import { AuditQueryService } from './audit-query.service';

/** The audit log is read-only: there are no write routes; events are written with each change. */
@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditController {
  constructor(private readonly auditQuery: AuditQueryService) {}

  @Get()
  @ApiOperation({
    summary: "The organisation's audit log: who changed what, when, before and after",
    description: 'sort: occurredAt (default -occurredAt: newest first); from inclusive, to exclusive',
  })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    return this.auditQuery.list(actor, query);
  }
}

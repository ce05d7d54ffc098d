import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '@app/common';
import { NotificationEntity } from '@app/database';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ListNotificationsQuery, NotificationDto, NotificationPageDto } from './notification.dto';

@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  @Get()
  @ApiOperation({ summary: 'The caller\'s notifications (reminders, escalations), newest first' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: NotificationPageDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, total] = await this.notifications.findAndCount({
      where: { organisationId: actor.organisationId, recipient: actor.ref },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: rows.map(toDto), total, limit, offset };
  }
}

function toDto(n: NotificationEntity): NotificationDto {
  return {
    id: n.id,
    recipient: n.recipient,
    kind: n.kind,
    subject: n.subject,
    body: n.body,
    dueOn: n.dueOn,
    createdAt: n.createdAt.toISOString(),
  };
}

import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator';
import { CreateReminderDto, ReminderDto } from './reminder.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@Controller('api/v1/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a reminder for a date (a long-running workflow)' })
  @ApiErrors('badRequest')
  @ApiCreatedResponse({ type: ReminderDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReminderDto, @Req() req: { id?: string }): Promise<ReminderDto> {
    return this.reminders.create(actor, dto, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'State of a reminder, asked from its workflow' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: ReminderDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ReminderDto> {
    return this.reminders.get(actor, id);
  }
}

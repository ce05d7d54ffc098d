import { Body, Controller, Get, Param, Post } from '@nestjs/common';
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
  create(@Body() dto: CreateReminderDto): Promise<ReminderDto> {
    return this.reminders.create(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'State of a reminder, asked from its workflow' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: ReminderDto })
  get(@Param('id') id: string): Promise<ReminderDto> {
    return this.reminders.get(id);
  }
}

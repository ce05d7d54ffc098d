import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateReminderDto, ReminderDto } from './reminder.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@Controller('api/v1/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Post()
  @ApiCreatedResponse({ type: ReminderDto })
  create(@Body() dto: CreateReminderDto): Promise<ReminderDto> {
    return this.reminders.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReminderDto })
  get(@Param('id') id: string): Promise<ReminderDto> {
    return this.reminders.get(id);
  }
}

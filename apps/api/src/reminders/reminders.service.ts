import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/common';
import { TEMPORAL_CLIENT } from '@app/temporal';
import { workflowIds } from '@app/workflows/names';
import { reminderStateQuery } from '@app/workflows/reminder/signals';
import type { reminderWorkflow } from '@app/workflows/reminder/workflow';
import { CreateReminderDto, ReminderDto } from './reminder.dto';

const ID = /^[0-9a-f-]{36}$/;

@Injectable()
export class RemindersService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateReminderDto): Promise<ReminderDto> {
    const id = randomUUID();
    const workflowId = workflowIds.reminder(id);
    await this.client.workflow.start<typeof reminderWorkflow>('reminderWorkflow', {
      taskQueue: this.config.temporal.taskQueue,
      workflowId,
      args: [{ recipient: dto.recipient, subject: dto.subject, body: dto.body ?? '', dueOn: dto.dueOn }],
    });
    return { id, workflowId, status: 'scheduled', dueOn: dto.dueOn };
  }

  async get(id: string): Promise<ReminderDto> {
    if (!ID.test(id)) throw DomainError.notFound('reminder', id);
    const workflowId = workflowIds.reminder(id);
    try {
      const state = await this.client.workflow.getHandle(workflowId).query(reminderStateQuery);
      return { id, workflowId, ...state };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw DomainError.notFound('reminder', id);
      throw error;
    }
  }
}

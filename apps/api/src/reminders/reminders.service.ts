import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../audit/audit.service';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Audited first, then started: a failed start rolls the audit event back. */
  async create(actor: Actor, dto: CreateReminderDto, requestId?: string): Promise<ReminderDto> {
    const id = randomUUID();
    const workflowId = workflowIds.reminder(id);
    const input = { organisationId: actor.organisationId, recipient: actor.ref, subject: dto.subject, body: dto.body ?? '', dueOn: dto.dueOn };
    await this.dataSource.transaction(async (em) => {
      await this.audit.record(em, actor, { action: 'reminder.scheduled', subjectType: 'reminder', subjectId: id, after: input }, requestId);
      await this.client.workflow.start<typeof reminderWorkflow>('reminderWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
        memo: { organisationId: actor.organisationId },
      });
    });
    return { id, workflowId, status: 'scheduled', dueOn: dto.dueOn };
  }

  /** Only the caller's own organisation's reminders exist for the caller: others are 404. */
  async get(actor: Actor, id: string): Promise<ReminderDto> {
    if (!ID.test(id)) throw DomainError.notFound('reminder', id);
    const workflowId = workflowIds.reminder(id);
    try {
      const state = await this.client.workflow.getHandle(workflowId).query(reminderStateQuery);
      if (state.organisationId !== actor.organisationId) throw DomainError.notFound('reminder', id);
      return { id, workflowId, status: state.status, dueOn: state.dueOn, deliveredAt: state.deliveredAt };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw DomainError.notFound('reminder', id);
      throw error;
    }
  }
}

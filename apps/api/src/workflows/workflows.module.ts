import { Module } from '@nestjs/common';
import { WorkflowContextRepository } from './workflow-context.repository';
import { WorkflowGateway } from './workflow-gateway';

/** The gateway to the workflows (TEMPORAL_CLIENT and APP_CONFIG come from global modules). */
@Module({ providers: [WorkflowGateway, WorkflowContextRepository], exports: [WorkflowGateway, WorkflowContextRepository] })
export class WorkflowsModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { PositionWorkflowService } from './position-workflow.service';
import { PositionsController } from './positions.controller';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';

/** Staff positions (Stellenplan): terms, stage history, holders and dated changes. */
@Module({
  imports: [AuditModule, WorkflowsModule],
  controllers: [PositionsController],
  providers: [PositionsRepository, PositionsService, PositionWorkflowService],
})
export class PositionsModule {}

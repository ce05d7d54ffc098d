import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { MilestoneWorkflowService } from './milestone-workflow.service';
import { MilestonesController } from './milestones.controller';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

/** Programme milestones (Meilensteine) of funding applications. */
@Module({
  imports: [AuditModule, WorkflowsModule],
  controllers: [MilestonesController],
  providers: [MilestonesRepository, MilestonesService, MilestoneWorkflowService],
})
export class MilestonesModule {}

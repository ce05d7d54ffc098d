import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ApplicationWorkflowController } from './application-workflow.controller';
import { ApplicationWorkflowService } from './application-workflow.service';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { DepartmentsRepository } from './departments.repository';
import { RevisionsRepository } from './revisions.repository';

/** Funding applications (Förderanträge), their revisions (Änderungsanträge) and plans. */
@Module({
  imports: [AuditModule, ProgrammesModule, WorkflowsModule],
  controllers: [ApplicationsController, ApplicationWorkflowController],
  providers: [ApplicationsRepository, RevisionsRepository, DepartmentsRepository, ApplicationsService, ApplicationWorkflowService],
  exports: [ApplicationWorkflowService],
})
export class ApplicationsModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { DepartmentsRepository } from './departments.repository';
import { RevisionsRepository } from './revisions.repository';

/** Funding applications (Förderanträge), their revisions (Änderungsanträge) and plans. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsRepository, RevisionsRepository, DepartmentsRepository, ApplicationsService],
})
export class ApplicationsModule {}

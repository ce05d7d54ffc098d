import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

/** Programme milestones (Meilensteine) of funding applications. */
@Module({
  imports: [AuditModule],
  controllers: [MilestonesController],
  providers: [MilestonesRepository, MilestonesService],
})
export class MilestonesModule {}

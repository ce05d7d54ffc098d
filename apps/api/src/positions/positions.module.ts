import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PositionsController } from './positions.controller';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';

/** Staff positions (Stellenplan): terms, stage history, holders and dated changes. */
@Module({
  imports: [AuditModule],
  controllers: [PositionsController],
  providers: [PositionsRepository, PositionsService],
})
export class PositionsModule {}

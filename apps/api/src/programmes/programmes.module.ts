import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FundersController } from './funders.controller';
import { FundersRepository } from './funders.repository';
import { FundersService } from './funders.service';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

/** Funders and their funding programmes (read and create). Exports the programme repository for the applications. */
@Module({
  imports: [AuditModule],
  controllers: [FundersController, ProgrammesController],
  providers: [FundersRepository, FundersService, ProgrammesRepository, ProgrammesService],
  exports: [ProgrammesRepository],
})
export class ProgrammesModule {}

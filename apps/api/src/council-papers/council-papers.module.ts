import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentsModule } from '../documents/documents.module';
import { CouncilPaperSourcesRepository } from './council-paper-sources.repository';
import { CouncilPapersController } from './council-papers.controller';
import { CouncilPapersRepository } from './council-papers.repository';
import { CouncilPapersService } from './council-papers.service';

/** Council papers (Vorlagen) with their Beratungsfolge, drafts from applications, and their PDFs (through the documents module). */
@Module({
  imports: [AuditModule, DocumentsModule],
  controllers: [CouncilPapersController],
  providers: [CouncilPapersRepository, CouncilPaperSourcesRepository, CouncilPapersService],
})
export class CouncilPapersModule {}

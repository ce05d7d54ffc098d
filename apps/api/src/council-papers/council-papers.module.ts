import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentsModule } from '../documents/documents.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { CouncilPaperSourcesRepository } from './council-paper-sources.repository';
import { CouncilPaperWorkflowService } from './council-paper-workflow.service';
import { CouncilPapersController } from './council-papers.controller';
import { CouncilPapersRepository } from './council-papers.repository';
import { CouncilPapersService } from './council-papers.service';

/** Council papers (Vorlagen) with their Beratungsfolge, drafts from applications, and their PDFs (through the documents module). */
@Module({
  imports: [AuditModule, DocumentsModule, WorkflowsModule],
  controllers: [CouncilPapersController],
  providers: [CouncilPapersRepository, CouncilPaperSourcesRepository, CouncilPapersService, CouncilPaperWorkflowService],
})
export class CouncilPapersModule {}

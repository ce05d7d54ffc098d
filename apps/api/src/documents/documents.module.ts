import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentGenerationController } from './document-generation.controller';
import { DocumentGenerationService } from './document-generation.service';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

/**
 * Generated documents (versioned, with checksum): generation from the data (funding documents,
 * status report, finance workbook), list, metadata and download. Exports the service that stores new ones.
 */
@Module({
  imports: [AuditModule],
  controllers: [DocumentsController, DocumentGenerationController],
  providers: [DocumentsRepository, DocumentsService, DocumentGenerationService],
  exports: [DocumentsService],
})
export class DocumentsModule {}

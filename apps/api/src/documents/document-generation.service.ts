import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isIsoDate } from '@app/calendar';
import { Actor, DomainError } from '@app/common';
import { generateDocument, type DocumentRequest } from '@app/document-generation';
import { isUuid } from '../common/persistence';
import type { DocumentDto } from './document.dto';
import type { GenerateApplicationDocumentDto, GenerateFinanceWorkbookDto, GenerateStatusReportDto } from './document-generation.dto';
import { DocumentsService, toDto } from './documents.service';

/**
 * Generates documents from the data in PostgreSQL and stores each as the next version of its
 * subject and kind (@app/document-generation, shared with the worker). Ids in the path that
 * name nothing of the organisation are 404; data that does not allow the document yet is a 409.
 */
@Injectable()
export class DocumentGenerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
  ) {}

  forApplication(actor: Actor, applicationId: string, dto: GenerateApplicationDocumentDto, requestId?: string): Promise<DocumentDto> {
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    if (dto.kind === 'interim-report') {
      if (dto.fiscalYear === undefined) throw DomainError.invalid('fiscalYear', 'required for an interim-report: the Haushaltsjahr it reports on');
      return this.generate(actor, { kind: 'interim-report', applicationId, fiscalYear: dto.fiscalYear }, requestId);
    }
    if (dto.fiscalYear !== undefined) throw DomainError.invalid('fiscalYear', `only an interim-report is for a fiscal year, not a ${dto.kind}`);
    return this.generate(actor, { kind: dto.kind, applicationId }, requestId);
  }

  forDisbursementRequest(actor: Actor, id: string, requestId?: string): Promise<DocumentDto> {
    if (!isUuid(id)) throw DomainError.notFound('disbursement request', id);
    return this.generate(actor, { kind: 'disbursement-request', disbursementRequestId: id }, requestId);
  }

  statusReport(actor: Actor, programmeId: string, dto: GenerateStatusReportDto, requestId?: string): Promise<DocumentDto> {
    if (!isUuid(programmeId)) throw DomainError.notFound('programme', programmeId);
    if (dto.sessionDate !== undefined && !isIsoDate(dto.sessionDate)) throw DomainError.invalid('sessionDate', 'must be a valid calendar date');
    return this.generate(actor, { kind: 'status-report', programmeId, applicationId: dto.applicationId, committeeId: dto.committeeId, sessionDate: dto.sessionDate }, requestId);
  }

  financeWorkbook(actor: Actor, dto: GenerateFinanceWorkbookDto, requestId?: string): Promise<DocumentDto> {
    return this.generate(actor, { kind: 'finance-workbook', fiscalYear: dto.fiscalYear, productId: dto.productId }, requestId);
  }

  private async generate(actor: Actor, request: DocumentRequest, requestId?: string): Promise<DocumentDto> {
    return toDto(await generateDocument(this.dataSource, actor, request, { requestId, audit: this.documents.auditWriter }));
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { documentMetadata, sha256Hex, storeDocument, type AuditWriter, type NewDocument } from '@app/document-generation';
import { AuditService } from '../audit/audit.service';
import { Page, resolvePage } from '../common/pagination';
import { isUuid } from '../common/persistence';
import type { DocumentDto, ListDocumentsQuery } from './document.dto';
import { DOCUMENT_SORTABLE, DocumentRecord, DocumentsRepository } from './documents.repository';

export type { NewDocument };
export { sha256Hex };

/** The bytes of a document, checked against the stored checksum. */
export interface DocumentDownload {
  fileName: string;
  mediaType: string;
  sha256: string;
  content: Buffer;
}

/** Raised when stored bytes no longer match their checksum: never served, a 500 with an error id. */
export class DocumentIntegrityError extends Error {
  constructor(id: string, stored: string, actual: string) {
    super(`document ${id}: content has SHA-256 ${actual}, stored checksum is ${stored}`);
    this.name = 'DocumentIntegrityError';
  }
}

/**
 * Generated documents: stored with checksum and size as the next version of their subject and
 * kind (never changed afterwards), listed and described without their bytes, and served only
 * when the bytes still match their checksum.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The api's audit writer, for @app/document-generation. */
  readonly auditWriter: AuditWriter = (em, actor, entry, requestId) => this.audit.record(em, actor, entry, requestId);

  /**
   * Stores a document as the next version, inside the caller's transaction, with its audit event
   * (subject, version, checksum): the one implementation of @app/document-generation, shared
   * with the worker.
   */
  async store(em: EntityManager, actor: Actor, doc: NewDocument, requestId?: string): Promise<DocumentDto> {
    return toDto(await storeDocument(em, actor, doc, requestId, this.auditWriter));
  }

  async list(actor: Actor, query: ListDocumentsQuery): Promise<Page<DocumentDto>> {
    const page = resolvePage(query, DOCUMENT_SORTABLE, '-createdAt', 'd.id');
    const { rows, total } = await this.documents.list(actor.organisationId, { subjectType: query.subjectType, subjectId: query.subjectId, kind: query.kind }, page);
    return { items: rows.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  /** Another organisation's document is not found, exactly like an unknown id. */
  async get(actor: Actor, id: string): Promise<DocumentDto> {
    const found = isUuid(id) ? await this.documents.find(actor.organisationId, id) : undefined;
    if (!found) throw DomainError.notFound('document', id);
    return toDto(found);
  }

  /** The checksum alone (for a conditional request), without loading the bytes. */
  async checksum(actor: Actor, id: string): Promise<string> {
    return (await this.get(actor, id)).sha256;
  }

  /** The bytes, after checking them against the stored SHA-256. */
  async content(actor: Actor, id: string): Promise<DocumentDownload> {
    const found = isUuid(id) ? await this.documents.findContent(actor.organisationId, id) : undefined;
    if (!found) throw DomainError.notFound('document', id);
    const actual = sha256Hex(found.content);
    if (actual !== found.sha256) throw new DocumentIntegrityError(id, found.sha256, actual);
    return found;
  }
}

/** A document's metadata as the API shows it. */
export function toDto(d: DocumentRecord): DocumentDto {
  return { ...documentMetadata(d), contentUrl: `/api/v1/documents/${d.id}/content` };
}

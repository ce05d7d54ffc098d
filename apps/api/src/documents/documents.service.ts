import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { Page, resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid } from '../common/persistence';
import type { DocumentDto, ListDocumentsQuery } from './document.dto';
import { DOCUMENT_SORTABLE, DocumentRecord, DocumentsRepository, DocumentSubject } from './documents.repository';

export interface NewDocument extends DocumentSubject {
  mediaType: string;
  content: Buffer;
  /** The file name of the version the document gets, e.g. v => `Vorlage-2021-844-v${v}.pdf`. */
  fileName: (version: number) => string;
}

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

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
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

  /**
   * Stores a document as the next version, inside the caller's transaction, with its audit event
   * (subject, version, checksum).
   */
  async store(em: EntityManager, actor: Actor, doc: NewDocument, requestId?: string): Promise<DocumentDto> {
    const org = actor.organisationId;
    const subject = { subjectType: doc.subjectType, subjectId: doc.subjectId, kind: doc.kind };
    await this.documents.lockVersions(em, org, subject);
    const version = await this.documents.nextVersion(em, org, subject);
    const stored = await this.documents.insert(em, org, {
      ...subject,
      version,
      fileName: doc.fileName(version),
      mediaType: doc.mediaType,
      sha256: sha256Hex(doc.content),
      sizeBytes: doc.content.length,
      content: doc.content,
      createdBy: actor.ref,
    });
    const created = toDto(stored);
    const { contentUrl: _url, ...metadata } = created;
    await this.audit.record(em, actor, { action: 'document.generated', subjectType: doc.subjectType, subjectId: doc.subjectId, after: metadata }, requestId);
    return created;
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

function toDto(d: DocumentRecord): DocumentDto {
  return {
    id: d.id,
    kind: d.kind,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    version: d.version,
    fileName: d.fileName,
    mediaType: d.mediaType,
    sha256: d.sha256,
    sizeBytes: d.sizeBytes,
    createdBy: d.createdBy,
    createdAt: isoTimestamp(d.createdAt),
    contentUrl: `/api/v1/documents/${d.id}/content`,
  };
}

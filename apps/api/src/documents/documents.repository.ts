import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredDocument } from '@app/document-generation';
import type { ResolvedPage } from '../common/pagination';
import { orderByClause } from '../common/persistence';

/** A document without its bytes. */
export type DocumentRecord = Omit<StoredDocument, 'sourceVersion' | 'generationKey'>;

export interface DocumentContent {
  fileName: string;
  mediaType: string;
  sha256: string;
  content: Buffer;
}

export interface DocumentFilter {
  subjectType?: string;
  subjectId?: string;
  kind?: string;
}

export const DOCUMENT_SORTABLE: Record<string, string> = { createdAt: 'd.created_at', version: 'd.version' };

/** Every column but the content: lists and metadata never load the bytes. */
const METADATA = `d.id, d.kind, d.subject_type AS "subjectType", d.subject_id AS "subjectId", d.version, d.file_name AS "fileName",
  d.media_type AS "mediaType", d.sha256, d.size_bytes AS "sizeBytes", d.created_by AS "createdBy", d.created_at AS "createdAt"`;

/** SQL reads of generated documents; every statement is bound to one organisation. Documents are added by @app/document-generation's storeDocument. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string, id: string): Promise<DocumentRecord | undefined> {
    const rows: DocumentRecord[] = await this.dataSource.query(`SELECT ${METADATA} FROM document d WHERE d.organisation_id = $1 AND d.id = $2`, [organisationId, id]);
    return rows[0];
  }

  /** The bytes with what is needed to serve them. */
  async findContent(organisationId: string, id: string): Promise<DocumentContent | undefined> {
    const rows: DocumentContent[] = await this.dataSource.query(
      `SELECT d.file_name AS "fileName", d.media_type AS "mediaType", d.sha256, d.content FROM document d WHERE d.organisation_id = $1 AND d.id = $2`,
      [organisationId, id],
    );
    return rows[0];
  }

  async list(organisationId: string, filter: DocumentFilter, page: ResolvedPage): Promise<{ rows: DocumentRecord[]; total: number }> {
    const values: unknown[] = [organisationId];
    const bind = (value: unknown) => `$${values.push(value)}`;
    const where = ['d.organisation_id = $1'];
    if (filter.subjectType) where.push(`d.subject_type = ${bind(filter.subjectType)}`);
    if (filter.subjectId) where.push(`d.subject_id = ${bind(filter.subjectId)}`);
    if (filter.kind) where.push(`d.kind = ${bind(filter.kind)}`);
    const condition = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM document d WHERE ${condition}`, values);
    const rows: DocumentRecord[] = await this.dataSource.query(
      `SELECT ${METADATA} FROM document d WHERE ${condition} ORDER BY ${orderByClause(page.orderBy)} LIMIT ${bind(page.limit)} OFFSET ${bind(page.offset)}`,
      values,
    );
    return { rows, total };
  }
}

import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/common';

/** What a document is about: its subject (as in the audit log) and its kind. Versions count per subject and kind. */
export interface DocumentSubject {
  subjectType: string;
  subjectId: string;
  kind: string;
}

export interface NewDocument extends DocumentSubject {
  mediaType: string;
  content: Buffer;
  /** The file name of the version the document gets, e.g. v => `Vorlage-2021-844-v${v}.pdf`. */
  fileName: (version: number) => string;
  /** The version of the data rendered (an application's revision in force, a row's version), when there is one. */
  sourceVersion?: number | null;
  /** The dedup key of a generation request: a second store with the same key is refused by the database. */
  generationKey?: string | null;
}

/** A stored document without its bytes. */
export interface StoredDocument extends DocumentSubject {
  id: string;
  version: number;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  createdBy: string;
  createdAt: Date;
  sourceVersion: number | null;
  generationKey: string | null;
}

/** An audit event as the audit log takes it. */
export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  after?: unknown;
  reason?: string | null;
}

/**
 * Writes an audit event inside the caller's transaction. The api passes its AuditService; the
 * default writes the same row directly (the worker).
 */
export type AuditWriter = (em: EntityManager, actor: Actor, entry: AuditEntry, requestId?: string) => Promise<void>;

export const writeAuditEvent: AuditWriter = async (em, actor, entry, requestId) => {
  await em.query(
    `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, reason, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [actor.organisationId, actor.ref, entry.action, entry.subjectType, entry.subjectId, entry.after === undefined ? null : JSON.stringify(entry.after), entry.reason ?? null, requestId ?? null],
  );
};

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Every column but the content: metadata never loads the bytes. */
export const DOCUMENT_METADATA = `d.id, d.kind, d.subject_type AS "subjectType", d.subject_id AS "subjectId", d.version, d.file_name AS "fileName",
  d.media_type AS "mediaType", d.sha256, d.size_bytes AS "sizeBytes", d.created_by AS "createdBy", d.created_at AS "createdAt",
  d.source_version AS "sourceVersion", d.generation_key AS "generationKey"`;

/**
 * Serialises the writers of one subject's documents of a kind for the rest of the transaction,
 * so that the next version number is read and used by one writer at a time.
 */
export async function lockDocumentVersions(em: EntityManager, organisationId: string, s: DocumentSubject): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('document:' || $1 || ':' || $2 || ':' || $3 || ':' || $4, 0))`, [
    organisationId,
    s.subjectType,
    s.subjectId,
    s.kind,
  ]);
}

/** Serialises the requests with one generation key for the rest of the transaction. */
export async function lockGenerationKey(em: EntityManager, organisationId: string, generationKey: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('document-generation:' || $1 || ':' || $2, 0))`, [organisationId, generationKey]);
}

/** The document stored before under a generation key, if any. */
export async function findByGenerationKey(em: EntityManager, organisationId: string, generationKey: string): Promise<StoredDocument | undefined> {
  const rows: StoredDocument[] = await em.query(`SELECT ${DOCUMENT_METADATA} FROM document d WHERE d.organisation_id = $1 AND d.generation_key = $2`, [
    organisationId,
    generationKey,
  ]);
  return rows[0];
}

/**
 * Stores a document as the next version of its subject and kind, inside the caller's
 * transaction, with size, SHA-256 and its audit event `document.generated` (subject, version,
 * checksum). Earlier versions stay as they are.
 */
export async function storeDocument(em: EntityManager, actor: Actor, doc: NewDocument, requestId?: string, audit: AuditWriter = writeAuditEvent): Promise<StoredDocument> {
  const org = actor.organisationId;
  const subject: DocumentSubject = { subjectType: doc.subjectType, subjectId: doc.subjectId, kind: doc.kind };
  await lockDocumentVersions(em, org, subject);
  const [{ next }]: Array<{ next: number }> = await em.query(
    `SELECT COALESCE(max(version), 0) + 1 AS next FROM document WHERE organisation_id = $1 AND subject_type = $2 AND subject_id = $3 AND kind = $4`,
    [org, subject.subjectType, subject.subjectId, subject.kind],
  );
  const rows: StoredDocument[] = await em.query(
    `INSERT INTO document AS d (organisation_id, kind, subject_type, subject_id, version, file_name, media_type, sha256, size_bytes, content, created_by,
                                source_version, generation_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${DOCUMENT_METADATA}`,
    [
      org,
      subject.kind,
      subject.subjectType,
      subject.subjectId,
      next,
      doc.fileName(next),
      doc.mediaType,
      sha256Hex(doc.content),
      doc.content.length,
      doc.content,
      actor.ref,
      doc.sourceVersion ?? null,
      doc.generationKey ?? null,
    ],
  );
  const stored = rows[0]!;
  await audit(em, actor, { action: 'document.generated', subjectType: stored.subjectType, subjectId: stored.subjectId, after: auditView(stored), reason: doc.generationKey ?? null }, requestId);
  return stored;
}

/** A stored document's metadata as the api shows it and the audit log records it (ISO timestamp, no bytes). */
export interface DocumentMetadata extends DocumentSubject {
  id: string;
  version: number;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  createdBy: string;
  createdAt: string;
}

export function documentMetadata(d: Omit<StoredDocument, 'sourceVersion' | 'generationKey'>): DocumentMetadata {
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
    createdAt: new Date(d.createdAt).toISOString(),
  };
}

/** The metadata as the audit log records it, with the source version when there is one. */
function auditView(d: StoredDocument): Record<string, unknown> {
  return { ...documentMetadata(d), ...(d.sourceVersion !== null ? { sourceVersion: d.sourceVersion } : {}) };
}

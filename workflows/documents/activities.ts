import type { IsoDate } from '@app/calendar';
import type { DocumentRequest } from '@app/document-generation';

/**
 * What a workflow asks of the world to produce a document: generate it from the data in
 * PostgreSQL and store it (libs/document-generation). Implemented in the worker
 * (apps/worker/src/activities/document.activities.ts). Types only: workflows import this file.
 *
 * IDEMPOTENT BY CONTRACT (Temporal retries an attempt whose result it did not receive): the
 * request carries a dedup key, stored with the document (`document.generation_key`, unique per
 * organisation). A retry with the same key answers the document stored the first time and
 * stores nothing; a new key (e.g. after the data changed and the workflow asks again) stores the
 * next version. Data that does not allow the document (no notice yet, a year without
 * Zwischennachweis …) is a NON-RETRYABLE `DocumentNotYetPossible`; an unknown id a non-retryable
 * `DocumentNotFound`; a malformed request `DocumentRequestInvalid`; a key used before for
 * another kind of document `DocumentKeyConflict`. Anything else (the database away) is retried.
 */
export interface DocumentActivities {
  generateDocument(request: DocumentGenerationRequest): Promise<GeneratedDocumentRef>;
}

export interface DocumentGenerationRequest {
  organisationId: string;
  /** Who causes it, for the audit log and `document.created_by`: `workflow:<workflowId>`. */
  actor: string;
  /**
   * Unique per document a workflow wants, e.g. `application:<id>:interim-report:2027`,
   * `disbursement-request:<id>:mittelabruf`, `application:<id>:proof-of-use-report`.
   * Add a revision or attempt suffix when the same document is wanted again after a change.
   */
  dedupKey: string;
  /** What to generate (the same union as POST …/documents takes, with the ids). */
  document: DocumentRequest;
  /** The date the document carries and its figures are taken on (the workflow's "today"); default: the database's today. */
  asOf?: IsoDate;
}

export interface GeneratedDocumentRef {
  documentId: string;
  version: number;
  sha256: string;
}

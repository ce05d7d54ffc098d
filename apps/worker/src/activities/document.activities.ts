import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, type Actor } from '@app/common';
import { generateDocument } from '@app/document-generation';
import type { DocumentActivities, DocumentGenerationRequest, GeneratedDocumentRef } from '@app/workflows/documents/activities';

/** Non-retryable failure types by domain error (see workflows/documents/activities.ts). */
const FAILURE_TYPE: Readonly<Record<ErrorCode, string | undefined>> = {
  [ErrorCode.NotFound]: 'DocumentNotFound',
  [ErrorCode.Validation]: 'DocumentRequestInvalid',
  [ErrorCode.StateConflict]: 'DocumentNotYetPossible',
  [ErrorCode.Conflict]: 'DocumentKeyConflict',
  [ErrorCode.Unavailable]: undefined,
};

const ACTOR = /^(workflow|user|system):.+$/;

/**
 * The document activities on PostgreSQL: generateDocument runs @app/document-generation with the
 * request's dedup key as the document's generation key, so a retried attempt answers the
 * document stored the first time (found by its key under a lock; the key is unique in the
 * table) instead of storing a second version.
 */
export function createDocumentActivities(dataSource: DataSource): DocumentActivities {
  return {
    async generateDocument(r: DocumentGenerationRequest): Promise<GeneratedDocumentRef> {
      if (!r || typeof r.organisationId !== 'string' || typeof r.actor !== 'string' || !ACTOR.test(r.actor)) {
        throw ApplicationFailure.nonRetryable('generateDocument: organisationId and actor (workflow:<id>) are required', 'DocumentRequestInvalid');
      }
      if (typeof r.dedupKey !== 'string' || r.dedupKey.trim().length === 0) {
        throw ApplicationFailure.nonRetryable('generateDocument: a dedupKey is required, so that a retry stores nothing twice', 'DocumentRequestInvalid');
      }
      const actor: Actor = { ref: r.actor, organisationId: r.organisationId, roles: [] };
      try {
        const doc = await generateDocument(dataSource, actor, r.document, { generationKey: r.dedupKey, today: r.asOf });
        return { documentId: doc.id, version: doc.version, sha256: doc.sha256 };
      } catch (error) {
        const type = error instanceof DomainError ? FAILURE_TYPE[error.code] : undefined;
        if (type) throw ApplicationFailure.nonRetryable(error instanceof Error ? error.message : String(error), type, ...(error as DomainError).problems);
        throw error;
      }
    },
  };
}

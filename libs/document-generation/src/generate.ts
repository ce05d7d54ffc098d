import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode, type Actor } from '@app/common';
import type { AssembledDocument, AssemblyContext } from './common';
import { assembleFinanceWorkbook } from './finance-workbook';
import {
  assembleApplicationForm,
  assembleDisbursementRequest,
  assembleInterimReport,
  assembleProofOfUseReport,
  assembleProofOfUseStatement,
  assembleProofOfUseStatementWorkbook,
  assembleStatusReport,
} from './funding-documents';
import { DOCUMENT_REQUEST_KINDS, STORED_KIND, type DocumentRequest, type GenerateOptions } from './requests';
import { databaseToday, userName } from './sources';
import { findByGenerationKey, lockGenerationKey, storeDocument, type StoredDocument } from './store';

export interface GeneratedDocument extends StoredDocument {
  /** true when a document stored before under the request's generation key was answered (nothing stored). */
  reused: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Generates a document from the data in PostgreSQL and stores it as the next version of its
 * subject and kind (earlier versions stay), with its audit event `document.generated`.
 *
 * The data is read in one REPEATABLE READ snapshot (every figure of a document is of the same
 * moment) and rendered there; the document is stored in a second, short transaction. Given an
 * EntityManager inside a transaction, both run in that transaction instead. With a
 * `generationKey`, a document stored under that key before is answered instead (checked before
 * rendering, and again under a lock on the key before storing), so a retried request stores
 * nothing twice. Errors: 404 unknown or another tenant's ids, 400 bad request fields, 409 data
 * that does not allow the document yet (DomainError).
 */
export async function generateDocument(
  db: DataSource | EntityManager,
  actor: Actor,
  request: DocumentRequest,
  options: GenerateOptions = {},
): Promise<GeneratedDocument> {
  const manager = db instanceof DataSource ? db.manager : db;
  checkRequest(request);
  const key = options.generationKey;
  if (key !== undefined) {
    if (typeof key !== 'string' || key.trim().length === 0 || key.length > 500) throw DomainError.invalid('generationKey', 'must be a non-empty text of at most 500 characters');
    const earlier = await findByGenerationKey(manager, actor.organisationId, key);
    if (earlier) return reuse(earlier, request);
  }
  if (options.today !== undefined && !ISO_DATE.test(options.today)) throw DomainError.invalid('today', 'must be an ISO date YYYY-MM-DD');

  // Inside the caller's transaction, everything runs in it; else read in one snapshot, then store.
  const inTransaction = manager.queryRunner?.isTransactionActive === true;
  const read = async (em: EntityManager): Promise<AssembledDocument> => {
    const context: AssemblyContext = {
      actor,
      today: options.today ?? (await databaseToday(em)),
      signer: await userName(em, actor.organisationId, actor.userId),
    };
    return assemble(em, context, request);
  };
  const assembled = inTransaction ? await read(manager) : await manager.transaction('REPEATABLE READ', read);

  const store = async (em: EntityManager): Promise<GeneratedDocument> => {
    if (key !== undefined) {
      await lockGenerationKey(em, actor.organisationId, key);
      const earlier = await findByGenerationKey(em, actor.organisationId, key);
      if (earlier) return reuse(earlier, request);
    }
    const stored = await storeDocument(
      em,
      actor,
      {
        kind: STORED_KIND[request.kind],
        subjectType: assembled.subjectType,
        subjectId: assembled.subjectId,
        mediaType: assembled.mediaType,
        content: assembled.content,
        fileName: assembled.fileName,
        sourceVersion: assembled.sourceVersion,
        generationKey: key ?? null,
      },
      options.requestId,
      options.audit,
    );
    return { ...stored, reused: false };
  };
  return inTransaction ? store(manager) : manager.transaction(store);
}

function reuse(earlier: StoredDocument, request: DocumentRequest): GeneratedDocument {
  if (earlier.kind !== STORED_KIND[request.kind]) {
    throw new DomainError(ErrorCode.Conflict, `generation key ${earlier.generationKey} was used for a document of kind ${earlier.kind}, not ${STORED_KIND[request.kind]}`, [
      { field: 'generationKey', reason: `already used for a document of kind ${earlier.kind}` },
    ]);
  }
  return { ...earlier, reused: true };
}

function assemble(em: EntityManager, a: AssemblyContext, r: DocumentRequest): Promise<AssembledDocument> {
  switch (r.kind) {
    case 'application-form':
      return assembleApplicationForm(em, a, r.applicationId);
    case 'disbursement-request':
      return assembleDisbursementRequest(em, a, r.disbursementRequestId);
    case 'interim-report':
      return assembleInterimReport(em, a, r.applicationId, r.fiscalYear);
    case 'proof-of-use-report':
      return assembleProofOfUseReport(em, a, r.applicationId);
    case 'proof-of-use-statement':
      return assembleProofOfUseStatement(em, a, r.applicationId);
    case 'proof-of-use-statement-xlsx':
      return assembleProofOfUseStatementWorkbook(em, a, r.applicationId);
    case 'status-report':
      return assembleStatusReport(em, a, r);
    case 'finance-workbook':
      return assembleFinanceWorkbook(em, a, r.fiscalYear, r.productId);
  }
}

/** The request's own fields (callers other than the api, e.g. workflow activities, are not validated by a DTO). */
function checkRequest(r: DocumentRequest): void {
  if (!r || !DOCUMENT_REQUEST_KINDS.includes(r.kind)) throw DomainError.invalid('kind', `must be one of ${DOCUMENT_REQUEST_KINDS.join(', ')}`);
  const text = (value: unknown, field: string) => {
    if (typeof value !== 'string' || value.length === 0) throw DomainError.invalid(field, 'required');
  };
  const year = (value: unknown) => {
    if (!Number.isInteger(value) || (value as number) < 2000 || (value as number) > 2100) throw DomainError.invalid('fiscalYear', 'must be a whole year between 2000 and 2100');
  };
  switch (r.kind) {
    case 'disbursement-request':
      return text(r.disbursementRequestId, 'disbursementRequestId');
    case 'interim-report':
      text(r.applicationId, 'applicationId');
      return year(r.fiscalYear);
    case 'status-report':
      text(r.programmeId, 'programmeId');
      if (r.sessionDate !== undefined && !ISO_DATE.test(r.sessionDate)) throw DomainError.invalid('sessionDate', 'must be an ISO date YYYY-MM-DD');
      return;
    case 'finance-workbook':
      year(r.fiscalYear);
      if (r.productId !== undefined) text(r.productId, 'productId');
      return;
    default:
      return text(r.applicationId, 'applicationId');
  }
}

export { generateDocument, type GeneratedDocument } from './generate';
export {
  APPLICATION_DOCUMENT_KINDS,
  DOCUMENT_REQUEST_KINDS,
  STORED_KIND,
  PDF,
  XLSX,
  type ApplicationDocumentKind,
  type DocumentRequest,
  type DocumentRequestKind,
  type GenerateOptions,
  type StatusReportRequest,
} from './requests';
export {
  DOCUMENT_METADATA,
  documentMetadata,
  findByGenerationKey,
  lockDocumentVersions,
  sha256Hex,
  storeDocument,
  writeAuditEvent,
  type AuditEntry,
  type AuditWriter,
  type DocumentMetadata,
  type DocumentSubject,
  type NewDocument,
  type StoredDocument,
} from './store';
export { buildProofOfUseWorkbook, PROOF_OF_USE_SHEETS } from './proof-of-use-workbook';
export { plannedPayments } from './funding-documents';
export { costPlanOf, financeExpenses, fileStem, placeOf } from './common';

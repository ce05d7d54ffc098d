import type { AuditWriter } from './store';

/**
 * What can be generated. One request a document; every id is checked against the acting
 * organisation (another tenant's id is not found, like an unknown one).
 */
export type DocumentRequest =
  /** Förderantrag with Kostenplan and Finanzierungsplan of the revision in force. */
  | { kind: 'application-form'; applicationId: string }
  /** Mittelabruf: a disbursement request with the payments it covers. */
  | { kind: 'disbursement-request'; disbursementRequestId: string }
  /** Zwischennachweis for one fiscal year of the Bewilligungszeitraum. */
  | { kind: 'interim-report'; applicationId: string; fiscalYear: number }
  /** Verwendungsnachweis, Sachbericht (PDF). */
  | { kind: 'proof-of-use-report'; applicationId: string }
  /** Verwendungsnachweis, zahlenmäßiger Nachweis with the Belegliste (PDF). */
  | { kind: 'proof-of-use-statement'; applicationId: string }
  /** The zahlenmäßiger Nachweis as a workbook (XLSX): Soll-Ist as formulas over the Belegliste. */
  | { kind: 'proof-of-use-statement-xlsx'; applicationId: string }
  /** Sachstandsbericht of a programme for a committee: milestones, deadlines, money. */
  | StatusReportRequest
  /** The finance workbook of the organisation for a fiscal year, optionally one budget product. */
  | { kind: 'finance-workbook'; fiscalYear: number; productId?: string };

export interface StatusReportRequest {
  kind: 'status-report';
  programmeId: string;
  /** The funded application of the programme reported on; required when the programme has more than one. */
  applicationId?: string;
  /** The committee the report goes to; default: the organisation's first committee whose name holds "Jugendhilfeausschuss". */
  committeeId?: string;
  /** The session; default: the committee's next session on or after the Stand. */
  sessionDate?: string;
}

export type DocumentRequestKind = DocumentRequest['kind'];

export const DOCUMENT_REQUEST_KINDS: readonly DocumentRequestKind[] = [
  'application-form',
  'disbursement-request',
  'interim-report',
  'proof-of-use-report',
  'proof-of-use-statement',
  'proof-of-use-statement-xlsx',
  'status-report',
  'finance-workbook',
];

/** The kinds generated for an application (POST /applications/:id/documents). */
export const APPLICATION_DOCUMENT_KINDS = ['application-form', 'interim-report', 'proof-of-use-report', 'proof-of-use-statement', 'proof-of-use-statement-xlsx'] as const;
export type ApplicationDocumentKind = (typeof APPLICATION_DOCUMENT_KINDS)[number];

export interface GenerateOptions {
  /**
   * The dedup key of the request (e.g. `application:<id>:interim-report:2027`): when a document
   * was stored under it before, that document is answered and nothing is stored. Without a key
   * every request stores the next version.
   */
  generationKey?: string;
  /** Correlates the audit event with the request that caused it. */
  requestId?: string;
  /** The day documents are dated and figures taken on; default: today in the database's time zone. */
  today?: string;
  /** Writes the audit event of the stored document (the api's AuditService); default: the same row written directly. */
  audit?: AuditWriter;
}

/** The stored kind (document.kind) per request kind. */
export const STORED_KIND: Readonly<Record<DocumentRequestKind, string>> = {
  'application-form': 'application_form_pdf',
  'disbursement-request': 'disbursement_request_pdf',
  'interim-report': 'interim_report_pdf',
  'proof-of-use-report': 'proof_of_use_report_pdf',
  'proof-of-use-statement': 'proof_of_use_statement_pdf',
  'proof-of-use-statement-xlsx': 'proof_of_use_statement_xlsx',
  'status-report': 'status_report_pdf',
  'finance-workbook': 'finance_workbook_xlsx',
};

export const PDF = 'application/pdf';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

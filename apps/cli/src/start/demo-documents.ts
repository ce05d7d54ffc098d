import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiClient, ApiRequestError, type Page } from '../api-client';
import type { DocumentMeta } from '../commands/documents';

/*
 * The demo's documents, so that a newcomer has real papers to open right after the start: Peine's
 * Vorlage 2021/844 (council paper, PDF), the Zwischennachweis of its application's last finished
 * fiscal year (state-funding document, PDF) and the Kämmerei's Finanzübersicht of this year
 * (finance workbook, XLSX). They are generated through the api as the demo's users would
 * (validation, rights, audit), stored in PostgreSQL and copied into a folder as files.
 * A second start finds the stored documents and generates none again.
 */

const YOUTH_OFFICE = 'landkreis-peine/jugendamt';
const FINANCE = 'landkreis-peine/kaemmerei';

export interface DemoDocumentIds {
  applicationId: string;
  councilPaperId: string;
}

/** A stored document as the api lists it (the CLI's documents command reads the same). */
type StoredDocument = DocumentMeta;

interface Wanted {
  /** what the line says, e.g. "Vorlage 2021/844" */
  label: string;
  user: string;
  /** the stored document that makes a new one unnecessary */
  find: { kind: string; subjectType: string; subjectId: string };
  generate: (api: ApiClient) => Promise<StoredDocument>;
}

export interface DemoDocument {
  label: string;
  /** the file written, relative to the folder; null when the document could not be generated */
  file: string | null;
  /** generated now, or found from an earlier start */
  generated: boolean;
  /** why it is missing (the api's answer) */
  problem?: string;
}

/** The last fiscal year that has ended by `today` and lies in the period (null: none has ended yet). */
export function lastFinishedFiscalYear(periodStart: string, periodEnd: string, today: Date): number | null {
  const year = Math.min(today.getUTCFullYear() - 1, Number(periodEnd.slice(0, 4)));
  return year >= Number(periodStart.slice(0, 4)) ? year : null;
}

async function wantedDocuments(baseUrl: string, ids: DemoDocumentIds, today: Date): Promise<Wanted[]> {
  const youthOffice = new ApiClient({ baseUrl, user: YOUTH_OFFICE });
  const application = await youthOffice.get<{ title: string; periodStart: string; periodEnd: string }>(`/api/v1/applications/${ids.applicationId}`);
  const wanted: Wanted[] = [
    {
      label: 'Vorlage 2021/844 (Informationsvorlage)',
      user: YOUTH_OFFICE,
      find: { kind: 'council_paper_pdf', subjectType: 'council_paper', subjectId: ids.councilPaperId },
      generate: (api) => api.post(`/api/v1/council-papers/${ids.councilPaperId}/documents`),
    },
  ];
  const interimYear = lastFinishedFiscalYear(application.periodStart, application.periodEnd, today);
  if (interimYear !== null) {
    wanted.push({
      label: `Zwischennachweis ${interimYear}`,
      user: YOUTH_OFFICE,
      find: { kind: 'interim_report_pdf', subjectType: 'interim_report', subjectId: `${ids.applicationId}:${interimYear}` },
      generate: (api) => api.post(`/api/v1/applications/${ids.applicationId}/documents`, { kind: 'interim-report', fiscalYear: interimYear }),
    });
  }
  const year = today.getUTCFullYear();
  wanted.push({
    label: `Finanzübersicht ${year}`,
    user: FINANCE,
    find: { kind: 'finance_workbook_xlsx', subjectType: 'budget', subjectId: String(year) },
    generate: (api) => api.post('/api/v1/finance-workbooks', { fiscalYear: year }),
  });
  return wanted;
}

/**
 * Finds or generates each demo document and writes its bytes into `folder` under the file name
 * the api gives it, after checking them against the stored SHA-256. A document the data does not
 * allow (the api's 4xx) is reported, not thrown: the start goes on without it.
 */
export async function writeDemoDocuments(baseUrl: string, ids: DemoDocumentIds, folder: string, today = new Date()): Promise<DemoDocument[]> {
  fs.mkdirSync(folder, { recursive: true });
  const results: DemoDocument[] = [];
  for (const wanted of await wantedDocuments(baseUrl, ids, today)) {
    const api = new ApiClient({ baseUrl, user: wanted.user });
    const found = await api.get<Page<StoredDocument>>('/api/v1/documents', { ...wanted.find, limit: 1 });
    let doc = found.items[0];
    const generated = doc === undefined;
    if (!doc) {
      try {
        doc = await wanted.generate(api);
      } catch (error) {
        if (!(error instanceof ApiRequestError)) throw error;
        results.push({ label: wanted.label, file: null, generated: false, problem: error.message });
        continue;
      }
    }
    const download = await api.download(doc.contentUrl);
    if (download.sha256 !== doc.sha256) throw new Error(`${wanted.label}: the downloaded bytes do not match the stored SHA-256`);
    fs.writeFileSync(path.join(folder, doc.fileName), download.bytes);
    results.push({ label: wanted.label, file: doc.fileName, generated });
  }
  return results;
}

import { createHash } from 'node:crypto';
import * as ExcelJS from 'exceljs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SHEET_LEDGER, SHEET_OVERVIEW, STAFF_SHEET_PREFIX } from '@app/workbooks';
import { ApiHarness, apiRequest, Headers, Json, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { DocumentData, seedDocumentData } from '../support/documents';
import { extractPageTexts, normalizePdfText } from '../support/pdf-text';
import { describeValidations, validatePdfs } from '../support/verapdf';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
/** 2915000 → "29.150,00": German amounts, formatted here independently of the builders. */
const euro = (cents: number): string => (cents / 100).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** "2025-09-14" → "14.09.2025". */
const date = (iso: string): string => iso.split('-').reverse().join('.');
const pdfText = async (pdf: Buffer): Promise<string> => normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));

/** Every cell value of a sheet (a formula cell's result), with the formulas apart. */
function cellsOf(sheet: ExcelJS.Worksheet): { values: unknown[]; formulas: string[] } {
  const values: unknown[] = [];
  const formulas: string[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value as { formula?: string; result?: unknown } | unknown;
      if (v && typeof v === 'object' && 'formula' in (v as object)) {
        formulas.push((v as { formula: string }).formula);
        values.push((v as { result?: unknown }).result);
      } else values.push(v);
    }),
  );
  return { values, formulas };
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/**
 * Every kind of document generated through the api from the data in PostgreSQL, stored,
 * downloaded and read back against the database: Förderantrag, Mittelabruf, Zwischennachweis,
 * Verwendungsnachweis (Sachbericht, zahlenmäßiger Nachweis as PDF and XLSX), Sachstandsbericht and
 * the finance workbook. The PDFs pass veraPDF (PDF/A-2b, PDF/UA-1); a regeneration after a change
 * is version 2 while version 1 stays; another organisation finds nothing; bad input is a 400 that
 * names the field, data that does not allow a document yet a 409 that says why.
 */
describe('api: generating documents from the data', () => {
  let h: ApiHarness;
  let db: TestDatabase;
  let api: NestFastifyApplication;
  let asPeine: Headers;
  let asKassel: Headers;
  let data: DocumentData;
  let today: string;
  const pdfs: Array<{ name: string; pdf: Buffer }> = [];

  const post = (url: string, body?: object, headers = asPeine) => apiRequest(api, 'POST', url, headers, body);
  const query = (sql: string, params: unknown[] = []): Promise<Json[]> => db.dataSource.query(sql, params);
  const sum = async (sql: string, params: unknown[]): Promise<number> => Number((await query(sql, params))[0].s);
  const receiptsSum = (until: string) =>
    sum(`SELECT COALESCE(sum(amount_cents), 0) AS s FROM receipt WHERE organisation_id = $1 AND application_id = $2 AND receipt_date <= $3`, [h.peine.org.id, data.running.applicationId, until]);

  /** Generates, checks the metadata against the stored row, downloads and checks the bytes. */
  async function generate(url: string, body: object | undefined, expected: Partial<Json>): Promise<{ doc: Json; bytes: Buffer }> {
    const res = await post(url, body);
    expect(res.status).toBe(201);
    const doc = res.body;
    expect(doc).toMatchObject({ createdBy: h.peine.ref, contentUrl: `/api/v1/documents/${doc.id}/content`, ...expected });
    const download = await api.inject({ method: 'GET', url: doc.contentUrl, headers: asPeine });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe(doc.mediaType);
    const bytes = download.rawPayload;
    expect(sha256(bytes)).toBe(doc.sha256);
    expect(bytes.length).toBe(doc.sizeBytes);
    if (doc.mediaType === 'application/pdf') pdfs.push({ name: doc.fileName, pdf: bytes });
    return { doc, bytes };
  }

  beforeAll(async () => {
    // The roles that generate documents: youth office (applications, reports), finance (Mittelabruf, workbook), council office (status report).
    h = await startApiHarness('documents-generation-test', { users: { roles: ['youth_office', 'finance', 'council_office'] } });
    ({ db, api } = h);
    asPeine = h.peine.headers;
    asKassel = h.kassel.headers;
    data = await seedDocumentData(db.dataSource, h.peine.org);
    [{ today }] = await query(`SELECT to_char(current_date, 'YYYY-MM-DD') AS today`);
  });
  afterAll(() => h?.close());

  const appUrl = () => `/api/v1/applications/${data.running.applicationId}/documents`;

  it('Förderantrag: the plans of the revision in force, applied for before the project begins', async () => {
    const { doc, bytes } = await generate(
      `/api/v1/applications/${data.planned.applicationId}/documents`,
      { kind: 'application-form' },
      { kind: 'application_form_pdf', subjectType: 'funding_application', subjectId: data.planned.applicationId, version: 1, fileName: 'Förderantrag-Familienzentrum-Vechelde-v1.pdf' },
    );
    const [row] = await query(`SELECT source_version, generation_key FROM document WHERE id = $1`, [doc.id]);
    expect(row).toEqual({ source_version: 1, generation_key: null });
    const plan = await query(
      `SELECT c.label, c.amount_cents FROM cost_plan_line c JOIN application_revision r ON r.id = c.revision_id WHERE r.application_id = $1 ORDER BY c.line_no`,
      [data.planned.applicationId],
    );
    const [funder] = await query(
      `SELECT sum(f.amount_cents) AS s FROM financing_plan_line f JOIN application_revision r ON r.id = f.revision_id WHERE r.application_id = $1 AND f.source = 'funder'`,
      [data.planned.applicationId],
    );
    const text = await pdfText(bytes);
    const year = Number(data.planned.periodStart.slice(0, 4));
    for (const expected of [
      'Förderantrag',
      'Landkreis Peine',
      data.departmentName,
      data.planned.title,
      `${date(data.planned.periodStart)} – 30.06.${year + 2}`,
      ...plan.map((l: Json) => l.label),
      euro(plan.reduce((s: number, l: Json) => s + Number(l.amount_cents), 0)),
      euro(Number(funder.s)),
      `Peine, ${date(today)}`,
    ]) {
      expect(text).toContain(normalizePdfText(expected));
    }
  });

  it('Mittelabruf: the amount, the payments due in the window, the earlier request and its payment', async () => {
    const id = data.running.disbursementRequestIds[1];
    const { bytes } = await generate(`/api/v1/disbursement-requests/${id}/documents`, undefined, {
      kind: 'disbursement_request_pdf',
      subjectType: 'disbursement_request',
      subjectId: id,
      version: 1,
    });
    const [request] = await query(`SELECT amount_cents, to_char(payout_date, 'YYYY-MM-DD') AS payout, to_char(requested_on, 'YYYY-MM-DD') AS requested FROM disbursement_request WHERE id = $1`, [id]);
    const [previous] = await query(`SELECT amount_cents, to_char(requested_on, 'YYYY-MM-DD') AS requested FROM disbursement_request WHERE id = $1`, [data.running.disbursementRequestIds[0]]);
    const [paid] = await query(`SELECT to_char(received_on, 'YYYY-MM-DD') AS d FROM payment_received WHERE disbursement_request_id = $1`, [data.running.disbursementRequestIds[0]]);
    const text = await pdfText(bytes);
    for (const expected of [
      'Mittelabruf',
      '2. Mittelabruf',
      'PKN-2025-017',
      euro(Number(request.amount_cents)),
      date(request.payout),
      `Peine, ${date(request.requested)}`,
      euro(Number(previous.amount_cents)),
      date(previous.requested),
      date(paid.d),
      'Personalausgaben 02/2026 lt. Kostenplan',
      'Personalausgaben 03/2026 lt. Kostenplan',
      '28.02.2026',
      '31.03.2026',
    ]) {
      expect(text).toContain(normalizePdfText(expected));
    }
  });

  it('Zwischennachweis 2025: the year’s receipts per plan position, the grant received and used', async () => {
    const { doc, bytes } = await generate(appUrl(), { kind: 'interim-report', fiscalYear: 2025 }, {
      kind: 'interim_report_pdf',
      subjectType: 'interim_report',
      subjectId: `${data.running.applicationId}:2025`,
      version: 1,
    });
    expect(doc.fileName).toMatch(/^Zwischennachweis-2025-.+-v1\.pdf$/);
    const spent = await receiptsSum('2025-12-31');
    const received = await sum(`SELECT sum(amount_cents) AS s FROM payment_received WHERE application_id = $1 AND received_on <= '2025-12-31'`, [data.running.applicationId]);
    const text = await pdfText(bytes);
    for (const expected of ['Zwischennachweis', 'für das Haushaltsjahr 2025', euro(spent), euro(received), 'Meilensteine 2025', 'Steuerungsgruppe eingerichtet', '14.09.2025', 'Berichtszeitraum: 01.07.2025 – 31.12.2025']) {
      expect(text).toContain(normalizePdfText(expected));
    }
  });

  it('Verwendungsnachweis, Sachbericht: the project and every milestone with its stand', async () => {
    const { bytes } = await generate(appUrl(), { kind: 'proof-of-use-report' }, { kind: 'proof_of_use_report_pdf', subjectType: 'funding_application', version: 1 });
    const milestones = await query(`SELECT title, to_char(done_on, 'YYYY-MM-DD') AS done FROM programme_milestone WHERE application_id = $1 ORDER BY due_on`, [data.running.applicationId]);
    const text = await pdfText(bytes);
    expect(text).toContain('Sachbericht');
    expect(text).toContain(normalizePdfText('Von 3 Meilensteinen wurden 2 erreicht, davon 2 fristgerecht.'));
    for (const m of milestones) {
      expect(text).toContain(normalizePdfText(m.title));
      if (m.done) expect(text).toContain(`erreicht am ${date(m.done)}`);
    }
  });

  it('Verwendungsnachweis, zahlenmäßiger Nachweis (PDF): the Belegliste as stored and its total', async () => {
    const { bytes } = await generate(appUrl(), { kind: 'proof-of-use-statement' }, { kind: 'proof_of_use_statement_pdf', subjectType: 'funding_application', version: 1 });
    const receipts = await query(`SELECT payee, reason, amount_cents, to_char(receipt_date, 'YYYY-MM-DD') AS d FROM receipt WHERE application_id = $1 ORDER BY receipt_date`, [data.running.applicationId]);
    const text = await pdfText(bytes);
    expect(text).toContain('Zahlenmäßiger Nachweis');
    for (const r of receipts) {
      for (const expected of [r.payee, r.reason, euro(Number(r.amount_cents)), date(r.d)]) expect(text).toContain(normalizePdfText(expected));
    }
    expect(text).toContain(euro(receipts.reduce((s: number, r: Json) => s + Number(r.amount_cents), 0)));
    expect(text).toContain('96.000,00');
  });

  it('Verwendungsnachweis, zahlenmäßiger Nachweis (XLSX): the Belegliste rows and Soll-Ist as formulas over them', async () => {
    const { doc, bytes } = await generate(appUrl(), { kind: 'proof-of-use-statement-xlsx' }, {
      kind: 'proof_of_use_statement_xlsx',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      version: 1,
    });
    expect(doc.fileName).toMatch(/^Zahlenmäßiger-Nachweis-.+-v1\.xlsx$/);
    const wb = await readWorkbook(bytes);
    const list = wb.getWorksheet('Belegliste')!;
    const receipts = await query(`SELECT sequence_no, payee, amount_cents, to_char(receipt_date, 'YYYY-MM-DD') AS d FROM receipt WHERE application_id = $1 ORDER BY receipt_date, sequence_no`, [data.running.applicationId]);
    receipts.forEach((r: Json, i: number) => {
      const row = list.getRow(i + 2);
      expect([row.getCell(1).value, (row.getCell(2).value as Date).toISOString().slice(0, 10), row.getCell(3).value, row.getCell(6).value]).toEqual([
        r.sequence_no,
        r.d,
        r.payee,
        Number(r.amount_cents) / 100,
      ]);
    });
    const total = receipts.reduce((s: number, r: Json) => s + Number(r.amount_cents), 0);
    expect(list.getRow(receipts.length + 2).getCell(6).value).toEqual({ formula: `SUM(F2:F${receipts.length + 1})`, result: total / 100 });
    const statement = cellsOf(wb.getWorksheet('Nachweis')!);
    expect(statement.formulas.filter((f) => f.startsWith('SUMIF('))).toHaveLength(2);
    const last = receipts.length + 1;
    for (const f of statement.formulas.filter((x) => x.startsWith('SUMIF('))) {
      expect(f).toMatch(new RegExp(`^SUMIF\\('Belegliste'!\\$E\\$2:\\$E\\$${last},A\\d+,'Belegliste'!\\$F\\$2:\\$F\\$${last}\\)$`));
    }
    expect(statement.values).toContain(total / 100);
    expect(statement.values).toContain(96_000);
  });

  it('Sachstandsbericht for the Jugendhilfeausschuss: milestones, deadlines and money as of today', async () => {
    const { doc, bytes } = await generate(`/api/v1/programmes/${data.running.programmeId}/status-report`, undefined, {
      kind: 'status_report_pdf',
      subjectType: 'funding_programme',
      subjectId: data.running.programmeId,
      version: 1,
    });
    expect(doc.fileName).toMatch(/^Sachstandsbericht-Präventionsketten-Niedersachsen.*-v1\.pdf$/);
    const called = await sum(`SELECT sum(amount_cents) AS s FROM disbursement_request WHERE application_id = $1 AND status IN ('sent', 'paid')`, [data.running.applicationId]);
    const spent = await receiptsSum(today);
    const text = await pdfText(bytes);
    for (const expected of [
      'Sachstandsbericht',
      `Bericht für den ${data.committee.name} am ${date(data.committee.sessionDate)}`,
      data.running.programmeName,
      'Bestandsaufnahme der Angebote für Kinder bis zehn Jahre',
      'überfällig',
      'erreicht am 14.09.2025',
      euro(called),
      euro(spent),
      'Befristung der Stelle endet: Netzwerkkoordination Präventionskette',
    ]) {
      expect(text).toContain(normalizePdfText(expected));
    }
  });

  it('finance workbook 2026 of product 3636: budget lines, the ledger and the position’s sheet', async () => {
    const { doc, bytes } = await generate('/api/v1/finance-workbooks', { fiscalYear: 2026, productId: data.budget.productId }, {
      kind: 'finance_workbook_xlsx',
      subjectType: 'budget',
      subjectId: `2026:${data.budget.productId}`,
      fileName: 'Finanzübersicht-2026-Produkt-3636-v1.xlsx',
      version: 1,
    });
    expect(doc.sizeBytes).toBeGreaterThan(0);
    const wb = await readWorkbook(bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual([SHEET_OVERVIEW, SHEET_LEDGER, expect.stringMatching(new RegExp(`^${STAFF_SHEET_PREFIX}Netzwerkkoordination`))]);
    const ledger = await query(
      `SELECT le.id::text AS id, le.amount_cents, le.text FROM ledger_entry le WHERE le.organisation_id = $1 ORDER BY le.id`,
      [h.peine.org.id],
    );
    expect(ledger).toHaveLength(4);
    const booked = cellsOf(wb.getWorksheet(SHEET_LEDGER)!).values;
    for (const e of ledger) {
      expect(booked).toContain(e.id);
      expect(booked).toContain(Number(e.amount_cents) / 100);
      expect(booked).toContain(e.text);
    }
    // The overview: each budget line's plan as stored, and Ist etc. as formulas over the ledger sheet (recalculated by the reader).
    const overview = cellsOf(wb.getWorksheet(SHEET_OVERVIEW)!);
    const plans = await query(`SELECT planned_cents FROM budget_line WHERE organisation_id = $1 AND fiscal_year = 2026`, [h.peine.org.id]);
    for (const p of plans) expect(overview.values).toContain(Number(p.planned_cents) / 100);
    expect(overview.formulas.filter((f) => f.includes(`SUMIFS(${SHEET_LEDGER}!$G:$G`) && f.includes('"Ist"'))).toHaveLength(3);
    const staff = cellsOf(wb.worksheets[2]!).values;
    expect(staff).toContain(4200);
    expect(staff).toContain(2520);
  });

  it('every PDF generated through the api is PDF/A-2b and PDF/UA-1 (veraPDF)', async () => {
    expect(pdfs.map((p) => p.name.split('-')[0])).toEqual(['Förderantrag', 'Mittelabruf', 'Zwischennachweis', 'Sachbericht', 'Zahlenmäßiger', 'Sachstandsbericht']);
    const results = await validatePdfs(pdfs, ['2b', 'ua1']);
    const failed = results.filter((r) => !r.passed);
    if (failed.length) throw new Error(describeValidations(failed));
    expect(results.map((r) => r.passed)).toEqual(pdfs.map(() => true));
  });

  it('after a change, a new rendering is version 2; version 1 stays downloadable with its old checksum and figures', async () => {
    const url = appUrl();
    const body = { kind: 'interim-report', fiscalYear: 2025 };
    const list = await apiRequest(api, 'GET', `/api/v1/documents?subjectType=interim_report&subjectId=${data.running.applicationId}:2025`, asPeine);
    expect(list.body.total).toBe(1);
    const v1 = list.body.items[0];
    const before = await receiptsSum('2025-12-31');
    await query(
      `INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       SELECT organisation_id, application_id, 6, '2025-11-20', 'Gemeinde Ilsede', 'Raummiete Fachtag', 50000, cost_category, cost_plan_label FROM receipt WHERE application_id = $1 AND sequence_no = 2`,
      [data.running.applicationId],
    );
    const after = await receiptsSum('2025-12-31');
    expect(after).toBe(before + 50_000);
    const { doc: v2, bytes } = await generate(url, body, { version: 2, subjectId: v1.subjectId, kind: 'interim_report_pdf' });
    expect(v2.id).not.toBe(v1.id);
    expect(v2.sha256).not.toBe(v1.sha256);
    expect(await pdfText(bytes)).toContain(euro(after));

    const old = await api.inject({ method: 'GET', url: v1.contentUrl, headers: asPeine });
    expect(old.statusCode).toBe(200);
    expect(sha256(old.rawPayload)).toBe(v1.sha256);
    expect(old.headers['etag']).toBe(`"${v1.sha256}"`);
    const oldText = await pdfText(old.rawPayload);
    expect(oldText).toContain(euro(before));
    expect(oldText).not.toContain(euro(after));
    const audit = await query(`SELECT after->>'version' AS v FROM audit_event WHERE action = 'document.generated' AND subject_type = 'interim_report' ORDER BY id`);
    expect(audit.map((a: Json) => a.v)).toEqual(['1', '2']);
  });

  it("another organisation's ids are not found, exactly like unknown ones, and nothing is stored", async () => {
    const count = async () => Number((await query(`SELECT count(*) AS n FROM document`))[0].n);
    const stored = await count();
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [url, body] of [
      [appUrl(), { kind: 'proof-of-use-report' }],
      [`/api/v1/applications/${unknown}/documents`, { kind: 'application-form' }],
      ['/api/v1/applications/not-a-uuid/documents', { kind: 'application-form' }],
      [`/api/v1/disbursement-requests/${data.running.disbursementRequestIds[0]}/documents`, undefined],
      [`/api/v1/disbursement-requests/${unknown}/documents`, undefined],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, undefined],
    ] as const) {
      const res = await post(url, body, asKassel);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(data.running.title);
    }
    const workbook = await post('/api/v1/finance-workbooks', { fiscalYear: 2026, productId: data.budget.productId }, asKassel);
    expect(workbook.status).toBe(400);
    expect(workbook.body.problems).toEqual([{ field: 'productId', reason: 'no budget product with this id in your organisation' }]);
    const list = await apiRequest(api, 'GET', '/api/v1/documents', asKassel);
    expect(list.body.total).toBe(0);
    expect(await count()).toBe(stored);
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: Array<[string, object | undefined, string]> = [
      [appUrl(), {}, 'kind'],
      [appUrl(), { kind: 'council-paper' }, 'kind'],
      [appUrl(), { kind: 'interim-report' }, 'fiscalYear'],
      [appUrl(), { kind: 'interim-report', fiscalYear: 1999 }, 'fiscalYear'],
      [appUrl(), { kind: 'proof-of-use-report', fiscalYear: 2026 }, 'fiscalYear'],
      [appUrl(), { kind: 'proof-of-use-report', extra: true }, 'extra'],
      ['/api/v1/finance-workbooks', { fiscalYear: 'next' }, 'fiscalYear'],
      ['/api/v1/finance-workbooks', { fiscalYear: 2026, productId: 'x' }, 'productId'],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, { sessionDate: '2026-02-30' }, 'sessionDate'],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, { applicationId: data.planned.applicationId }, 'applicationId'],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, { applicationId: 'x' }, 'applicationId'],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, { committeeId: data.running.programmeId }, 'committeeId'],
      [`/api/v1/programmes/${data.running.programmeId}/status-report`, { asOf: '2026-01-01' }, 'asOf'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.problems.map((p: Json) => p.field)).toContain(field);
    }
  });

  it('data that does not allow the document yet is a 409 that says why', async () => {
    const cases: Array<[string, object, RegExp]> = [
      [`/api/v1/applications/${data.planned.applicationId}/documents`, { kind: 'proof-of-use-statement' }, /has no funding notice/],
      [`/api/v1/applications/${data.planned.applicationId}/documents`, { kind: 'interim-report', fiscalYear: 2027 }, /has no funding notice/],
      [appUrl(), { kind: 'interim-report', fiscalYear: 2028 }, /no Zwischennachweis is due for 2028/],
      [appUrl(), { kind: 'interim-report', fiscalYear: 2031 }, /no Zwischennachweis is due for 2031/],
      [appUrl(), { kind: 'application-form' }, /project period began on 01\.07\.2025/],
      ['/api/v1/finance-workbooks', { fiscalYear: 2030 }, /no budget lines for 2030/],
    ];
    for (const [url, body, reason] of cases) {
      const res = await post(url, body);
      expect({ body, status: res.status }).toEqual({ body, status: 409 });
      expect(res.body.message).toMatch(reason);
      expect(res.body.problems?.length).toBeGreaterThan(0);
    }
  });
});

import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppUserEntity, CommitteeEntity, DepartmentEntity, OrganisationEntity } from '@app/database';
import { VORLAGE_2021_844 } from '@app/documents';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { councilPaperBody, createCommittee, createDepartment } from '../support/factories';
import { extractPageTexts, normalizePdfText } from '../support/pdf-text';

type Headers = Record<string, string>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const v = VORLAGE_2021_844;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** What a screen reader reads of a PDF (page furniture left out), whitespace normalised. */
async function pdfText(pdf: Buffer): Promise<string> {
  return normalizePdfText((await extractPageTexts(pdf, { skipArtifacts: true })).join('\n'));
}

/**
 * Generated documents end to end: Vorlage 2021/844 rendered from its stored data into a PDF,
 * stored with checksum and version, listed and described without its bytes, downloaded with
 * ETag and file name and read back; a new rendering after a change is version 2 while version 1
 * stays as it was; damaged bytes are never served; another organisation sees nothing.
 */
describe('api: generated documents (council paper PDFs)', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let peineUser: AppUserEntity;
  let asPeine: Headers;
  let asKassel: Headers;
  let jugendamt: DepartmentEntity;
  let gleichstellung: CommitteeEntity;
  let paper: Json;
  let doc: Json;
  let pdf: Buffer;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) => api.inject({ method, url, headers, payload });
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.dataSource.query(sql, params))[0].n);
  const generate = async (paperId: string): Promise<Json> => {
    const res = await call('POST', `/api/v1/council-papers/${paperId}/documents`, asPeine);
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const download = async (documentId: string, headers = asPeine) => call('GET', `/api/v1/documents/${documentId}/content`, headers);
  const createPaper = async (body: object): Promise<Json> => {
    const res = await call('POST', '/api/v1/council-papers', asPeine, body);
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApiHarness('documents-test');
    ({ db, api } = h);
    ({ org: peine, user: peineUser, headers: asPeine } = h.peine);
    asKassel = h.kassel.headers;
    jugendamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Jugendamt' });
    gleichstellung = await createCommittee(db.dataSource, peine, { name: 'Ausschuss für Gleichstellung, Arbeit und Soziales' });

    paper = await createPaper(councilPaperBody(v, { leadDepartmentId: jugendamt.id, committeeIds: { [gleichstellung.name]: gleichstellung.id } }));
    const released = await call('POST', `/api/v1/council-papers/${paper.id}/release`, asPeine, { version: 1 });
    expect(released.statusCode).toBe(200);
    paper = released.json();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  describe('Vorlage 2021/844 as a PDF', () => {
    it('renders the paper and stores it as version 1 with checksum, size and file name, audited', async () => {
      doc = await generate(paper.id);
      expect(doc).toEqual({
        id: expect.any(String),
        kind: 'council_paper_pdf',
        subjectType: 'council_paper',
        subjectId: paper.id,
        version: 1,
        fileName: 'Vorlage-2021-844-v1.pdf',
        mediaType: 'application/pdf',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        sizeBytes: expect.any(Number),
        createdBy: `user:${peineUser.id}`,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        contentUrl: `/api/v1/documents/${doc.id}/content`,
      });
      const [row] = await db.dataSource.query(`SELECT organisation_id, sha256, size_bytes, octet_length(content) AS length, encode(sha256(content), 'hex') AS actual FROM document WHERE id = $1`, [doc.id]);
      expect(row).toEqual({ organisation_id: peine.id, sha256: doc.sha256, size_bytes: doc.sizeBytes, length: doc.sizeBytes, actual: doc.sha256 });

      const audit = await db.dataSource.query(`SELECT actor, action, subject_type, subject_id, after, request_id FROM audit_event WHERE action = 'document.generated'`);
      const { contentUrl: _url, ...metadata } = doc;
      expect(audit).toEqual([
        { actor: `user:${peineUser.id}`, action: 'document.generated', subject_type: 'council_paper', subject_id: paper.id, after: metadata, request_id: expect.stringMatching(/.+/) },
      ]);
      expect(audit[0].after).toMatchObject({ version: 1, sha256: doc.sha256 });
    });

    it('serves the bytes as an attachment with the file name, the PDF type and the SHA-256 as ETag', async () => {
      const res = await download(doc.id);
      expect(res.statusCode).toBe(200);
      pdf = res.rawPayload;
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('attachment; filename="Vorlage-2021-844-v1.pdf"');
      expect(res.headers['etag']).toBe(`"${doc.sha256}"`);
      expect(sha256(pdf)).toBe(doc.sha256);
      expect(pdf.length).toBe(doc.sizeBytes);
      expect(Number(res.headers['content-length'])).toBe(doc.sizeBytes);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });

    it('holds the paper as stored: number, date, committee, session date, cost, title and the text', async () => {
      const text = await pdfText(pdf);
      for (const expected of [
        'Landkreis Peine',
        'Informationsvorlage',
        'Vorlagennummer: 2021/844',
        'Datum: 30.03.2021',
        'Federführend: Fachdienst Jugendamt',
        'Ausschuss für Gleichstellung, Arbeit und Soziales (Kenntnisnahme) 26.04.2021 Ö',
        'Kosten (Betrag in €): 56.700,00 €',
        'Im Budget enthalten: ja',
        'Bezugsvorlagen: 2020/608',
        v.title,
        v.sections.description[0]!,
        v.sections.resources[0]!,
      ]) {
        expect(text).toContain(normalizePdfText(expected));
      }
    });

    it('answers a conditional request with the current ETag with 304 and no bytes', async () => {
      const res = await call('GET', `/api/v1/documents/${doc.id}/content`, { ...asPeine, 'if-none-match': `W/"0000", "${doc.sha256}"` });
      expect(res.statusCode).toBe(304);
      expect(res.rawPayload.length).toBe(0);
      expect(res.headers['etag']).toBe(`"${doc.sha256}"`);
      const stale = await call('GET', `/api/v1/documents/${doc.id}/content`, { ...asPeine, 'if-none-match': '"0000"' });
      expect(stale.statusCode).toBe(200);
      expect(stale.rawPayload.equals(pdf)).toBe(true);
    });

    it('describes the document and lists it without ever loading the bytes', async () => {
      const meta = await call('GET', `/api/v1/documents/${doc.id}`, asPeine);
      expect(meta.statusCode).toBe(200);
      expect(meta.json()).toEqual(doc);

      const appDataSource = api.get(DataSource);
      const spy = jest.spyOn(appDataSource, 'query');
      const list = await call('GET', `/api/v1/documents?subjectType=council_paper&subjectId=${paper.id}&kind=council_paper_pdf`, asPeine);
      const statements = spy.mock.calls.map((c) => String(c[0]));
      spy.mockRestore();
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [doc], total: 1, limit: 50, offset: 0 });
      expect(statements.some((sql) => /FROM document/.test(sql))).toBe(true);
      for (const sql of statements) expect(sql).not.toMatch(/\bcontent\b/);
      expect(list.json().items[0]).not.toHaveProperty('content');
    });
  });

  describe('versions', () => {
    let draft: Json;
    let v1: Json;
    let v1Bytes: Buffer;

    it('renders a draft, and after a change renders version 2 while version 1 stays downloadable and unchanged', async () => {
      draft = await createPaper({
        ...councilPaperBody(v, { leadDepartmentId: jugendamt.id, committeeIds: { [gleichstellung.name]: gleichstellung.id } }),
        number: '2026/112',
        paperDate: '2026-02-02',
        title: 'Präventionskette: Zwischenbericht 2025',
        costCents: 1_234_500,
      });
      v1 = await generate(draft.id);
      expect(v1).toMatchObject({ version: 1, fileName: 'Vorlage-2026-112-v1.pdf', subjectId: draft.id });
      v1Bytes = (await download(v1.id)).rawPayload;
      expect(sha256(v1Bytes)).toBe(v1.sha256);

      const changed = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: draft.version, title: 'Präventionskette: Zwischenbericht 2025 (überarbeitet)', costCents: 2_000_000 });
      expect(changed.statusCode).toBe(200);
      const v2 = await generate(draft.id);
      expect(v2).toMatchObject({ version: 2, fileName: 'Vorlage-2026-112-v2.pdf', subjectType: 'council_paper', subjectId: draft.id, kind: 'council_paper_pdf' });
      expect(v2.id).not.toBe(v1.id);
      expect(v2.sha256).not.toBe(v1.sha256);

      const first = await download(v1.id);
      expect(first.statusCode).toBe(200);
      expect(first.headers['etag']).toBe(`"${v1.sha256}"`);
      expect(first.rawPayload.equals(v1Bytes)).toBe(true);
      expect((await call('GET', `/api/v1/documents/${v1.id}`, asPeine)).json()).toEqual(v1);

      const second = await download(v2.id);
      expect(second.headers['content-disposition']).toBe('attachment; filename="Vorlage-2026-112-v2.pdf"');
      expect(sha256(second.rawPayload)).toBe(v2.sha256);
      const [oldText, newText] = await Promise.all([pdfText(first.rawPayload), pdfText(second.rawPayload)]);
      expect(oldText).toContain('Präventionskette: Zwischenbericht 2025');
      expect(oldText).not.toContain('(überarbeitet)');
      expect(oldText).toContain('12.345,00 €');
      expect(newText).toContain('Präventionskette: Zwischenbericht 2025 (überarbeitet)');
      expect(newText).toContain('20.000,00 €');

      const versions = await call('GET', `/api/v1/documents?subjectType=council_paper&subjectId=${draft.id}&sort=version`, asPeine);
      expect(versions.json()).toMatchObject({ total: 2, items: [{ id: v1.id, version: 1 }, { id: v2.id, version: 2 }] });
      expect((await call('GET', `/api/v1/documents?subjectId=${draft.id}&sort=-version&limit=1`, asPeine)).json()).toMatchObject({ total: 2, items: [{ id: v2.id }] });
    });

    it('gives concurrent renderings of one paper distinct versions', async () => {
      const results = await Promise.all([1, 2].map(() => call('POST', `/api/v1/council-papers/${draft.id}/documents`, asPeine)));
      expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(results.map((r) => r.json().version).sort()).toEqual([3, 4]);
      expect(results.map((r) => r.json().fileName).sort()).toEqual(['Vorlage-2026-112-v3.pdf', 'Vorlage-2026-112-v4.pdf']);
    });

    it('refuses to render a Beschlussvorlage without a Beschlussvorschlag (409), and stores nothing', async () => {
      const decision = await createPaper({
        paperType: 'decision',
        paperDate: '2026-02-03',
        leadDepartmentId: jugendamt.id,
        title: 'Beschlussvorlage ohne Vorschlag',
      });
      const res = await call('POST', `/api/v1/council-papers/${decision.id}/documents`, asPeine);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'state_conflict', message: expect.stringContaining('has no Beschlussvorschlag') });
      expect(await count(`SELECT count(*) AS n FROM document WHERE subject_id = $1`, [decision.id])).toBe(0);
    });

    it('stores nothing when the transaction fails half-way (here: the audit event)', async () => {
      const before = await count(`SELECT count(*) AS n FROM document`);
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', `/api/v1/council-papers/${draft.id}/documents`, asPeine);
      spy.mockRestore();
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(await count(`SELECT count(*) AS n FROM document`)).toBe(before);
      expect((await generate(draft.id)).version).toBe(5);
    });
  });

  describe('integrity', () => {
    it('never serves bytes that no longer match their checksum: 500 with an error id instead', async () => {
      // Damage one byte behind the database's back (its check constraint would refuse the update).
      await db.dataSource.query(`ALTER TABLE document DROP CONSTRAINT document_sha256_check`);
      await db.dataSource.query(`UPDATE document SET content = set_byte(content, 200, (get_byte(content, 200) + 1) % 256) WHERE id = $1`, [doc.id]);
      try {
        const res = await download(doc.id);
        expect(res.statusCode).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['etag']).toBeUndefined();
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.json()).toEqual({ statusCode: 500, error: 'internal_error', message: `internal error, id ${res.json().errorId}`, errorId: expect.any(String), requestId: expect.any(String) });
        expect(res.body).not.toContain('%PDF');
        expect(res.body).not.toContain(doc.sha256);
      } finally {
        await db.dataSource.query(`UPDATE document SET content = set_byte(content, 200, (get_byte(content, 200) + 255) % 256) WHERE id = $1`, [doc.id]);
        await db.dataSource.query(`ALTER TABLE document ADD CONSTRAINT document_sha256_check CHECK ("sha256" = encode(sha256("content"), 'hex'))`);
      }
      const repaired = await download(doc.id);
      expect(repaired.statusCode).toBe(200);
      expect(repaired.rawPayload.equals(pdf)).toBe(true);
    });
  });

  describe('errors and tenant isolation', () => {
    it('answers 404 for unknown and malformed ids, and 400 for bad list parameters', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
        for (const url of [`/api/v1/documents/${id}`, `/api/v1/documents/${id}/content`]) {
          const res = await call('GET', url, asPeine);
          expect(res.statusCode).toBe(404);
          expect(res.json()).toMatchObject({ error: 'not_found', message: `document ${id} not found` });
        }
        const generateUnknown = await call('POST', `/api/v1/council-papers/${id}/documents`, asPeine);
        expect(generateUnknown.statusCode).toBe(404);
        expect(generateUnknown.json()).toMatchObject({ error: 'not_found', message: `council paper ${id} not found` });
      }
      const cases: Array<[string, string, string]> = [
        ['?subjectType=Council-Paper', 'subjectType', 'subjectType must be a lower-case name such as council_paper'],
        ['?kind=PDF', 'kind', 'kind must be a lower-case name such as council_paper_pdf'],
        ['?sort=content', 'sort', 'cannot sort by "content"; allowed: createdAt, version'],
        ['?content=1', 'content', 'property content should not exist'],
      ];
      for (const [query, field, reason] of cases) {
        const res = await call('GET', `/api/v1/documents${query}`, asPeine);
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([{ field, reason }]);
      }
    });

    it('gives another organisation 404 for the document, its bytes and the rendering, and nothing in lists', async () => {
      const before = await count(`SELECT count(*) AS n FROM document`);
      for (const url of [`/api/v1/documents/${doc.id}`, `/api/v1/documents/${doc.id}/content`]) {
        const res = await call('GET', url, asKassel);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: 'not_found', message: `document ${doc.id} not found` });
        expect(res.body).not.toContain('%PDF');
      }
      const conditional = await call('GET', `/api/v1/documents/${doc.id}/content`, { ...asKassel, 'if-none-match': `"${doc.sha256}"` });
      expect(conditional.statusCode).toBe(404);
      const render = await call('POST', `/api/v1/council-papers/${paper.id}/documents`, asKassel);
      expect(render.statusCode).toBe(404);
      expect(await count(`SELECT count(*) AS n FROM document`)).toBe(before);
      for (const query of ['', `?subjectType=council_paper&subjectId=${paper.id}`, '?kind=council_paper_pdf']) {
        expect((await call('GET', `/api/v1/documents${query}`, asKassel)).json()).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
      }
      expect((await call('GET', '/api/v1/documents?limit=200', asPeine)).json().total).toBe(before);
    });
  });
});

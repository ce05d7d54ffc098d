import { extractPageTexts, normalizePdfText } from '../support/pdf-text';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppUserEntity, DepartmentEntity, FundingProgrammeEntity, OrganisationEntity } from '@app/database';
import { addDays } from '@app/calendar';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, eventually, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createCommittee, createDepartment, createProgramme } from '../support/factories';

type Headers = Record<string, string>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Funding applications end to end through the real api: create (revision 1), read, list with every
 * filter and sort, changes to a draft with optimistic locking, amendments as new revisions, the
 * error cases, atomic writes with their audit events, and tenant isolation.
 */
describe('api: funding applications', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let peineUser: AppUserEntity;
  let asPeine: Headers;
  let asKassel: Headers;
  let jugendamt: DepartmentEntity;
  let gesundheitsamt: DepartmentEntity;
  let praeventionsketten: FundingProgrammeEntity;
  let kinderstark: FundingProgrammeEntity;
  let kasselProgramme: FundingProgrammeEntity;
  let kasselDepartment: DepartmentEntity;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload?: object) => api.inject({ method, url, headers, payload });
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.dataSource.query(sql, params))[0].n);
  const rowCounts = async () => ({
    applications: await count(`SELECT count(*) AS n FROM funding_application`),
    revisions: await count(`SELECT count(*) AS n FROM application_revision`),
    costLines: await count(`SELECT count(*) AS n FROM cost_plan_line`),
    financingLines: await count(`SELECT count(*) AS n FROM financing_plan_line`),
    audit: await count(`SELECT count(*) AS n FROM audit_event`),
  });
  const setStatus = (id: string, status: string) => db.dataSource.query(`UPDATE funding_application SET status = $2 WHERE id = $1`, [id, status]);

  /** A valid application: 3 years, 100,000.00 € cost, financed 80 % by the funder, 20 % own share. */
  const body = (over: object = {}): Json => ({
    programmeId: praeventionsketten.id,
    leadDepartmentId: jugendamt.id,
    title: 'Präventionskette Landkreis Peine',
    description: 'Netzwerkkoordination für die Präventionskette in den Städten und Gemeinden',
    periodStart: '2026-01-01',
    periodEnd: '2028-12-31',
    costPlan: [
      { category: 'personnel', label: 'Netzwerkkoordination (S 12, 39 h)', fiscalYear: 2026, amountCents: 8_000_000 },
      { category: 'material', label: 'Sachkosten Netzwerktreffen', amountCents: 2_000_000 },
    ],
    financingPlan: [
      { source: 'funder', label: 'Zuwendung Land Niedersachsen', amountCents: 8_000_000 },
      { source: 'own', label: 'Eigenmittel Landkreis', amountCents: 2_000_000 },
    ],
    ...over,
  });

  const create = async (over: object = {}, headers = asPeine): Promise<Json> => {
    const res = await call('POST', '/api/v1/applications', headers, body(over));
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApiHarness('applications-test');
    ({ db, api } = h);
    ({ org: peine, user: peineUser, headers: asPeine } = h.peine);
    asKassel = h.kassel.headers;
    jugendamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Jugendamt', shortName: 'FD 51' });
    gesundheitsamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Gesundheitsamt', shortName: 'FD 53' });
    praeventionsketten = await createProgramme(db.dataSource, peine, {
      name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
      legalBasis: 'private_contract',
      anbestVariant: null,
      financingType: 'deficit',
      rateBp: null,
      minPeriodMonths: 36,
      maxPeriodMonths: 48,
    });
    kinderstark = await createProgramme(db.dataSource, peine, { name: 'kinderstark – NRW schafft Chancen' });
    const kassel = h.kassel.org;
    kasselProgramme = await createProgramme(db.dataSource, kassel);
    kasselDepartment = await createDepartment(db.dataSource, kassel, { name: 'Fachbereich Jugend' });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  describe('create and read', () => {
    it('creates a draft with revision 1, its lines numbered and totals in cents, audited with actor and request id', async () => {
      const res = await call('POST', '/api/v1/applications', asPeine, body());
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        programmeId: praeventionsketten.id,
        programmeName: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
        leadDepartmentId: jugendamt.id,
        leadDepartmentName: 'Fachdienst Jugendamt',
        title: 'Präventionskette Landkreis Peine',
        periodStart: '2026-01-01',
        periodEnd: '2028-12-31',
        status: 'draft',
        currentRevision: 1,
        version: 1,
        costPlan: [
          { lineNo: 1, category: 'personnel', label: 'Netzwerkkoordination (S 12, 39 h)', fiscalYear: 2026, amountCents: 8_000_000 },
          { lineNo: 2, category: 'material', label: 'Sachkosten Netzwerktreffen', fiscalYear: null, amountCents: 2_000_000 },
        ],
        financingPlan: [
          { lineNo: 1, source: 'funder', label: 'Zuwendung Land Niedersachsen', amountCents: 8_000_000 },
          { lineNo: 2, source: 'own', label: 'Eigenmittel Landkreis', amountCents: 2_000_000 },
        ],
        totals: { costCents: 10_000_000, financingCents: 10_000_000, ownCents: 2_000_000, funderCents: 8_000_000, thirdPartyCents: 0 },
      });

      const read = await call('GET', `/api/v1/applications/${created.id}`, asPeine);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(created);

      const revisions = await db.dataSource.query(`SELECT revision_no, reason, created_by FROM application_revision WHERE application_id = $1`, [created.id]);
      expect(revisions).toEqual([{ revision_no: 1, reason: '', created_by: `user:${peineUser.id}` }]);
      const audit = await db.dataSource.query(`SELECT organisation_id, actor, action, before, after, request_id FROM audit_event WHERE subject_id = $1`, [created.id]);
      expect(audit).toEqual([
        { organisation_id: peine.id, actor: `user:${peineUser.id}`, action: 'application.created', before: null, after: created, request_id: expect.stringMatching(/.+/) },
      ]);
    });

    it('answers 404 for an unknown id and a malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
        const res = await call('GET', `/api/v1/applications/${id}`, asPeine);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: 'not_found', message: `application ${id} not found` });
      }
    });

    it('rejects bad input with the field and the reason, nested lines included', async () => {
      const res = await call(
        'POST',
        '/api/v1/applications',
        asPeine,
        body({
          status: 'approved',
          periodStart: '2026-02-30',
          costPlan: [
            { category: 'personnel', label: 'Stelle', amountCents: 12.5 },
            { category: 'travel', label: '', amountCents: Number.MAX_SAFE_INTEGER + 2, extra: 1 },
            { category: 'other', label: 'Minus', amountCents: -1 },
          ],
          financingPlan: [{ source: 'funder', label: 'Zuwendung', amountCents: '100' }],
        }),
      );
      expect(res.statusCode).toBe(400);
      const problems = res.json().problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'status', reason: 'property status should not exist' },
          { field: 'periodStart', reason: 'periodStart must be a valid calendar date' },
          { field: 'costPlan.0.amountCents', reason: 'amountCents must be an integer number of cents' },
          { field: 'costPlan.1.category', reason: expect.stringContaining('category must be one of the following values') },
          { field: 'costPlan.1.label', reason: 'label should not be empty' },
          { field: 'costPlan.1.amountCents', reason: `amountCents must not be greater than ${Number.MAX_SAFE_INTEGER}` },
          { field: 'costPlan.1.extra', reason: 'property extra should not exist' },
          { field: 'costPlan.2.amountCents', reason: 'amountCents must not be less than 0' },
          { field: 'financingPlan.0.amountCents', reason: 'amountCents must be an integer number of cents' },
        ]),
      );
      const empty = await call('POST', '/api/v1/applications', asPeine, body({ costPlan: [], financingPlan: 'none' }));
      expect(empty.statusCode).toBe(400);
      expect(empty.json().problems).toEqual(
        expect.arrayContaining([
          { field: 'costPlan', reason: 'costPlan must contain at least 1 elements' },
          { field: 'financingPlan', reason: 'financingPlan must be an array' },
        ]),
      );
    });

    it('applies the period rules of the programme and checks fiscal years against the period', async () => {
      const cases: Array<[object, Array<{ field: string; reason: string }>]> = [
        [{ periodStart: '2026-01-01', periodEnd: '2026-01-01' }, [{ field: 'periodEnd', reason: 'must be after periodStart (2026-01-01)' }]],
        [{ periodEnd: '2028-12-30' }, [{ field: 'periodEnd', reason: 'the programme asks for at least 36 months: end on or after 2028-12-31' }]],
        [{ periodEnd: '2030-01-01' }, [{ field: 'periodEnd', reason: 'the programme allows at most 48 months: end on or before 2029-12-31' }]],
        [
          { costPlan: [{ category: 'personnel', label: 'Stelle', fiscalYear: 2025, amountCents: 10_000_000 }] },
          [{ field: 'costPlan.0.fiscalYear', reason: '2025 is not a year of the project period 2026-01-01 to 2028-12-31' }],
        ],
      ];
      for (const [over, problems] of cases) {
        const res = await call('POST', '/api/v1/applications', asPeine, body(over));
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual(problems);
      }
      // exactly 36 and 48 months are allowed
      await create({ periodEnd: '2029-12-31', title: 'Grenzfall 48 Monate' });
    });

    it('refuses unknown and foreign programme and department ids alike, on their fields', async () => {
      for (const [programmeId, leadDepartmentId] of [
        ['00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000001'],
        [kasselProgramme.id, kasselDepartment.id],
      ]) {
        const res = await call('POST', '/api/v1/applications', asPeine, body({ programmeId, leadDepartmentId }));
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([
          { field: 'programmeId', reason: 'no programme with this id in your organisation' },
          { field: 'leadDepartmentId', reason: 'no department with this id in your organisation' },
        ]);
      }
    });

    it('refuses a financing plan that does not balance the cost plan and leaves no rows and no audit event', async () => {
      const before = await rowCounts();
      const res = await call('POST', '/api/v1/applications', asPeine, body({ financingPlan: [{ source: 'funder', label: 'Zuwendung', amountCents: 9_999_999 }] }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'validation_failed',
        problems: [{ field: 'financingPlan', reason: 'the financing plan (99.999,99 €) must cover the cost plan total (100.000,00 €) exactly; difference -0,01 €' }],
      });
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses plan totals beyond the exactly representable, though each line is fine', async () => {
      const half = Math.ceil(Number.MAX_SAFE_INTEGER / 2) + 1;
      const res = await call(
        'POST',
        '/api/v1/applications',
        asPeine,
        body({
          costPlan: [
            { category: 'other', label: 'a', amountCents: half },
            { category: 'other', label: 'b', amountCents: half },
          ],
          financingPlan: [
            { source: 'own', label: 'a', amountCents: half },
            { source: 'own', label: 'b', amountCents: half },
          ],
        }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual([
        { field: 'costPlan', reason: 'the total exceeds the largest amount that can be held exactly' },
        { field: 'financingPlan', reason: 'the total exceeds the largest amount that can be held exactly' },
      ]);
    });

    it('writes nothing at all when the transaction fails half-way (here: the audit event)', async () => {
      const before = await rowCounts();
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', '/api/v1/applications', asPeine, body({ title: 'Halb geschrieben' }));
      spy.mockRestore();
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(res.body).not.toContain('audit store down');
      expect(await rowCounts()).toEqual(before);
      expect(await count(`SELECT count(*) AS n FROM funding_application WHERE title = 'Halb geschrieben'`)).toBe(0);
    });
  });

  describe('list', () => {
    const ids: Record<string, string> = {};
    let baseTotal: number;

    beforeAll(async () => {
      baseTotal = await count(`SELECT count(*) AS n FROM funding_application WHERE organisation_id = $1`, [peine.id]);
      const plain = { costPlan: [{ category: 'other', label: 'Kosten', amountCents: 500_000 }], financingPlan: [{ source: 'funder', label: 'Zuwendung', amountCents: 500_000 }] };
      const kinder = { ...plain, programmeId: kinderstark.id };
      const specs: Array<[string, object, string]> = [
        ['familienzentrum', { ...plain, title: 'Familienzentrum_Nord', periodStart: '2027-01-01', periodEnd: '2029-12-31' }, 'submitted'],
        ['kinderschutz', { ...kinder, title: '100% Kinderschutz', periodStart: '2024-01-01', periodEnd: '2024-06-30', costPlan: [{ category: 'other', label: 'x', amountCents: 1_000 }], financingPlan: [{ source: 'own', label: 'x', amountCents: 1_000 }] }, 'approved'],
        ['aerztlich', { ...kinder, leadDepartmentId: gesundheitsamt.id, title: 'Ärztliche Lotsen für Familien', periodStart: '2025-07-01', periodEnd: '2026-06-30' }, 'closed'],
        ['zukunft', { ...kinder, title: 'Zukunftswerkstatt Jugend', periodStart: '2029-07-01', periodEnd: '2030-06-30' }, 'draft'],
        ['netzwerk', { ...plain, leadDepartmentId: gesundheitsamt.id, title: 'PRÄVENTIONSNETZWERK Gesundheit', periodStart: '2026-06-01', periodEnd: '2029-05-31' }, 'submitted'],
      ];
      for (const [key, over, status] of specs) {
        ids[key] = (await create(over)).id;
        if (status !== 'draft') await setStatus(ids[key]!, status);
      }
    });

    const list = async (query: string, headers = asPeine): Promise<Json> => {
      const res = await call('GET', `/api/v1/applications${query}`, headers);
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const titles = async (query: string): Promise<string[]> => (await list(query)).items.map((a: Json) => a.title);

    it('lists newest first by default, with the summary fields and the cost total of the current revision', async () => {
      const page = await list('?limit=5');
      expect(page.total).toBe(baseTotal + 5);
      expect(page.items.map((a: Json) => a.id)).toEqual([ids.netzwerk, ids.zukunft, ids.aerztlich, ids.kinderschutz, ids.familienzentrum]);
      expect(page.items[3]).toEqual({
        id: ids.kinderschutz,
        title: '100% Kinderschutz',
        programmeId: kinderstark.id,
        programmeName: 'kinderstark – NRW schafft Chancen',
        leadDepartmentId: jugendamt.id,
        leadDepartmentName: 'Fachdienst Jugendamt',
        status: 'approved',
        periodStart: '2024-01-01',
        periodEnd: '2024-06-30',
        currentRevision: 1,
        costTotalCents: 1_000,
        version: 1,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    });

    it('filters by one or several statuses, repeated or comma-separated', async () => {
      expect(await titles('?status=submitted&sort=title')).toEqual(['Familienzentrum_Nord', 'PRÄVENTIONSNETZWERK Gesundheit']);
      const several = await titles('?status=approved&status=closed&sort=title');
      expect(several).toEqual(['100% Kinderschutz', 'Ärztliche Lotsen für Familien']);
      expect(await titles('?status=approved,closed&sort=title')).toEqual(several);
    });

    it('filters by programme and by lead department', async () => {
      expect(await titles(`?programmeId=${kinderstark.id}&sort=title`)).toEqual(['100% Kinderschutz', 'Ärztliche Lotsen für Familien', 'Zukunftswerkstatt Jugend']);
      expect(await titles(`?leadDepartmentId=${gesundheitsamt.id}&sort=title`)).toEqual(['Ärztliche Lotsen für Familien', 'PRÄVENTIONSNETZWERK Gesundheit']);
      expect(await titles(`?leadDepartmentId=${gesundheitsamt.id}&programmeId=${kinderstark.id}`)).toEqual(['Ärztliche Lotsen für Familien']);
    });

    it('filters by an overlapping period, both ends inclusive', async () => {
      expect(await titles(`?periodOverlaps=2024-06-30..2025-07-01&sort=title`)).toEqual(['100% Kinderschutz', 'Ärztliche Lotsen für Familien']);
      expect(await titles(`?periodOverlaps=2030-01-01..2030-12-31`)).toEqual(['Zukunftswerkstatt Jugend']);
      expect(await titles(`?periodOverlaps=2024-07-01..2025-06-30`)).toEqual([]);
    });

    it('searches titles case-insensitively (umlauts too), taking % and _ literally', async () => {
      expect(await titles('?q=präventions&sort=title')).toEqual(
        expect.arrayContaining(['Präventionskette Landkreis Peine', 'PRÄVENTIONSNETZWERK Gesundheit']),
      );
      expect(await titles('?q=ärztliche')).toEqual(['Ärztliche Lotsen für Familien']);
      expect(await titles('?q=100%25')).toEqual(['100% Kinderschutz']);
      expect(await titles('?q=_')).toEqual(['Familienzentrum_Nord']);
      expect(await titles('?q=%25')).toEqual(['100% Kinderschutz']);
    });

    it('sorts by title (German collation), period start, status (lifecycle order) and creation, either way', async () => {
      const mine = `programmeId=${kinderstark.id}`;
      expect(await titles(`?${mine}&sort=-title`)).toEqual(['Zukunftswerkstatt Jugend', 'Ärztliche Lotsen für Familien', '100% Kinderschutz']);
      expect(await titles(`?${mine}&sort=periodStart`)).toEqual(['100% Kinderschutz', 'Ärztliche Lotsen für Familien', 'Zukunftswerkstatt Jugend']);
      expect(await titles(`?${mine}&sort=-periodStart`)).toEqual(['Zukunftswerkstatt Jugend', 'Ärztliche Lotsen für Familien', '100% Kinderschutz']);
      expect(await titles(`?${mine}&sort=status`)).toEqual(['Zukunftswerkstatt Jugend', '100% Kinderschutz', 'Ärztliche Lotsen für Familien']);
      expect(await titles(`?${mine}&sort=-status,title`)).toEqual(['Ärztliche Lotsen für Familien', '100% Kinderschutz', 'Zukunftswerkstatt Jugend']);
      expect(await titles(`?${mine}&sort=createdAt`)).toEqual(['100% Kinderschutz', 'Ärztliche Lotsen für Familien', 'Zukunftswerkstatt Jugend']);
    });

    it('paginates without gaps or repeats and reports the total beyond the last page', async () => {
      const all = await list('?sort=title&limit=200');
      const seen: string[] = [];
      for (let offset = 0; offset < all.total; offset += 2) {
        const page = await list(`?sort=title&limit=2&offset=${offset}`);
        expect(page).toMatchObject({ total: all.total, limit: 2, offset });
        seen.push(...page.items.map((a: Json) => a.id));
      }
      expect(seen).toEqual(all.items.map((a: Json) => a.id));
      expect(new Set(seen).size).toBe(all.total);
      expect(await list(`?offset=${all.total + 10}&status=submitted`)).toEqual({ items: [], total: 2, limit: 50, offset: all.total + 10 });
    });

    it('rejects bad list parameters with the field and the reason', async () => {
      const cases: Array<[string, string, string]> = [
        ['?sort=password', 'sort', 'cannot sort by "password"; allowed: title, createdAt, periodStart, status'],
        ['?status=draft,bogus', 'status', expect.stringContaining('each value in status must be one of the following values') as unknown as string],
        ['?programmeId=42', 'programmeId', 'programmeId must be a UUID'],
        ['?periodOverlaps=2026-01-01', 'periodOverlaps', 'periodOverlaps must be two dates YYYY-MM-DD..YYYY-MM-DD'],
        ['?periodOverlaps=2026-02-30..2026-03-01', 'periodOverlaps', 'both ends must be valid calendar dates'],
        ['?periodOverlaps=2026-12-31..2026-01-01', 'periodOverlaps', 'the range ends (2026-01-01) before it starts (2026-12-31)'],
        ['?limit=201', 'limit', 'limit must not be greater than 200'],
        ['?unknown=1', 'unknown', 'property unknown should not exist'],
      ];
      for (const [query, field, reason] of cases) {
        const res = await call('GET', `/api/v1/applications${query}`, asPeine);
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([{ field, reason }]);
      }
    });
  });

  describe('changes to a draft', () => {
    it('changes title, period and plans with the version read, moves the version on, audits before and after', async () => {
      const draft = await create({ title: 'Entwurf' });
      const res = await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, {
        version: 1,
        title: 'Entwurf, überarbeitet',
        periodEnd: '2029-06-30',
        costPlan: [
          { category: 'personnel', label: 'Netzwerkkoordination', fiscalYear: 2029, amountCents: 9_000_000 },
          { category: 'other', label: 'Evaluation', amountCents: 1_500_050 },
        ],
        financingPlan: [
          { source: 'funder', label: 'Zuwendung', amountCents: 8_400_040 },
          { source: 'third_party', label: 'Stiftung', amountCents: 100_010 },
          { source: 'own', label: 'Eigenmittel', amountCents: 2_000_000 },
        ],
      });
      expect(res.statusCode).toBe(200);
      const updated = res.json();
      expect(updated).toMatchObject({
        title: 'Entwurf, überarbeitet',
        description: draft.description,
        periodStart: '2026-01-01',
        periodEnd: '2029-06-30',
        version: 2,
        currentRevision: 1,
        status: 'draft',
        totals: { costCents: 10_500_050, financingCents: 10_500_050, funderCents: 8_400_040, thirdPartyCents: 100_010, ownCents: 2_000_000 },
      });
      expect(updated.costPlan.map((l: Json) => [l.lineNo, l.label])).toEqual([
        [1, 'Netzwerkkoordination'],
        [2, 'Evaluation'],
      ]);
      expect(await count(`SELECT count(*) AS n FROM application_revision WHERE application_id = $1`, [draft.id])).toBe(1);
      expect((await call('GET', `/api/v1/applications/${draft.id}`, asPeine)).json()).toEqual(updated);
      const audit = await db.dataSource.query(`SELECT actor, before, after FROM audit_event WHERE subject_id = $1 AND action = 'application.updated'`, [draft.id]);
      expect(audit).toEqual([{ actor: `user:${peineUser.id}`, before: draft, after: updated }]);

      // only the description: the plans stay as they are
      const again = await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 2, description: '' });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ version: 3, description: '', costPlan: updated.costPlan, financingPlan: updated.financingPlan });
    });

    it('refuses a stale version with 409 and writes nothing', async () => {
      const draft = await create({ title: 'Veraltet' });
      expect((await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 1, title: 'Erste Änderung' })).statusCode).toBe(200);
      const before = await rowCounts();
      const stale = await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 1, title: 'Zweite Änderung' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/applications/${draft.id}`, asPeine)).json()).toMatchObject({ title: 'Erste Änderung', version: 2 });
    });

    it('lets exactly one of two concurrent changes of the same version through', async () => {
      const draft = await create({ title: 'Gleichzeitig' });
      const [a, b] = await Promise.all([
        call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 1, title: 'Änderung A' }),
        call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 1, title: 'Änderung B' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? a : b;
      const final = (await call('GET', `/api/v1/applications/${draft.id}`, asPeine)).json();
      expect(final).toMatchObject({ version: 2, title: winner.json().title });
      expect(await count(`SELECT count(*) AS n FROM audit_event WHERE subject_id = $1 AND action = 'application.updated'`, [draft.id])).toBe(1);
    });

    it('refuses changes to an application that is no longer a draft with 409 state_conflict pointing to an amendment', async () => {
      const submitted = await create({ title: 'Eingereicht' });
      await setStatus(submitted.id, 'submitted');
      const res = await call('PATCH', `/api/v1/applications/${submitted.id}`, asPeine, { version: 1, title: 'Nachträglich' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'state_conflict' });
      expect(res.json().message).toContain(`file an amendment (POST /api/v1/applications/${submitted.id}/amendments)`);
      expect((await call('GET', `/api/v1/applications/${submitted.id}`, asPeine)).json()).toMatchObject({ title: 'Eingereicht', version: 1 });
    });

    it('refuses a change that unbalances the plans or breaks the period rules, and one that sets the status', async () => {
      const draft = await create({ title: 'Unausgeglichen' });
      const before = await rowCounts();
      const cases: Array<[object, { field: string; reason: string }]> = [
        [{ costPlan: [{ category: 'other', label: 'mehr', amountCents: 10_000_001 }] }, { field: 'financingPlan', reason: expect.stringContaining('must cover the cost plan total') as unknown as string }],
        [{ periodEnd: '2031-01-01' }, { field: 'periodEnd', reason: 'the programme allows at most 48 months: end on or before 2029-12-31' }],
        [{ periodStart: '2027-01-01', periodEnd: '2029-12-31' }, { field: 'costPlan.0.fiscalYear', reason: '2026 is not a year of the project period 2027-01-01 to 2029-12-31' }],
        [{ status: 'submitted' }, { field: 'status', reason: 'property status should not exist' }],
        [{}, { field: 'body', reason: 'nothing to change: name at least one of title, description, periodStart, periodEnd, costPlan, financingPlan' }],
      ];
      for (const [over, problem] of cases) {
        const res = await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, { version: 1, ...over });
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([problem]);
      }
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/applications/${draft.id}`, asPeine)).json()).toEqual(draft);
    });

    it('answers 404 for a change to an unknown application', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
        const res = await call('PATCH', `/api/v1/applications/${id}`, asPeine, { version: 1, title: 'x' });
        expect(res.statusCode).toBe(404);
      }
    });

    it('rolls the whole change back when the transaction fails half-way', async () => {
      const draft = await create({ title: 'Zurückgerollt' });
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('PATCH', `/api/v1/applications/${draft.id}`, asPeine, {
        version: 1,
        title: 'Nie gespeichert',
        costPlan: [{ category: 'other', label: 'neu', amountCents: 10_000_000 }],
      });
      spy.mockRestore();
      expect(res.statusCode).toBe(500);
      expect((await call('GET', `/api/v1/applications/${draft.id}`, asPeine)).json()).toEqual(draft);
    });
  });

  describe('amendments (Änderungsanträge)', () => {
    const amendment = (version: number, over: object = {}) => ({
      version,
      reason: 'Änderungsantrag: zweite Stelle ab 2027',
      costPlan: [
        { category: 'personnel', label: 'Netzwerkkoordination (S 12, 39 h)', fiscalYear: 2026, amountCents: 8_000_000 },
        { category: 'personnel', label: 'Zweite Stelle (S 11b, 19,5 h)', fiscalYear: 2027, amountCents: 3_500_000 },
        { category: 'material', label: 'Sachkosten Netzwerktreffen', amountCents: 2_000_000 },
      ],
      financingPlan: [
        { source: 'funder', label: 'Zuwendung Land Niedersachsen', amountCents: 10_800_000 },
        { source: 'own', label: 'Eigenmittel Landkreis', amountCents: 2_700_000 },
      ],
      ...over,
    });

    it('creates revision 2 as the one in force and keeps revision 1 as it was, audited with the reason', async () => {
      const original = await create({ title: 'Mit Änderungsantrag' });
      await setStatus(original.id, 'approved');
      const res = await call('POST', `/api/v1/applications/${original.id}/amendments`, asPeine, amendment(1));
      expect(res.statusCode).toBe(201);
      const amended = res.json();
      expect(amended).toMatchObject({
        status: 'approved',
        currentRevision: 2,
        version: 2,
        totals: { costCents: 13_500_000, financingCents: 13_500_000, funderCents: 10_800_000, ownCents: 2_700_000, thirdPartyCents: 0 },
      });
      expect(amended.costPlan).toHaveLength(3);

      const revisions = await call('GET', `/api/v1/applications/${original.id}/revisions`, asPeine);
      expect(revisions.statusCode).toBe(200);
      expect(revisions.json()).toEqual([
        { revisionNo: 1, reason: '', createdBy: `user:${peineUser.id}`, createdAt: expect.any(String), current: false, totals: original.totals },
        { revisionNo: 2, reason: 'Änderungsantrag: zweite Stelle ab 2027', createdBy: `user:${peineUser.id}`, createdAt: expect.any(String), current: true, totals: amended.totals },
      ]);
      const first = (await call('GET', `/api/v1/applications/${original.id}/revisions/1`, asPeine)).json();
      expect(first).toMatchObject({ revisionNo: 1, current: false, costPlan: original.costPlan, financingPlan: original.financingPlan });
      const second = (await call('GET', `/api/v1/applications/${original.id}/revisions/2`, asPeine)).json();
      expect(second).toMatchObject({ revisionNo: 2, current: true, reason: 'Änderungsantrag: zweite Stelle ab 2027', costPlan: amended.costPlan });

      const listed = (await call('GET', `/api/v1/applications?q=Mit%20%C3%84nderungsantrag`, asPeine)).json();
      expect(listed.items).toEqual([expect.objectContaining({ id: original.id, currentRevision: 2, costTotalCents: 13_500_000 })]);

      const audit = await db.dataSource.query(`SELECT action, reason, before, after FROM audit_event WHERE subject_id = $1 AND action = 'application.amended'`, [original.id]);
      expect(audit).toEqual([{ action: 'application.amended', reason: 'Änderungsantrag: zweite Stelle ab 2027', before: { ...original, status: 'approved' }, after: amended }]);
    });

    it('is version-checked', async () => {
      const app = await create({ title: 'Amendment veraltet' });
      await setStatus(app.id, 'submitted');
      expect((await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1))).statusCode).toBe(201);
      const stale = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1, { reason: 'noch eine' }));
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      expect(await count(`SELECT count(*) AS n FROM application_revision WHERE application_id = $1`, [app.id])).toBe(2);
    });

    it('is refused for a draft and for closed, withdrawn and rejected applications (409 state_conflict)', async () => {
      const app = await create({ title: 'Nicht änderbar' });
      const draft = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1));
      expect(draft.statusCode).toBe(409);
      expect(draft.json()).toMatchObject({ error: 'state_conflict', message: expect.stringContaining('a draft is changed in place') });
      for (const status of ['closed', 'withdrawn', 'rejected']) {
        await setStatus(app.id, status);
        const res = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1));
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: 'state_conflict', message: expect.stringContaining(`is in status ${status}`) });
      }
      expect(await count(`SELECT count(*) AS n FROM application_revision WHERE application_id = $1`, [app.id])).toBe(1);
    });

    it('refuses an unbalanced amendment or one without a reason, and rolls back a failure half-way', async () => {
      const app = await create({ title: 'Amendment Fehler' });
      await setStatus(app.id, 'disbursing');
      const before = await rowCounts();
      const unbalanced = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1, { financingPlan: [{ source: 'own', label: 'x', amountCents: 1 }] }));
      expect(unbalanced.statusCode).toBe(400);
      expect(unbalanced.json().problems).toEqual([{ field: 'financingPlan', reason: expect.stringContaining('must cover the cost plan total') }]);
      const noReason = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1, { reason: '' }));
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().problems).toEqual([{ field: 'reason', reason: 'reason should not be empty' }]);
      expect(await rowCounts()).toEqual(before);

      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const failed = await call('POST', `/api/v1/applications/${app.id}/amendments`, asPeine, amendment(1));
      spy.mockRestore();
      expect(failed.statusCode).toBe(500);
      // The workflow took the Änderungsantrag first (its activity audits it as application.amend);
      // the revision written afterwards by the api rolled back completely.
      expect(await rowCounts()).toEqual({ ...before, audit: before.audit + 1 });
      const [last] = await db.dataSource.query(`SELECT action, actor FROM audit_event WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [app.id]);
      expect(last).toEqual({ action: 'application.amend', actor: `user:${peineUser.id}` });
      expect((await call('GET', `/api/v1/applications/${app.id}`, asPeine)).json()).toMatchObject({ currentRevision: 1, version: 1 });
    });

    it('answers 404 for an unknown revision or application and 400 for a malformed revision number', async () => {
      const app = await create({ title: 'Revisionen' });
      expect((await call('GET', `/api/v1/applications/${app.id}/revisions/2`, asPeine)).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/applications/00000000-0000-4000-8000-000000000000/revisions/1`, asPeine)).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/applications/00000000-0000-4000-8000-000000000000/revisions`, asPeine)).statusCode).toBe(404);
      expect((await call('POST', `/api/v1/applications/00000000-0000-4000-8000-000000000000/amendments`, asPeine, amendment(1))).statusCode).toBe(404);
      const bad = await call('GET', `/api/v1/applications/${app.id}/revisions/first`, asPeine);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems).toEqual(expect.arrayContaining([{ field: 'no', reason: 'no must be a revision number (1, 2, …)' }]));
    });
  });

  describe('tenant isolation', () => {
    it('gives another organisation 404 on every read and write of an application, and never lists it', async () => {
      const app = await create({ title: 'Nur für Peine' });
      await setStatus(app.id, 'submitted');
      const before = await rowCounts();
      const attempts: Array<[('GET' | 'POST' | 'PATCH'), string, object?]> = [
        ['GET', `/api/v1/applications/${app.id}`],
        ['PATCH', `/api/v1/applications/${app.id}`, { version: 1, title: 'Übernommen' }],
        ['POST', `/api/v1/applications/${app.id}/amendments`, { version: 1, reason: 'fremd', costPlan: body().costPlan, financingPlan: body().financingPlan }],
        ['GET', `/api/v1/applications/${app.id}/revisions`],
        ['GET', `/api/v1/applications/${app.id}/revisions/1`],
      ];
      for (const [method, url, payload] of attempts) {
        const foreign = await call(method, url, asKassel, payload);
        expect(foreign.statusCode).toBe(404);
        expect(foreign.json()).toMatchObject({ error: 'not_found', message: `application ${app.id} not found` });
      }
      expect(await rowCounts()).toEqual(before);

      const own = await create({ programmeId: kasselProgramme.id, leadDepartmentId: kasselDepartment.id, title: 'Kassel eigen', periodStart: '2026-01-01', periodEnd: '2026-12-31' }, asKassel);
      const kasselList = (await call('GET', '/api/v1/applications?limit=200', asKassel)).json();
      expect(kasselList).toMatchObject({ total: 1, items: [{ id: own.id }] });
      for (const query of [`?programmeId=${praeventionsketten.id}`, `?leadDepartmentId=${jugendamt.id}`, '?q=Peine', '?status=submitted']) {
        expect((await call('GET', `/api/v1/applications${query}`, asKassel)).json()).toMatchObject({ total: 0, items: [] });
      }
      const peineList = (await call('GET', '/api/v1/applications?limit=200', asPeine)).json();
      expect(peineList.items.map((a: Json) => a.id)).not.toContain(own.id);
      expect((await call('GET', `/api/v1/applications/${own.id}`, asPeine)).statusCode).toBe(404);
    });
  });

  describe('lifecycle through the application workflow', () => {
    type Audit = { actor: string; action: string; before: Json | null; after: Json | null; reason: string | null };
    const dbRow = async (id: string) => (await db.dataSource.query(`SELECT status, version FROM funding_application WHERE id = $1`, [id]))[0];
    const statusAudit = (id: string): Promise<Audit[]> =>
      db.dataSource.query(
        `SELECT actor, action, before, after, reason FROM audit_event WHERE subject_type = 'funding_application' AND subject_id = $1 AND action <> 'application.created' ORDER BY id`,
        [id],
      );
    const step = (id: string, action: string, payload: object = {}) => call('POST', `/api/v1/applications/${id}/actions/${action}`, asPeine, payload);
    /** The test server's day (it starts at the real today and skips only when told). */
    const serverDay = async (offsetDays = 0) => addDays(new Date(await h.env.currentTimeMs()).toISOString().slice(0, 10), offsetDays);

    it('takes an application from draft to closed by its steps: the workflow answers its state, the worker writes status, notice, payment and audit', async () => {
      const today = await serverDay();
      const year = Number(today.slice(0, 4));
      // A period that began two years ago and ends next year: two interim reports are overdue at once, one lies ahead.
      const periodStart = `${year - 2}-12-01`;
      const periodEnd = `${year + 1}-11-30`;
      const app = await create({ title: 'Lebenszyklus', periodStart, periodEnd, costPlan: [{ category: 'personnel', label: 'Koordination', amountCents: 8_000_000 }, { category: 'material', label: 'Sachkosten', amountCents: 2_000_000 }] });
      const workflowId = `application-${app.id}`;
      const first = await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ workflowId, applicationId: app.id, status: 'draft', needsCouncilDecision: false, deadlines: [], history: [] });

      const expectStep = async (action: string, payload: object, status: string) => {
        const res = await step(app.id, action, payload);
        expect({ action, code: res.statusCode, status: res.json().status }).toEqual({ action, code: 200, status });
        expect((await dbRow(app.id)).status).toBe(status);
        return res.json();
      };
      await expectStep('request-sign-off', {}, 'internal_review');
      expect((await expectStep('sign-off', {}, 'internal_review')).signedOff).toEqual({ by: `user:${peineUser.id}`, on: today });
      await expectStep('submit', { submittedOn: await serverDay(-40) }, 'submitted');

      const issuedOn = await serverDay(-30);
      const notice = await call('PUT', `/api/v1/applications/${app.id}/notice`, asPeine, { decision: 'partly_approved', approvedCents: 7_000_000, periodStart, periodEnd, issuedOn });
      expect(notice.statusCode).toBe(201);
      const afterNotice = (await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json();
      expect(afterNotice).toMatchObject({ status: 'partly_approved', notice: { decision: 'partly_approved', approvedCents: 7_000_000, periodStart, periodEnd, issuedOn } });
      // interim reports for the two years that ended (due 30.04. of the next year), the year ahead, and the proof of use
      expect(afterNotice.deadlines.map((d: Json) => d.key)).toEqual([`interim-${year - 2}`, `interim-${year - 1}`, `interim-${year}`, 'proof-of-use']);
      expect(afterNotice.deadlines.map((d: Json) => d.nominal)).toEqual([`${year - 1}-04-30`, `${year}-04-30`, `${year + 1}-04-30`, `${year + 2}-05-31`]);
      expect(afterNotice.nextDeadlines[0].key).toBe(`interim-${year - 2}`);

      const paid = await call('POST', `/api/v1/applications/${app.id}/payments`, asPeine, { receivedOn: today, amountCents: 2_500_000 });
      expect(paid.statusCode).toBe(201);
      expect((await dbRow(app.id)).status).toBe('disbursing');
      expect((await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json()).toMatchObject({ status: 'disbursing', disbursedCents: 2_500_000 });

      await expectStep('submit-interim-report', { year: year - 2, submittedOn: today }, 'reporting');
      await expectStep('submit-interim-report', { year: year - 1, submittedOn: today }, 'reporting');
      // The period ends: the next morning the workflow makes the proof of use due.
      await h.env.sleep(Date.parse(`${addDays(periodEnd, 1)}T06:00:01Z`) - (await h.env.currentTimeMs()));
      const due = (await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json();
      expect(due.status).toBe('proof_of_use_due');
      expect((await dbRow(app.id)).status).toBe('proof_of_use_due');
      // what the Verwendungsnachweis reports on: a milestone (Sachbericht) and a receipt (Belegliste)
      const milestone = await call('POST', `/api/v1/applications/${app.id}/milestones`, asPeine, { title: 'Netzwerkkonferenz', dueOn: periodEnd });
      expect(milestone.statusCode).toBe(201);
      const receipt = await call('POST', `/api/v1/applications/${app.id}/receipts`, asPeine, {
        receiptDate: today, payee: 'Bezügestelle', reason: 'Entgelt Koordination', amountCents: 512_345, costCategory: 'personnel', costPlanLabel: 'Koordination',
      });
      expect(receipt.statusCode).toBe(201);
      await expectStep('submit-proof-of-use', { submittedOn: addDays(periodEnd, 1) }, 'proof_submitted');
      await expectStep('record-check', { result: 'ok' }, 'checked');
      const closed = await expectStep('close', {}, 'closed');
      expect(closed.history.map((t: Json) => t.to)).toEqual(['internal_review', 'submitted', 'partly_approved', 'disbursing', 'reporting', 'proof_of_use_due', 'proof_submitted', 'checked', 'closed']);

      const audit = await statusAudit(app.id);
      const me = `user:${peineUser.id}`;
      const changes = audit.filter((e) => e.action === 'application.status_changed');
      expect(changes.map((e) => [e.actor, e.before!.status, e.after!.status])).toEqual([
        [me, 'draft', 'internal_review'],
        [me, 'internal_review', 'submitted'],
        [me, 'submitted', 'partly_approved'],
        [me, 'partly_approved', 'disbursing'],
        [me, 'disbursing', 'reporting'],
        [`workflow:${workflowId}`, 'reporting', 'proof_of_use_due'],
        [me, 'proof_of_use_due', 'proof_submitted'],
        [me, 'proof_submitted', 'checked'],
        [me, 'checked', 'closed'],
      ]);
      // versions move on by one per status change
      expect(changes.map((e) => e.after!.version - e.before!.version)).toEqual(changes.map(() => 1));
      expect(audit.filter((e) => e.action === 'application.signOff')).toEqual([expect.objectContaining({ actor: me, reason: 'signed off' })]);
      expect(audit.filter((e) => e.action === 'application.submitInterimReport')).toHaveLength(1); // the second report: no status change
      expect(await dbRow(app.id)).toEqual({ status: 'closed', version: 10 });

      // the documents of the steps, generated by the worker from PostgreSQL and stored with the application
      const docs: Json[] = (await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json().documents;
      expect(docs.map((d) => [d.kind, d.status])).toEqual([
        ['application-form', 'failed'],
        ['interim-report', 'stored'],
        ['interim-report', 'stored'],
        ['proof-of-use-report', 'stored'],
        ['proof-of-use-statement', 'stored'],
        ['proof-of-use-statement-xlsx', 'stored'],
      ]);
      // the period began two years ago: no Förderantrag for a project already begun (noted, not retried)
      expect(docs[0]!.error).toContain('a Zuwendung is not granted for a project already begun');
      const stored = await db.dataSource.query(
        `SELECT id, subject_type AS "subjectType", subject_id AS "subjectId", created_by AS "createdBy" FROM document WHERE generation_key LIKE $1 ORDER BY created_at, id`,
        [`application:${app.id}:%`],
      );
      expect(stored.map((d: Json) => d.id).sort()).toEqual(docs.filter((d) => d.status === 'stored').map((d) => d.documentId).sort());
      expect(new Set(stored.map((d: Json) => d.createdBy))).toEqual(new Set([`workflow:${workflowId}`]));
      const interim = await call('GET', `/api/v1/documents/${docs[1]!.documentId}/content`, asPeine);
      expect(interim.statusCode).toBe(200);
      expect(normalizePdfText((await extractPageTexts(interim.rawPayload)).join(' '))).toContain('Zwischennachweis');
    });

    it("takes an application that needs the council through its paper: the deciding outcome, recorded through the paper's workflow, approves it for submission", async () => {
      const jha = await createCommittee(db.dataSource, peine, { name: 'Jugendhilfeausschuss' });
      const kreistag = await createCommittee(db.dataSource, peine, { name: 'Kreistag' });
      const [{ today, sessionDay }] = await db.dataSource.query(
        `SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS today, to_char((now() AT TIME ZONE 'Europe/Berlin')::date - 2, 'YYYY-MM-DD') AS "sessionDay"`,
      );
      const app = await create({ title: 'Mit Kreistagsbeschluss', needsCouncilDecision: true });
      await step(app.id, 'request-sign-off');
      await step(app.id, 'sign-off');
      const refused = await step(app.id, 'submit', { submittedOn: today });
      expect({ code: refused.statusCode, message: refused.json().message }).toEqual({ code: 409, message: 'submitToFunder: the programme needs a council decision first (startCouncilConsultation)' });

      const paper = await call('POST', '/api/v1/council-papers', asPeine, {
        paperType: 'decision',
        paperDate: sessionDay,
        leadDepartmentId: jugendamt.id,
        costsInBudget: false,
        costCents: 9_000_000,
        title: 'Beteiligung am Förderprogramm Präventionsketten',
        sections: {
          description: ['Der Landkreis beantragt Fördermittel.'],
          goals: ['Eine Präventionskette.'],
          resources: ['Eine Stelle.'],
          conclusion: ['Die Verwaltung empfiehlt die Antragstellung.'],
          decisionProposal: ['Der Kreistag beschließt die Antragstellung.'],
        },
        applicationId: app.id,
        consultations: [
          { committeeId: jha.id, sessionDate: sessionDay, role: 'preliminary' },
          { committeeId: kreistag.id, sessionDate: sessionDay, role: 'decision', authoritative: true },
        ],
      });
      expect(paper.statusCode).toBe(201);
      const paperId = paper.json().id;
      expect((await call('POST', `/api/v1/council-papers/${paperId}/release`, asPeine, { version: 1 })).statusCode).toBe(200);
      const consulting = await step(app.id, 'start-council-consultation', { paperId });
      expect(consulting.json()).toMatchObject({ status: 'council_consultation', council: { paperId, result: null } });

      const outcome = (position: number, body: object) => call('PUT', `/api/v1/council-papers/${paperId}/consultations/${position}/outcome`, asPeine, body);
      expect((await outcome(1, { outcome: 'recommended', text: 'einstimmig empfohlen' })).statusCode).toBe(200);
      const decided = await outcome(2, { outcome: 'decided', text: 'mehrheitlich beschlossen' });
      expect(decided.statusCode).toBe(200);
      expect(decided.json().consultations.map((c: Json) => c.outcome)).toEqual(['recommended', 'decided']);
      // the paper's workflow signals councilDecision to the application's workflow
      await eventually('the council decision at the application', async () => (await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json().council?.result === 'approved');
      expect((await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json()).toMatchObject({ status: 'council_consultation', council: { paperId, result: 'approved', concludedOn: sessionDay } });

      const submitted = await step(app.id, 'submit', { submittedOn: today });
      expect({ code: submitted.statusCode, status: submitted.json().status }).toEqual({ code: 200, status: 'submitted' });
      expect(await dbRow(app.id)).toMatchObject({ status: 'submitted' });
    });

    it('answers a step the workflow refuses with 409 and its reason, changing nothing; bad input 400; another tenant 404', async () => {
      const app = await create({ title: 'Abgelehnte Schritte' });
      await step(app.id, 'request-sign-off');
      const before = { row: await dbRow(app.id), audit: await rowCounts(), state: (await call('GET', `/api/v1/applications/${app.id}/workflow`, asPeine)).json() };
      const refused: Array<[string, object, string]> = [
        ['submit', { submittedOn: await serverDay() }, 'submitToFunder: the department head has not signed off yet'],
        ['request-sign-off', {}, 'requestSignOff: not possible in status internal_review (only in draft)'],
        ['close', {}, 'close: not possible in status internal_review (only in checked, repayment)'],
        ['submit-proof-of-use', { submittedOn: await serverDay() }, 'submitProofOfUse: not possible in status internal_review (only in proof_of_use_due)'],
      ];
      for (const [action, payload, message] of refused) {
        const res = await step(app.id, action, payload);
        expect({ action, status: res.statusCode, body: res.json() }).toEqual({ action, status: 409, body: expect.objectContaining({ error: 'state_conflict', message }) });
      }
      const future = await step(app.id, 'sign-off');
      expect(future.statusCode).toBe(200);
      const tomorrow = await step(app.id, 'submit', { submittedOn: await serverDay(1) });
      expect(tomorrow.statusCode).toBe(409);
      expect(tomorrow.json().message).toMatch(/^submitToFunder: submittedOn \d{4}-\d{2}-\d{2} lies in the future/);
      expect(await dbRow(app.id)).toEqual(before.row);
      expect(await rowCounts()).toEqual({ ...before.audit, audit: before.audit.audit + 1 }); // only the accepted sign-off

      const bad = await step(app.id, 'record-check', { result: 'maybe' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems.map((p: Json) => p.field)).toEqual(['result']);
      expect((await step(app.id, 'withdraw', { reason: '' })).statusCode).toBe(400);
      expect((await call('POST', `/api/v1/applications/${app.id}/actions/submit`, asKassel, { submittedOn: await serverDay() })).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/applications/${app.id}/workflow`, asKassel)).statusCode).toBe(404);

      const withdrawn = await step(app.id, 'withdraw', { reason: 'Der Träger steigt aus' });
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'Der Träger steigt aus', by: `user:${peineUser.id}` } });
      const afterEnd = await step(app.id, 'request-sign-off');
      expect(afterEnd.statusCode).toBe(409);
      expect(afterEnd.json().message).toMatch(/withdrawn|no running workflow/);
    });

    it('takes over an application row that has no workflow (reconciliation) in its status; a finished one stays without (409)', async () => {
      const [row] = await db.dataSource.query(`SELECT id FROM funding_application WHERE organisation_id = $1 LIMIT 1`, [peine.id]);
      const orphan = async (status: string): Promise<string> =>
        (await db.dataSource.query(
          `INSERT INTO funding_application (organisation_id, programme_id, lead_department_id, title, description, period_start, period_end, status)
           SELECT organisation_id, programme_id, lead_department_id, 'Ohne Workflow', '', period_start, period_end, $2 FROM funding_application WHERE id = $1 RETURNING id`,
          [row.id, status],
        ))[0].id;
      const submitted = await orphan('submitted');
      const withdrawn = await step(submitted, 'withdraw', { reason: 'Übernommen und zurückgezogen' });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', notes: [{ text: 'taken over from the database in status submitted' }] });
      expect(await dbRow(submitted)).toEqual({ status: 'withdrawn', version: 2 });

      // reading the workflow of an open row without one takes it over too (the demo data's application)
      const approved = await orphan('approved');
      const read = await call('GET', `/api/v1/applications/${approved}/workflow`, asPeine);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ status: 'approved', workflowId: `application-${approved}`, notes: [{ text: 'taken over from the database in status approved' }] });
      expect((await call('GET', `/api/v1/applications/${approved}/workflow`, asPeine)).json().notes).toHaveLength(1); // once

      const closed = await orphan('closed');
      expect((await call('GET', `/api/v1/applications/${closed}/workflow`, asPeine)).statusCode).toBe(409);
      const res = await step(closed, 'request-sign-off');
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain(`no running workflow application-${closed}`);
      expect(await dbRow(closed)).toEqual({ status: 'closed', version: 1 });
    });
  });
});

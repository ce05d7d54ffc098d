import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppUserEntity, OrganisationEntity } from '@app/database';
import { ApiHarness, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createFunder } from '../support/factories';

/** Funders and funding programmes: create, read, list, the rules of a programme, tenant isolation. */
describe('api: funders and programmes', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let peineUser: AppUserEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let kasselFunderId: string;

  const post = (url: string, headers: Record<string, string>, payload: object) => api.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => api.inject({ method: 'GET', url, headers });
  const auditCount = async (action: string): Promise<number> =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE action = $1`, [action]))[0].n);

  beforeAll(async () => {
    h = await startApiHarness('programmes-test');
    ({ db, api } = h);
    ({ org: peine, user: peineUser, headers: asPeine } = h.peine);
    asKassel = h.kassel.headers;
    const kassel = h.kassel.org;
    kasselFunderId = (await createFunder(db.dataSource, kassel, { name: 'Hessisches Ministerium für Soziales und Integration' })).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('funders', () => {
    let ministryId: string;

    it('creates a funder, audited, and refuses a second one of the same name with 409 naming the field', async () => {
      const res = await post('/api/v1/funders', asPeine, { kind: 'land', name: 'Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung' });
      expect(res.statusCode).toBe(201);
      const funder = res.json();
      expect(funder).toMatchObject({ kind: 'land', name: 'Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung', version: 1 });
      expect(funder.id).toMatch(/^[0-9a-f-]{36}$/);
      ministryId = funder.id;
      const audit = await db.dataSource.query(`SELECT organisation_id, actor, after, request_id FROM audit_event WHERE action = 'funder.created' AND subject_id = $1`, [ministryId]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ organisation_id: peine.id, actor: `user:${peineUser.id}`, after: funder });
      expect(audit[0].request_id).toEqual(expect.any(String));

      const again = await post('/api/v1/funders', asPeine, { kind: 'foundation', name: funder.name });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'name', reason: 'a funder with this name exists already' }] });
      expect(await auditCount('funder.created')).toBe(1);
    });

    it('rejects bad input with field and reason', async () => {
      const res = await post('/api/v1/funders', asPeine, { kind: 'bank', name: '', extra: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual(
        expect.arrayContaining([
          { field: 'kind', reason: expect.stringContaining('kind must be one of the following values') },
          { field: 'name', reason: 'name should not be empty' },
          { field: 'extra', reason: 'property extra should not exist' },
        ]),
      );
    });

    it('lists funders by name, filtered by kind, paginated; never another organisation\'s', async () => {
      await post('/api/v1/funders', asPeine, { kind: 'foundation', name: 'Auridis Stiftung' });
      await post('/api/v1/funders', asPeine, { kind: 'health_insurers', name: 'GKV-Bündnis für Gesundheit' });
      const all = await get('/api/v1/funders', asPeine);
      expect(all.statusCode).toBe(200);
      expect(all.json().items.map((f: { name: string }) => f.name)).toEqual([
        'Auridis Stiftung',
        'GKV-Bündnis für Gesundheit',
        'Niedersächsisches Ministerium für Soziales, Gesundheit und Gleichstellung',
      ]);
      expect(all.json().total).toBe(3);
      const foundations = (await get('/api/v1/funders?kind=foundation', asPeine)).json();
      expect(foundations).toMatchObject({ total: 1, items: [{ name: 'Auridis Stiftung' }] });
      const second = (await get('/api/v1/funders?limit=1&offset=1&sort=-name', asPeine)).json();
      expect(second).toMatchObject({ total: 3, limit: 1, offset: 1, items: [{ name: 'GKV-Bündnis für Gesundheit' }] });
      const kassel = (await get('/api/v1/funders', asKassel)).json();
      expect(kassel.items.map((f: { id: string }) => f.id)).toEqual([kasselFunderId]);
      expect(kassel.items.map((f: { id: string }) => f.id)).not.toContain(ministryId);
    });
  });

  describe('programmes', () => {
    let funderId: string;
    let otherFunderId: string;
    let kinderstarkId: string;

    const programme = (over: object = {}) => ({
      funderId,
      name: 'kinderstark – NRW schafft Chancen',
      legalBasis: 'land_grant',
      anbestVariant: 'G',
      financingType: 'share',
      rateBp: 8000,
      capCents: 14_300_000_00,
      ...over,
    });

    beforeAll(async () => {
      funderId = (await createFunder(db.dataSource, peine, { name: 'Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW' })).id;
      otherFunderId = (await createFunder(db.dataSource, peine, { kind: 'foundation', name: 'Stiftung Test' })).id;
    });

    it('creates a programme with the ANBest-P defaults for unset rules, audited', async () => {
      const res = await post('/api/v1/programmes', asPeine, programme());
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        funderId,
        funderName: 'Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW',
        name: 'kinderstark – NRW schafft Chancen',
        legalBasis: 'land_grant',
        anbestVariant: 'G',
        financingType: 'share',
        rateBp: 8000,
        capCents: 1_430_000_000,
        degressiveShares: [],
        passOnAllowed: false,
        interimReportDue: '04-30',
        interimReportWaiver: 'none',
        proofOfUseMonths: 6,
        disbursementWindowUnit: 'months',
        disbursementWindowLength: 2,
        minPeriodMonths: null,
        maxPeriodMonths: null,
        version: 1,
      });
      kinderstarkId = created.id;
      expect((await get(`/api/v1/programmes/${kinderstarkId}`, asPeine)).json()).toEqual(created);
      const audit = await db.dataSource.query(`SELECT actor, after FROM audit_event WHERE action = 'programme.created' AND subject_id = $1`, [kinderstarkId]);
      expect(audit).toEqual([{ actor: `user:${peineUser.id}`, after: created }]);
    });

    it('creates a degressive private-law programme with period rules', async () => {
      const res = await post('/api/v1/programmes', asPeine, {
        funderId: otherFunderId,
        name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
        legalBasis: 'private_contract',
        financingType: 'deficit',
        degressiveShares: [
          { year: 1, rateBp: 10000 },
          { year: 2, rateBp: 7500 },
          { year: 3, rateBp: 5000 },
        ],
        minPeriodMonths: 36,
        maxPeriodMonths: 48,
        interimReportDue: '03-31',
        disbursementWindowUnit: 'weeks',
        disbursementWindowLength: 6,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ anbestVariant: null, rateBp: null, capCents: null, minPeriodMonths: 36, maxPeriodMonths: 48, degressiveShares: [{ year: 1, rateBp: 10000 }, { year: 2, rateBp: 7500 }, { year: 3, rateBp: 5000 }] });
    });

    it('refuses broken programme rules with every field and reason, writing nothing', async () => {
      const before = await auditCount('programme.created');
      const res = await post(
        '/api/v1/programmes',
        asPeine,
        programme({
          name: 'Kaputt',
          legalBasis: 'private_contract',
          anbestVariant: 'P',
          rateBp: null,
          degressiveShares: [{ year: 2, rateBp: 5000 }],
          interimReportDue: '02-30',
          minPeriodMonths: 36,
          maxPeriodMonths: 24,
        }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual([
        { field: 'anbestVariant', reason: 'ANBest apply to land grants only (legalBasis land_grant)' },
        { field: 'rateBp', reason: "share financing (Anteilfinanzierung) needs the funder's share in basis points" },
        { field: 'degressiveShares.0.year', reason: 'expected project year 1 (years ascending from 1, without gaps)' },
        { field: 'interimReportDue', reason: '02-30 is not a day of every year' },
        { field: 'maxPeriodMonths', reason: 'must be at least minPeriodMonths (36)' },
      ]);
      const fields = await post('/api/v1/programmes', asPeine, programme({ name: 'Kaputt 2', capCents: 12.5, rateBp: 10001, financingType: 'loan', interimReportDue: '4-30', degressiveShares: [{ year: 1 }] }));
      expect(fields.statusCode).toBe(400);
      expect(fields.json().problems).toEqual(
        expect.arrayContaining([
          { field: 'capCents', reason: 'capCents must be an integer number' },
          { field: 'rateBp', reason: 'rateBp must not be greater than 10000' },
          { field: 'financingType', reason: expect.stringContaining('financingType must be one of the following values') },
          { field: 'interimReportDue', reason: 'interimReportDue must be a day of the year MM-DD' },
          { field: 'degressiveShares.0.rateBp', reason: 'rateBp must be an integer number' },
        ]),
      );
      const tooBig = await post('/api/v1/programmes', asPeine, programme({ name: 'Kaputt 3', capCents: Number.MAX_SAFE_INTEGER + 2 }));
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.json().problems).toEqual([{ field: 'capCents', reason: `capCents must not be greater than ${Number.MAX_SAFE_INTEGER}` }]);
      expect(await auditCount('programme.created')).toBe(before);
      expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM funding_programme WHERE name LIKE 'Kaputt%'`))[0].n)).toBe(0);
    });

    it('refuses an unknown funder and another organisation\'s funder alike (400 on funderId), and a duplicate name (409)', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', kasselFunderId]) {
        const res = await post('/api/v1/programmes', asPeine, programme({ name: 'Fremd', funderId: id }));
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([{ field: 'funderId', reason: 'no funder with this id in your organisation' }]);
      }
      const duplicate = await post('/api/v1/programmes', asPeine, programme());
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().problems).toEqual([{ field: 'name', reason: 'a programme with this name exists already' }]);
    });

    it('lists programmes sorted by name, filtered by funder and financing type, paginated', async () => {
      await post('/api/v1/programmes', asPeine, programme({ name: 'Ärztliche Lotsen', financingType: 'fixed', rateBp: null, anbestVariant: 'P' }));
      const names = (query: string) => get(`/api/v1/programmes${query}`, asPeine).then((r) => r.json().items.map((p: { name: string }) => p.name));
      // German collation: Ä sorts with A, not after Z.
      expect(await names('')).toEqual(['Ärztliche Lotsen', 'kinderstark – NRW schafft Chancen', 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!']);
      expect(await names('?sort=-name')).toEqual(['Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!', 'kinderstark – NRW schafft Chancen', 'Ärztliche Lotsen']);
      expect(await names(`?funderId=${otherFunderId}`)).toEqual(['Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!']);
      expect(await names('?financingType=share')).toEqual(['kinderstark – NRW schafft Chancen']);
      expect(await names(`?funderId=${funderId}&financingType=fixed`)).toEqual(['Ärztliche Lotsen']);
      const page = (await get('/api/v1/programmes?limit=2&offset=2', asPeine)).json();
      expect(page).toMatchObject({ total: 3, limit: 2, offset: 2, items: [{ name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!' }] });
      const bad = await get('/api/v1/programmes?sort=password&financingType=loan&limit=0', asPeine);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems.map((p: { field: string }) => p.field).sort()).toEqual(['financingType', 'limit']);
      const badSort = await get('/api/v1/programmes?sort=password', asPeine);
      expect(badSort.statusCode).toBe(400);
      expect(badSort.json().problems).toEqual([{ field: 'sort', reason: 'cannot sort by "password"; allowed: name, createdAt' }]);
    });

    it('answers 404 for an unknown id, a malformed id and another organisation\'s programme; lists never show it', async () => {
      for (const [id, headers] of [
        ['00000000-0000-4000-8000-000000000000', asPeine],
        ['not-a-uuid', asPeine],
        [kinderstarkId, asKassel],
      ] as const) {
        const res = await get(`/api/v1/programmes/${id}`, headers);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: 'not_found', message: `programme ${id} not found` });
      }
      expect((await get('/api/v1/programmes', asKassel)).json()).toMatchObject({ total: 0, items: [] });
      expect((await get(`/api/v1/programmes?funderId=${funderId}`, asKassel)).json()).toMatchObject({ total: 0, items: [] });
    });
  });
});

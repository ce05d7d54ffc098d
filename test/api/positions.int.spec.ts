import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { computeMonth, INITIAL_CUMULATIVE_STATE, type PositionInput } from '@app/personnel-costs';
import { readReferenceData } from '@app/database';
import { ApiHarness, Json, Method, apiRequest, eventually, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createAccount, createBudgetProduct, createFundingApplication, createPayTableGroup } from '../support/factories';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Staff positions (Stellenplan) through the API: creation with the pay validated against the pay
 * tables, reads with stage history, holders and changes, lists with every filter, terms edited
 * while planned or advertised (optimistic locking), holders without overlaps, dated changes once
 * filled, atomic writes with their audit events, and tenant isolation.
 */
describe('api: staff positions', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;
  let productId: string;
  let payAccountId: string;
  let reimbursementAccountId: string;
  let applicationId: string;

  beforeAll(async () => {
    h = await startApiHarness('positions-test', { users: { subject: 'personal-1' } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    asKassel = h.kassel.headers;

    await createPayTableGroup(db.dataSource, { payScale: 'TVOED_VKA_SUE', payGroup: 'S 12' });
    await createPayTableGroup(db.dataSource, { payScale: 'TVOED_VKA_SUE', payGroup: 'S 14' });
    await createPayTableGroup(db.dataSource, { payScale: 'TVOED_VKA', payGroup: 'E 10' });
    await createPayTableGroup(db.dataSource, { payScale: 'TVOED_VKA', payGroup: 'E 1', stages: [2, 3, 4, 5, 6] });
    productId = (await createBudgetProduct(db.dataSource, peine, { number: '3636', name: 'übrige Hilfen' })).id;
    payAccountId = (await createAccount(db.dataSource, peine, { number: '620010', name: 'Entgelte', kind: 'expense' })).id;
    reimbursementAccountId = (await createAccount(db.dataSource, peine, { number: '541100', name: 'Zuweisungen vom Land', kind: 'revenue' })).id;
    applicationId = (await createFundingApplication(db.dataSource, peine, { title: 'Präventionskette Landkreis Peine' })).id;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.dataSource.query(sql, params))[0].n);
  const rowCounts = async () => ({
    positions: await count(`SELECT count(*) AS n FROM staff_position`),
    stages: await count(`SELECT count(*) AS n FROM position_stage`),
    holders: await count(`SELECT count(*) AS n FROM position_holder`),
    changes: await count(`SELECT count(*) AS n FROM position_change`),
    audit: await count(`SELECT count(*) AS n FROM audit_event`),
  });
  const auditOf = (id: string): Promise<Json[]> =>
    db.dataSource.query(`SELECT actor, action, subject_type, before, after, reason, request_id, organisation_id FROM audit_event WHERE subject_id = $1 ORDER BY id`, [id]);

  /** The Netzwerkkoordination of the seed: S 12, half time (19.5 of 39 h), three years. */
  const body = (over: object = {}): Json => ({
    title: 'Netzwerkkoordination Präventionsketten',
    payScale: 'TVOED_VKA_SUE',
    payGroup: 'S 12',
    weeklyHours: '19.5',
    startOn: '2030-01-01',
    endOn: '2032-12-31',
    fundedShareBp: 8000,
    budgetProductId: productId,
    payAccountId,
    reimbursementAccountId,
    applicationId,
    firstStage: 2,
    ...over,
  });

  const create = async (over: object = {}): Promise<Json> => {
    const res = await call('POST', '/api/v1/positions', asPeine, body(over));
    expect(res.status).toBe(201);
    return res.body;
  };

  /** A position with a holder: status filled, version 2. */
  const filled = async (over: object = {}): Promise<Json> => {
    const p = await create(over);
    const res = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'A. Beispiel', validFrom: p.startOn });
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('create and read', () => {
    it('creates a planned position with its first Stufe from the start, hours as decimal strings, audited', async () => {
      const created = await create();
      expect(created).toEqual({
        id: expect.any(String),
        title: 'Netzwerkkoordination Präventionsketten',
        status: 'planned',
        payScale: 'TVOED_VKA_SUE',
        payGroup: 'S 12',
        caseGroup: null,
        weeklyHours: '19.5',
        fullTimeHours: '39',
        startOn: '2030-01-01',
        endOn: '2032-12-31',
        effectiveEndOn: '2032-12-31',
        fundedShareBp: 8000,
        applicationId,
        budgetProductId: productId,
        payAccountId,
        reimbursementAccountId,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        stages: [{ validFrom: '2030-01-01', stage: 2 }],
        allowances: [],
        holders: [],
        changes: [],
      });
      expect((await call('GET', `/api/v1/positions/${created.id}`, asPeine)).body).toEqual(created);
      const stored = await db.dataSource.query(`SELECT weekly_hours::text AS w, full_time_hours::text AS f FROM staff_position WHERE id = $1`, [created.id]);
      expect(stored).toEqual([{ w: '19.50', f: '39.00' }]);

      const audit = await auditOf(created.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'position.created', subject_type: 'staff_position', before: null, organisation_id: peine.id });
      expect(audit[0].after).toEqual(created);
      expect(audit[0].request_id).toEqual(expect.any(String));
    });

    it('takes a permanent position without application, with its own full-time hours', async () => {
      const p = await create({ endOn: null, applicationId: undefined, fundedShareBp: undefined, fullTimeHours: '38.5', weeklyHours: '38.5', payScale: 'TVOED_VKA', payGroup: 'E 10', firstStage: 1 });
      expect(p).toMatchObject({ endOn: null, effectiveEndOn: null, applicationId: null, fundedShareBp: null, fullTimeHours: '38.5', weeklyHours: '38.5', payGroup: 'E 10' });
    });

    it('refuses bad input with the field and the reason and writes nothing', async () => {
      const before = await rowCounts();
      const bad = await call('POST', '/api/v1/positions', asPeine, body({ weeklyHours: 19.5, fullTimeHours: '39,0', startOn: '2030-02-30', firstStage: 7, fundedShareBp: 10001, extra: 1 }));
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'weeklyHours', reason: 'weeklyHours must be a decimal number of hours as a string, e.g. "19.5"' },
          { field: 'fullTimeHours', reason: 'fullTimeHours must be a decimal number of hours as a string, at most two decimals, e.g. "19.5"' },
          { field: 'startOn', reason: 'startOn must be a valid calendar date' },
          { field: 'firstStage', reason: 'firstStage must not be greater than 6' },
          { field: 'fundedShareBp', reason: 'fundedShareBp must not be greater than 10000' },
          { field: 'extra', reason: 'property extra should not exist' },
        ]),
      );
      const tooPrecise = await call('POST', '/api/v1/positions', asPeine, body({ weeklyHours: '19.555' }));
      expect(tooPrecise.body.problems).toEqual([{ field: 'weeklyHours', reason: 'weeklyHours must be a decimal number of hours as a string, at most two decimals, e.g. "19.5"' }]);

      const rules = await call('POST', '/api/v1/positions', asPeine, body({ weeklyHours: '40', endOn: '2029-12-31' }));
      expect(rules.status).toBe(400);
      expect(rules.body.problems).toEqual([
        { field: 'weeklyHours', reason: 'must not exceed the full-time hours (39)' },
        { field: 'endOn', reason: 'must not be before startOn (2030-01-01)' },
      ]);
      const zero = await call('POST', '/api/v1/positions', asPeine, body({ weeklyHours: '0.00' }));
      expect(zero.body.problems).toEqual([{ field: 'weeklyHours', reason: 'weeklyHours must be more than 0' }]);

      expect((await call('POST', '/api/v1/positions', asPeine, body({ payScale: 'TV_L' }))).body.problems).toEqual([{ field: 'payScale', reason: 'the pay tables hold no scale "TV_L"' }]);
      expect((await call('POST', '/api/v1/positions', asPeine, body({ payGroup: 'S 99' }))).body.problems).toEqual([
        { field: 'payGroup', reason: 'the pay table TVOED_VKA_SUE has no group "S 99"' },
      ]);
      expect((await call('POST', '/api/v1/positions', asPeine, body({ payScale: 'TVOED_VKA', payGroup: 'E 1', firstStage: 1 }))).body.problems).toEqual([
        { field: 'firstStage', reason: 'the pay table TVOED_VKA has no Stufe 1 for E 1 (it has 2, 3, 4, 5, 6)' },
      ]);

      const refs = await call('POST', '/api/v1/positions', asPeine, body({ applicationId: UNKNOWN, budgetProductId: UNKNOWN, payAccountId: reimbursementAccountId, reimbursementAccountId: UNKNOWN }));
      expect(refs.status).toBe(400);
      expect(refs.body.problems).toEqual([
        { field: 'applicationId', reason: `no application ${UNKNOWN} in your organisation` },
        { field: 'budgetProductId', reason: `no budget product ${UNKNOWN} in your organisation` },
        { field: 'payAccountId', reason: 'account 541100 is a revenue account; pay is booked on an expense account' },
        { field: 'reimbursementAccountId', reason: `no account ${UNKNOWN} in your organisation` },
      ]);
      const missing = await call('POST', '/api/v1/positions', asPeine, { title: 'ohne alles' });
      expect(missing.status).toBe(400);
      expect(missing.body.problems.map((p: Json) => p.field)).toEqual(
        expect.arrayContaining(['payScale', 'payGroup', 'weeklyHours', 'startOn', 'budgetProductId', 'payAccountId', 'reimbursementAccountId', 'firstStage']),
      );
      expect(await rowCounts()).toEqual(before);
    });

    it('answers 404 for an unknown or malformed id on every route', async () => {
      for (const id of [UNKNOWN, 'not-a-uuid']) {
        const get = await call('GET', `/api/v1/positions/${id}`, asPeine);
        expect(get.status).toBe(404);
        expect(get.body).toMatchObject({ error: 'not_found', message: `position ${id} not found` });
        expect((await call('PATCH', `/api/v1/positions/${id}`, asPeine, { version: 1, title: 'x' })).status).toBe(404);
        expect((await call('POST', `/api/v1/positions/${id}/holders`, asPeine, { holderName: 'x', validFrom: '2030-01-01' })).status).toBe(404);
        expect((await call('POST', `/api/v1/positions/${id}/changes`, asPeine, { kind: 'early_end', effectiveOn: '2030-06-30' })).status).toBe(404);
      }
    });

    it('writes nothing at all when the transaction fails half-way (here: the audit event)', async () => {
      const before = await rowCounts();
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', '/api/v1/positions', asPeine, body({ title: 'Halb geschrieben' }));
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('list', () => {
    const ids: Record<string, string> = {};
    let listProduct: string;
    let otherApplication: string;

    beforeAll(async () => {
      listProduct = (await createBudgetProduct(db.dataSource, peine, { number: '3637', name: 'Familienzentren' })).id;
      otherApplication = (await createFundingApplication(db.dataSource, peine, { title: 'Familienzentrum Nord' })).id;
      const specs: Array<[string, object]> = [
        ['zentrum', { title: 'Zentrumsleitung Familienzentrum', payGroup: 'S 14', startOn: '2040-03-01', endOn: '2041-02-28', applicationId: otherApplication }],
        ['assistenz', { title: 'Assistenz Netzwerk', startOn: '2040-01-01', endOn: '2040-06-30' }],
        ['aerztlich', { title: 'Ärztliche Lotsin', payScale: 'TVOED_VKA', payGroup: 'E 10', startOn: '2040-07-01', endOn: null, applicationId: null }],
      ];
      for (const [key, over] of specs) ids[key] = (await create({ budgetProductId: listProduct, ...over })).id;
      expect((await call('PATCH', `/api/v1/positions/${ids.assistenz}`, asPeine, { version: 1, status: 'advertised' })).status).toBe(200);
    });

    const list = async (query: string, headers = asPeine): Promise<Json> => {
      const res = await call('GET', `/api/v1/positions${query}`, headers);
      expect(res.status).toBe(200);
      return res.body;
    };
    const titles = async (query: string): Promise<string[]> => (await list(`?budgetProductId=${listProduct}${query}`)).items.map((p: Json) => p.title);

    it('lists the summary of each position, sorted by title the German way by default', async () => {
      const page = await list(`?budgetProductId=${listProduct}`);
      expect(page).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(page.items.map((p: Json) => p.title)).toEqual(['Ärztliche Lotsin', 'Assistenz Netzwerk', 'Zentrumsleitung Familienzentrum']);
      expect(page.items[1]).toMatchObject({ id: ids.assistenz, status: 'advertised', weeklyHours: '19.5', effectiveEndOn: '2040-06-30', budgetProductId: listProduct, version: 2 });
      expect(page.items[1].stages).toBeUndefined();
      expect(await titles('&sort=-title')).toEqual(['Zentrumsleitung Familienzentrum', 'Assistenz Netzwerk', 'Ärztliche Lotsin']);
    });

    it('filters by status, application, budget product, pay group and the day a position runs', async () => {
      expect(await titles('&status=advertised')).toEqual(['Assistenz Netzwerk']);
      expect(await titles('&status=planned,advertised')).toHaveLength(3);
      expect(await titles('&status=planned&status=filled')).toEqual(['Ärztliche Lotsin', 'Zentrumsleitung Familienzentrum']);
      expect((await list(`?applicationId=${otherApplication}`)).items.map((p: Json) => p.id)).toEqual([ids.zentrum]);
      expect(await titles('&payGroup=E%2010')).toEqual(['Ärztliche Lotsin']);
      expect(await titles('&activeOn=2040-06-30')).toEqual(['Assistenz Netzwerk', 'Zentrumsleitung Familienzentrum']);
      expect(await titles('&activeOn=2041-02-28')).toEqual(['Ärztliche Lotsin', 'Zentrumsleitung Familienzentrum']);
      expect(await titles('&activeOn=2041-03-01')).toEqual(['Ärztliche Lotsin']);
      expect(await titles('&activeOn=2039-12-31')).toEqual([]);
      expect((await list(`?applicationId=${UNKNOWN}`))).toMatchObject({ total: 0, items: [] });
    });

    it('sorts by start either way and paginates without gaps or repeats', async () => {
      expect(await titles('&sort=startOn')).toEqual(['Assistenz Netzwerk', 'Zentrumsleitung Familienzentrum', 'Ärztliche Lotsin']);
      expect(await titles('&sort=-startOn')).toEqual(['Ärztliche Lotsin', 'Zentrumsleitung Familienzentrum', 'Assistenz Netzwerk']);
      const all = await list('?sort=startOn&limit=200');
      const days = all.items.map((p: Json) => p.startOn);
      expect(days).toEqual([...days].sort());
      const seen: string[] = [];
      for (let offset = 0; offset < all.total; offset += 2) {
        const page = await list(`?sort=startOn&limit=2&offset=${offset}`);
        expect(page).toMatchObject({ total: all.total, limit: 2, offset });
        seen.push(...page.items.map((p: Json) => p.id));
      }
      expect(seen).toEqual(all.items.map((p: Json) => p.id));
      expect(await list(`?offset=${all.total + 5}`)).toMatchObject({ total: all.total, items: [] });
    });

    it('rejects bad list parameters with the field and the reason', async () => {
      for (const [query, field] of [
        ['?status=open', 'status'],
        ['?activeOn=2030-13-01', 'activeOn'],
        ['?applicationId=42', 'applicationId'],
        ['?sort=payGroup', 'sort'],
        ['?limit=0', 'limit'],
      ]) {
        const res = await call('GET', `/api/v1/positions${query}`, asPeine);
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toContain(field);
      }
    });
  });

  describe('terms while planned or advertised', () => {
    it('changes pay, hours, start and first Stufe with the version read, moves the version on, audits before and after', async () => {
      const p = await create({ title: 'Schulsozialarbeit' });
      const res = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, {
        version: 1,
        payGroup: 'S 14',
        weeklyHours: '30',
        startOn: '2030-02-01',
        firstStage: 3,
        status: 'advertised',
        caseGroup: '6',
        reason: 'Beschluss Kreisausschuss',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ payGroup: 'S 14', weeklyHours: '30', startOn: '2030-02-01', status: 'advertised', caseGroup: '6', version: 2, stages: [{ validFrom: '2030-02-01', stage: 3 }] });
      expect((await call('GET', `/api/v1/positions/${p.id}`, asPeine)).body).toEqual(res.body);

      const audit = await auditOf(p.id);
      expect(audit.map((e) => e.action)).toEqual(['position.created', 'position.updated']);
      expect(audit[1]).toMatchObject({ reason: 'Beschluss Kreisausschuss', before: { payGroup: 'S 12', version: 1, stages: [{ stage: 2 }] }, after: { payGroup: 'S 14', version: 2 } });

      const cleared = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 2, caseGroup: null, applicationId: null, fundedShareBp: null, endOn: null });
      expect(cleared.body).toMatchObject({ caseGroup: null, applicationId: null, fundedShareBp: null, endOn: null, effectiveEndOn: null, version: 3 });
      const unchanged = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 3, title: 'Schulsozialarbeit', status: 'advertised' });
      expect(unchanged.body.version).toBe(3);
      expect(await auditOf(p.id)).toHaveLength(3);
    });

    it('refuses a stale version with 409, and lets exactly one of two concurrent changes through', async () => {
      const p = await create();
      const results = await Promise.all(['20', '25'].map((weeklyHours) => call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, weeklyHours })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!.body;
      expect(loser).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      const winner = results.find((r) => r.status === 200)!.body;
      expect((await call('GET', `/api/v1/positions/${p.id}`, asPeine)).body).toMatchObject({ weeklyHours: winner.weeklyHours, version: 2 });
      expect((await auditOf(p.id)).map((e) => e.action)).toEqual(['position.created', 'position.updated']);
    });

    it('checks the changed terms like a new position, and refuses a status the API does not set', async () => {
      const p = await create();
      const before = await rowCounts();
      const pay = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, payScale: 'TVOED_VKA', payGroup: 'E 1', firstStage: 1 });
      expect(pay.body.problems).toEqual([{ field: 'firstStage', reason: 'the pay table TVOED_VKA has no Stufe 1 for E 1 (it has 2, 3, 4, 5, 6)' }]);
      const hours = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, fullTimeHours: '19' });
      expect(hours.body.problems).toEqual([{ field: 'weeklyHours', reason: 'must not exceed the full-time hours (19)' }]);
      const end = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, startOn: '2033-01-01' });
      expect(end.body.problems).toEqual([{ field: 'endOn', reason: 'must not be before startOn (2033-01-01)' }]);
      const account = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, reimbursementAccountId: payAccountId });
      expect(account.body.problems).toEqual([{ field: 'reimbursementAccountId', reason: 'account 620010 is an expense account; a reimbursement is booked on a revenue account' }]);
      for (const status of ['filled', 'ended']) {
        const res = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 1, status });
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual([{ field: 'status', reason: 'status must be one of the following values: planned, advertised' }]);
      }
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('holders', () => {
    it('fills the position with a holder, and refuses overlapping periods with 409 naming the holder', async () => {
      const p = await create({ title: 'Koordination Frühe Hilfen' });
      const first = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'M. Muster', validFrom: '2030-02-01', validTo: '2031-06-30' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'filled', version: 2, holders: [{ holderName: 'M. Muster', validFrom: '2030-02-01', validTo: '2031-06-30' }] });

      const overlap = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'K. Beispiel', validFrom: '2031-06-30' });
      expect(overlap.status).toBe(409);
      expect(overlap.body).toMatchObject({ error: 'conflict', problems: [{ field: 'validFrom', reason: 'overlaps the holder "M. Muster" (2030-02-01 to 2031-06-30)' }] });

      const next = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'K. Beispiel', validFrom: '2031-08-01' });
      expect(next.status).toBe(201);
      expect(next.body.holders.map((h: Json) => [h.holderName, h.validTo])).toEqual([
        ['M. Muster', '2031-06-30'],
        ['K. Beispiel', null],
      ]);
      const inGap = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'Vertretung', validFrom: '2031-07-01', validTo: '2031-08-01' });
      expect(inGap.status).toBe(409);
      expect(inGap.body.problems).toEqual([{ field: 'validFrom', reason: 'overlaps the holder "K. Beispiel" (2031-08-01 to open)' }]);
      // The workflow's plan takes holders in order: one entered before a later one is refused with its reason, nothing written.
      const before = await rowCounts();
      const gap = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'Vertretung', validFrom: '2031-07-01', validTo: '2031-07-31' });
      expect(gap.status).toBe(409);
      expect(gap.body).toMatchObject({ error: 'state_conflict', message: 'fill: K. Beispiel is already entered from 2031-08-01; vacate that first' });
      expect(await rowCounts()).toEqual(before);

      const audit = await auditOf(p.id);
      expect(audit.map((e) => e.action)).toEqual(['position.created', 'position.holder_added', 'position.holder_added']);
      expect(audit[1]).toMatchObject({ actor: peineRef, before: { status: 'planned', holders: [] }, after: { status: 'filled' } });
      // the second holder went through the workflow: its activity wrote row and audit event, the user as actor
      expect(audit[2]).toMatchObject({
        actor: peineRef,
        before: { status: 'filled', version: 2, holders: [{ holderName: 'M. Muster' }] },
        after: { status: 'filled', version: 3, update: 'fill', holders: [{ holderName: 'M. Muster' }, { holderName: 'K. Beispiel', validFrom: '2031-08-01', validTo: null }] },
      });
      const state = await call('GET', `/api/v1/positions/${p.id}/workflow`, asPeine);
      expect(state.status).toBe(200);
      expect(state.body.employments).toEqual([
        expect.objectContaining({ holderName: 'M. Muster', from: '2030-02-01', to: '2031-06-30' }),
        expect.objectContaining({ holderName: 'K. Beispiel', from: '2031-08-01', to: '2032-12-31' }),
      ]);
    });

    it('refuses holders outside the period or with an end before the start, naming the field', async () => {
      const p = await create();
      const before = await rowCounts();
      for (const [holder, problems] of [
        [{ validFrom: '2029-12-31' }, [{ field: 'validFrom', reason: 'must not be before the position starts (2030-01-01)' }]],
        [{ validFrom: '2033-01-01' }, [{ field: 'validFrom', reason: 'must not be after the position ends (2032-12-31)' }]],
        [{ validFrom: '2030-05-01', validTo: '2033-01-01' }, [{ field: 'validTo', reason: 'must not be after the position ends (2032-12-31)' }]],
        [{ validFrom: '2030-05-01', validTo: '2030-04-30' }, [{ field: 'validTo', reason: 'must not be before validFrom (2030-05-01)' }]],
        [{ validFrom: '2030-05-01', holderName: '' }, [{ field: 'holderName', reason: 'holderName should not be empty' }]],
      ] as const) {
        const res = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'X', ...holder });
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual(problems);
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('serialises concurrent holders for the same period: one gets in, the other 409', async () => {
      const p = await create();
      const results = await Promise.all(['Erste', 'Zweite'].map((holderName) => call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName, validFrom: '2030-03-01' })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await call('GET', `/api/v1/positions/${p.id}`, asPeine)).body.holders).toHaveLength(1);
    });
  });

  describe('once filled: dated changes', () => {
    it('refuses changes to the terms in place (409 naming the fields) but still takes a new title', async () => {
      const p = await filled();
      const refused = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 2, weeklyHours: '30', endOn: '2033-12-31', title: 'Neu' });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toBe('state_conflict');
      expect(refused.body.message).toContain(`/api/v1/positions/${p.id}/changes`);
      expect(refused.body.problems).toEqual([
        { field: 'weeklyHours', reason: 'the position is filled' },
        { field: 'endOn', reason: 'the position is filled' },
      ]);
      const renamed = await call('PATCH', `/api/v1/positions/${p.id}`, asPeine, { version: 2, title: 'Netzwerkkoordination (neu)' });
      expect(renamed.body).toMatchObject({ title: 'Netzwerkkoordination (neu)', weeklyHours: '19.5', version: 3 });
    });

    it('records hours, stage, early end and extension in order, each checked by kind and audited', async () => {
      const p = await filled();
      const hours = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2030-07-15', payload: { weeklyHours: '30' }, reason: 'Aufstockung' });
      expect(hours.status).toBe(201);
      expect(hours.body).toMatchObject({ version: 3, weeklyHours: '19.5', changes: [{ sequenceNo: 1, kind: 'hours', effectiveOn: '2030-07-15', payload: { weeklyHours: '30' } }] });

      const stage = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'stage', effectiveOn: '2031-01-01', payload: { stage: 3 } });
      expect(stage.status).toBe(201);
      const early = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'early_end', effectiveOn: '2032-06-30' });
      expect(early.body).toMatchObject({ endOn: '2032-12-31', effectiveEndOn: '2032-06-30' });
      const extended = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, {
        kind: 'extension',
        effectiveOn: '2033-12-31',
        payload: { councilDecisionRef: '2032/512' },
      });
      expect(extended.status).toBe(201);
      expect(extended.body).toMatchObject({ effectiveEndOn: '2033-12-31', version: 6 });
      expect(extended.body.changes.map((c: Json) => [c.sequenceNo, c.kind, c.effectiveOn, c.payload])).toEqual([
        [1, 'hours', '2030-07-15', { weeklyHours: '30' }],
        [2, 'stage', '2031-01-01', { stage: 3 }],
        [3, 'early_end', '2032-06-30', {}],
        [4, 'extension', '2033-12-31', { councilDecisionRef: '2032/512' }],
      ]);
      expect((await call('GET', `/api/v1/positions/${p.id}`, asPeine)).body).toEqual(extended.body);
      const running = await call('GET', `/api/v1/positions?activeOn=2033-10-01&status=filled&limit=200`, asPeine);
      expect(running.body.items.map((x: Json) => x.id)).toContain(p.id);

      const audit = await auditOf(p.id);
      expect(audit.map((e) => e.action)).toEqual(['position.created', 'position.holder_added', 'position.hours_changed', 'position.stage_changed', 'position.ended_early', 'position.extended']);
      expect(audit[2]).toMatchObject({ reason: 'Aufstockung', before: { changes: [] }, after: { changes: [{ kind: 'hours' }] } });
    });

    it('validates each kind: stage on the 1st of a month, hours within full time, an extension needs its council decision', async () => {
      const p = await filled();
      const missingStage = await filled({ payScale: 'TVOED_VKA', payGroup: 'E 1', firstStage: 2 });
      const before = await rowCounts();
      const cases: Array<[object, Array<{ field: string; reason: string }>]> = [
        [{ kind: 'stage', effectiveOn: '2031-01-15', payload: { stage: 3 } }, [{ field: 'effectiveOn', reason: 'a new Stufe takes effect on the 1st of a month (§ 17 Abs. 1 TVöD)' }]],
        [{ kind: 'stage', effectiveOn: '2031-01-01', payload: { stage: '3' } }, [{ field: 'payload.stage', reason: 'stage must be an integer from 1 to 6' }]],
        [{ kind: 'stage', effectiveOn: '2031-01-01' }, [{ field: 'payload.stage', reason: 'stage must be an integer from 1 to 6' }]],
        [{ kind: 'hours', effectiveOn: '2030-07-01', payload: { weeklyHours: 30 } }, [{ field: 'payload.weeklyHours', reason: 'weeklyHours must be a decimal number of hours as a string, at most two decimals, e.g. "19.5"' }]],
        [{ kind: 'hours', effectiveOn: '2030-07-01', payload: { weeklyHours: '40' } }, [{ field: 'payload.weeklyHours', reason: 'must not exceed the full-time hours (39)' }]],
        [{ kind: 'hours', effectiveOn: '2033-01-01', payload: { weeklyHours: '20' } }, [{ field: 'effectiveOn', reason: 'must not be after the position ends (2032-12-31)' }]],
        [{ kind: 'hours', effectiveOn: '2030-07-01', payload: { weeklyHours: '20', stage: 3 } }, [{ field: 'payload.stage', reason: 'property stage should not exist for a change of kind hours' }]],
        [{ kind: 'early_end', effectiveOn: '2032-12-31' }, [{ field: 'effectiveOn', reason: 'the new last day must be before the current one (2032-12-31)' }]],
        [{ kind: 'early_end', effectiveOn: '2029-12-31' }, [{ field: 'effectiveOn', reason: 'the new last day must not be before the position starts (2030-01-01)' }]],
        [{ kind: 'extension', effectiveOn: '2033-12-31' }, [{ field: 'payload.councilDecisionRef', reason: 'an extension needs the new council decision (Vorlage), e.g. "2026/123", at most 100 characters' }]],
        [{ kind: 'extension', effectiveOn: '2033-12-31', payload: { councilDecisionRef: '   ' } }, [{ field: 'payload.councilDecisionRef', reason: 'an extension needs the new council decision (Vorlage), e.g. "2026/123", at most 100 characters' }]],
        [{ kind: 'extension', effectiveOn: '2032-12-31', payload: { councilDecisionRef: '2032/1' } }, [{ field: 'effectiveOn', reason: 'the new last day must be after the current one (2032-12-31)' }]],
        [{ kind: 'promotion', effectiveOn: '2031-01-01', payload: [] }, [{ field: 'kind', reason: 'kind must be one of the following values: hours, stage, early_end, extension' }, { field: 'payload', reason: 'payload must be an object' }]],
      ];
      for (const [change, problems] of cases) {
        const res = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, change);
        expect({ change, status: res.status, problems: res.body.problems }).toEqual({ change, status: 400, problems });
      }
      const noStage1 = await call('POST', `/api/v1/positions/${missingStage.id}/changes`, asPeine, { kind: 'stage', effectiveOn: '2030-03-01', payload: { stage: 1 } });
      expect(noStage1.body.problems).toEqual([{ field: 'payload.stage', reason: "the pay table has no Stufe 1 for the position's group" }]);
      expect(await rowCounts()).toEqual(before);
    });

    it('takes no changes before the position is filled, and no extension of a permanent position (409)', async () => {
      const planned = await create();
      const early = await call('POST', `/api/v1/positions/${planned.id}/changes`, asPeine, { kind: 'early_end', effectiveOn: '2031-12-31' });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'kind', reason: 'the position is planned' }] });
      expect(early.body.message).toContain(`PATCH /api/v1/positions/${planned.id}`);

      const permanent = await filled({ endOn: null });
      const extension = await call('POST', `/api/v1/positions/${permanent.id}/changes`, asPeine, { kind: 'extension', effectiveOn: '2034-12-31', payload: { councilDecisionRef: '2033/1' } });
      expect(extension.status).toBe(409);
      expect(extension.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'kind', reason: 'the position has no end' }] });
      const ends = await call('POST', `/api/v1/positions/${permanent.id}/changes`, asPeine, { kind: 'early_end', effectiveOn: '2034-12-31' });
      expect(ends.body).toMatchObject({ endOn: null, effectiveEndOn: '2034-12-31' });
      const runningOn = async (day: string) => (await call('GET', `/api/v1/positions?activeOn=${day}&limit=200`, asPeine)).body.items.map((x: Json) => x.id);
      expect(await runningOn('2034-12-31')).toContain(permanent.id);
      expect(await runningOn('2035-01-01')).not.toContain(permanent.id);

      await db.dataSource.query(`UPDATE staff_position SET status = 'ended' WHERE id = $1`, [permanent.id]);
      const after = await call('POST', `/api/v1/positions/${permanent.id}/changes`, asPeine, { kind: 'early_end', effectiveOn: '2033-12-31' });
      expect(after.status).toBe(409);
      expect(after.body.message).toContain('it has ended');
      const holder = await call('POST', `/api/v1/positions/${permanent.id}/holders`, asPeine, { holderName: 'Spät', validFrom: '2034-01-01' });
      expect(holder.status).toBe(409);
      expect(holder.body.error).toBe('state_conflict');
    });
  });

  describe('tenant isolation', () => {
    it('gives another organisation 404 on every read and write of a position, and never lists it', async () => {
      const p = await filled({ title: 'Nur für Peine' });
      const before = await rowCounts();
      const attempts: Array<[Method, string, object?]> = [
        ['GET', `/api/v1/positions/${p.id}`],
        ['PATCH', `/api/v1/positions/${p.id}`, { version: 2, title: 'Übernommen' }],
        ['POST', `/api/v1/positions/${p.id}/holders`, { holderName: 'Fremd', validFrom: '2032-01-01' }],
        ['POST', `/api/v1/positions/${p.id}/changes`, { kind: 'early_end', effectiveOn: '2031-12-31' }],
      ];
      for (const [method, url, payload] of attempts) {
        const foreign = await call(method, url, asKassel, payload);
        expect(foreign.status).toBe(404);
        expect(foreign.body).toMatchObject({ error: 'not_found', message: `position ${p.id} not found` });
      }
      expect(await rowCounts()).toEqual(before);
      for (const query of ['?limit=200', `?applicationId=${applicationId}`, `?budgetProductId=${productId}`, '?payGroup=S%2012', '?status=filled']) {
        expect((await call('GET', `/api/v1/positions${query}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
      }

      const trail = await call('GET', `/api/v1/audit-events?subjectType=staff_position&subjectId=${p.id}`, asPeine);
      expect(trail.body.items.map((e: Json) => e.action)).toEqual(['position.holder_added', 'position.created']);
      expect(trail.body.items[0]).toMatchObject({ actor: peineRef, before: { status: 'planned' }, after: { status: 'filled' } });
      expect((await call('GET', `/api/v1/audit-events?subjectId=${p.id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
    });

    it("refuses another organisation's application, product and accounts in a body as unknown, naming the field", async () => {
      const before = await rowCounts();
      const res = await call('POST', '/api/v1/positions', asKassel, body());
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([
        { field: 'applicationId', reason: `no application ${applicationId} in your organisation` },
        { field: 'budgetProductId', reason: `no budget product ${productId} in your organisation` },
        { field: 'payAccountId', reason: `no account ${payAccountId} in your organisation` },
        { field: 'reimbursementAccountId', reason: `no account ${reimbursementAccountId} in your organisation` },
      ]);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe("through the position's workflow", () => {
    const workflowOf = (id: string, headers = asPeine) => call('GET', `/api/v1/positions/${id}/workflow`, headers);

    it('adopts a position whose holder was entered before the workflows: the first change starts it from the rows', async () => {
      const p = await create({ title: 'Altbestand' });
      // as rows from before the workflows ran: a holder, no workflow
      await db.dataSource.query(`INSERT INTO position_holder (organisation_id, position_id, holder_name, valid_from) VALUES ($1, $2, 'B. Bestand', '2030-03-01')`, [peine.id, p.id]);
      await db.dataSource.query(`UPDATE staff_position SET status = 'filled' WHERE id = $1`, [p.id]);
      expect((await workflowOf(p.id)).status).toBe(409); // no running workflow yet

      const stage = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'stage', effectiveOn: '2031-03-01', payload: { stage: 3 } });
      expect(stage.status).toBe(201);
      const state = await workflowOf(p.id);
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({ positionId: p.id, start: '2030-01-01', end: '2032-12-31', monthsBooked: 0, councilDecisionRefs: ['kein Beschluss erfasst'] });
      expect(state.body.employments).toEqual([{ holderName: 'B. Bestand', from: '2030-03-01', to: '2032-12-31', stage: 2, weeklyHours: '19.5', changes: 1 }]);

      // from now on through the workflow: its activity writes the change, the user is the actor
      const hours = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2031-06-15', payload: { weeklyHours: '25' }, reason: 'Aufstockung' });
      expect(hours.status).toBe(201);
      expect(hours.body.changes.map((c: Json) => [c.kind, c.effectiveOn, c.payload])).toEqual([
        ['stage', '2031-03-01', { stage: 3 }],
        ['hours', '2031-06-15', { weeklyHours: '25' }],
      ]);
      expect((await workflowOf(p.id)).body.employments[0].changes).toBe(2);
      const audit = await auditOf(p.id);
      expect(audit.map((e) => [e.action, e.actor])).toEqual([
        ['position.created', peineRef],
        ['position.stage_changed', peineRef],
        ['position.hours_changed', peineRef],
      ]);
      expect(audit[2]).toMatchObject({
        reason: 'Aufstockung',
        before: { version: 2, changes: [{ kind: 'stage' }] },
        after: { version: 3, update: 'changeHours', changeKey: expect.stringMatching(new RegExp(`^position:${p.id}:changeHours:`)), changes: [{ kind: 'stage' }, { kind: 'hours', payload: { weeklyHours: '25' } }] },
      });
      expect((await workflowOf(p.id, asKassel)).status).toBe(404);
    });

    it("refuses what the workflow's plan does not allow with 409 and its reason, writing nothing; a row state it cannot take is never started", async () => {
      const p = await create({ title: 'Regeln' });
      const first = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'Befristet', validFrom: '2030-02-01', validTo: '2030-05-15' });
      expect(first.status).toBe(201);
      const before = await rowCounts();
      // within the position, so the API's own checks pass; the plan has nobody then, or one booking per month
      const late = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2030-08-01', payload: { weeklyHours: '20' } });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ error: 'state_conflict', message: 'changeHours: nobody holds the position on 2030-08-01' });
      const same = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'Nachfolge', validFrom: '2030-05-20' });
      expect(same.status).toBe(409);
      expect(same.body.message).toBe("fill: Befristet's last day is 2030-05-15; the next holder can start on 2030-06-01 at the earliest (one booking per month)");
      expect(await rowCounts()).toEqual(before);
      expect((await workflowOf(p.id)).body.employments).toEqual([expect.objectContaining({ holderName: 'Befristet', from: '2030-02-01', to: '2030-05-15' })]);

      // rows the plan cannot take (two holders in one month): no workflow is started, nothing written
      const q = await create({ title: 'Unverträglich' });
      await db.dataSource.query(
        `INSERT INTO position_holder (organisation_id, position_id, holder_name, valid_from, valid_to) VALUES ($1, $2, 'Eins', '2030-01-01', '2030-03-10'), ($1, $2, 'Zwei', '2030-03-20', NULL)`,
        [peine.id, q.id],
      );
      await db.dataSource.query(`UPDATE staff_position SET status = 'filled' WHERE id = $1`, [q.id]);
      const beforeAdopt = await rowCounts();
      const refused = await call('POST', `/api/v1/positions/${q.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2030-07-01', payload: { weeklyHours: '20' } });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(`position ${q.id} cannot be run by its workflow: fill: Eins's last day is 2030-03-10`);
      expect(await rowCounts()).toEqual(beforeAdopt);
      expect((await workflowOf(q.id)).status).toBe(409);
    });

    it("shows a milestone's and a council paper's workflow state to their organisation only", async () => {
      const m = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: 'Steuerungsgruppe', dueOn: '2031-03-31' });
      expect(m.status).toBe(201);
      const state = await call('GET', `/api/v1/milestones/${m.body.id}/workflow`, asPeine);
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({ milestoneId: m.body.id, dueOn: '2031-03-31' });
      expect((await call('GET', `/api/v1/milestones/${m.body.id}/workflow`, asKassel)).status).toBe(404);
      expect((await call('GET', `/api/v1/council-papers/${UNKNOWN}/workflow`, asPeine)).status).toBe(404);
    });

    // Last in the file: it moves the test server's clock to the end of January 2027 (every other position lies after 2030).
    it('books the months after a change as the cost engine computes them, to the cent; a booked month takes no more changes', async () => {
      await createAccount(db.dataSource, peine, { number: '640010', name: 'Sozialversicherung', kind: 'expense' });
      await createAccount(db.dataSource, peine, { number: '647010', name: 'Zusatzversorgung', kind: 'expense' });
      await db.dataSource.query(
        `INSERT INTO on_cost_rate (component, name, rate_percent, valid_from) VALUES ('SV', 'Sozialversicherung', '20.5', '2025-01-01'), ('ZVK', 'Zusatzversorgung', '6.2', '2025-01-01')`,
      );
      await db.dataSource.query(`INSERT INTO bonus_band (band, pay_groups) VALUES ('S 12 bis S 18', ARRAY['S 12'])`);
      await db.dataSource.query(`INSERT INTO bonus_rate (band, rate_percent, valid_from) VALUES ('S 12 bis S 18', '70.28', '2025-01-01')`);
      const funded = (await createFundingApplication(db.dataSource, peine, { title: 'Gebuchte Stelle' })).id;
      await db.dataSource.query(
        `INSERT INTO funding_notice (organisation_id, application_id, decision, approved_cents, period_start, period_end, financing_type, rate_bp, issued_on)
         VALUES ($1, $2, 'approved', 5000000, '2026-12-01', '2027-03-31', 'share', 8000, '2026-11-01')`,
        [peine.id, funded],
      );
      const p = await create({ title: 'Gebucht', startOn: '2026-12-01', endOn: '2027-03-31', applicationId: funded });
      const fill = await call('POST', `/api/v1/positions/${p.id}/holders`, asPeine, { holderName: 'G. Bucht', validFrom: '2026-12-01' });
      expect(fill.status).toBe(201);
      const hours = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2027-01-15', payload: { weeklyHours: '30' } });
      expect(hours.status).toBe(201);

      await h.env.sleep(Date.parse('2027-01-31T06:00:30Z') - (await h.env.currentTimeMs()));
      await eventually('December and January booked', async () => (await workflowOf(p.id)).body.monthsBooked === 2, 20_000, async () => (await workflowOf(p.id)).body);

      const input: PositionInput = {
        id: p.id,
        payScale: 'TVOED_VKA_SUE',
        payGroup: 'S 12',
        start: '2026-12-01',
        end: '2027-03-31',
        stageHistory: [{ from: '2026-12-01', stage: 2 }],
        weeklyHours: '19.5',
        fullTimeHours: '39',
        allowances: [],
        fundingPeriod: { from: '2026-12-01', to: '2027-03-31' },
        financing: { type: 'share', ratePercent: '80', cap: null },
        changes: [{ kind: 'hours', from: '2027-01-15', weeklyHours: '30' }],
        accounts: { pay: '620010', reimbursement: '541100', product: '3636' },
      };
      const ref = await readReferenceData(db.dataSource.manager);
      const december = computeMonth(input, ref, '2026-12', INITIAL_CUMULATIVE_STATE);
      const january = computeMonth(input, ref, '2027-01', december.cumulative);
      const unchanged = computeMonth({ ...input, changes: [] }, ref, '2027-01', december.cumulative);
      expect(january.totalCost).toBeGreaterThan(unchanged.totalCost); // the change of hours is in January's booking
      for (const month of [december, january]) {
        const prefix = `position:${p.id}:${month.month}`;
        const rows: Array<{ dedup_key: string; amount_cents: string; created_by: string }> = await db.dataSource.query(
          `SELECT dedup_key, amount_cents::text AS amount_cents, created_by FROM ledger_entry WHERE reference = $1 ORDER BY dedup_key`,
          [prefix],
        );
        expect(new Map(rows.map((r) => [r.dedup_key, Number(r.amount_cents)]))).toEqual(
          new Map(month.ledger.filter((l) => l.amount !== 0).map((l) => [`${prefix}:${l.component}`, l.amount])),
        );
        expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set([`workflow:position-${p.id}`]));
      }
      const state = (await workflowOf(p.id)).body;
      expect(state).toMatchObject({ bookedThrough: '2027-01', lastBooking: { month: '2027-01', totalCost: january.totalCost, reimbursement: january.reimbursement } });
      expect(state.totals.totalCost).toBe(december.totalCost + january.totalCost);

      const before = await rowCounts();
      const booked = await call('POST', `/api/v1/positions/${p.id}/changes`, asPeine, { kind: 'hours', effectiveOn: '2027-01-20', payload: { weeklyHours: '39' } });
      expect(booked.status).toBe(409);
      expect(booked.body.message).toBe('changeHours: 2027-01-20 lies in 2027-01, which is already booked (booked through 2027-01); booked months are not changed');
      expect(await rowCounts()).toEqual(before);
    });
  });
});

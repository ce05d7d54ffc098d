import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { ApiHarness, Json, Method, apiRequest, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';

/**
 * The audit log through the API: every change made through the API is there with who, when,
 * before and after; filters, sort and pagination; only the caller's organisation's events; and
 * no way to write, change or delete an event.
 */
describe('api: audit log', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let kassel: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;
  let kasselRef: string;
  let department: Json;

  beforeAll(async () => {
    h = await startApiHarness('audit-test', { users: { subject: 'admin', roles: ['admin'] } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, headers: asKassel, ref: kasselRef } = h.kassel);

    department = (await call('POST', '/api/v1/departments', asPeine, { name: 'Fachdienst Jugendamt', shortName: 'FD 51' })).body;
    expect((await call('PATCH', `/api/v1/departments/${department.id}`, asPeine, { version: 1, name: 'Fachdienst Jugend und Familie', reason: 'Neuordnung' })).status).toBe(200);
    expect((await call('POST', '/api/v1/municipalities', asPeine, { name: 'Ilsede', kind: 'municipality' })).status).toBe(201);
    expect((await call('POST', '/api/v1/departments', asKassel, { name: 'Fachbereich Jugend' })).status).toBe(201);

    // Events at known instants, by a workflow, and one outside any organisation (reference data).
    const insert = `INSERT INTO audit_event (organisation_id, actor, action, subject_type, subject_id, after, occurred_at) VALUES ($1, $2, $3, 'test_subject', $4, '{}'::jsonb, $5)`;
    await db.dataSource.query(insert, [peine.id, 'workflow:position-1', 'position.month_booked', 't-1', '2026-01-31T06:00:00Z']);
    await db.dataSource.query(insert, [peine.id, 'workflow:position-1', 'position.month_booked', 't-1', '2026-02-28T06:00:00Z']);
    await db.dataSource.query(insert, [peine.id, 'workflow:position-1', 'position.month_booked', 't-2', '2026-03-31T06:00:00Z']);
    await db.dataSource.query(insert, [kassel.id, 'workflow:position-9', 'position.month_booked', 't-9', '2026-02-28T06:00:00Z']);
    await db.dataSource.query(insert, [null, 'system:reference-data', 'pay_table.loaded', 't-0', '2026-02-28T06:00:00Z']);
  });

  afterAll(async () => {
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  const events = async (query: string, headers = asPeine): Promise<Json> => {
    const res = await call('GET', `/api/v1/audit-events${query}`, headers);
    expect(res.status).toBe(200);
    return res.body;
  };

  it("serves the changes made through the API with who, what, before and after, newest first", async () => {
    const page = await events(`?subjectId=${department.id}`);
    expect(page).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(page.items.map((e: Json) => e.action)).toEqual(['department.updated', 'department.created']);
    const [updated, created] = page.items;
    expect(updated).toEqual({
      id: expect.stringMatching(/^\d+$/),
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      actor: peineRef,
      action: 'department.updated',
      subjectType: 'department',
      subjectId: department.id,
      before: expect.objectContaining({ name: 'Fachdienst Jugendamt', shortName: 'FD 51', version: 1 }),
      after: expect.objectContaining({ name: 'Fachdienst Jugend und Familie', version: 2 }),
      reason: 'Neuordnung',
      requestId: expect.any(String),
    });
    expect(created).toMatchObject({ action: 'department.created', before: null, after: department, reason: null });
    expect(Number(updated.id)).toBeGreaterThan(Number(created.id));
  });

  it("shows only the caller's organisation's events, never those of another one or of none", async () => {
    const peineAll = await events('?limit=200');
    expect(peineAll.total).toBe(6);
    expect(new Set(peineAll.items.map((e: Json) => e.actor))).toEqual(new Set([peineRef, 'workflow:position-1']));
    expect(peineAll.items.map((e: Json) => e.subjectId)).not.toContain('t-9');
    expect(peineAll.items.map((e: Json) => e.subjectId)).not.toContain('t-0');

    const kasselAll = await events('?limit=200', asKassel);
    expect(kasselAll.total).toBe(2);
    expect(kasselAll.items.map((e: Json) => e.actor).sort()).toEqual([kasselRef, 'workflow:position-9'].sort());
    expect(await events(`?subjectId=${department.id}`, asKassel)).toMatchObject({ total: 0, items: [] });
    expect(await events(`?actor=${encodeURIComponent(peineRef)}`, asKassel)).toMatchObject({ total: 0, items: [] });
    expect(await events('?subjectId=t-0')).toMatchObject({ total: 0, items: [] });
  });

  it('filters by subject type, subject, actor, action and a time range (from inclusive, to exclusive)', async () => {
    const ids = async (query: string) => (await events(query)).items.map((e: Json) => `${e.subjectId}@${e.occurredAt.slice(0, 10)}`);
    expect((await events('?subjectType=municipality')).items.map((e: Json) => e.after.name)).toEqual(['Ilsede']);
    expect((await events(`?actor=${encodeURIComponent(peineRef)}&action=department.created`)).items.map((e: Json) => e.subjectId)).toEqual([department.id]);
    expect(await ids('?actor=workflow:position-1')).toEqual(['t-2@2026-03-31', 't-1@2026-02-28', 't-1@2026-01-31']);
    expect(await ids('?subjectType=test_subject&subjectId=t-1')).toEqual(['t-1@2026-02-28', 't-1@2026-01-31']);
    expect(await ids('?subjectType=test_subject&from=2026-02-28T06:00:00Z&to=2026-03-31T06:00:00Z')).toEqual(['t-1@2026-02-28']);
    expect(await ids('?subjectType=test_subject&from=2026-02-01T00:00:00%2B01:00')).toEqual(['t-2@2026-03-31', 't-1@2026-02-28']);
    expect(await ids('?subjectType=test_subject&to=2026-02-01T00:00:00Z')).toEqual(['t-1@2026-01-31']);
  });

  it('sorts oldest first on request and paginates without gaps or repeats', async () => {
    const newest = await events('?limit=200');
    const oldest = await events('?sort=occurredAt&limit=200');
    expect(oldest.items.map((e: Json) => e.id)).toEqual([...newest.items.map((e: Json) => e.id)].reverse());
    const times = oldest.items.map((e: Json) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    const seen: string[] = [];
    for (let offset = 0; offset < newest.total; offset += 4) {
      const page = await events(`?limit=4&offset=${offset}`);
      expect(page).toMatchObject({ total: newest.total, limit: 4, offset });
      seen.push(...page.items.map((e: Json) => e.id));
    }
    expect(seen).toEqual(newest.items.map((e: Json) => e.id));
  });

  it('rejects bad parameters with the field and the reason', async () => {
    for (const [query, field, reason] of [
      ['?from=2026-02-01', 'from', 'from must be a date-time with its zone, e.g. 2026-03-01T00:00:00+01:00 or 2026-02-28T23:00:00Z'],
      ['?to=2026-02-30T00:00:00Z', 'to', 'to must be a valid date-time'],
      ['?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'to', 'the range ends (2026-02-01T00:00:00Z) before or when it starts (2026-03-01T00:00:00Z)'],
      ['?sort=actor', 'sort', 'cannot sort by "actor"; allowed: occurredAt'],
      ['?subjectType=', 'subjectType', 'subjectType should not be empty'],
      ['?organisationId=x', 'organisationId', 'property organisationId should not exist'],
    ]) {
      const res = await call('GET', `/api/v1/audit-events${query}`, asPeine);
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual(expect.arrayContaining([{ field, reason }]));
    }
    expect((await call('GET', '/api/v1/audit-events', {})).status).toBe(401);
  });

  it('has no route that writes, changes or deletes an event', async () => {
    const [{ n: before }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    const [first] = (await events('?sort=occurredAt&limit=1')).items;
    for (const [method, url] of [
      ['POST', '/api/v1/audit-events'],
      ['PUT', `/api/v1/audit-events/${first.id}`],
      ['PATCH', `/api/v1/audit-events/${first.id}`],
      ['DELETE', `/api/v1/audit-events/${first.id}`],
      ['DELETE', '/api/v1/audit-events'],
    ] as const) {
      const res = await call(method, url, asPeine, method === 'DELETE' ? undefined : { action: 'forged' });
      expect(res.status).toBe(404);
    }
    const [{ n: after }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(after).toBe(before);
    expect((await events('?sort=occurredAt&limit=1')).items[0]).toEqual(first);

    const doc = JSON.parse((await api.inject({ method: 'GET', url: '/api/docs-json' })).body);
    expect(Object.keys(doc.paths['/api/v1/audit-events'])).toEqual(['get']);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/audit-events'))).toEqual(['/api/v1/audit-events']);
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationEntity } from '@app/database';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, Json, Method, apiRequest, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createDepartment, createUser, devLogin } from '../support/factories';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * The organisation's structure through the API: the organisation itself, departments,
 * municipalities, committees with their sessions, and users — validation, optimistic locking,
 * audit, and tenant isolation.
 */
describe('api: organisation structure', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let kassel: OrganisationEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;

  beforeAll(async () => {
    h = await startApiHarness('organisation-test', { users: { subject: 'admin', roles: ['admin'] }, peineUser: { displayName: 'Administration' } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, headers: asKassel } = h.kassel);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  async function auditOf(subjectId: string): Promise<Json[]> {
    return db.dataSource.query(`SELECT actor, action, subject_type, before, after, reason, request_id, organisation_id FROM audit_event WHERE subject_id = $1 ORDER BY id`, [subjectId]);
  }

  async function auditCount(): Promise<number> {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`);
    return n;
  }

  describe('the organisation', () => {
    it("answers the caller's own organisation, and only that", async () => {
      const own = await call('GET', '/api/v1/organisation', asPeine);
      expect(own.status).toBe(200);
      expect(own.body).toEqual({
        id: peine.id,
        name: 'Landkreis Peine',
        kind: 'county',
        landCode: 'NI',
        slug: 'landkreis-peine',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const other = await call('GET', '/api/v1/organisation', asKassel);
      expect(other.body).toMatchObject({ id: kassel.id, name: 'Landkreis Kassel', landCode: 'HE' });
      expect((await call('GET', '/api/v1/organisation', {})).status).toBe(401);
    });
  });

  describe('departments', () => {
    it('creates and reads a department, audited with actor and request id', async () => {
      const created = await call('POST', '/api/v1/departments', asPeine, { name: 'Fachdienst Jugendamt', shortName: 'FD 51' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Fachdienst Jugendamt', shortName: 'FD 51', version: 1 });
      expect((await call('GET', `/api/v1/departments/${created.body.id}`, asPeine)).body).toEqual(created.body);

      const audit = await auditOf(created.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'department.created', subject_type: 'department', before: null, organisation_id: peine.id });
      expect(audit[0].after).toEqual(created.body);
      expect(audit[0].request_id).toEqual(expect.any(String));
    });

    it('lists departments sorted by name the German way, paginated', async () => {
      for (const name of ['Fachdienst Ärztlicher Dienst', 'Fachdienst Zentrale Dienste', 'Fachdienst Bildung']) {
        expect((await call('POST', '/api/v1/departments', asPeine, { name })).status).toBe(201);
      }
      const all = await call('GET', '/api/v1/departments', asPeine);
      expect(all.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(all.body.items.map((d: Json) => d.name)).toEqual(['Fachdienst Ärztlicher Dienst', 'Fachdienst Bildung', 'Fachdienst Jugendamt', 'Fachdienst Zentrale Dienste']);

      const page = await call('GET', '/api/v1/departments?sort=-name&limit=2&offset=1', asPeine);
      expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(page.body.items.map((d: Json) => d.name)).toEqual(['Fachdienst Jugendamt', 'Fachdienst Bildung']);

      const newest = await call('GET', '/api/v1/departments?sort=-createdAt&limit=1', asPeine);
      expect(newest.body.items[0].name).toBe('Fachdienst Bildung');

      const badSort = await call('GET', '/api/v1/departments?sort=shortName', asPeine);
      expect(badSort.status).toBe(400);
      expect(badSort.body.problems).toEqual([{ field: 'sort', reason: 'cannot sort by "shortName"; allowed: name, createdAt' }]);
    });

    it('refuses bad input with the field and the reason, a duplicate name with 409, and writes nothing', async () => {
      const before = await auditCount();
      const bad = await call('POST', '/api/v1/departments', asPeine, { name: '', shortName: 51, extra: true });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'name', reason: 'name should not be empty' },
          { field: 'shortName', reason: 'shortName must be a string' },
          { field: 'extra', reason: 'property extra should not exist' },
        ]),
      );
      const duplicate = await call('POST', '/api/v1/departments', asPeine, { name: 'Fachdienst Jugendamt' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ error: 'conflict', problems: [{ field: 'name', reason: 'another department of your organisation has this name' }] });
      expect(await auditCount()).toBe(before);
    });

    it('renames with optimistic locking, audits before/after with the reason; a stale version gets 409', async () => {
      const d = await createDepartment(db.dataSource, peine, { name: 'Amt für Soziales', shortName: 'A 50' });
      const renamed = await call('PATCH', `/api/v1/departments/${d.id}`, asPeine, { version: 1, name: 'Fachdienst Soziales', shortName: null, reason: 'Neuordnung' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: d.id, name: 'Fachdienst Soziales', shortName: null, version: 2 });

      const stale = await call('PATCH', `/api/v1/departments/${d.id}`, asPeine, { version: 1, name: 'Sozialamt' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });

      const same = await call('PATCH', `/api/v1/departments/${d.id}`, asPeine, { version: 2, name: 'Fachdienst Soziales' });
      expect(same.body.version).toBe(2);

      const clash = await call('PATCH', `/api/v1/departments/${d.id}`, asPeine, { version: 2, name: 'Fachdienst Jugendamt' });
      expect(clash.status).toBe(409);
      expect(clash.body.problems).toEqual([{ field: 'name', reason: 'another department of your organisation has this name' }]);

      const audit = await auditOf(d.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'department.updated', actor: peineRef, reason: 'Neuordnung', before: { name: 'Amt für Soziales', shortName: 'A 50', version: 1 }, after: { name: 'Fachdienst Soziales', shortName: null, version: 2 } });
      expect((await call('GET', `/api/v1/departments/${d.id}`, asPeine)).body).toMatchObject({ name: 'Fachdienst Soziales', version: 2 });
    });

    it('lets exactly one of two concurrent changes based on the same version win', async () => {
      const d = await createDepartment(db.dataSource, peine);
      const results = await Promise.all(['Fachdienst A', 'Fachdienst B'].map((name) => call('PATCH', `/api/v1/departments/${d.id}`, asPeine, { version: 1, name })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      expect((await call('GET', `/api/v1/departments/${d.id}`, asPeine)).body).toMatchObject({ name: winner.name, version: 2 });
      expect(await auditOf(d.id)).toHaveLength(1);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of [UNKNOWN, 'not-a-uuid']) {
        const get = await call('GET', `/api/v1/departments/${id}`, asPeine);
        expect(get.status).toBe(404);
        expect(get.body).toMatchObject({ error: 'not_found', message: `department ${id} not found` });
        expect((await call('PATCH', `/api/v1/departments/${id}`, asPeine, { version: 1, name: 'x' })).status).toBe(404);
      }
    });

    it('writes nothing when the transaction fails half-way (here: the audit event)', async () => {
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', '/api/v1/departments', asPeine, { name: 'Fachdienst Halb' });
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('audit store down');
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM department WHERE name = 'Fachdienst Halb'`);
      expect(n).toBe(0);
    });
  });

  describe('municipalities', () => {
    it('creates, reads, filters by kind, sorts and paginates', async () => {
      const specs: Array<[string, string]> = [
        ['Hofgeismar', 'city'],
        ['Ahnatal', 'municipality'],
        ['Vellmar', 'city'],
        ['Fuldabrück', 'municipality'],
      ];
      const ids: Record<string, string> = {};
      for (const [name, kind] of specs) {
        const res = await call('POST', '/api/v1/municipalities', asPeine, { name, kind });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ name, kind, version: 1 });
        ids[name] = res.body.id;
      }
      expect((await call('GET', `/api/v1/municipalities/${ids.Vellmar}`, asPeine)).body).toMatchObject({ id: ids.Vellmar, name: 'Vellmar', kind: 'city' });

      const cities = await call('GET', '/api/v1/municipalities?kind=city', asPeine);
      expect(cities.body).toMatchObject({ total: 2 });
      expect(cities.body.items.map((m: Json) => m.name)).toEqual(['Hofgeismar', 'Vellmar']);
      const page = await call('GET', '/api/v1/municipalities?sort=-name&limit=2&offset=2', asPeine);
      expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(page.body.items.map((m: Json) => m.name)).toEqual(['Fuldabrück', 'Ahnatal']);
      expect((await auditOf(ids.Ahnatal!))[0]).toMatchObject({ action: 'municipality.created', actor: peineRef, after: { name: 'Ahnatal', kind: 'municipality' } });
    });

    it('refuses an unknown kind and a duplicate name, changes with optimistic locking', async () => {
      const bad = await call('POST', '/api/v1/municipalities', asPeine, { name: 'Calden', kind: 'village' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual([{ field: 'kind', reason: 'kind must be one of the following values: city, municipality' }]);
      expect((await call('GET', '/api/v1/municipalities?kind=village', asPeine)).status).toBe(400);

      const dup = await call('POST', '/api/v1/municipalities', asPeine, { name: 'Hofgeismar', kind: 'city' });
      expect(dup.status).toBe(409);
      expect(dup.body.problems).toEqual([{ field: 'name', reason: 'another municipality of your organisation has this name' }]);

      const calden = await call('POST', '/api/v1/municipalities', asPeine, { name: 'Calden', kind: 'municipality' });
      const results = await Promise.all([1, 2].map((i) => call('PATCH', `/api/v1/municipalities/${calden.body.id}`, asPeine, { version: 1, name: `Calden ${i}` })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const changed = await call('PATCH', `/api/v1/municipalities/${calden.body.id}`, asPeine, { version: 2, kind: 'city' });
      expect(changed.body).toMatchObject({ kind: 'city', version: 3 });
      expect((await auditOf(calden.body.id)).map((e) => e.action)).toEqual(['municipality.created', 'municipality.updated', 'municipality.updated']);
      expect((await call('PATCH', `/api/v1/municipalities/${UNKNOWN}`, asPeine, { version: 1, kind: 'city' })).status).toBe(404);
    });
  });

  describe('committees and their sessions', () => {
    let jha: Json;

    beforeAll(async () => {
      jha = (await call('POST', '/api/v1/committees', asPeine, { name: 'Jugendhilfeausschuss', shortName: 'JHA' })).body;
    });

    it('creates, reads, lists and renames committees', async () => {
      expect(jha).toMatchObject({ name: 'Jugendhilfeausschuss', shortName: 'JHA', version: 1 });
      await call('POST', '/api/v1/committees', asPeine, { name: 'Kreisausschuss' });
      await call('POST', '/api/v1/committees', asPeine, { name: 'Ausschuss für Gleichstellung, Arbeit und Soziales' });
      const list = await call('GET', '/api/v1/committees', asPeine);
      expect(list.body.items.map((c: Json) => c.name)).toEqual(['Ausschuss für Gleichstellung, Arbeit und Soziales', 'Jugendhilfeausschuss', 'Kreisausschuss']);
      const page = await call('GET', '/api/v1/committees?limit=1&offset=1', asPeine);
      expect(page.body).toMatchObject({ total: 3, items: [{ name: 'Jugendhilfeausschuss' }] });

      const kt = await call('POST', '/api/v1/committees', asPeine, { name: 'Kreistg' });
      const fixed = await call('PATCH', `/api/v1/committees/${kt.body.id}`, asPeine, { version: 1, name: 'Kreistag', shortName: 'KT' });
      expect(fixed.body).toMatchObject({ name: 'Kreistag', shortName: 'KT', version: 2 });
      expect((await call('PATCH', `/api/v1/committees/${kt.body.id}`, asPeine, { version: 1, name: 'Kreistag alt' })).status).toBe(409);
      const dup = await call('POST', '/api/v1/committees', asPeine, { name: 'Kreistag' });
      expect(dup.status).toBe(409);
      expect(dup.body.problems).toEqual([{ field: 'name', reason: 'another committee of your organisation has this name' }]);
      expect((await auditOf(kt.body.id)).map((e) => e.action)).toEqual(['committee.created', 'committee.updated']);
    });

    it('adds sessions (at most one a day), lists them by date with a range, audited', async () => {
      for (const [sessionDate, isPublic] of [
        ['2026-09-10', true],
        ['2026-03-12', false],
        ['2026-06-18', undefined],
      ] as const) {
        const res = await call('POST', `/api/v1/committees/${jha.id}/sessions`, asPeine, { sessionDate, ...(isPublic === undefined ? {} : { isPublic }) });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ committeeId: jha.id, sessionDate, isPublic: isPublic ?? true, version: 1 });
        expect((await auditOf(res.body.id))[0]).toMatchObject({ action: 'committee_session.created', subject_type: 'committee_session', actor: peineRef });
      }
      const all = await call('GET', `/api/v1/committees/${jha.id}/sessions`, asPeine);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((s: Json) => [s.sessionDate, s.isPublic])).toEqual([
        ['2026-03-12', false],
        ['2026-06-18', true],
        ['2026-09-10', true],
      ]);
      const range = await call('GET', `/api/v1/committees/${jha.id}/sessions?from=2026-04-01&to=2026-09-10&sort=-sessionDate`, asPeine);
      expect(range.body.items.map((s: Json) => s.sessionDate)).toEqual(['2026-09-10', '2026-06-18']);
      const page = await call('GET', `/api/v1/committees/${jha.id}/sessions?limit=1&offset=2`, asPeine);
      expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 2, items: [{ sessionDate: '2026-09-10' }] });

      const twice = await call('POST', `/api/v1/committees/${jha.id}/sessions`, asPeine, { sessionDate: '2026-03-12' });
      expect(twice.status).toBe(409);
      expect(twice.body.problems).toEqual([{ field: 'sessionDate', reason: 'the committee already has a session on this day' }]);
      const badDate = await call('POST', `/api/v1/committees/${jha.id}/sessions`, asPeine, { sessionDate: '2026-02-30', isPublic: 'ja' });
      expect(badDate.status).toBe(400);
      expect(badDate.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'sessionDate', reason: 'sessionDate must be a valid calendar date' },
          { field: 'isPublic', reason: 'isPublic must be a boolean value' },
        ]),
      );
      const backwards = await call('GET', `/api/v1/committees/${jha.id}/sessions?from=2026-12-01&to=2026-01-01`, asPeine);
      expect(backwards.status).toBe(400);
      expect(backwards.body.problems[0].field).toBe('to');
      expect((await call('POST', `/api/v1/committees/${UNKNOWN}/sessions`, asPeine, { sessionDate: '2026-01-01' })).status).toBe(404);
      expect((await call('GET', `/api/v1/committees/${UNKNOWN}/sessions`, asPeine)).status).toBe(404);
    });
  });

  describe('users', () => {
    it('creates a user with roles, reads it, and lists users filtered by role and active, sorted', async () => {
      const created = await call('POST', '/api/v1/users', asPeine, {
        subject: 'kaemmerei-1',
        displayName: 'Kämmerei',
        email: 'kaemmerei@landkreis-peine.invalid',
        roles: ['finance', 'auditor'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ subject: 'kaemmerei-1', displayName: 'Kämmerei', roles: ['finance', 'auditor'], active: true, version: 1 });
      expect(created.body.ref).toBe(`user:${created.body.id}`);
      expect((await call('GET', `/api/v1/users/${created.body.id}`, asPeine)).body).toEqual(created.body);
      expect((await auditOf(created.body.id))[0]).toMatchObject({ action: 'user.created', subject_type: 'app_user', actor: peineRef });

      await call('POST', '/api/v1/users', asPeine, { subject: 'jugendamt-1', displayName: 'Sachbearbeitung Jugendamt', roles: ['youth_office'] });
      await call('POST', '/api/v1/users', asPeine, { subject: 'fdl-1', displayName: 'Fachdienstleitung', roles: ['department_head', 'finance'] });
      const finance = await call('GET', '/api/v1/users?role=finance', asPeine);
      expect(finance.body.items.map((u: Json) => u.subject)).toEqual(['fdl-1', 'kaemmerei-1']);
      const bySubject = await call('GET', '/api/v1/users?sort=-subject&limit=2', asPeine);
      expect(bySubject.body).toMatchObject({ total: 4, limit: 2 });
      expect(bySubject.body.items.map((u: Json) => u.subject)).toEqual(['kaemmerei-1', 'jugendamt-1']);
    });

    it('refuses unknown roles, a bad subject or e-mail with the field, and a duplicate subject with 409', async () => {
      const bad = await call('POST', '/api/v1/users', asPeine, { subject: 'hat leerzeichen', displayName: 'x', email: 'kein-mail', roles: ['mayor', 'finance'] });
      expect(bad.status).toBe(400);
      const fields = bad.body.problems.map((p: Json) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['subject', 'email', 'roles']));
      expect(bad.body.problems).toEqual(expect.arrayContaining([{ field: 'subject', reason: 'subject must be 1 to 200 letters, digits or the characters . _ @ : -' }]));
      for (const roles of [[], ['finance', 'finance']]) {
        const res = await call('POST', '/api/v1/users', asPeine, { subject: 'neu', displayName: 'x', roles });
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toEqual(['roles']);
      }
      const dup = await call('POST', '/api/v1/users', asPeine, { subject: 'kaemmerei-1', displayName: 'Doppelt', roles: ['finance'] });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ error: 'conflict', problems: [{ field: 'subject', reason: 'another user of your organisation has this subject' }] });
      const subjectChange = await call('PATCH', `/api/v1/users/${UNKNOWN}`, asPeine, { version: 1, subject: 'neu' });
      expect(subjectChange.status).toBe(400);
      expect(subjectChange.body.problems).toEqual([{ field: 'subject', reason: 'property subject should not exist' }]);
    });

    it('changes roles with optimistic locking and deactivates a user: that user can no longer log in', async () => {
      const user = await createUser(db.dataSource, peine, { subject: 'praktikum', displayName: 'Praktikum', roles: ['youth_office'] });
      const asUser = devLogin(peine, user);
      expect((await call('GET', '/api/v1/organisation', asUser)).status).toBe(200);

      const results = await Promise.all([['finance'], ['auditor']].map((roles) => call('PATCH', `/api/v1/users/${user.id}`, asPeine, { version: 1, roles })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);

      const deactivated = await call('PATCH', `/api/v1/users/${user.id}`, asPeine, { version: 2, active: false, reason: 'Praktikum beendet' });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body).toMatchObject({ active: false, version: 3 });
      expect((await call('GET', '/api/v1/organisation', asUser)).status).toBe(401);
      const inactive = await call('GET', '/api/v1/users?active=false', asPeine);
      expect(inactive.body.items.map((u: Json) => u.id)).toEqual([user.id]);
      expect((await call('GET', '/api/v1/users?active=true&limit=200', asPeine)).body.items.map((u: Json) => u.id)).not.toContain(user.id);

      const audit = await auditOf(user.id);
      expect(audit.map((e) => e.action)).toEqual(['user.updated', 'user.deactivated']);
      expect(audit[1]).toMatchObject({ reason: 'Praktikum beendet', before: { active: true }, after: { active: false } });

      const reactivated = await call('PATCH', `/api/v1/users/${user.id}`, asPeine, { version: 3, active: true });
      expect(reactivated.body.active).toBe(true);
      expect((await call('GET', '/api/v1/organisation', asUser)).status).toBe(200);
    });
  });

  describe('tenant isolation', () => {
    it("never shows or changes another organisation's rows: 404 exactly like an unknown id, nothing in lists", async () => {
      const department = await createDepartment(db.dataSource, peine, { name: 'Nur Peine' });
      const municipality = (await call('POST', '/api/v1/municipalities', asPeine, { name: 'Ilsede', kind: 'municipality' })).body;
      const committee = (await call('POST', '/api/v1/committees', asPeine, { name: 'Nur Peine Ausschuss' })).body;
      const user = await createUser(db.dataSource, peine, { subject: 'nur-peine' });
      const before = await auditCount();

      for (const [path, id, what, change] of [
        ['departments', department.id, 'department', { version: 1, name: 'gekapert' }],
        ['municipalities', municipality.id, 'municipality', { version: 1, name: 'gekapert' }],
        ['committees', committee.id, 'committee', { version: 1, name: 'gekapert' }],
        ['users', user.id, 'user', { version: 1, active: false }],
      ] as const) {
        const foreign = await call('GET', `/api/v1/${path}/${id}`, asKassel);
        expect(foreign.status).toBe(404);
        expect(foreign.body).toMatchObject({ error: 'not_found', message: `${what} ${id} not found` });
        const patch = await call('PATCH', `/api/v1/${path}/${id}`, asKassel, change);
        expect(patch.status).toBe(404);
        const list = await call('GET', `/api/v1/${path}?limit=200`, asKassel);
        expect(list.status).toBe(200);
        expect(list.body.items.map((x: Json) => x.id)).not.toContain(id);
      }
      expect((await call('POST', `/api/v1/committees/${committee.id}/sessions`, asKassel, { sessionDate: '2026-05-05' })).status).toBe(404);
      expect((await call('GET', `/api/v1/committees/${committee.id}/sessions`, asKassel)).status).toBe(404);
      expect(await auditCount()).toBe(before);
      expect((await call('GET', '/api/v1/users?limit=200', asKassel)).body.items.map((u: Json) => u.subject)).toEqual(['admin']);

      // The audit trail of these rows is Peine's alone.
      const own = await call('GET', `/api/v1/audit-events?subjectId=${municipality.id}`, asPeine);
      expect(own.body.items.map((e: Json) => [e.action, e.actor])).toEqual([['municipality.created', peineRef]]);
      for (const id of [department.id, municipality.id, committee.id, user.id]) {
        expect((await call('GET', `/api/v1/audit-events?subjectId=${id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
      }

      // Names and subjects are unique per organisation only.
      expect((await call('POST', '/api/v1/departments', asKassel, { name: 'Nur Peine' })).status).toBe(201);
      expect((await call('POST', '/api/v1/users', asKassel, { subject: 'nur-peine', displayName: 'Kassel', roles: ['auditor'] })).status).toBe(201);
      const stored = await db.dataSource.query(`SELECT name, version FROM department WHERE id = $1`, [department.id]);
      expect(stored).toEqual([{ name: 'Nur Peine', version: 1 }]);
    });
  });
});

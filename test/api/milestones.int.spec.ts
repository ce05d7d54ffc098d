import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppUserEntity, OrganisationEntity } from '@app/database';
import { WorkflowNotFoundError } from '@temporalio/common';
import { workflowIds } from '@app/workflows/names';
import { milestoneStateQuery, type MilestoneState } from '@app/workflows/milestone/signals';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ApiHarness, Json, Method, apiRequest, eventually, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { createFundingApplication, createUser } from '../support/factories';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Programme milestones (Meilensteine) through the API: created on an application, read, listed
 * with every filter, changed with optimistic locking, cancelled and reopened, completed once with
 * evidence, atomic writes with their audit events, and tenant isolation.
 */
describe('api: programme milestones', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let coordinator: AppUserEntity;
  let asPeine: Record<string, string>;
  let asKassel: Record<string, string>;
  let peineRef: string;
  let applicationId: string;
  let kasselUser: AppUserEntity;
  let kassel: OrganisationEntity;

  beforeAll(async () => {
    h = await startApiHarness('milestones-test', { peineUser: { displayName: 'Sachbearbeitung Jugendamt' } });
    ({ db, api } = h);
    ({ org: peine, headers: asPeine, ref: peineRef } = h.peine);
    ({ org: kassel, user: kasselUser, headers: asKassel } = h.kassel);
    coordinator = await createUser(db.dataSource, peine, { subject: 'koordination', displayName: 'Netzwerkkoordination' });
    applicationId = (await createFundingApplication(db.dataSource, peine, { title: 'Präventionskette Landkreis Peine' })).id;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  const call = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => apiRequest(api, method, url, headers, payload);

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.dataSource.query(sql, params))[0].n);
  const rowCounts = async () => ({
    milestones: await count(`SELECT count(*) AS n FROM programme_milestone`),
    audit: await count(`SELECT count(*) AS n FROM audit_event`),
  });
  const auditOf = (id: string): Promise<Json[]> =>
    db.dataSource.query(`SELECT actor, action, subject_type, before, after, reason, request_id, organisation_id FROM audit_event WHERE subject_id = $1 ORDER BY id`, [id]);

  const create = async (over: object = {}, application = applicationId): Promise<Json> => {
    const res = await call('POST', `/api/v1/applications/${application}/milestones`, asPeine, { title: 'Steuerungsgruppe eingerichtet', dueOn: '2036-06-30', ...over });
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('create and read', () => {
    it('creates an open milestone on an application with its owner, audited', async () => {
      const res = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: 'Bestandsaufnahme der Angebote', dueOn: '2036-09-30', ownerId: coordinator.id });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        applicationId,
        applicationTitle: 'Präventionskette Landkreis Peine',
        title: 'Bestandsaufnahme der Angebote',
        dueOn: '2036-09-30',
        ownerId: coordinator.id,
        ownerName: 'Netzwerkkoordination',
        status: 'open',
        evidence: null,
        doneOn: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await call('GET', `/api/v1/milestones/${res.body.id}`, asPeine)).body).toEqual(res.body);
      const audit = await auditOf(res.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: peineRef, action: 'milestone.created', subject_type: 'programme_milestone', before: null, organisation_id: peine.id });
      expect(audit[0].after).toEqual(res.body);
      expect(audit[0].request_id).toEqual(expect.any(String));
    });

    it('refuses bad input with the field and the reason, and unknown or inactive owners, writing nothing', async () => {
      const before = await rowCounts();
      const bad = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: '', dueOn: '30.06.2026', ownerId: 'jemand', status: 'done' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          { field: 'title', reason: 'title should not be empty' },
          { field: 'dueOn', reason: 'dueOn must be a date YYYY-MM-DD' },
          { field: 'ownerId', reason: 'ownerId must be a UUID' },
          { field: 'status', reason: 'property status should not exist' },
        ]),
      );
      const unknownOwner = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: 'x', dueOn: '2036-06-30', ownerId: UNKNOWN });
      expect(unknownOwner.status).toBe(400);
      expect(unknownOwner.body.problems).toEqual([{ field: 'ownerId', reason: `no user ${UNKNOWN} in your organisation` }]);
      const gone = await createUser(db.dataSource, peine, { subject: 'ausgeschieden', active: false });
      const inactive = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: 'x', dueOn: '2036-06-30', ownerId: gone.id });
      expect(inactive.body.problems).toEqual([{ field: 'ownerId', reason: `user ${gone.id} is deactivated` }]);
      for (const id of [UNKNOWN, 'kein-antrag']) {
        const noApplication = await call('POST', `/api/v1/applications/${id}/milestones`, asPeine, { title: 'x', dueOn: '2036-06-30' });
        expect(noApplication.status).toBe(404);
        expect(noApplication.body).toMatchObject({ error: 'not_found', message: `application ${id} not found` });
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('answers 404 for an unknown or malformed milestone id on every route', async () => {
      for (const id of [UNKNOWN, 'not-a-uuid']) {
        const get = await call('GET', `/api/v1/milestones/${id}`, asPeine);
        expect(get.status).toBe(404);
        expect(get.body).toMatchObject({ error: 'not_found', message: `milestone ${id} not found` });
        expect((await call('PATCH', `/api/v1/milestones/${id}`, asPeine, { version: 1, title: 'x' })).status).toBe(404);
        expect((await call('POST', `/api/v1/milestones/${id}/complete`, asPeine, { evidence: 'x', doneOn: '2026-01-01' })).status).toBe(404);
      }
    });

    it('writes nothing when the transaction fails half-way (here: the audit event)', async () => {
      const before = await rowCounts();
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asPeine, { title: 'Halb geschrieben', dueOn: '2036-06-30' });
      spy.mockRestore();
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('list', () => {
    const ids: Record<string, string> = {};
    let listApplication: string;

    beforeAll(async () => {
      listApplication = (await createFundingApplication(db.dataSource, peine, { title: 'Familienzentrum Nord' })).id;
      const specs: Array<[string, object]> = [
        ['leitbild', { title: 'Leitbild beschlossen', dueOn: '2037-03-31', ownerId: coordinator.id }],
        ['monitoring', { title: 'Sozialraummonitoring', dueOn: '2037-01-31' }],
        ['netzwerk', { title: 'Netzwerktreffen Ilsede', dueOn: '2037-06-30', ownerId: coordinator.id }],
        ['eröffnung', { title: 'Familienzentrum eröffnet', dueOn: '2037-02-28' }],
      ];
      for (const [key, over] of specs) ids[key] = (await create(over, listApplication)).id;
      await db.dataSource.query(`UPDATE programme_milestone SET status = 'overdue' WHERE id = $1`, [ids.monitoring]);
      expect((await call('PATCH', `/api/v1/milestones/${ids.netzwerk}`, asPeine, { version: 1, status: 'cancelled' })).status).toBe(200);
    });

    const titles = async (query: string): Promise<string[]> => {
      const res = await call('GET', `/api/v1/milestones?applicationId=${listApplication}${query}`, asPeine);
      expect(res.status).toBe(200);
      return res.body.items.map((m: Json) => m.title);
    };

    it('lists by due date by default, and by title the German way', async () => {
      const res = await call('GET', `/api/v1/milestones?applicationId=${listApplication}`, asPeine);
      expect(res.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(res.body.items.map((m: Json) => m.dueOn)).toEqual(['2037-01-31', '2037-02-28', '2037-03-31', '2037-06-30']);
      expect(await titles('&sort=-dueOn')).toEqual(['Netzwerktreffen Ilsede', 'Leitbild beschlossen', 'Familienzentrum eröffnet', 'Sozialraummonitoring']);
      expect(await titles('&sort=title')).toEqual(['Familienzentrum eröffnet', 'Leitbild beschlossen', 'Netzwerktreffen Ilsede', 'Sozialraummonitoring']);
      const page = await call('GET', `/api/v1/milestones?applicationId=${listApplication}&limit=2&offset=2`, asPeine);
      expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(page.body.items.map((m: Json) => m.id)).toEqual([ids.leitbild, ids.netzwerk]);
    });

    it('filters by application, status, due range and owner', async () => {
      expect(await titles('&status=overdue')).toEqual(['Sozialraummonitoring']);
      expect(await titles('&status=open,overdue')).toEqual(['Sozialraummonitoring', 'Familienzentrum eröffnet', 'Leitbild beschlossen']);
      expect(await titles('&status=cancelled')).toEqual(['Netzwerktreffen Ilsede']);
      expect(await titles('&dueFrom=2037-02-28&dueTo=2037-03-31')).toEqual(['Familienzentrum eröffnet', 'Leitbild beschlossen']);
      expect(await titles(`&ownerId=${coordinator.id}`)).toEqual(['Leitbild beschlossen', 'Netzwerktreffen Ilsede']);
      const everyApplication = await call('GET', `/api/v1/milestones?ownerId=${coordinator.id}&limit=200`, asPeine);
      expect(everyApplication.body.items.map((m: Json) => m.applicationTitle)).toEqual(expect.arrayContaining(['Präventionskette Landkreis Peine', 'Familienzentrum Nord']));
    });

    it('rejects bad list parameters with the field and the reason', async () => {
      for (const [query, field] of [
        ['?status=late', 'status'],
        ['?dueFrom=2027-02-30', 'dueFrom'],
        ['?dueFrom=2027-03-01&dueTo=2027-02-01', 'dueTo'],
        ['?ownerId=ich', 'ownerId'],
        ['?sort=owner', 'sort'],
      ]) {
        const res = await call('GET', `/api/v1/milestones${query}`, asPeine);
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toContain(field);
      }
    });
  });

  describe('changes', () => {
    it('changes title, due date and owner with the version read, audits before and after', async () => {
      const m = await create();
      const res = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, title: 'Steuerungsgruppe konstituiert', dueOn: '2036-07-31', ownerId: coordinator.id, reason: 'Sitzung verschoben' });
      expect(res.status).toBe(200);
      // two writes: the workflow's reschedule (due date), then title and owner
      expect(res.body).toMatchObject({ title: 'Steuerungsgruppe konstituiert', dueOn: '2036-07-31', ownerId: coordinator.id, ownerName: 'Netzwerkkoordination', version: 3 });
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toEqual(res.body);
      const cleared = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 3, ownerId: null });
      expect(cleared.body).toMatchObject({ ownerId: null, ownerName: null, version: 4 });
      const audit = await auditOf(m.id);
      expect(audit.map((e) => e.action)).toEqual(['milestone.created', 'milestone.rescheduled', 'milestone.updated', 'milestone.updated']);
      expect(audit[1]).toMatchObject({ actor: peineRef, reason: 'Sitzung verschoben', before: { dueOn: '2036-06-30', status: 'open' }, after: { dueOn: '2036-07-31', previousDueOn: '2036-06-30' } });
      expect(audit[2]).toMatchObject({ actor: peineRef, reason: 'Sitzung verschoben', before: { title: 'Steuerungsgruppe eingerichtet', dueOn: '2036-07-31', version: 2 }, after: { title: 'Steuerungsgruppe konstituiert', version: 3 } });
    });

    it('refuses a stale version with 409, and lets exactly one of two concurrent changes through', async () => {
      const m = await create();
      const results = await Promise.all(['2036-08-31', '2036-09-30'].map((dueOn) => call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, dueOn })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      const winner = results.find((r) => r.status === 200)!.body;
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toMatchObject({ dueOn: winner.dueOn, version: 2 });
      expect(await auditOf(m.id)).toHaveLength(2);
    });

    it('cancels and reopens, but never sets done or overdue, and refuses unknown or foreign owners', async () => {
      const m = await create();
      const cancelled = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, status: 'cancelled', reason: 'Programm geändert' });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
      const reopened = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 2, status: 'open' });
      expect(reopened.body).toMatchObject({ status: 'open', version: 3 });
      for (const status of ['done', 'overdue']) {
        const res = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 3, status });
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual([{ field: 'status', reason: 'status must be one of the following values: open, cancelled' }]);
      }
      const foreignOwner = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 3, ownerId: kasselUser.id });
      expect(foreignOwner.status).toBe(400);
      expect(foreignOwner.body.problems).toEqual([{ field: 'ownerId', reason: `no user ${kasselUser.id} in your organisation` }]);
      expect((await auditOf(m.id)).map((e) => e.action)).toEqual(['milestone.created', 'milestone.cancelled', 'milestone.reopened']);

      await db.dataSource.query(`UPDATE programme_milestone SET status = 'overdue', version = version + 1 WHERE id = $1`, [m.id]);
      const postponed = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 4, dueOn: '2036-12-31', reason: 'Fristverlängerung' });
      expect(postponed.body).toMatchObject({ status: 'open', dueOn: '2036-12-31', version: 5 });
    });
  });

  describe('complete', () => {
    it('marks a milestone done with evidence and the day; completing twice is a 409 and changes nothing', async () => {
      const m = await create({ title: 'Leitbild beschlossen' });
      const done = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: '  Beschluss JHA 2026/123 vom 12.03.2026 ', doneOn: '2026-03-12' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'done', evidence: 'Beschluss JHA 2026/123 vom 12.03.2026', doneOn: '2026-03-12', version: 2 });
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toEqual(done.body);

      const before = await rowCounts();
      const again = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'noch einmal', doneOn: '2026-03-13' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'status', reason: 'the milestone is done' }] });
      const edit = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 2, dueOn: '2037-01-01', status: 'cancelled' });
      expect(edit.status).toBe(409);
      expect(edit.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'dueOn', reason: 'the milestone is done' }, { field: 'status', reason: 'the milestone is done' }] });
      expect(await rowCounts()).toEqual(before);

      const audit = await auditOf(m.id);
      expect(audit.map((e) => e.action)).toEqual(['milestone.created', 'milestone.completed']);
      expect(audit[1]).toMatchObject({ before: { status: 'open', evidence: null, doneOn: null }, after: { status: 'done', doneOn: '2026-03-12' } });
    });

    it('takes today (Europe/Berlin) when no day is given, and refuses a day in the future', async () => {
      const [{ today, tomorrow }] = await db.dataSource.query(
        `SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS today, to_char((now() AT TIME ZONE 'Europe/Berlin')::date + 1, 'YYYY-MM-DD') AS tomorrow`,
      );
      const m = await create();
      const future = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'Protokoll', doneOn: tomorrow });
      expect(future.status).toBe(400);
      expect(future.body.problems).toEqual([{ field: 'doneOn', reason: `must not be in the future (today is ${today})` }]);
      const done = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'Protokoll' });
      expect(done.body).toMatchObject({ status: 'done', doneOn: today });
    });

    it('needs non-empty evidence, and a cancelled milestone is reopened first', async () => {
      const m = await create();
      for (const [payload, field] of [
        [{}, 'evidence'],
        [{ evidence: '   ' }, 'evidence'],
        [{ evidence: 42 }, 'evidence'],
        [{ evidence: 'x', doneOn: '2026-02-30' }, 'doneOn'],
      ] as const) {
        const res = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, payload);
        expect(res.status).toBe(400);
        expect(res.body.problems.map((p: Json) => p.field)).toContain(field);
      }
      expect((await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, {})).body.problems).toEqual(
        expect.arrayContaining([{ field: 'evidence', reason: 'evidence must not be empty' }]),
      );
      await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, status: 'cancelled' });
      const cancelled = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'Protokoll', doneOn: '2026-01-05' });
      expect(cancelled.status).toBe(409);
      expect(cancelled.body).toMatchObject({ error: 'state_conflict', problems: [{ field: 'status', reason: 'the milestone is cancelled' }] });
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toMatchObject({ status: 'cancelled', evidence: null });
    });

    it('completes an overdue milestone, and only one of two concurrent completions', async () => {
      const m = await create();
      await db.dataSource.query(`UPDATE programme_milestone SET status = 'overdue' WHERE id = $1`, [m.id]);
      const results = await Promise.all(['Protokoll A', 'Protokoll B'].map((evidence) => call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence, doneOn: '2026-07-02' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toMatchObject({ status: 'done', evidence: winner.evidence });
      expect((await auditOf(m.id)).map((e) => e.action)).toEqual(['milestone.created', 'milestone.completed']);
    });
  });

  describe('workflow (milestone-<id>)', () => {
    /** The workflow's own view (its query), next to what the api and PostgreSQL say. */
    const workflowOf = (id: string): Promise<MilestoneState> => h.env.client.workflow.getHandle(workflowIds.milestone(id)).query(milestoneStateQuery);
    const berlinToday = async (): Promise<string> =>
      (await db.dataSource.query(`SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS today`))[0].today;

    it('starts with the milestone; a new due date goes through its reschedule: in its plan, the row and the audit by the user', async () => {
      const m = await create({ title: 'Konzept vorgelegt', dueOn: '2036-06-30', ownerId: coordinator.id });
      expect(await workflowOf(m.id)).toMatchObject({
        milestoneId: m.id,
        status: 'open',
        dueOn: '2036-06-30',
        reminders: [
          { daysBefore: 14, on: '2036-06-16', status: 'pending' },
          { daysBefore: 3, on: '2036-06-27', status: 'pending' },
        ],
        escalation: { daysAfterDue: 7, sentOn: null },
        reschedules: [],
      });
      const moved = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, dueOn: '2036-09-30', reason: 'Fristverlängerung durch das Ministerium' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ dueOn: '2036-09-30', status: 'open', version: 2 });
      const wf = await workflowOf(m.id);
      expect(wf).toMatchObject({ dueOn: '2036-09-30', reminders: [{ on: '2036-09-16', status: 'pending' }, { on: '2036-09-27', status: 'pending' }] });
      expect(wf.reschedules).toEqual([{ from: '2036-06-30', to: '2036-09-30', reason: 'Fristverlängerung durch das Ministerium', on: await berlinToday(), by: peineRef }]);
      const [row] = await db.dataSource.query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due, status, version FROM programme_milestone WHERE id = $1`, [m.id]);
      expect(row).toEqual({ due: '2036-09-30', status: 'open', version: 2 });
      const audit = await auditOf(m.id);
      expect(audit.map((e) => [e.action, e.actor])).toEqual([['milestone.created', peineRef], ['milestone.rescheduled', peineRef]]);
      expect(audit[1]).toMatchObject({ reason: 'Fristverlängerung durch das Ministerium', before: { dueOn: '2036-06-30', status: 'open' }, after: { dueOn: '2036-09-30', status: 'open' }, organisation_id: peine.id });
    });

    it("refuses a due date in the past with 409 and the workflow's reason, and changes nothing (the title sent along neither)", async () => {
      const m = await create();
      const before = await rowCounts();
      const res = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 1, dueOn: '2020-01-31', title: 'Zurückdatiert' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'state_conflict', message: `reschedule: dueOn 2020-01-31 lies in the past (today is ${await berlinToday()})` });
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toEqual(m);
      expect(await workflowOf(m.id)).toMatchObject({ dueOn: '2036-06-30', reschedules: [] });
    });

    it('completes through the workflow: its plan ends done, the row and the audit name the user', async () => {
      const m = await create();
      const done = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'Protokoll der Steuerungsgruppe', doneOn: '2026-03-12' });
      expect(done.status).toBe(200);
      expect(await workflowOf(m.id)).toMatchObject({ status: 'done', evidence: 'Protokoll der Steuerungsgruppe', doneOn: '2026-03-12', late: false });
      const audit = await auditOf(m.id);
      expect(audit.map((e) => [e.action, e.actor])).toEqual([['milestone.created', peineRef], ['milestone.completed', peineRef]]);
      expect(audit[1].after).toEqual({ status: 'done', evidence: 'Protokoll der Steuerungsgruppe', doneOn: '2026-03-12' });
      // the workflow has ended: a further change is refused before it is asked, and changes nothing
      const again = await call('PATCH', `/api/v1/milestones/${m.id}`, asPeine, { version: 2, dueOn: '2036-12-31' });
      expect(again.status).toBe(409);
      expect(await auditOf(m.id)).toHaveLength(2);
    });

    it('marks a milestone whose deadline has passed overdue and escalates, as the workflow; completing it then is late', async () => {
      const m = await create({ title: 'Bericht an das Landesjugendamt', dueOn: '2026-01-15' });
      const actor = `workflow:milestone-${m.id}`;
      await eventually('the milestone overdue', async () => (await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body.status === 'overdue', 15_000, () => workflowOf(m.id));
      await eventually('the escalation', async () => (await workflowOf(m.id)).escalation.sentOn !== null);
      const [overdue] = (await auditOf(m.id)).filter((e) => e.action === 'milestone.overdue');
      expect(overdue).toMatchObject({ actor, before: { status: 'open' }, after: { status: 'overdue', dueOn: '2026-01-15', effectiveDueOn: '2026-01-15' } });
      expect(await count(`SELECT count(*) AS n FROM notification WHERE dedup_key = $1`, [`milestone:${m.id}:escalation:2026-01-15`])).toBe(1);
      const done = await call('POST', `/api/v1/milestones/${m.id}/complete`, asPeine, { evidence: 'Bericht versandt', doneOn: '2026-02-02' });
      expect(done.body).toMatchObject({ status: 'done', doneOn: '2026-02-02' });
      expect(await workflowOf(m.id)).toMatchObject({ status: 'done', late: true, overdueSince: expect.any(String) });
    });

    it('gives a milestone written without workflow (before the workflows ran) one on its first change', async () => {
      const [{ id }] = await db.dataSource.query(
        `INSERT INTO programme_milestone (organisation_id, application_id, title, due_on, owner_id) VALUES ($1, $2, 'Altbestand', '2036-03-31', $3) RETURNING id`,
        [peine.id, applicationId, coordinator.id],
      );
      await expect(workflowOf(id)).rejects.toThrow(WorkflowNotFoundError);
      const moved = await call('PATCH', `/api/v1/milestones/${id}`, asPeine, { version: 1, dueOn: '2036-04-30', reason: 'Übernahme' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ dueOn: '2036-04-30', version: 2 });
      expect(await workflowOf(id)).toMatchObject({ status: 'open', dueOn: '2036-04-30', reschedules: [{ from: '2036-03-31', to: '2036-04-30', by: peineRef }] });
    });
  });

  describe('tenant isolation', () => {
    it('gives another organisation 404 on every read and write of a milestone or application, and never lists them', async () => {
      const m = await create({ title: 'Nur für Peine', ownerId: coordinator.id });
      const before = await rowCounts();
      const attempts: Array<[Method, string, object?]> = [
        ['GET', `/api/v1/milestones/${m.id}`],
        ['PATCH', `/api/v1/milestones/${m.id}`, { version: 1, title: 'Übernommen' }],
        ['POST', `/api/v1/milestones/${m.id}/complete`, { evidence: 'fremd', doneOn: '2026-01-01' }],
      ];
      for (const [method, url, payload] of attempts) {
        const foreign = await call(method, url, asKassel, payload);
        expect(foreign.status).toBe(404);
        expect(foreign.body).toMatchObject({ error: 'not_found', message: `milestone ${m.id} not found` });
      }
      const onForeignApplication = await call('POST', `/api/v1/applications/${applicationId}/milestones`, asKassel, { title: 'fremd', dueOn: '2036-06-30' });
      expect(onForeignApplication.status).toBe(404);
      expect(onForeignApplication.body.message).toBe(`application ${applicationId} not found`);
      expect(await rowCounts()).toEqual(before);
      for (const query of ['?limit=200', `?applicationId=${applicationId}`, `?ownerId=${coordinator.id}`, '?status=open']) {
        expect((await call('GET', `/api/v1/milestones${query}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
      }
      expect((await call('GET', `/api/v1/milestones/${m.id}`, asPeine)).body).toMatchObject({ title: 'Nur für Peine', version: 1 });

      const trail = await call('GET', `/api/v1/audit-events?subjectType=programme_milestone&subjectId=${m.id}`, asPeine);
      expect(trail.body.items.map((e: Json) => [e.action, e.actor])).toEqual([['milestone.created', peineRef]]);
      expect((await call('GET', `/api/v1/audit-events?subjectId=${m.id}`, asKassel)).body).toMatchObject({ total: 0, items: [] });
    });

    it("refuses another organisation's user as owner on its own application, naming the field", async () => {
      const kasselApplication = await createFundingApplication(db.dataSource, kassel);
      const res = await call('POST', `/api/v1/applications/${kasselApplication.id}/milestones`, asKassel, { title: 'Kassel', dueOn: '2036-06-30', ownerId: coordinator.id });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ field: 'ownerId', reason: `no user ${coordinator.id} in your organisation` }]);
      const own = await call('POST', `/api/v1/applications/${kasselApplication.id}/milestones`, asKassel, { title: 'Kassel', dueOn: '2036-06-30', ownerId: kasselUser.id });
      expect(own.status).toBe(201);
      expect((await call('GET', `/api/v1/milestones/${own.body.id}`, asPeine)).status).toBe(404);
    });
  });
});

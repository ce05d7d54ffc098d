import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppUserEntity, CommitteeEntity, DepartmentEntity, FundingProgrammeEntity, OrganisationEntity } from '@app/database';
import { VORLAGE_2021_844 } from '@app/documents';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { workflowIds } from '@app/workflows/names';
import { councilPaperStateQuery } from '@app/workflows/council-paper/signals';
import { ApiHarness, eventually, startApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import {
  councilPaperBody,
  createBudgetProduct,
  createCommittee,
  createDepartment,
  createProgramme,
  createStaffPosition,
} from '../support/factories';

type Headers = Record<string, string>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

const v = VORLAGE_2021_844;

/**
 * Council papers (Vorlagen) end to end through the real api: Vorlage 2021/844 as in the seed,
 * read and list with every filter, changes to a draft with optimistic locking, release, outcomes
 * of the Beratungsfolge, numbering in the organisation's own sequence, drafts from an application,
 * bad input, atomic writes with their audit events, and tenant isolation on every route.
 */
describe('api: council papers', () => {
  let db: TestDatabase;
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let peine: OrganisationEntity;
  let peineUser: AppUserEntity;
  let asPeine: Headers;
  let asKassel: Headers;
  let jugendamt: DepartmentEntity;
  let gesundheitsamt: DepartmentEntity;
  let sozialamt: DepartmentEntity;
  let gleichstellung: CommitteeEntity;
  let jha: CommitteeEntity;
  let kreisausschuss: CommitteeEntity;
  let kreistag: CommitteeEntity;
  let praeventionsketten: FundingProgrammeEntity;
  let kasselDepartment: DepartmentEntity;
  let kasselCommittee: CommitteeEntity;
  let kasselApplicationId: string;
  /** Vorlage 2021/844 as created through the api (released and consulted by the tests below). */
  let v844: Json;

  const call = (method: Method, url: string, headers: Headers, payload?: object) => api.inject({ method, url, headers, payload });
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await db.dataSource.query(sql, params))[0].n);
  const rowCounts = async () => ({
    papers: await count(`SELECT count(*) AS n FROM council_paper`),
    consultations: await count(`SELECT count(*) AS n FROM consultation`),
    audit: await count(`SELECT count(*) AS n FROM audit_event`),
  });
  /**
   * The paper's workflow reminds the council office of a missing outcome (at once for a session
   * long past); waits for that reminder, so that later row counts are stable.
   */
  const outcomeReminded = (paperId: string, position: number, sessionDate: string): Promise<void> =>
    eventually(`the outcome reminder of ${paperId}/${position}`, async () =>
      (await count(`SELECT count(*) AS n FROM notification WHERE dedup_key = $1`, [`council-paper:${paperId}:outcome-reminder:${position}:${sessionDate}`])) === 1,
    );
  const today = async (): Promise<string> => (await db.dataSource.query(`SELECT to_char((now() AT TIME ZONE 'Europe/Berlin')::date, 'YYYY-MM-DD') AS d`))[0].d;

  /** Vorlage 2021/844 with the seed's data (VORLAGE_2021_844). */
  const seedBody = (): Json => councilPaperBody(v, { leadDepartmentId: jugendamt.id, committeeIds: { [gleichstellung.name]: gleichstellung.id } });

  /** A complete Beschlussvorlage with a three-step Beratungsfolge (JHA → KA → KT decides), number allocated. */
  const decisionBody = (over: object = {}): Json => ({
    paperType: 'decision',
    paperDate: '2026-02-02',
    leadDepartmentId: jugendamt.id,
    participatingDepartmentIds: [gesundheitsamt.id, sozialamt.id],
    costsInBudget: false,
    costCents: 12_345_678,
    title: 'Fortführung der Präventionskette 2027–2029',
    sections: {
      description: ['Die Präventionskette soll fortgeführt werden.'],
      goals: ['Teilhabe aller Kinder bis zehn Jahre.'],
      resources: ['Eine Vollzeitstelle, Produkt 3636 – übrige Hilfen.'],
      conclusion: ['Die Verwaltung empfiehlt die Fortführung.'],
      decisionProposal: ['Der Kreistag beschließt die Fortführung der Präventionskette.'],
    },
    relatedPaperNumbers: ['2021/844', '2020/608'],
    attachments: [{ title: 'Konzept Präventionskette' }],
    consultations: [
      { committeeId: jha.id, sessionDate: '2026-02-23', role: 'preliminary' },
      { committeeId: kreisausschuss.id, sessionDate: '2026-03-10', role: 'preliminary', isPublic: false },
      { committeeId: kreistag.id, sessionDate: '2026-03-25', role: 'decision', authoritative: true },
    ],
    ...over,
  });

  const create = async (body: object, headers = asPeine): Promise<Json> => {
    const res = await call('POST', '/api/v1/council-papers', headers, body);
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApiHarness('council-papers-test');
    ({ db, api } = h);
    ({ org: peine, user: peineUser, headers: asPeine } = h.peine);
    asKassel = h.kassel.headers;
    jugendamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Jugendamt' });
    gesundheitsamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Gesundheitsamt' });
    sozialamt = await createDepartment(db.dataSource, peine, { name: 'Fachdienst Sozialamt' });
    gleichstellung = await createCommittee(db.dataSource, peine, { name: v.consultations[0]!.committee });
    jha = await createCommittee(db.dataSource, peine, { name: 'Jugendhilfeausschuss', shortName: 'JHA' });
    kreisausschuss = await createCommittee(db.dataSource, peine, { name: 'Kreisausschuss', shortName: 'KA' });
    kreistag = await createCommittee(db.dataSource, peine, { name: 'Kreistag', shortName: 'KT' });
    praeventionsketten = await createProgramme(db.dataSource, peine, { name: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!' });
    const kassel = h.kassel.org;
    kasselDepartment = await createDepartment(db.dataSource, kassel, { name: 'Fachbereich Jugend' });
    kasselCommittee = await createCommittee(db.dataSource, kassel, { name: 'Jugendhilfeausschuss' });
    const kasselApplication = await call('POST', '/api/v1/applications', asKassel, {
      programmeId: (await createProgramme(db.dataSource, kassel)).id,
      leadDepartmentId: kasselDepartment.id,
      title: 'Kasseler Antrag',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      costPlan: [{ category: 'other', label: 'x', amountCents: 100 }],
      financingPlan: [{ source: 'own', label: 'x', amountCents: 100 }],
    });
    expect(kasselApplication.statusCode).toBe(201);
    kasselApplicationId = kasselApplication.json().id;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  describe('Vorlage 2021/844: create, read, release, outcome', () => {
    it('creates the paper with the seed data as a draft, audited with actor and request id', async () => {
      const res = await call('POST', '/api/v1/council-papers', asPeine, seedBody());
      expect(res.statusCode).toBe(201);
      v844 = res.json();
      expect(v844).toEqual({
        id: expect.any(String),
        number: '2021/844',
        paperType: 'information',
        status: 'draft',
        isPublic: true,
        paperDate: '2021-03-30',
        leadDepartmentId: jugendamt.id,
        leadDepartmentName: 'Fachdienst Jugendamt',
        participatingDepartments: [],
        costsInBudget: true,
        costCents: 5_670_000,
        countyExecutiveInvolved: false,
        qualifiedMajority: false,
        relevance: { genderMainstreaming: true, migration: true, preventionSustainability: true, education: true, climate: false },
        title: v.title,
        sections: {
          description: v.sections.description,
          goals: v.sections.goalsAndEffects,
          resources: v.sections.resources,
          conclusion: ['entfällt.'],
        },
        relatedPaperNumbers: ['2020/608'],
        attachments: [],
        applicationId: null,
        consultations: [
          {
            position: 1,
            committeeId: gleichstellung.id,
            committeeName: 'Ausschuss für Gleichstellung, Arbeit und Soziales',
            sessionDate: '2021-04-26',
            role: 'acknowledgement',
            isPublic: true,
            authoritative: false,
            outcome: null,
          },
        ],
        version: 1,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });

      const read = await call('GET', `/api/v1/council-papers/${v844.id}`, asPeine);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(v844);

      const audit = await db.dataSource.query(`SELECT organisation_id, actor, action, subject_type, before, after, request_id FROM audit_event WHERE subject_id = $1`, [v844.id]);
      expect(audit).toEqual([
        {
          organisation_id: peine.id,
          actor: `user:${peineUser.id}`,
          action: 'council_paper.created',
          subject_type: 'council_paper',
          before: null,
          after: v844,
          request_id: expect.stringMatching(/.+/),
        },
      ]);
    });

    it('refuses outcomes while the paper is a draft', async () => {
      const res = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/1/outcome`, asPeine, { outcome: 'acknowledged', text: 'zur Kenntnis genommen' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'state_conflict', message: 'council paper 2021/844: no outcome can be recorded, a draft is not consulted: release it first' });
    });

    it('releases the draft with the version read (a stale version is refused), audited', async () => {
      const stale = await call('POST', `/api/v1/council-papers/${v844.id}/release`, asPeine, { version: 2 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 1' }] });

      const res = await call('POST', `/api/v1/council-papers/${v844.id}/release`, asPeine, { version: 1 });
      expect(res.statusCode).toBe(200);
      const released = res.json();
      expect(released).toEqual({ ...v844, status: 'released', version: 2, updatedAt: expect.any(String) });
      const audit = await db.dataSource.query(`SELECT before, after FROM audit_event WHERE subject_id = $1 AND action = 'council_paper.released'`, [v844.id]);
      expect(audit).toEqual([{ before: v844, after: released }]);
      await outcomeReminded(v844.id, 1, '2021-04-26');
      v844 = released;

      const again = await call('POST', `/api/v1/council-papers/${v844.id}/release`, asPeine, { version: 2 });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: 'state_conflict', message: 'council paper 2021/844 is released already' });
    });

    it('refuses every change to the released paper with 409: it is changed only by a new paper', async () => {
      const before = await rowCounts();
      const res = await call('PATCH', `/api/v1/council-papers/${v844.id}`, asPeine, { version: 2, title: 'Nachträglich geändert' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'state_conflict' });
      expect(res.json().message).toContain('write a new paper (POST /api/v1/council-papers) that refers to 2021/844');
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/council-papers/${v844.id}`, asPeine)).json()).toEqual(v844);
    });

    it('records the outcome of the consultation through the workflow, audited, and refuses an unknown position or bad input', async () => {
      // released: the paper's consultation workflow runs along the Beratungsfolge
      const workflow = h.env.client.workflow.getHandle(workflowIds.councilPaper(v844.id));
      expect(await workflow.query(councilPaperStateQuery)).toMatchObject({ status: 'consulting', current: 1, consultations: [{ position: 1, sessionDate: '2021-04-26', outcome: null }] });
      const res = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/1/outcome`, asPeine, { outcome: 'acknowledged', text: 'zur Kenntnis genommen' });
      expect(res.statusCode).toBe(200);
      const consulted = res.json();
      // the consultation changes (the workflow's write), the paper itself does not
      expect(consulted).toEqual({ ...v844, consultations: [{ ...v844.consultations[0], outcome: 'acknowledged' }] });
      expect((await call('GET', `/api/v1/council-papers/${v844.id}`, asPeine)).json()).toEqual(consulted);
      const audit = await db.dataSource.query(
        `SELECT a.actor, a.action, a.reason, a.before, a.after FROM audit_event a JOIN consultation c ON c.id::text = a.subject_id
          WHERE a.subject_type = 'consultation' AND c.paper_id = $1 ORDER BY a.id`,
        [v844.id],
      );
      expect(audit).toEqual([
        {
          actor: `user:${peineUser.id}`,
          action: 'consultation.outcome_recorded',
          reason: 'consultation outcome recorded',
          before: { sessionDate: '2021-04-26', outcome: null },
          after: { sessionDate: '2021-04-26', outcome: 'acknowledged', text: 'zur Kenntnis genommen' },
        },
      ]);
      // the only consultation has dealt with the Informationsvorlage: the workflow has concluded
      await eventually('the consultation concluded', async () => (await workflow.query(councilPaperStateQuery)).status !== 'consulting');
      expect(await workflow.query(councilPaperStateQuery)).toMatchObject({ status: 'consulted', result: 'consulted', current: null, consultations: [{ outcome: 'acknowledged', text: 'zur Kenntnis genommen' }] });
      await eventually('the workflow closed', async () => (await workflow.describe()).status.name === 'COMPLETED');
      v844 = consulted;

      const unknown = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/2/outcome`, asPeine, { outcome: 'decided', text: 'beschlossen' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: 'not_found', message: `consultation of council paper ${v844.id} at position 2 not found` });
      const badPosition = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/first/outcome`, asPeine, { outcome: 'decided', text: 'beschlossen' });
      expect(badPosition.statusCode).toBe(400);
      expect(badPosition.json().problems).toEqual(expect.arrayContaining([{ field: 'position', reason: 'position must be a position in the Beratungsfolge (1, 2, …)' }]));
      const badBody = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/1/outcome`, asPeine, { outcome: '', text: '', extra: 1 });
      expect(badBody.statusCode).toBe(400);
      expect(badBody.json().problems).toEqual([
        { field: 'extra', reason: 'property extra should not exist' },
        { field: 'outcome', reason: 'outcome must be one of the following values: acknowledged, recommended, decided, rejected, postponed' },
        { field: 'text', reason: 'text should not be empty' },
      ]);
      const again = await call('PUT', `/api/v1/council-papers/${v844.id}/consultations/1/outcome`, asPeine, { outcome: 'acknowledged', text: 'noch einmal' });
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toContain(`no running workflow council-paper-${v844.id}`);
      expect((await call('GET', `/api/v1/council-papers/${v844.id}`, asPeine)).json()).toEqual(v844);
    });
  });

  describe('the Beratungsfolge', () => {
    it('keeps the consultations in the order given, with committee names, Ö/N and the deciding step', async () => {
      const paper = await create(decisionBody());
      expect(paper).toMatchObject({
        number: '2026/1',
        paperType: 'decision',
        participatingDepartments: [
          { id: gesundheitsamt.id, name: 'Fachdienst Gesundheitsamt' },
          { id: sozialamt.id, name: 'Fachdienst Sozialamt' },
        ],
        sections: { decisionProposal: ['Der Kreistag beschließt die Fortführung der Präventionskette.'] },
        relatedPaperNumbers: ['2021/844', '2020/608'],
        attachments: [{ title: 'Konzept Präventionskette' }],
      });
      expect(paper.consultations.map((c: Json) => [c.position, c.committeeName, c.sessionDate, c.role, c.isPublic, c.authoritative, c.outcome])).toEqual([
        [1, 'Jugendhilfeausschuss', '2026-02-23', 'preliminary', true, false, null],
        [2, 'Kreisausschuss', '2026-03-10', 'preliminary', false, false, null],
        [3, 'Kreistag', '2026-03-25', 'decision', true, true, null],
      ]);
      expect((await call('GET', `/api/v1/council-papers/${paper.id}`, asPeine)).json().consultations).toEqual(paper.consultations);
    });

    it('records outcomes step by step in order, and not before the session date', async () => {
      const paper = await create(decisionBody({ consultations: [
        { committeeId: jha.id, sessionDate: '2024-02-19', role: 'preliminary' },
        { committeeId: kreistag.id, sessionDate: '2099-03-25', role: 'decision', authoritative: true },
      ] }));
      const released = (await call('POST', `/api/v1/council-papers/${paper.id}/release`, asPeine, { version: 1 })).json();
      expect(released.status).toBe('released');

      const early = await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/2/outcome`, asPeine, { outcome: 'decided', text: 'beschlossen' });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe(`council paper ${paper.number}: the Beratungsfolge runs in order: step 1 has no outcome yet`);

      expect((await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/1/outcome`, asPeine, { outcome: 'recommended', text: 'einstimmig empfohlen' })).statusCode).toBe(200);
      const future = await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/2/outcome`, asPeine, { outcome: 'decided', text: 'beschlossen' });
      expect(future.statusCode).toBe(409);
      expect(future.json().message).toBe(`council paper ${paper.number}: the session of step 2 is on 2099-03-25; its outcome can be recorded from that day`);

      const final = (await call('GET', `/api/v1/council-papers/${paper.id}`, asPeine)).json();
      expect(final.consultations.map((c: Json) => c.outcome)).toEqual(['recommended', null]);
      expect(
        await count(`SELECT count(*) AS n FROM audit_event a JOIN consultation c ON c.id::text = a.subject_id WHERE c.paper_id = $1 AND a.action = 'consultation.outcome_recorded'`, [paper.id]),
      ).toBe(1);
    });

    it("refuses an outcome the consultation's role does not allow with the workflow's reason, and re-queues a postponed one", async () => {
      const paper = await create(decisionBody({ consultations: [
        { committeeId: jha.id, sessionDate: '2024-02-19', role: 'preliminary' },
        { committeeId: kreistag.id, sessionDate: '2099-03-25', role: 'decision', authoritative: true },
      ] }));
      const released = (await call('POST', `/api/v1/council-papers/${paper.id}/release`, asPeine, { version: 1 })).json();
      expect(released.status).toBe('released');
      await outcomeReminded(paper.id, 1, '2024-02-19');
      const before = await rowCounts();
      const wrong = await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/1/outcome`, asPeine, { outcome: 'decided', text: 'beschlossen' });
      expect(wrong.statusCode).toBe(409);
      expect(wrong.json()).toMatchObject({ error: 'state_conflict', message: expect.stringContaining('"decided" is not an outcome of') });
      expect(wrong.json().message).toContain('(Vorberatung); allowed: recommended, rejected, acknowledged, postponed');
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/council-papers/${paper.id}`, asPeine)).json()).toEqual(released);

      const postponed = await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/1/outcome`, asPeine, { outcome: 'postponed', text: 'vertagt', nextSessionDate: '2099-01-12' });
      expect(postponed.statusCode).toBe(200);
      const workflow = h.env.client.workflow.getHandle(workflowIds.councilPaper(paper.id));
      await eventually('the consultation re-queued', async () => (await workflow.query(councilPaperStateQuery)).consultations[0].sessionDate === '2099-01-12');
      const state = await workflow.query(councilPaperStateQuery);
      expect(state.consultations[0]).toMatchObject({ plannedSessionDate: '2024-02-19', sessionDate: '2099-01-12', status: 'scheduled', outcome: null, moves: [{ from: '2024-02-19', to: '2099-01-12', why: 'postponed' }] });
      expect(state.consultations[0].outcomes).toEqual([{ sessionDate: '2024-02-19', outcome: 'postponed', text: 'vertagt', recordedOn: expect.any(String), by: `user:${peineUser.id}` }]);
      const read = (await call('GET', `/api/v1/council-papers/${paper.id}`, asPeine)).json();
      expect(read.consultations.map((c: Json) => [c.sessionDate, c.outcome])).toEqual([['2099-01-12', null], ['2099-03-25', null]]);
      const audit = await db.dataSource.query(
        `SELECT a.actor, a.action, a.after FROM audit_event a JOIN consultation c ON c.id::text = a.subject_id WHERE c.paper_id = $1 AND c.position = 1 ORDER BY a.id`,
        [paper.id],
      );
      expect(audit).toEqual([
        { actor: `user:${peineUser.id}`, action: 'consultation.outcome_recorded', after: { sessionDate: '2024-02-19', outcome: 'postponed', text: 'vertagt' } },
        { actor: `workflow:council-paper-${paper.id}`, action: 'consultation.requeued', after: { sessionDate: '2099-01-12', outcome: null, why: 'postponed' } },
      ]);
      // before the new session no outcome can be recorded
      const early = await call('PUT', `/api/v1/council-papers/${paper.id}/consultations/1/outcome`, asPeine, { outcome: 'recommended', text: 'empfohlen' });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe(`council paper ${paper.number}: the session of step 1 is on 2099-01-12; its outcome can be recorded from that day`);
    });

    it('releases only a complete paper and names what is missing', async () => {
      const draft = await create(decisionBody({ sections: { description: ['Nur die Inhaltsbeschreibung.'] }, consultations: [] }));
      const res = await call('POST', `/api/v1/council-papers/${draft.id}/release`, asPeine, { version: 1 });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: 'state_conflict' });
      expect(res.json().problems.map((p: Json) => p.field)).toEqual([
        'sections.goals',
        'sections.resources',
        'sections.conclusion',
        'sections.decisionProposal',
        'consultations',
      ]);
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toMatchObject({ status: 'draft', version: 1 });
    });
  });

  describe('numbering', () => {
    it('allocates the next number of the paper date\'s year when none is given, and refuses a number taken', async () => {
      const next = await create({ ...seedBody(), number: undefined, paperDate: '2021-05-03', title: 'Nachfolgende Vorlage 2021' });
      expect(next.number).toBe('2021/845');
      const explicit = await create({ ...seedBody(), number: '2021/1000', title: 'Sprung in der Nummernfolge' });
      expect(explicit.number).toBe('2021/1000');
      expect((await create({ ...seedBody(), number: undefined, paperDate: '2021-12-01', title: 'Nach dem Sprung' })).number).toBe('2021/1001');
      expect((await create({ ...seedBody(), number: undefined, paperDate: '2019-06-01', title: 'Erste Vorlage 2019' })).number).toBe('2019/1');

      const before = await rowCounts();
      const taken = await call('POST', '/api/v1/council-papers', asPeine, { ...seedBody(), title: 'Doppelt' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'number', reason: 'another paper of your organisation has this number' }] });
      expect(await rowCounts()).toEqual(before);
    });

    it('gives concurrent creations without a number distinct numbers', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => call('POST', '/api/v1/council-papers', asPeine, { ...seedBody(), number: undefined, paperDate: '2030-01-15', title: `Gleichzeitig ${i}` })),
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      expect(results.map((r) => r.json().number).sort()).toEqual(['2030/1', '2030/2', '2030/3', '2030/4']);
    });

    it('keeps each organisation\'s own sequence: another organisation may use the same number', async () => {
      const kassel = await create(
        { number: '2021/844', paperType: 'information', paperDate: '2021-03-01', leadDepartmentId: kasselDepartment.id, title: 'Kasseler Vorlage' },
        asKassel,
      );
      expect(kassel.number).toBe('2021/844');
      const next = await create({ paperType: 'information', paperDate: '2021-04-01', leadDepartmentId: kasselDepartment.id, title: 'Kasseler Vorlage 2' }, asKassel);
      expect(next.number).toBe('2021/845');
    });
  });

  describe('list', () => {
    const ids: Record<string, string> = {};
    let applicationId: string;

    beforeAll(async () => {
      const application = await call('POST', '/api/v1/applications', asPeine, {
        programmeId: praeventionsketten.id,
        leadDepartmentId: jugendamt.id,
        title: 'Präventionskette Liste',
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        costPlan: [{ category: 'other', label: 'x', amountCents: 100 }],
        financingPlan: [{ source: 'own', label: 'x', amountCents: 100 }],
      });
      expect(application.statusCode).toBe(201);
      applicationId = application.json().id;
      const base = { paperDate: '2027-05-01', leadDepartmentId: gesundheitsamt.id };
      ids.alpha = (await create({ ...base, paperType: 'information', number: '2027/9', title: 'Alpha_Gesundheitsbericht', consultations: [{ committeeId: jha.id, sessionDate: '2027-06-01', role: 'acknowledgement' }] })).id;
      ids.beta = (await create({ ...base, paperType: 'decision', number: '2027/10', paperDate: '2027-04-01', title: 'BETA Ärztliche Versorgung', applicationId, consultations: [{ committeeId: kreistag.id, sessionDate: '2027-07-15', role: 'decision', authoritative: true }] })).id;
      ids.gamma = (await create({ ...base, paperType: 'information', number: '2027/2', paperDate: '2027-06-01', title: 'Gamma 100% Teilhabe', applicationId, consultations: [
        { committeeId: jha.id, sessionDate: '2027-06-20', role: 'preliminary' },
        { committeeId: kreisausschuss.id, sessionDate: '2027-07-01', role: 'acknowledgement' },
      ] })).id;
      await db.dataSource.query(`UPDATE council_paper SET status = 'released' WHERE id = $1`, [ids.gamma]);
    });

    const list = async (query: string, headers = asPeine): Promise<Json> => {
      const res = await call('GET', `/api/v1/council-papers${query}`, headers);
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const numbers = async (query: string): Promise<string[]> => (await list(query)).items.map((p: Json) => p.number);

    it('lists with the summary fields, newest paper date first by default', async () => {
      const page = await list('?q=_Gesundheit');
      expect(page).toEqual({
        items: [
          {
            id: ids.alpha,
            number: '2027/9',
            paperType: 'information',
            status: 'draft',
            isPublic: true,
            paperDate: '2027-05-01',
            title: 'Alpha_Gesundheitsbericht',
            leadDepartmentId: gesundheitsamt.id,
            leadDepartmentName: 'Fachdienst Gesundheitsamt',
            applicationId: null,
            costCents: null,
            consultationCount: 1,
            version: 1,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
          },
        ],
        total: 1,
        limit: 50,
        offset: 0,
      });
      expect(await numbers('?sessionFrom=2027-01-01&sessionTo=2027-12-31')).toEqual(['2027/2', '2027/9', '2027/10']);
    });

    it('filters by status, type, application, committee and session dates (one consultation matching both)', async () => {
      const year = 'sessionFrom=2027-01-01&sessionTo=2027-12-31';
      expect(await numbers(`?${year}&status=released`)).toEqual(['2027/2']);
      expect(await numbers(`?${year}&status=draft,released&sort=number`)).toEqual(['2027/2', '2027/9', '2027/10']);
      expect(await numbers(`?${year}&type=decision`)).toEqual(['2027/10']);
      expect(await numbers(`?applicationId=${applicationId}&sort=number`)).toEqual(['2027/2', '2027/10']);
      expect(await numbers(`?committeeId=${jha.id}&${year}&sort=number`)).toEqual(['2027/2', '2027/9']);
      expect(await numbers(`?committeeId=${jha.id}&sessionFrom=2027-06-02&sessionTo=2027-06-30`)).toEqual(['2027/2']);
      expect(await numbers(`?committeeId=${kreisausschuss.id}&sessionFrom=2027-06-20&sessionTo=2027-06-30`)).toEqual([]);
      expect(await numbers(`?sessionFrom=2027-07-01&sessionTo=2027-07-01`)).toEqual(['2027/2']);
      expect(await numbers(`?committeeId=${kreistag.id}&${year}`)).toEqual(['2027/10']);
    });

    it('searches titles case-insensitively (umlauts too), taking % and _ literally', async () => {
      expect(await numbers('?q=ärztliche')).toEqual(['2027/10']);
      expect(await numbers('?q=100%25')).toEqual(['2027/2']);
      expect(await numbers('?q=a_g')).toEqual(['2027/9']);
    });

    it('sorts by number as year and running number, and by paper date, either way', async () => {
      const year = 'sessionFrom=2027-01-01&sessionTo=2027-12-31';
      expect(await numbers(`?${year}&sort=number`)).toEqual(['2027/2', '2027/9', '2027/10']);
      expect(await numbers(`?${year}&sort=-number`)).toEqual(['2027/10', '2027/9', '2027/2']);
      expect(await numbers(`?${year}&sort=paperDate`)).toEqual(['2027/10', '2027/9', '2027/2']);
      expect(await numbers(`?${year}&sort=-paperDate`)).toEqual(['2027/2', '2027/9', '2027/10']);
      const all = await numbers('?sort=number&limit=200');
      expect(all.indexOf('2021/844')).toBeLessThan(all.indexOf('2021/1000'));
      expect(all.indexOf('2021/1000')).toBeLessThan(all.indexOf('2027/2'));
    });

    it('paginates without gaps or repeats', async () => {
      const all = await list('?sort=number&limit=200');
      const seen: string[] = [];
      for (let offset = 0; offset < all.total; offset += 3) {
        const page = await list(`?sort=number&limit=3&offset=${offset}`);
        expect(page).toMatchObject({ total: all.total, limit: 3, offset });
        seen.push(...page.items.map((p: Json) => p.id));
      }
      expect(seen).toEqual(all.items.map((p: Json) => p.id));
    });

    it('rejects bad list parameters with the field and the reason', async () => {
      const cases: Array<[string, string, string]> = [
        ['?sort=password', 'sort', 'cannot sort by "password"; allowed: number, paperDate, title, createdAt'],
        ['?status=draft,bogus', 'status', expect.stringContaining('each value in status must be one of the following values') as unknown as string],
        ['?type=motion', 'type', expect.stringContaining('type must be one of the following values') as unknown as string],
        ['?committeeId=42', 'committeeId', 'committeeId must be a UUID'],
        ['?sessionFrom=2027-02-30', 'sessionFrom', 'sessionFrom must be a valid calendar date'],
        ['?sessionFrom=2027-12-31&sessionTo=2027-01-01', 'sessionTo', 'the range ends (2027-01-01) before it starts (2027-12-31)'],
        ['?unknown=1', 'unknown', 'property unknown should not exist'],
      ];
      for (const [query, field, reason] of cases) {
        const res = await call('GET', `/api/v1/council-papers${query}`, asPeine);
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([{ field, reason }]);
      }
    });
  });

  describe('changes to a draft', () => {
    it('changes fields with the version read, merges sections, replaces the Beratungsfolge, audits before and after', async () => {
      const draft = await create(decisionBody({ paperDate: '2028-01-10', title: 'Entwurf' }));
      const res = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, {
        version: 1,
        title: 'Entwurf, überarbeitet',
        costCents: null,
        costsInBudget: null,
        relevance: { education: true },
        sections: { goals: ['Neue Ziele.', 'Zweiter Absatz.'] },
        participatingDepartmentIds: [sozialamt.id],
        consultations: [
          { committeeId: kreisausschuss.id, sessionDate: '2028-02-01', role: 'preliminary' },
          { committeeId: kreistag.id, sessionDate: '2028-02-15', role: 'decision', authoritative: true },
        ],
      });
      expect(res.statusCode).toBe(200);
      const updated = res.json();
      expect(updated).toMatchObject({
        title: 'Entwurf, überarbeitet',
        version: 2,
        status: 'draft',
        costCents: null,
        costsInBudget: null,
        relevance: { genderMainstreaming: false, migration: false, preventionSustainability: false, education: true, climate: false },
        sections: { ...draft.sections, goals: ['Neue Ziele.', 'Zweiter Absatz.'] },
        participatingDepartments: [{ id: sozialamt.id, name: 'Fachdienst Sozialamt' }],
        relatedPaperNumbers: draft.relatedPaperNumbers,
      });
      expect(updated.consultations.map((c: Json) => [c.position, c.committeeName])).toEqual([
        [1, 'Kreisausschuss'],
        [2, 'Kreistag'],
      ]);
      expect(await count(`SELECT count(*) AS n FROM consultation WHERE paper_id = $1`, [draft.id])).toBe(2);
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toEqual(updated);
      const audit = await db.dataSource.query(`SELECT actor, before, after FROM audit_event WHERE subject_id = $1 AND action = 'council_paper.updated'`, [draft.id]);
      expect(audit).toEqual([{ actor: `user:${peineUser.id}`, before: draft, after: updated }]);

      // only the number: everything else stays
      const renumbered = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 2, number: '2028/77' });
      expect(renumbered.statusCode).toBe(200);
      expect(renumbered.json()).toEqual({ ...updated, number: '2028/77', version: 3, updatedAt: expect.any(String) });
    });

    it('refuses a stale version with 409 and writes nothing', async () => {
      const draft = await create(decisionBody({ paperDate: '2028-01-11', title: 'Veraltet' }));
      expect((await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, title: 'Erste Änderung' })).statusCode).toBe(200);
      const before = await rowCounts();
      const stale = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, title: 'Zweite Änderung' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toMatchObject({ title: 'Erste Änderung', version: 2 });
    });

    it('lets exactly one of two concurrent changes of the same version through', async () => {
      const draft = await create(decisionBody({ paperDate: '2028-01-12', title: 'Gleichzeitig' }));
      const [a, b] = await Promise.all([
        call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, title: 'Änderung A' }),
        call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, title: 'Änderung B', consultations: [] }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? a : b;
      const loser = a.statusCode === 200 ? b : a;
      expect(loser.json()).toMatchObject({ error: 'conflict', problems: [{ field: 'version', reason: 'expected 2' }] });
      const final = (await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json();
      expect(final).toEqual(winner.json());
      expect(await count(`SELECT count(*) AS n FROM audit_event WHERE subject_id = $1 AND action = 'council_paper.updated'`, [draft.id])).toBe(1);
    });

    it('refuses changes that break the rules of a paper, naming each field, and writes nothing', async () => {
      const draft = await create(decisionBody({ paperDate: '2028-01-13', title: 'Regeln' }));
      const before = await rowCounts();
      const cases: Array<[object, Array<{ field: string; reason: string }>]> = [
        [{ paperType: 'information' }, [{ field: 'sections.decisionProposal', reason: 'an Informationsvorlage has no Beschlussvorschlag' }]],
        [{ relatedPaperNumbers: [draft.number] }, [{ field: 'relatedPaperNumbers.0', reason: `a paper cannot refer to itself (${draft.number})` }]],
        [{ costsInBudget: null }, [{ field: 'costsInBudget', reason: 'say whether the costs (123.456,78 €) are in the budget (true or false)' }]],
        [{ participatingDepartmentIds: [jugendamt.id] }, [{ field: 'participatingDepartmentIds.0', reason: 'the lead department leads (federführend); it is not also participating' }]],
        [
          { consultations: [{ committeeId: kreistag.id, sessionDate: '2026-03-25', role: 'decision', authoritative: true }, { committeeId: kasselCommittee.id, sessionDate: '2026-03-01', role: 'decision', authoritative: true }] },
          [
            { field: 'consultations.1.committeeId', reason: 'no committee with this id in your organisation' },
            { field: 'consultations.1.sessionDate', reason: 'the Beratungsfolge runs in the order of the sessions: 2026-03-01 is before the session of step 1 (2026-03-25)' },
            { field: 'consultations.1.authoritative', reason: 'only one consultation decides; step 1 already does' },
          ],
        ],
        [{ status: 'released' }, [{ field: 'status', reason: 'property status should not exist' }]],
        [{}, [{ field: 'body', reason: 'nothing to change: name at least one field besides version' }]],
      ];
      for (const [over, problems] of cases) {
        const res = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, ...over });
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual(problems);
      }
      expect(await rowCounts()).toEqual(before);
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toEqual(draft);
    });

    it('answers 404 for a change to an unknown paper', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
        const res = await call('PATCH', `/api/v1/council-papers/${id}`, asPeine, { version: 1, title: 'x' });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: 'not_found', message: `council paper ${id} not found` });
      }
    });

    it('rolls the whole change back when the transaction fails half-way', async () => {
      const draft = await create(decisionBody({ paperDate: '2028-01-14', title: 'Zurückgerollt' }));
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, { version: 1, title: 'Nie gespeichert', consultations: [] });
      spy.mockRestore();
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(res.body).not.toContain('audit store down');
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toEqual(draft);
    });
  });

  describe('bad input on create', () => {
    it('rejects bad fields with the field and the reason, nested ones included', async () => {
      const res = await call('POST', '/api/v1/council-papers', asPeine, {
        ...seedBody(),
        number: '21/844',
        paperType: 'motion',
        paperDate: '2021-02-30',
        status: 'released',
        costCents: -1,
        relevance: { education: 'ja' },
        sections: { description: ['ok', ''], goals: 'Ziele' },
        relatedPaperNumbers: ['2020-608'],
        attachments: [{ title: '' }],
        consultations: [{ committeeId: 'jha', sessionDate: '26.04.2021', role: 'Kenntnisnahme', extra: true }],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual(
        expect.arrayContaining([
          { field: 'number', reason: 'number must be a Vorlagennummer YYYY/N, e.g. 2021/844' },
          { field: 'paperType', reason: expect.stringContaining('paperType must be one of the following values') },
          { field: 'paperDate', reason: 'paperDate must be a valid calendar date' },
          { field: 'status', reason: 'property status should not exist' },
          { field: 'costCents', reason: 'costCents must not be less than 0' },
          { field: 'relevance.education', reason: 'education must be a boolean value' },
          { field: 'sections.description', reason: 'each paragraph of description must be a non-empty text' },
          { field: 'sections.goals', reason: 'goals must be an array' },
          { field: 'relatedPaperNumbers', reason: 'each of relatedPaperNumbers must be a Vorlagennummer YYYY/N, e.g. 2020/608' },
          { field: 'attachments.0.title', reason: 'title should not be empty' },
          { field: 'consultations.0.committeeId', reason: 'committeeId must be a UUID' },
          { field: 'consultations.0.sessionDate', reason: 'sessionDate must be a date YYYY-MM-DD' },
          { field: 'consultations.0.role', reason: expect.stringContaining('role must be one of the following values') },
          { field: 'consultations.0.extra', reason: 'property extra should not exist' },
        ]),
      );
      const missing = await call('POST', '/api/v1/council-papers', asPeine, {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json().problems.map((p: Json) => p.field)).toEqual(expect.arrayContaining(['paperType', 'paperDate', 'leadDepartmentId', 'title']));
    });

    it('refuses unknown and foreign departments, committees and applications alike, on their fields, and writes nothing', async () => {
      const before = await rowCounts();
      for (const [department, committee, applicationId] of [
        ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'],
        [kasselDepartment.id, kasselCommittee.id, kasselApplicationId],
      ]) {
        const res = await call('POST', '/api/v1/council-papers', asPeine, {
          ...seedBody(),
          number: '2021/9999',
          leadDepartmentId: department,
          participatingDepartmentIds: [gesundheitsamt.id, '00000000-0000-4000-8000-000000000004'],
          applicationId,
          consultations: [{ committeeId: committee, sessionDate: '2021-04-26', role: 'acknowledgement' }],
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([
          { field: 'leadDepartmentId', reason: 'no department with this id in your organisation' },
          { field: 'participatingDepartmentIds.1', reason: 'no department with this id in your organisation' },
          { field: 'consultations.0.committeeId', reason: 'no committee with this id in your organisation' },
          { field: 'applicationId', reason: 'no application with this id in your organisation' },
        ]);
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('writes nothing at all when the transaction fails half-way (here: the audit event)', async () => {
      const before = await rowCounts();
      const spy = jest.spyOn(AuditService.prototype, 'record').mockRejectedValueOnce(new Error('audit store down'));
      const res = await call('POST', '/api/v1/council-papers', asPeine, decisionBody({ paperDate: '2031-01-01', title: 'Halb geschrieben' }));
      spy.mockRestore();
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: 'internal_error', errorId: expect.any(String) });
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('draft from an application', () => {
    let application: Json;
    const description = 'Die Bereiche Gesundheit, Jugend und Soziales sollen vernetzt werden.\n\nPräventionsketten zielen auf die Zusammenführung kommunaler Aktivitäten.';

    beforeAll(async () => {
      const res = await call('POST', '/api/v1/applications', asPeine, {
        programmeId: praeventionsketten.id,
        leadDepartmentId: jugendamt.id,
        title: 'Präventionskette Landkreis Peine 2025–2027',
        description,
        periodStart: '2025-01-01',
        periodEnd: '2027-12-31',
        costPlan: [
          { category: 'personnel', label: 'Netzwerkkoordinator/in Präventionsketten (S 12)', fiscalYear: 2025, amountCents: 5_500_000 },
          { category: 'material', label: 'Sachkosten Netzwerktreffen', amountCents: 170_000 },
        ],
        financingPlan: [
          { source: 'funder', label: 'Präventionsketten Niedersachsen', amountCents: 2_835_000 },
          { source: 'own', label: 'Eigenmittel Landkreis Peine', amountCents: 2_835_000 },
        ],
      });
      expect(res.statusCode).toBe(201);
      application = res.json();
      const product = await createBudgetProduct(db.dataSource, peine, { number: '3636', name: 'übrige Hilfen' });
      await createStaffPosition(db.dataSource, peine, {
        applicationId: application.id,
        title: 'Netzwerkkoordinator/in Präventionsketten',
        payGroup: 'S 12',
        weeklyHours: '39',
        fullTimeHours: '39',
        startOn: '2025-01-01',
        endOn: '2027-12-31',
        budgetProductId: product.id,
      });
    });

    it('creates a draft Informationsvorlage prefilled from the application, its position, budget product and plan', async () => {
      const day = await today();
      const res = await call('POST', `/api/v1/applications/${application.id}/council-paper-draft`, asPeine, {});
      expect(res.statusCode).toBe(201);
      const draft = res.json();
      expect(draft).toMatchObject({
        number: expect.stringMatching(new RegExp(`^${day.slice(0, 4)}/[1-9][0-9]*$`)),
        paperType: 'information',
        status: 'draft',
        isPublic: true,
        paperDate: day,
        leadDepartmentId: jugendamt.id,
        leadDepartmentName: 'Fachdienst Jugendamt',
        applicationId: application.id,
        title: 'Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!',
        costCents: 5_670_000,
        costsInBudget: true,
        consultations: [],
        version: 1,
        sections: {
          description: [
            'Die Bereiche Gesundheit, Jugend und Soziales sollen vernetzt werden.',
            'Präventionsketten zielen auf die Zusammenführung kommunaler Aktivitäten.',
          ],
          goals: [],
          resources: [
            'Für das Vorhaben ist die Stelle „Netzwerkkoordinator/in Präventionsketten“ vorgesehen: eine Vollzeitstelle (1,00 VZÄ, 39 von 39 Wochenstunden, S 12) für die Dauer von 3 Jahren (01.01.2025 bis 31.12.2027).',
            'Die entsprechenden Personalaufwendungen und Erstattungen sind im Haushalt im Produkt 3636 – übrige Hilfen – ausgewiesen.',
            'Der Kostenplan des Förderantrags (Revision 1) weist Kosten von 56.700,00 € aus, finanziert durch Zuwendung 28.350,00 € und Eigenanteil 28.350,00 €.',
          ],
          conclusion: [],
        },
      });
      expect(draft.sections).not.toHaveProperty('decisionProposal');
      expect((await call('GET', `/api/v1/council-papers/${draft.id}`, asPeine)).json()).toEqual(draft);
      const audit = await db.dataSource.query(`SELECT action, reason, after FROM audit_event WHERE subject_id = $1`, [draft.id]);
      expect(audit).toEqual([{ action: 'council_paper.created', reason: `drafted from application ${application.id}`, after: draft }]);

      // the user edits it before release, like any draft
      const edited = await call('PATCH', `/api/v1/council-papers/${draft.id}`, asPeine, {
        version: 1,
        sections: { goals: ['Eine Sozialraum-Präventionskette.'], conclusion: ['entfällt.'] },
        consultations: [{ committeeId: gleichstellung.id, sessionDate: '2021-04-26', role: 'acknowledgement' }],
      });
      expect(edited.statusCode).toBe(200);
      expect((await call('POST', `/api/v1/council-papers/${draft.id}/release`, asPeine, { version: 2 })).json()).toMatchObject({ status: 'released', version: 3 });
      await outcomeReminded(draft.id, 1, '2021-04-26');
    });

    it('takes a number and paper date when given, and answers 404 for unknown applications', async () => {
      const res = await call('POST', `/api/v1/applications/${application.id}/council-paper-draft`, asPeine, { number: '2025/17', paperDate: '2025-01-20' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ number: '2025/17', paperDate: '2025-01-20', applicationId: application.id });
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
        const unknown = await call('POST', `/api/v1/applications/${id}/council-paper-draft`, asPeine, {});
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ error: 'not_found', message: `application ${id} not found` });
      }
      const bad = await call('POST', `/api/v1/applications/${application.id}/council-paper-draft`, asPeine, { number: 'x', paperDate: '2025-13-01', title: 'x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems.map((p: Json) => p.field).sort()).toEqual(['number', 'paperDate', 'title']);
    });
  });

  describe('tenant isolation', () => {
    it('gives another organisation 404 on every route of a paper and of its application, and never lists it', async () => {
      const before = await rowCounts();
      const applicationId = (await db.dataSource.query(`SELECT id FROM funding_application WHERE organisation_id = $1 LIMIT 1`, [peine.id]))[0].id;
      const attempts: Array<[Method, string, object?, string?]> = [
        ['GET', `/api/v1/council-papers/${v844.id}`],
        ['PATCH', `/api/v1/council-papers/${v844.id}`, { version: v844.version, title: 'Übernommen' }],
        ['POST', `/api/v1/council-papers/${v844.id}/release`, { version: v844.version }],
        ['PUT', `/api/v1/council-papers/${v844.id}/consultations/1/outcome`, { outcome: 'acknowledged', text: 'fremd' }],
        ['POST', `/api/v1/council-papers/${v844.id}/documents`],
        ['POST', `/api/v1/applications/${applicationId}/council-paper-draft`, {}, `application ${applicationId} not found`],
      ];
      for (const [method, url, payload, message] of attempts) {
        const foreign = await call(method, url, asKassel, payload);
        expect(foreign.statusCode).toBe(404);
        expect(foreign.json()).toMatchObject({ error: 'not_found', message: message ?? `council paper ${v844.id} not found` });
      }
      expect(await rowCounts()).toEqual(before);
      expect(await count(`SELECT count(*) AS n FROM document`)).toBe(0);

      const kasselList = (await call('GET', '/api/v1/council-papers?limit=200', asKassel)).json();
      expect(kasselList.items.map((p: Json) => p.title).sort()).toEqual(['Kasseler Vorlage', 'Kasseler Vorlage 2']);
      for (const query of [`?committeeId=${gleichstellung.id}`, `?applicationId=${applicationId}`, '?q=Präventionsketten', '?status=released', '?type=decision']) {
        expect((await call('GET', `/api/v1/council-papers${query}`, asKassel)).json()).toMatchObject({ total: 0, items: [] });
      }
      const peineList = (await call('GET', '/api/v1/council-papers?limit=200', asPeine)).json();
      expect(peineList.items.map((p: Json) => p.title)).not.toContain('Kasseler Vorlage');
      const kasselPaper = kasselList.items[0].id;
      expect((await call('GET', `/api/v1/council-papers/${kasselPaper}`, asPeine)).statusCode).toBe(404);
    });
  });
});

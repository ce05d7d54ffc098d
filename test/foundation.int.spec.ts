import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestingModule } from '@nestjs/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startApi, startWorker, testConfig } from './support/apps';
import { createTestDatabase, TestDatabase } from './support/database';
import { createTimeSkippingEnv } from './support/temporal';
import { createOrganisation, createUser, devLogin } from './support/factories';

const execFileAsync = promisify(execFile);

/**
 * The plumbing end to end: an HTTP call starts a workflow that waits 365 days of workflow time,
 * the test server skips the time, the workflow's activity writes to PostgreSQL, and the row
 * comes back through the API.
 */
describe('foundation: api → Temporal → worker → PostgreSQL → api', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment;
  let api: NestFastifyApplication;
  let worker: TestingModule;
  let peine: Record<string, string>;
  let peineUserRef: string;
  let kassel: Record<string, string>;

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnv()]);
    const config = testConfig(db.url, env, 'foundation-test');
    api = await startApi(config, env);
    worker = await startWorker(config);
    const orgA = await createOrganisation(db.dataSource, { slug: 'landkreis-peine', name: 'Landkreis Peine' });
    const userA = await createUser(db.dataSource, orgA, { subject: 'jugendamt-1' });
    const orgB = await createOrganisation(db.dataSource, { slug: 'landkreis-kassel', name: 'Landkreis Kassel', landCode: 'HE' });
    const userB = await createUser(db.dataSource, orgB, { subject: 'jugendamt-1' });
    peine = devLogin(orgA, userA);
    peineUserRef = `user:${userA.id}`;
    kassel = devLogin(orgB, userB);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await env?.teardown();
    await db?.drop();
  });

  it('reports database and Temporal as up', async () => {
    const res = await api.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, temporal: { status: 'up' } } });
  });

  it('delivers a reminder due in 365 days, exactly once, and serves it through the API', async () => {
    const now = new Date(await env.currentTimeMs());
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 365));
    const dueOn = due.toISOString().slice(0, 10);

    const created = await api.inject({
      method: 'POST',
      url: '/api/v1/reminders',
      headers: peine,
      payload: { subject: 'Zwischennachweis fällig', dueOn },
    });
    expect(created.statusCode).toBe(201);
    const { id, workflowId, status } = created.json();
    expect(workflowId).toBe(`reminder-${id}`);
    expect(status).toBe('scheduled');

    const before = await api.inject({ method: 'GET', url: '/api/v1/notifications', headers: peine });
    expect(before.json().total).toBe(0);

    // Awaiting the result through the test environment's client skips the 365 days.
    const result = await env.client.workflow.getHandle(workflowId).result();
    expect(result.status).toBe('delivered');
    const skippedTo = await env.currentTimeMs();
    expect(skippedTo).toBeGreaterThanOrEqual(due.getTime());

    const list = await api.inject({ method: 'GET', url: '/api/v1/notifications', headers: peine });
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ subject: 'Zwischennachweis fällig', dueOn, kind: 'reminder', recipient: peineUserRef });

    const state = await api.inject({ method: 'GET', url: `/api/v1/reminders/${id}`, headers: peine });
    expect(state.json()).toMatchObject({ status: 'delivered', dueOn });

    const audit = await db.dataSource.query(
      `SELECT actor, action FROM audit_event WHERE subject_id IN ($1, $2) ORDER BY id`,
      [id, page.items[0].id],
    );
    expect(audit).toEqual([
      { actor: peineUserRef, action: 'reminder.scheduled' },
      { actor: `workflow:${workflowId}`, action: 'notification.delivered' },
    ]);

    // Another organisation sees neither the reminder nor the notification.
    const foreign = await api.inject({ method: 'GET', url: `/api/v1/reminders/${id}`, headers: kassel });
    expect(foreign.statusCode).toBe(404);
    const foreignList = await api.inject({ method: 'GET', url: '/api/v1/notifications', headers: kassel });
    expect(foreignList.json()).toMatchObject({ total: 0, items: [] });
  });

  it('rejects bad input with the field and the reason, and starts nothing', async () => {
    // The test server has no visibility API to list workflows; watch the client instead.
    const startSpy = jest.spyOn(env.client.workflow, 'start');
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/reminders',
      headers: peine,
      payload: { subject: 's', dueOn: '2026-02-30', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: 'dueOn', reason: 'dueOn must be a valid calendar date' },
        { field: 'extra', reason: 'property extra should not exist' },
      ]),
    );
    expect(startSpy).not.toHaveBeenCalled();
    startSpy.mockRestore();
  });

  it('refuses requests without a known, active user', async () => {
    for (const headers of [{}, { 'x-dev-user': 'landkreis-peine' }, { 'x-dev-user': 'landkreis-peine/nobody' }, { 'x-dev-user': 'nowhere/jugendamt-1' }]) {
      const res = await api.inject({ method: 'GET', url: '/api/v1/notifications', headers });
      expect(res.statusCode).toBe(401);
    }
    await db.dataSource.query(`UPDATE app_user SET active = false WHERE subject = 'jugendamt-1' AND organisation_id = (SELECT id FROM organisation WHERE slug = 'landkreis-kassel')`);
    expect((await api.inject({ method: 'GET', url: '/api/v1/notifications', headers: kassel })).statusCode).toBe(401);
    await db.dataSource.query(`UPDATE app_user SET active = true WHERE subject = 'jugendamt-1' AND organisation_id = (SELECT id FROM organisation WHERE slug = 'landkreis-kassel')`);
  });

  it('serves an OpenAPI document that passes a real OpenAPI linter (Redocly, recommended rules)', async () => {
    const res = await api.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    const file = path.join(os.tmpdir(), `openapi-${process.pid}.json`);
    fs.writeFileSync(file, res.body);
    const { stdout } = await execFileAsync(process.execPath, [path.join(__dirname, 'support/openapi-lint.mjs'), file]);
    fs.rmSync(file);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('answers 404 for an unknown reminder', async () => {
    const res = await api.inject({ method: 'GET', url: '/api/v1/reminders/00000000-0000-4000-8000-000000000000', headers: peine });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiHarness, Headers, startApiHarness } from '../support/api-harness';
import { createUser, devLogin } from '../support/factories';
import { requestHash } from '../../apps/api/src/common/idempotency';
import { openApi } from './support';

/**
 * `Idempotency-Key` on every POST (apps/api/src/common/idempotency.ts): a retried create returns
 * the first result and writes nothing; the same key for something else is refused; keys belong
 * to one organisation and one user; a failed request frees its key.
 */
describe('Idempotency-Key on every create', () => {
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let ds: DataSource;
  let asPeine: Headers;
  let asKassel: Headers;

  beforeAll(async () => {
    h = await startApiHarness('security-idempotency');
    ({ api } = h);
    ds = h.db.dataSource;
    asPeine = h.peine.headers;
    asKassel = h.kassel.headers;
  });

  afterAll(async () => {
    await h?.close();
  });

  const post = async (url: string, headers: Headers, key: string | undefined, payload: object) => {
    const res = await api.inject({ method: 'POST', url, headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload });
    return { status: res.statusCode, body: res.json(), replayed: res.headers['idempotent-replayed'] };
  };
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await ds.query(`SELECT count(*) AS n FROM ${sql}`, params))[0].n);
  const departments = (name: string) => count(`department WHERE name = $1`, [name]);
  const audits = () => count('audit_event');

  it('answers a retried create with the first result (200, Idempotent-Replayed) and writes it once', async () => {
    const body = { name: 'Fachdienst Jugend, Familie und Sport', shortName: 'FD 51' };
    const first = await post('/api/v1/departments', asPeine, 'dept-2026-001', body);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeUndefined();
    const auditsAfterFirst = await audits();
    const retry = await post('/api/v1/departments', asPeine, 'dept-2026-001', { shortName: 'FD 51', name: 'Fachdienst Jugend, Familie und Sport' });
    expect(retry).toEqual({ status: 200, body: first.body, replayed: 'true' });
    expect(await departments(body.name)).toBe(1);
    expect(await audits()).toBe(auditsAfterFirst);
    expect(await ds.query(`SELECT response_status, response_body FROM idempotency_key WHERE organisation_id = $1 AND key = 'dept-2026-001'`, [h.peine.org.id])).toEqual([
      { response_status: 201, response_body: first.body },
    ]);
  });

  it('refuses the same key for another body, another path or another user (409), and writes nothing', async () => {
    const body = { name: 'Fachdienst Gesundheit' };
    expect((await post('/api/v1/departments', asPeine, 'key-conflict', body)).status).toBe(201);
    const [rowsBefore, auditsBefore] = [await count('department'), await audits()];
    const other = await post('/api/v1/departments', asPeine, 'key-conflict', { name: 'Fachdienst Soziales' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'conflict', problems: [{ field: 'Idempotency-Key', reason: 'already used for a different request' }] });
    expect((await post('/api/v1/municipalities', asPeine, 'key-conflict', { name: 'Ilsede', kind: 'municipality' })).status).toBe(409);
    const colleague = await createUser(ds, h.peine.org, { subject: 'kollegin' });
    expect((await post('/api/v1/departments', devLogin(h.peine.org, colleague), 'key-conflict', body)).status).toBe(409);
    expect([await count('department'), await audits()]).toEqual([rowsBefore, auditsBefore]);
  });

  it("keeps the organisations' keys apart: Kassel's same key is a request of its own", async () => {
    const peine = await post('/api/v1/departments', asPeine, 'shared-key', { name: 'Fachbereich Peine' });
    const kassel = await post('/api/v1/departments', asKassel, 'shared-key', { name: 'Fachbereich Kassel' });
    expect([peine.status, kassel.status]).toEqual([201, 201]);
    expect(kassel.body.name).toBe('Fachbereich Kassel');
    expect(JSON.stringify(kassel.body)).not.toContain('Peine');
  });

  it('refuses malformed keys (400) and frees the key of a failed request for the retry', async () => {
    const before = await count('department');
    for (const key of ['', 'mit Leerzeichen', 'x'.repeat(201), 'ümlaut']) {
      const res = await post('/api/v1/departments', asPeine, key, { name: 'Fachdienst Bauen' });
      expect({ key: key.slice(0, 10), status: res.status, problems: res.body.problems }).toEqual({
        key: key.slice(0, 10),
        status: 400,
        problems: [{ field: 'Idempotency-Key', reason: 'must be 1 to 200 printable ASCII characters without spaces' }],
      });
    }
    expect((await post('/api/v1/departments', asPeine, 'x'.repeat(200), { name: 'Fachdienst Bauen' })).status).toBe(201);

    const invalid = await post('/api/v1/departments', asPeine, 'retry-after-400', { name: '' });
    expect(invalid.status).toBe(400);
    const fixed = await post('/api/v1/departments', asPeine, 'retry-after-400', { name: 'Fachdienst Umwelt' });
    expect(fixed.status).toBe(201);
    expect(await count('department')).toBe(before + 2);
  });

  it('runs a create once when retries race, and answers every one with the same result', async () => {
    const body = { name: 'Ausschuss für Jugend', shortName: 'JHA' };
    const results = await Promise.all(Array.from({ length: 5 }, () => post('/api/v1/committees', asPeine, 'race-committee', body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count(`committee WHERE name = $1`, [body.name])).toBe(1);
  });

  it('takes over the key of a request that died half-way (its claim older than 5 minutes), but waits for a live one', async () => {
    const body = { name: 'Fachdienst Schule' };
    const claim = (key: string, age: string) =>
      ds.query(`INSERT INTO idempotency_key (organisation_id, key, request_hash, response_status, created_at) VALUES ($1, $2, $3, 102, now() - $4::interval)`, [
        h.peine.org.id,
        key,
        requestHash(h.peine.ref, 'POST', '/api/v1/departments', body),
        age,
      ]);
    await claim('died', '10 minutes');
    const rerun = await post('/api/v1/departments', asPeine, 'died', body);
    expect(rerun).toMatchObject({ status: 201, replayed: undefined, body: { name: 'Fachdienst Schule' } });
    expect(await departments('Fachdienst Schule')).toBe(1);

    // a live claim: the retry waits until the first request has answered, then replays its answer
    await claim('running', '1 second');
    const waiting = post('/api/v1/departments', asPeine, 'running', body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ds.query(`UPDATE idempotency_key SET response_status = 201, response_body = $2 WHERE organisation_id = $1 AND key = 'running'`, [h.peine.org.id, JSON.stringify(rerun.body)]);
    expect(await waiting).toEqual({ status: 200, body: rerun.body, replayed: 'true' });
    expect(await departments('Fachdienst Schule')).toBe(1);
  });

  it('documents the header on every POST of the OpenAPI document', async () => {
    const doc = await openApi(api);
    const posts = Object.entries(doc.paths).filter(([, ops]) => ops.post);
    expect(posts.length).toBeGreaterThan(30);
    for (const [path, ops] of posts) {
      const params = ((ops.post as { parameters?: Array<{ name: string; in: string }> }).parameters ?? []).filter((p) => p.in === 'header');
      expect({ path, header: params.some((p) => p.name === 'Idempotency-Key') }).toEqual({ path, header: true });
    }
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INPUT_BOUNDS } from '../../apps/api/src/common/validation';
import { BODY_LIMIT_BYTES } from '../../apps/api/src/create-app';
import { ApiHarness, Headers, startApiHarness } from '../support/api-harness';
import { startApi, testConfig } from '../support/apps';
import { createUser, devLogin } from '../support/factories';
import { changedTables, snapshot } from './support';

/**
 * What the api accepts at its edge: body size, content types, string lengths, array sizes and
 * nesting, path parameters; the rate limit per caller (429 with Retry-After); security headers.
 */
describe('input limits, rate limit and security headers', () => {
  let h: ApiHarness;
  let api: NestFastifyApplication;
  let asPeine: Headers;

  beforeAll(async () => {
    h = await startApiHarness('security-limits');
    ({ api } = h);
    asPeine = h.peine.headers;
  });

  afterAll(async () => {
    await h?.close();
  });

  const post = (url: string, payload: string | object, headers: Headers = {}) =>
    api.inject({ method: 'POST', url, headers: { ...asPeine, 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('refuses a body over 1 MB (413), other content types (415) and broken JSON (400), writing nothing', async () => {
    const before = await snapshot(h.db.dataSource);
    const huge = await post('/api/v1/departments', { name: 'x'.repeat(BODY_LIMIT_BYTES) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ statusCode: 413 });
    for (const type of ['text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      const res = await post('/api/v1/departments', '<name>FD</name>', { 'content-type': type });
      expect({ type, status: res.statusCode, body: res.json() }).toMatchObject({ type, status: 415, body: { error: 'unsupported_media_type' } });
    }
    const broken = await post('/api/v1/departments', '{"name": "Fachdienst');
    expect(broken.statusCode).toBe(400);
    expect(changedTables(before, await snapshot(h.db.dataSource))).toEqual([]);
  });

  it('bounds strings, arrays, nesting and path parameters on every route, naming the field', async () => {
    const long = await post('/api/v1/reminders', { subject: 'Frist', dueOn: '2027-01-01', body: 'x'.repeat(INPUT_BOUNDS.stringLength + 1) });
    expect(long.statusCode).toBe(400);
    expect(long.json().problems).toEqual([{ field: 'body', reason: `must be at most ${INPUT_BOUNDS.stringLength} characters` }]);

    const many = await post('/api/v1/council-papers', { relatedPaperNumbers: Array.from({ length: INPUT_BOUNDS.arrayItems + 1 }, () => '2020/1') });
    expect(many.json().problems).toEqual([{ field: 'relatedPaperNumbers', reason: `must have at most ${INPUT_BOUNDS.arrayItems} items` }]);

    let deep: object = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const nested = await post('/api/v1/departments', { name: 'FD', extra: deep });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().problems[0].reason).toBe(`nested more than ${INPUT_BOUNDS.depth} levels deep`);

    for (const key of ['constructor', 'prototype']) {
      const polluted = await post('/api/v1/departments', { name: 'Fachdienst Prototyp', [key]: { admin: true } });
      expect({ key, status: polluted.statusCode, problems: polluted.json().problems }).toEqual({ key, status: 400, problems: [{ field: key, reason: `property ${key} should not exist` }] });
    }

    const longQuery = await api.inject({ method: 'GET', url: `/api/v1/ledger-entries?reference=${'r'.repeat(INPUT_BOUNDS.stringLength + 1)}`, headers: asPeine });
    expect(longQuery.statusCode).toBe(400);

    const longId = await api.inject({ method: 'GET', url: `/api/v1/departments/${'a'.repeat(101)}`, headers: asPeine });
    expect(longId.statusCode).toBe(414);
  });

  it('sets the security headers: CSP, nosniff, frame options, referrer policy; no HSTS outside production', async () => {
    for (const url of ['/api/v1/organisation', '/health/live', '/api/docs']) {
      const res = await api.inject({ method: 'GET', url, headers: asPeine });
      expect({ url, csp: res.headers['content-security-policy'] }).toEqual({ url, csp: expect.stringContaining("default-src 'self'") });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends HSTS in production', async () => {
    const base = testConfig(h.db.url, h.env, 'security-limits-prod');
    const production = await startApi(
      { ...base, nodeEnv: 'production', authMode: 'oidc', oidc: { issuer: 'https://login.example.org/realms/fw', audience: 'fw', organisationClaim: 'organisation', algorithms: ['RS256'], clockToleranceSeconds: 30, jwksCooldownMs: 30_000 } },
      h.env,
    );
    try {
      const res = await production.inject({ method: 'GET', url: '/health/live' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await production.close();
    }
  });

  it('limits requests per caller and minute: 429 with Retry-After, each user on their own budget', async () => {
    const limited = await startApi({ ...testConfig(h.db.url, h.env, 'security-limits-rate'), rateLimitPerMinute: 5 }, h.env);
    try {
      const colleague = devLogin(h.peine.org, await createUser(h.db.dataSource, h.peine.org, { subject: 'kollege-rate' }));
      const get = (headers: Headers) => limited.inject({ method: 'GET', url: '/api/v1/organisation', headers });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await get(asPeine)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await get(asPeine);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ statusCode: 429, error: 'too_many_requests', message: expect.stringMatching(/^more than 5 requests a minute; retry in \d+ s$/) });
      expect((await get(colleague)).statusCode).toBe(200);
      // without credentials the budget is the IP address's
      for (let i = 0; i < 5; i++) await limited.inject({ method: 'GET', url: '/health/live' });
      expect((await limited.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

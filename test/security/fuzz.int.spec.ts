import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROLES } from '@app/common';
import type { Headers } from '../support/api-harness';
import { createUser } from '../support/factories';
import {
  apiRoutes,
  bodyProperties,
  changedTables,
  exampleBody,
  fillPath,
  isPublic,
  KASSEL,
  OpenApi,
  openApi,
  PEINE,
  Route,
  Schema,
  SecurityHarness,
  snapshot,
  startSecurityHarness,
  UNKNOWN_UUID,
} from './support';

const SEED = 20_261_125;
const RUNS = 3_000;

/** A malformed request: never valid by construction (see `requestOf`), so none may change anything. */
interface FuzzRequest {
  route: Route;
  url: string;
  headers: Headers;
  payload: string | undefined;
  what: string;
}

/**
 * Property-based fuzzing (fast-check, fixed seed) of every write endpoint the api registers:
 * broken JSON, JSON that is not an object, wrong content types, unknown fields, missing required
 * fields, wrong types, huge and negative numbers, overlong strings, deep nesting, invalid and
 * foreign ids, random headers and Idempotency-Keys, garbage credentials. Every generated request
 * is invalid (an id route always gets an id that does not exist in the caller's organisation; a
 * body-only route always gets a body its DTO must refuse), so the property is: never a 5xx, and
 * the database (every table, the audit log included) is the same afterwards.
 */
describe('fuzz: thousands of malformed requests against every write endpoint', () => {
  let h: SecurityHarness;
  let api: NestFastifyApplication;
  let doc: OpenApi;
  let routes: Route[];
  let auth: Headers;
  /** ids of Kassel's rows: real ids, of another tenant */
  let foreignIds: string[];

  beforeAll(async () => {
    h = await startSecurityHarness('security-fuzz');
    api = h.api;
    doc = await openApi(api);
    routes = apiRoutes(api).filter((r) => (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') && !isPublic(r));
    const peine = (await h.ds.query(`SELECT id FROM organisation WHERE slug = $1`, [PEINE]))[0];
    // one user with every role, so that requests get past the permission check to validation and the services
    await createUser(h.ds, peine, { subject: 'fuzz-alle-rollen', roles: [...ROLES] });
    auth = await h.issuer.bearer(PEINE, 'fuzz-alle-rollen');
    const kasselId: string = (await h.ds.query(`SELECT id FROM organisation WHERE slug = $1`, [KASSEL]))[0].id;
    foreignIds = (
      await h.ds.query(
        `SELECT id::text AS id FROM funding_application WHERE organisation_id = $1
         UNION ALL SELECT id::text FROM council_paper WHERE organisation_id = $1
         UNION ALL SELECT id::text FROM staff_position WHERE organisation_id = $1
         UNION ALL SELECT id::text FROM department WHERE organisation_id = $1 LIMIT 20`,
        [kasselId],
      )
    ).map((r: { id: string }) => r.id);
  });

  afterAll(async () => {
    await h?.close();
  });

  // ------------------------------------------------------------------ generators

  const weirdString = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom("' OR 1=1 --", '"; DROP TABLE app_user; --', '../../etc/passwd', '\u0000', '%00', '${jndi:ldap://x}', '<script>alert(1)</script>', 'NaN', 'Infinity', '-0', '😀🇩🇪', 'ß'.repeat(300)),
  );
  const hugeOrNegative = fc.oneof(
    fc.constantFrom(-1, -0.5, 0.1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 63, 1.7976931348623157e308),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => Number(n)),
  );
  const deep = fc.integer({ min: 17, max: 60 }).map((n) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { x: v };
    return v;
  });
  const overlong = fc.integer({ min: 20_001, max: 40_000 }).map((n) => 'x'.repeat(n));
  const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hugeOrNegative, weirdString, deep, overlong);

  /** A value of another JSON type than the schema declares, or one its format and bounds refuse. */
  const wrongValueFor = (schema: Schema | undefined): fc.Arbitrary<unknown> => {
    const s = schema ?? {};
    const type = s.$ref ? 'object' : s.type;
    const options: Array<fc.Arbitrary<unknown>> = [fc.constant({ $gt: '' }), deep, overlong];
    if (!(s as { nullable?: boolean }).nullable) options.push(fc.constant(null));
    if (type === 'string') {
      options.push(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string()));
      if (s.enum) options.push(weirdString.filter((v) => !s.enum!.includes(v)));
      if (s.format === 'date') options.push(fc.constantFrom('2026-02-30', '31.12.2026', 'gestern', '2026-13-01', '20260101', '-002026-01-01'));
      if (s.format === 'uuid') options.push(weirdString.filter((v) => !/^[0-9a-f-]{36}$/i.test(v)));
    } else if (type === 'integer' || type === 'number') {
      options.push(weirdString, fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constantFrom('1', '12.5', '1e3', ''));
      if (type === 'integer') options.push(fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }));
    } else if (type === 'boolean') {
      options.push(fc.constantFrom('true', 'false', 0, 1, 'ja', ''), fc.integer());
    } else if (type === 'array') {
      options.push(weirdString, fc.integer(), fc.dictionary(fc.string(), fc.integer()), fc.constant(Array.from({ length: 1001 }, () => 1)));
    } else {
      options.push(weirdString, fc.integer(), fc.array(fc.integer(), { maxLength: 3 }));
    }
    return fc.oneof(...options);
  };

  /** A body the route's DTO must refuse: its valid example with one or more breaking mutations. */
  const invalidBodyFor = (route: Route): fc.Arbitrary<{ payload: string; what: string }> => {
    const example = (exampleBody(doc, route) ?? {}) as Record<string, unknown>;
    const { properties, required } = bodyProperties(doc, route);
    const names = Object.keys(properties);
    const mutations: Array<fc.Arbitrary<{ body: unknown; what: string }>> = [
      // an unknown field (forbidNonWhitelisted): always refused
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !names.includes(k) && k !== '__proto__'), anyJson)
        .map(([k, v]) => ({ body: { ...example, [k]: v }, what: `unknown field ${JSON.stringify(k).slice(0, 40)}` })),
      // JSON that is not an object
      anyJson.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => ({ body: v, what: 'not an object' })),
    ];
    if (required.length) {
      mutations.push(fc.constantFrom(...required).map((k) => ({ body: Object.fromEntries(Object.entries(example).filter(([n]) => n !== k)), what: `without required ${k}` })));
    }
    if (names.length) {
      mutations.push(
        fc
          .constantFrom(...names)
          .chain((k) => wrongValueFor(properties[k]).map((v) => ({ body: { ...example, [k]: v }, what: `wrong ${k}` })))
          .filter(({ body }) => JSON.stringify(body) !== JSON.stringify(example)),
      );
    }
    return fc.oneof(...mutations).map(({ body, what }) => ({ payload: JSON.stringify(body), what }));
  };

  /** A body for a route whose id does not exist: valid, broken or random (the missing resource makes any of them fail). */
  const anyBodyFor = (route: Route): fc.Arbitrary<{ payload: string | undefined; what: string }> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant({ payload: JSON.stringify(exampleBody(doc, route) ?? {}), what: 'valid body' }) },
      { weight: 3, arbitrary: invalidBodyFor(route) },
      { weight: 1, arbitrary: anyJson.map((v) => ({ payload: JSON.stringify(v), what: 'random JSON' })) },
      { weight: 1, arbitrary: fc.constant({ payload: undefined, what: 'no body' }) },
    );

  const badId = (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constant(UNKNOWN_UUID),
      fc.uuid(),
      fc.constantFrom(...foreignIds),
      weirdString.filter((s) => s.length > 0 && s.length <= 100),
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((n) => String(n + 10_000_000)),
      fc.constantFrom('0', '-1', '1e3', '9'.repeat(40), 'null', 'undefined', ' '),
    );

  const brokenJson = fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', '{"name": "x",}', "{'name': 'x'}", 'undefined', '{"a":1}{"b":2}', '\u0000', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"x": 1}}}'),
    fc.string({ minLength: 1, maxLength: 80 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );

  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16', 'application/vnd.api+json', 'image/png', '') },
  );

  const extraHeaders = fc.dictionary(
    fc.stringMatching(/^x-[a-z0-9-]{1,20}$/),
    fc.stringMatching(/^[\x21-\x7e]{0,60}$/),
    { maxKeys: 4 },
  );

  const credentials = (): fc.Arbitrary<{ headers: Headers; what: string }> =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constant({ headers: auth, what: '' }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('', 'Bearer', 'Bearer x.y.z', 'Basic YTpi', `Bearer ${auth.authorization.slice(7, -4)}AAAA`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.')
          .map((a): { headers: Headers; what: string } => ({ headers: a ? { authorization: a } : {}, what: ' with bad credentials' })),
      },
    );

  const requestOf = (route: Route): fc.Arbitrary<FuzzRequest> => {
    const takesId = route.path.includes(':');
    const body = takesId
      ? anyBodyFor(route)
      : fc.oneof({ weight: 6, arbitrary: invalidBodyFor(route) }, { weight: 1, arbitrary: brokenJson.map((payload) => ({ payload, what: 'broken JSON' })) });
    return fc
      .record({
        id: badId(),
        second: fc.oneof(fc.constant('1'), fc.constant('0'), weirdString.filter((s) => s.length > 0 && s.length <= 100)),
        body,
        type: contentType,
        query: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }), { nil: undefined }),
        extra: extraHeaders,
        key: fc.option(fc.string({ maxLength: 210 }), { nil: undefined }),
        cred: credentials(),
      })
      .map(({ id, second, body, type, query, extra, key, cred }) => {
        const path = fillPath(route.path, { id: encodeURIComponent(id), no: encodeURIComponent(second), position: encodeURIComponent(second) });
        const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
        const headers: Headers = { ...extra, ...cred.headers };
        if (type) headers['content-type'] = type;
        if (key !== undefined) headers['idempotency-key'] = key;
        return { route, url: `${path}${qs}`, headers, payload: body.payload, what: `${body.what}${cred.what}${takesId ? ` id=${JSON.stringify(id).slice(0, 40)}` : ''}` };
      });
  };

  it('answers every malformed request with a 4xx, never a 5xx, and changes nothing', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const before = await snapshot(h.ds);
    let sent = 0;
    const errors: string[] = [];
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes).chain(requestOf), async (req) => {
        sent += 1;
        const res = await api.inject({ method: req.route.method, url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const line = `${res.statusCode} ${req.route.method} ${req.url.slice(0, 120)} (${req.what}): ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) errors.push(line);
        if (res.statusCode < 400) accepted.push(line);
        // every request is recorded, and all of them are reported below (not only the first failure)
        return true;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const changed = changedTables(before, await snapshot(h.ds));
    console.log(
      `fuzz: ${sent} requests sent over ${routes.length} write endpoints (seed ${SEED}); 5xx seen: ${errors.length}; state changes seen: ${changed.length} tables changed, ${accepted.length} requests accepted; statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect(errors).toEqual([]);
    expect(accepted).toEqual([]);
    expect(changed).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  });
});

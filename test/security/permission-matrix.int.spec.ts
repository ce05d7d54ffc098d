import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROLES, type Role } from '@app/common';
import { PERMISSIONS, PUBLIC_ROUTES, renderPermissionsMarkdown } from '../../apps/api/src/auth/permissions';
import { allowedRoles, apiRoutes, call, changedTables, fillPath, isPublic, PEINE, Route, SecurityHarness, snapshot, startSecurityHarness } from './support';

const PERMISSIONS_DOC = path.resolve(__dirname, '../../docs/PERMISSIONS.md');

/**
 * The permission matrix: every route the running api registers, called by a user of every role
 * (OIDC tokens of the local issuer: the real authentication path), against the one table in
 * apps/api/src/auth/permissions.ts. Allowed: anything but 401/403 (a 400 for the empty body or a
 * 404 for the made-up id is fine: the point is who gets past the guard). Denied: 403 naming the
 * roles that would be allowed, and nothing changed in the database.
 */
describe('permissions: every route × every role', () => {
  let h: SecurityHarness;
  let api: NestFastifyApplication;
  let routes: Route[];

  beforeAll(async () => {
    h = await startSecurityHarness('security-matrix');
    api = h.api;
    routes = apiRoutes(api);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('finds the routes of the running api (more than the 90 of the first version)', () => {
    expect(routes.length).toBeGreaterThan(90);
    expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(['POST /api/v1/ledger-entries', 'GET /api/v1/applications/:id/revisions/:no', 'GET /health']));
  });

  it('has every registered route in the permission table or among the public routes, and no entry without a route', () => {
    const registered = new Set(routes.map((r) => r.key));
    const missing = routes.filter((r) => !isPublic(r) && !(r.key in PERMISSIONS)).map((r) => r.key);
    expect({ 'routes missing from apps/api/src/auth/permissions.ts': missing }).toEqual({ 'routes missing from apps/api/src/auth/permissions.ts': [] });
    const stale = [...Object.keys(PERMISSIONS), ...PUBLIC_ROUTES].filter((k) => !registered.has(k as Route['key']));
    expect({ 'table entries without a route': stale }).toEqual({ 'table entries without a route': [] });
  });

  it('answers the public routes without a login, and every other route with 401 without one', async () => {
    for (const route of routes) {
      const res = await call(api, route.method, fillPath(route.path, {}), {});
      if (isPublic(route)) expect({ route: route.key, status: res.status }).not.toEqual({ route: route.key, status: 401 });
      else expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 401 });
    }
  });

  it('lets each role call exactly the routes the table grants it; a denied call is 403, names the roles needed and changes nothing', async () => {
    const before = await snapshot(h.ds);
    const outcome: string[] = [];
    const expected: string[] = [];
    let denied = 0;
    for (const route of routes.filter((r) => !isPublic(r))) {
      const allowed = allowedRoles(route);
      for (const role of ROLES) {
        const res = await call(api, route.method, fillPath(route.path, { no: '1', position: '1' }), await h.as(PEINE, role));
        const verdict = res.status === 403 ? 'denied' : res.status === 401 ? 'unauthenticated' : res.status >= 500 ? `error ${res.status}` : 'allowed';
        outcome.push(`${route.key} as ${role}: ${verdict}`);
        expected.push(`${route.key} as ${role}: ${allowed.includes(role) ? 'allowed' : 'denied'}`);
        if (res.status === 403) {
          denied += 1;
          expect(res.json().message).toContain(`requires the role ${allowed.join(' or ')}; you have ${role}`);
        }
      }
    }
    expect(outcome).toEqual(expected);
    expect(denied).toBeGreaterThan(100);
    console.log(`permission matrix: ${outcome.length / ROLES.length} routes × ${ROLES.length} roles = ${outcome.length} calls with OIDC tokens; allowed ${outcome.length - denied}, denied (403) ${denied}; all as in apps/api/src/auth/permissions.ts`);
    // the denied calls (and the allowed ones, with an empty body or an unknown id) wrote nothing
    expect(changedTables(before, await snapshot(h.ds))).toEqual([]);
  });

  it('lets the auditor read everything and change nothing, and gives reads to every role', () => {
    for (const [key, permission] of Object.entries(PERMISSIONS)) {
      const read = key.startsWith('GET ');
      expect({ key, auditor: permission.roles.includes('auditor') }).toEqual({ key, auditor: read });
      if (read) expect({ key, roles: permission.roles }).toEqual({ key, roles: ROLES });
      else expect({ key, roles: permission.roles.length }).not.toEqual({ key, roles: 0 });
    }
    const writesOf = (role: Role) => Object.entries(PERMISSIONS).filter(([k, p]) => !k.startsWith('GET ') && p.roles.includes(role)).map(([k]) => k);
    expect(writesOf('department_head')).toContain('POST /api/v1/applications/:id/actions/sign-off');
    expect(writesOf('finance')).toEqual(expect.arrayContaining(['POST /api/v1/ledger-entries', 'POST /api/v1/budget-lines', 'POST /api/v1/disbursement-requests/:id/send']));
    expect(writesOf('council_office')).toEqual(expect.arrayContaining(['POST /api/v1/council-papers/:id/release', 'PUT /api/v1/council-papers/:id/consultations/:position/outcome']));
    expect(writesOf('admin')).toEqual(expect.arrayContaining(['POST /api/v1/users', 'PATCH /api/v1/users/:id', 'POST /api/v1/departments', 'POST /api/v1/committees']));
    expect(writesOf('youth_office')).toEqual(expect.arrayContaining(['POST /api/v1/applications', 'POST /api/v1/applications/:id/actions/submit']));
    expect(writesOf('youth_office')).not.toContain('POST /api/v1/users');
  });

  it('keeps docs/PERMISSIONS.md generated from the table (regenerate: UPDATE_PERMISSIONS_DOC=1 npx jest --selectProjects integration -- test/security/permission-matrix)', () => {
    const rendered = renderPermissionsMarkdown();
    if (process.env.UPDATE_PERMISSIONS_DOC === '1') writeFileSync(PERMISSIONS_DOC, rendered);
    expect(readFileSync(PERMISSIONS_DOC, 'utf8')).toBe(rendered);
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@app/common';
import type { AppConfig } from '@app/config';
import { DEMO_USERS, loadDemoData } from '@app/demo';
import { PERMISSIONS, PUBLIC_ROUTES, RouteKey } from '../../apps/api/src/auth/permissions';
import { registeredRoutes } from '../../apps/api/src/create-app';
import type { Headers, Json, Method } from '../support/api-harness';
import { startApi, startWorker, testConfig } from '../support/apps';
import { createTestDatabase, TestDatabase } from '../support/database';
import { oidcConfig, OidcIssuer } from '../support/oidc-issuer';
import { createTimeSkippingEnv } from '../support/temporal';

export const PEINE = 'landkreis-peine';
export const KASSEL = 'landkreis-kassel';
/** An id that exists nowhere. */
export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * The set-up of the security tests: a fresh database with the demo data (Peine, Kassel and the
 * Hochsauerlandkreis, each with one user per role), a time-skipping Temporal server, a real OpenID
 * Connect issuer on loopback and the real api in `AUTH_MODE=oidc` against it. Every request of
 * these tests carries a signed token, so the real authentication path is under test throughout.
 */
export interface SecurityHarness {
  db: TestDatabase;
  ds: DataSource;
  env: TestWorkflowEnvironment;
  issuer: OidcIssuer;
  api: NestFastifyApplication;
  config: AppConfig;
  /** Bearer headers of the demo user with `role` in the organisation `slug`. */
  as(slug: string, role: Role): Promise<Headers>;
  close(): Promise<void>;
}

export interface SecurityHarnessOptions {
  /** changes to the api's configuration (e.g. a rate limit) */
  configure?: (config: AppConfig) => AppConfig;
  /** also run the real worker (for routes that query running workflows) */
  worker?: boolean;
}

export async function startSecurityHarness(taskQueue: string, opts: SecurityHarnessOptions = {}): Promise<SecurityHarness> {
  const configure = opts.configure ?? ((c: AppConfig) => c);
  let db: TestDatabase | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let issuer: OidcIssuer | undefined;
  let api: NestFastifyApplication | undefined;
  let worker: TestingModule | undefined;
  const close = async (): Promise<void> => {
    await api?.close();
    await worker?.close();
    await issuer?.close();
    await env?.teardown();
    await db?.drop();
  };
  try {
    [db, env, issuer] = await Promise.all([createTestDatabase(), createTimeSkippingEnv(), OidcIssuer.start()]);
    await loadDemoData(db.dataSource);
    const config = configure(oidcConfig(testConfig(db.url, env, taskQueue), issuer));
    [api, worker] = await Promise.all([startApi(config, env), opts.worker ? startWorker(config) : undefined]);
    const subjects = new Map(DEMO_USERS.map((u) => [u.role, u.subject]));
    const tokens = new Map<string, Headers>();
    const ready = issuer;
    const as = async (slug: string, role: Role): Promise<Headers> => {
      const key = `${slug}/${role}`;
      if (!tokens.has(key)) tokens.set(key, await ready.bearer(slug, subjects.get(role)!));
      return tokens.get(key)!;
    };
    return { db, ds: db.dataSource, env, issuer, api, config, as, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

export interface Route {
  method: Method;
  path: string;
  key: RouteKey;
}

/**
 * Every route the running api registered (HEAD and OPTIONS aside, which Fastify derives; the
 * Swagger UI under /api/docs aside, which serves the public OpenAPI page), in registration order.
 */
export function apiRoutes(api: NestFastifyApplication): Route[] {
  const seen = new Set<string>();
  return registeredRoutes(api)
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.path.startsWith('/api/docs'))
    .map((r) => ({ method: r.method as Method, path: r.path, key: `${r.method} ${r.path}` as RouteKey }))
    .filter((r) => !seen.has(r.key) && seen.add(r.key));
}

export function isPublic(route: Route): boolean {
  return PUBLIC_ROUTES.includes(route.key);
}

export function allowedRoles(route: Route): readonly Role[] {
  const permission = (PERMISSIONS as Record<string, { roles: readonly Role[] }>)[route.key];
  if (!permission) throw new Error(`${route.key} is not in apps/api/src/auth/permissions.ts`);
  return permission.roles;
}

export const deniedRoles = (route: Route): Role[] => ROLES.filter((r) => !allowedRoles(route).includes(r));

/** A route's path with its parameters filled in (`:id` etc. from `values`, else `fallback`). */
export function fillPath(path: string, values: Record<string, string>, fallback = UNKNOWN_UUID): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name] ?? fallback);
}

/** A request through the api (a write always with a body, `{}` unless given): status, raw text and the parsed body. */
export async function call(api: NestFastifyApplication, method: Method, url: string, headers: Headers, payload?: unknown): Promise<{ status: number; text: string; json: () => Json }> {
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const res = await api.inject({ method, url, headers, ...(withBody ? { payload: (payload ?? {}) as Record<string, unknown> } : {}) });
  return { status: res.statusCode, text: res.body, json: () => JSON.parse(res.body) };
}

/**
 * The whole state of the database: per table its row count and a digest of every column of
 * every row. Equal snapshots: nothing was written, changed or deleted anywhere (audit log included).
 */
export async function snapshot(ds: DataSource): Promise<Record<string, string>> {
  const tables: Array<{ name: string }> = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [{ n, h }] = await ds.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`);
    out[name] = `${n} rows, ${h}`;
  }
  return out;
}

/** The tables whose snapshot differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

// ---------------------------------------------------------------- request bodies from the OpenAPI document

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
};
export type OpenApi = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };

export async function openApi(api: NestFastifyApplication): Promise<OpenApi> {
  return JSON.parse((await api.inject({ method: 'GET', url: '/api/docs-json' })).body) as OpenApi;
}

/** The request body schema of a route (undefined: the route takes none). */
export function bodySchema(doc: OpenApi, route: Route): Schema | undefined {
  const op = doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
  return op?.requestBody?.content['application/json']?.schema;
}

/**
 * A body the route's DTO accepts, from the OpenAPI schema: the required properties with their
 * documented example (else a value of their type and format). Good enough to get past validation
 * to the service, which is what the tenant-isolation test needs (the resource is then looked up).
 */
export function sampleBody(doc: OpenApi, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return {};
  if (schema.$ref) return sampleBody(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
  if (schema.allOf?.length) return sampleBody(doc, schema.allOf[0], depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleBody(doc, schema.items, depth + 1));
    case 'string':
      if (schema.format === 'date') return '2026-01-31';
      if (schema.format === 'date-time') return '2026-01-31T10:00:00.000Z';
      if (schema.format === 'uuid') return UNKNOWN_UUID;
      return 'Test'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    default: {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleBody(doc, schema.properties?.[name], depth + 1);
      return out;
    }
  }
}

/** Bodies where the one from the OpenAPI examples does not pass validation (keyed like the permission table). */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/applications/:id': { version: 1, title: 'Geändert' },
  'POST /api/v1/applications/:id/amendments': {
    version: 1,
    reason: 'Änderung',
    costPlan: [{ category: 'personnel', label: 'Stelle', amountCents: 100 }],
    financingPlan: [{ source: 'funder', label: 'Land', amountCents: 100 }],
  },
  'PATCH /api/v1/council-papers/:id': { version: 1, isPublic: false },
  'POST /api/v1/applications/:id/documents': { kind: 'application-form' },
  'POST /api/v1/positions/:id/changes': { kind: 'hours', effectiveOn: '2026-07-01', payload: { weeklyHours: '19.5' } },
};

/** A body the route's validation accepts (undefined: the route takes no body). */
export function exampleBody(doc: OpenApi, route: Route): unknown {
  if (route.key in VALID_BODIES) return VALID_BODIES[route.key];
  const schema = bodySchema(doc, route);
  return schema ? sampleBody(doc, schema) : undefined;
}

/** The properties and required names of a route's body schema ($ref resolved). */
export function bodyProperties(doc: OpenApi, route: Route): { properties: Record<string, Schema>; required: string[] } {
  let schema = bodySchema(doc, route);
  for (let i = 0; schema?.$ref && i < 5; i++) schema = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
  return { properties: schema?.properties ?? {}, required: schema?.required ?? [] };
}

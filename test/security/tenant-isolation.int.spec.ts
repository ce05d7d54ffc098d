import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@app/common';
import type { Headers, Json } from '../support/api-harness';
import {
  allowedRoles,
  apiRoutes,
  call,
  changedTables,
  exampleBody,
  fillPath,
  isPublic,
  KASSEL,
  OpenApi,
  openApi,
  PEINE,
  Route,
  SecurityHarness,
  snapshot,
  startSecurityHarness,
  UNKNOWN_UUID,
} from './support';

/** The table behind the first path segment of a route that takes an id (`/api/v1/<segment>/:id…`). */
const TABLE_OF_SEGMENT: Record<string, string> = {
  users: 'app_user',
  departments: 'department',
  municipalities: 'municipality',
  committees: 'committee',
  programmes: 'funding_programme',
  applications: 'funding_application',
  'disbursement-requests': 'disbursement_request',
  receipts: 'receipt',
  'budget-products': 'budget_product',
  accounts: 'account',
  'budget-lines': 'budget_line',
  'ledger-entries': 'ledger_entry',
  positions: 'staff_position',
  milestones: 'programme_milestone',
  'council-papers': 'council_paper',
  documents: 'document',
  reminders: 'reminder',
};

/**
 * Tenant isolation over every route that takes an id: one of each resource exists in Landkreis
 * Peine (the demo data plus what the set-up books, files and generates through the api); Landkreis
 * Kassel's users (each route called with a role the table allows, so the answer is not a 403)
 * get 404 for every one of them, exactly the answer an id that exists nowhere gets (so not even
 * existence leaks), with no data of Peine's in it, and nothing changes in the database. Lists
 * show Kassel none of Peine's rows.
 */
describe('tenant isolation: every route with an id of another organisation', () => {
  let h: SecurityHarness;
  let api: NestFastifyApplication;
  let doc: OpenApi;
  let peineId: string;
  /** the Peine row behind each route segment */
  const ids = new Map<string, string>();
  /** ids and texts of Peine's rows that Kassel must never see */
  let secrets: string[];

  const asPeine = (role: Role): Promise<Headers> => h.as(PEINE, role);
  const one = async (sql: string, params: unknown[] = []): Promise<string> => {
    const rows: Array<{ id: string }> = await h.ds.query(sql, params);
    if (!rows[0]) throw new Error(`set-up: no row for ${sql}`);
    return String(rows[0].id);
  };
  const created = async (res: Promise<{ status: number; json: () => Json; text: string }>): Promise<Json> => {
    const r = await res;
    if (r.status !== 201 && r.status !== 200) throw new Error(`set-up: ${r.status} ${r.text}`);
    return r.json();
  };

  beforeAll(async () => {
    h = await startSecurityHarness('security-isolation', { worker: true });
    api = h.api;
    doc = await openApi(api);
    peineId = await one(`SELECT id FROM organisation WHERE slug = $1`, [PEINE]);

    // Peine's application with its funding notice (demo data), and what the api adds to it
    const applicationId = await one(`SELECT application_id AS id FROM funding_notice WHERE organisation_id = $1 LIMIT 1`, [peineId]);
    const costLabel = await one(`SELECT l.label AS id FROM cost_plan_line l JOIN application_revision r ON r.organisation_id = l.organisation_id AND r.id = l.revision_id WHERE l.organisation_id = $1 AND r.application_id = $2 ORDER BY r.revision_no DESC LIMIT 1`, [peineId, applicationId]);
    const budgetLineId = await one(`SELECT id FROM budget_line WHERE organisation_id = $1 LIMIT 1`, [peineId]);
    const paperId = await one(`SELECT paper_id AS id FROM consultation WHERE organisation_id = $1 LIMIT 1`, [peineId]);
    // fixtures written directly: how a request or a receipt comes about is the funding records' tests' business
    const requestId = await one(
      `INSERT INTO disbursement_request (organisation_id, application_id, sequence_no, requested_on, payout_date, amount_cents, covers_from, covers_to)
       VALUES ($1, $2, 1, '2025-11-20', '2025-11-30', 1000000, '2025-12-01', '2026-01-30') RETURNING id`,
      [peineId, applicationId],
    );
    const receiptId = await one(
      `INSERT INTO receipt (organisation_id, application_id, sequence_no, receipt_date, payee, reason, amount_cents, cost_category, cost_plan_label)
       VALUES ($1, $2, 1, '2026-01-31', 'Bezügestelle Peine', 'Entgelt Januar 2026 Peine', 512345, 'personnel', $3) RETURNING id`,
      [peineId, applicationId, costLabel],
    );
    const finance = await asPeine('finance');
    const entry = await created(call(api, 'POST', '/api/v1/ledger-entries', finance, { budgetLineId, bookedOn: '2026-03-31', kind: 'actual', amountCents: 4711, text: 'Entgelt März Peine' }));
    const reminder = await created(call(api, 'POST', '/api/v1/reminders', await asPeine('youth_office'), { subject: 'Zwischennachweis Peine fällig', dueOn: '2027-04-30' }));
    const document = await created(call(api, 'POST', `/api/v1/council-papers/${paperId}/documents`, await asPeine('council_office')));

    for (const [segment, table] of Object.entries(TABLE_OF_SEGMENT)) {
      if (table === 'reminder') continue;
      ids.set(segment, await one(`SELECT id FROM "${table}" WHERE organisation_id = $1 ORDER BY id LIMIT 1`, [peineId]));
    }
    ids.set('applications', applicationId);
    ids.set('council-papers', paperId);
    ids.set('committees', await one(`SELECT committee_id AS id FROM committee_session WHERE organisation_id = $1 LIMIT 1`, [peineId]));
    ids.set('disbursement-requests', requestId);
    ids.set('receipts', receiptId);
    ids.set('ledger-entries', entry.id);
    ids.set('reminders', reminder.id);
    ids.set('documents', document.id);

    // every uuid of a Peine row, and Peine's texts that appear nowhere in Kassel's data
    const tables: Array<{ table: string; columns: string[] }> = await h.ds.query(
      `SELECT table_name AS table, array_agg(column_name::text) AS columns FROM information_schema.columns
        WHERE table_schema = 'public' GROUP BY table_name HAVING bool_or(column_name = 'organisation_id')`,
    );
    const peineValues = new Set<string>();
    const kasselValues = new Set<string>();
    const kasselId = await one(`SELECT id FROM organisation WHERE slug = $1`, [KASSEL]);
    for (const { table, columns } of tables) {
      const textual = columns.filter((c) => ['id', 'title', 'name', 'display_name', 'subject', 'text', 'number', 'payee', 'reason', 'file_name'].includes(c));
      if (textual.length === 0) continue;
      const rows: Array<Record<string, unknown>> = await h.ds.query(`SELECT ${textual.map((c) => `"${c}"::text AS "${c}"`).join(', ')}, organisation_id::text AS org FROM "${table}" WHERE organisation_id IN ($1, $2)`, [peineId, kasselId]);
      for (const row of rows) {
        for (const c of textual) {
          const v = row[c];
          if (typeof v !== 'string') continue;
          (row.org === peineId ? peineValues : kasselValues).add(v);
        }
      }
    }
    // Kassel's own audit log (before/after of its rows) holds generic words too ("Erstantrag")
    const [{ kasselAudit }] = await h.ds.query(`SELECT coalesce(string_agg(concat_ws('|', before::text, after::text, reason), '|'), '') AS "kasselAudit" FROM audit_event WHERE organisation_id = $1`, [kasselId]);
    secrets = [...peineValues].filter((v) => !kasselValues.has(v) && !(kasselAudit as string).includes(v) && (/^[0-9a-f-]{36}$/.test(v) || (v.length >= 8 && !/^\d+$/.test(v))));
  });

  afterAll(async () => {
    await h?.close();
  });

  /** What of Peine's a response shows (`allowed`: the id the caller sent itself). */
  const leaks = (text: string, allowed?: string): string[] => secrets.filter((s) => s !== allowed && text.includes(s));
  /** A 404 body without what differs between two requests anyway: the id asked for and the request id. */
  const normalised = (body: Json, id: string): Json => JSON.parse(JSON.stringify({ ...body, requestId: undefined }).split(id).join('<id>'));

  function idOf(route: Route): string {
    const segment = route.path.split('/')[3];
    const id = ids.get(segment);
    if (!id) throw new Error(`no Peine resource for ${route.key}: add its segment "${segment}" to TABLE_OF_SEGMENT in test/security/tenant-isolation.int.spec.ts`);
    return id;
  }

  it('has a Peine resource and a secret list to look for', () => {
    expect(ids.size).toBe(Object.keys(TABLE_OF_SEGMENT).length);
    expect(secrets.length).toBeGreaterThan(100);
    expect(secrets).toEqual(expect.arrayContaining([ids.get('applications'), 'Entgelt März Peine']));
  });

  it("answers Kassel 404 on every route with one of Peine's ids, exactly as for an id that exists nowhere, and changes nothing", async () => {
    const before = await snapshot(h.ds);
    const routes = apiRoutes(api).filter((r) => !isPublic(r) && r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(50);
    const results: string[] = [];
    const expected: string[] = [];
    for (const route of routes) {
      const role = allowedRoles(route)[0];
      const kassel = await h.as(KASSEL, role);
      const id = idOf(route);
      const body = exampleBody(doc, route);
      const unknownId = /^\d+$/.test(id) ? '999999999' : UNKNOWN_UUID;
      const foreign = await call(api, route.method, fillPath(route.path, { id, no: '1', position: '1' }), kassel, body);
      const unknown = await call(api, route.method, fillPath(route.path, { id: unknownId, no: '1', position: '1' }), kassel, body);
      results.push(`${route.key} as ${role}: ${foreign.status}${foreign.status === 404 ? '' : ` ${foreign.text.slice(0, 300)}`}`);
      expected.push(`${route.key} as ${role}: 404`);
      if (foreign.status !== 404) continue;
      expect({ route: route.key, body: normalised(foreign.json(), id) }).toEqual({ route: route.key, body: normalised(unknown.json(), unknownId) });
      expect({ route: route.key, leaks: leaks(foreign.text, id) }).toEqual({ route: route.key, leaks: [] });
    }
    expect(results).toEqual(expected);
    expect(changedTables(before, await snapshot(h.ds))).toEqual([]);
    console.log(`tenant isolation: ${routes.length} routes with an id called by Kassel with Peine's ids: ${results.filter((r) => r.endsWith(': 404')).length} × 404 (body equal to an unknown id's, no Peine data among ${secrets.length} ids and texts), tables changed: 0`);
  });

  it("answers Peine itself on the same routes' reads (the ids are real)", async () => {
    for (const route of apiRoutes(api).filter((r) => r.method === 'GET' && !isPublic(r) && r.path.includes(':') && !r.path.endsWith('/workflow'))) {
      const res = await call(api, 'GET', fillPath(route.path, { id: idOf(route), no: '1', position: '1' }), await asPeine('auditor'));
      expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 200 });
    }
  });

  it("shows Kassel none of Peine's rows in any list", async () => {
    const lists = apiRoutes(api).filter((r) => r.method === 'GET' && !isPublic(r) && !r.path.includes(':'));
    expect(lists.length).toBeGreaterThan(15);
    for (const route of lists) {
      const res = await call(api, 'GET', `${route.path}?limit=200`, await h.as(KASSEL, 'auditor'));
      const plain = res.status === 400 ? await call(api, 'GET', route.path, await h.as(KASSEL, 'auditor')) : res;
      expect({ route: route.key, status: plain.status, leaks: leaks(plain.text) }).toEqual({ route: route.key, status: 200, leaks: [] });
    }
    // filters naming Peine's rows find nothing either
    for (const url of [
      `/api/v1/ledger-entries?budgetLineId=${ids.get('budget-lines')}`,
      `/api/v1/milestones?applicationId=${ids.get('applications')}`,
      `/api/v1/audit-events?subjectId=${ids.get('applications')}`,
    ]) {
      const res = await call(api, 'GET', url, await h.as(KASSEL, 'auditor'));
      expect({ url, status: res.status, leaks: leaks(res.text, url.split('=')[1]) }).toEqual({ url, status: res.status < 300 ? 200 : 400, leaks: [] });
      if (res.status === 200) expect({ url, items: res.json().items }).toEqual({ url, items: [] });
    }
  });
});

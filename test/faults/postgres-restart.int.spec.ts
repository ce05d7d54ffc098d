import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations, withDatabase } from '@app/database';
import { startApi, testConfig } from '../support/apps';
import { createBudgetLine, createOrganisation, createUser, devLogin } from '../support/factories';
import { freePort } from '../support/ports';
import { createTimeSkippingEnv } from '../support/temporal';
import { ChildHandle, killAll, PostgresProcess, printFigures, startPostgresProcess, waitUntil } from './support/processes';

interface Sent {
  key: string;
  status: number;
  body: { error?: string; message?: string };
  retryAfter?: string;
}

/**
 * PostgreSQL stops and starts again while the api takes a steady stream of bookings
 * (POST /api/v1/ledger-entries, each with its own Idempotency-Key). The api runs on a PostgreSQL
 * server of this file's own (not the shared one), which the test stops (fast shutdown: open
 * transactions roll back, sessions end) and starts on the same data folder and port.
 *
 * While it is down every request gets a clear 503 (JSON with a message and Retry-After, no 500,
 * no hang) and readiness says not ready; afterwards, without restarting the api, the pool
 * reconnects, every booking answered with 2xx is in the ledger exactly once with its audit event,
 * no failed request left half a write (ledger row ⇔ audit event), and retrying the failed ones
 * with the same key books each exactly once.
 */
describe('PostgreSQL restart during API traffic', () => {
  let dataDir: string;
  let port: number;
  let pg: PostgresProcess | undefined;
  const children: ChildHandle[] = [];
  let url: string;
  let env: TestWorkflowEnvironment;
  let api: NestFastifyApplication;
  let ds: DataSource;
  let headers: Record<string, string>;
  let organisationId: string;
  let budgetLineId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-fault-pg-'));
    fs.chmodSync(dataDir, 0o755); // as root, the cluster belongs to the postgres user, who must reach it
    port = await freePort();
    [pg, env] = await Promise.all([startPostgresProcess(path.join(dataDir, 'pg'), port, children), createTimeSkippingEnv()]);
    url = withDatabase(pg.url, 'fw_fault');
    await ensureDatabase(url);
    await runMigrations(url);
    ds = await new DataSource(dataSourceOptions(url, { poolSize: 2, applicationName: 'fw-fault-test' })).initialize();
    const org = await createOrganisation(ds, { slug: 'landkreis-peine', name: 'Landkreis Peine' });
    const user = await createUser(ds, org, { subject: 'kaemmerei-1', roles: ['finance'] });
    organisationId = org.id;
    headers = devLogin(org, user);
    budgetLineId = (await createBudgetLine(ds, org)).id;
    api = await startApi(testConfig(url, env, 'faults-pg-restart'), env);
  });

  afterAll(async () => {
    await api?.close();
    if (ds?.isInitialized) await ds.destroy();
    await env?.teardown();
    await pg?.stop().catch(() => undefined);
    await killAll(children);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const book = async (key: string): Promise<Sent> => {
    const res = await api.inject({
      method: 'POST',
      url: '/api/v1/ledger-entries',
      headers: { ...headers, 'idempotency-key': key },
      payload: { budgetLineId, bookedOn: '2026-03-31', kind: 'actual', amountCents: 10_000 + Number(key.split('-')[1]), text: `Lastbuchung ${key}` },
    });
    return { key, status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] as string | undefined };
  };
  const probe = async (route: string) => {
    const res = await api.inject({ method: 'GET', url: route });
    return { status: res.statusCode, body: res.json() };
  };

  it('answers 503 while PostgreSQL is down, loses nothing and writes nothing twice, and recovers without an api restart', async () => {
    const sent: Sent[] = [];
    const readinessWhileDown: number[] = [];
    let n = 0;
    let traffic = true;
    // Four clients, each booking one entry after the other until told to stop.
    const clients = Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (traffic && n < 5000) {
          const result = await book(`load-${n++}`);
          sent.push(result);
          await new Promise((r) => setTimeout(r, result.status === 503 ? 25 : 5)); // a client backs off a little
        }
      }),
    );
    const ok = (s: Sent) => s.status === 200 || s.status === 201;

    await waitUntil('20 bookings before the outage', () => sent.filter(ok).length >= 20, 20_000);
    expect((await probe('/health/ready')).status).toBe(200);

    await pg!.stop();
    pg = undefined;
    const downAt = sent.length;
    // While down: requests fail fast with 503, readiness names the database, liveness stays ok.
    await waitUntil('20 requests answered while PostgreSQL is down', () => sent.length >= downAt + 20, 20_000);
    const ready = await probe('/health/ready');
    readinessWhileDown.push(ready.status);
    expect(ready.status).toBe(503);
    expect(ready.body.details?.database?.status ?? ready.body.error?.database?.status).toBe('down');
    expect((await probe('/health')).status).toBe(503);
    expect((await probe('/health/live')).status).toBe(200);

    pg = await startPostgresProcess(path.join(dataDir, 'pg'), port, children);
    const upAt = sent.length;
    await waitUntil('readiness ok again after the restart', async () => (await probe('/health/ready')).status === 200, 20_000);
    await waitUntil('20 bookings after the restart', () => sent.slice(upAt).filter(ok).length >= 20, 20_000);
    traffic = false;
    await clients;

    const unavailable = sent.filter((s) => s.status === 503);
    const other = sent.filter((s) => !ok(s) && s.status !== 503);
    expect(other.map((s) => `${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
    expect(unavailable.length).toBeGreaterThanOrEqual(20);
    for (const s of unavailable) {
      expect(s.body).toMatchObject({ statusCode: 503, error: 'unavailable', message: expect.stringContaining('database') });
      expect(s.retryAfter).toBe('5');
    }

    // Every booking answered 2xx is there exactly once, with exactly one audit event; no row or
    // audit event of a failed request stands alone.
    const rows = async (): Promise<Map<string, { rows: number; audits: number }>> => {
      const found: Array<{ dedup_key: string; rows: number; audits: number }> = await ds.query(
        `SELECT e.dedup_key, count(DISTINCT e.id)::int AS rows, count(a.id)::int AS audits
           FROM ledger_entry e LEFT JOIN audit_event a ON a.subject_type = 'ledger_entry' AND a.subject_id = e.id::text AND a.action = 'ledger_entry.booked'
          WHERE e.organisation_id = $1 GROUP BY e.dedup_key`,
        [organisationId],
      );
      return new Map(found.map((r) => [r.dedup_key, { rows: r.rows, audits: r.audits }]));
    };
    await waitUntil('the test\'s own pool reconnected', async () => (await ds.query('SELECT 1').then(() => true, () => false)), 10_000);
    const after = await rows();
    const keyOf = (s: Sent) => `api:${organisationId}:${s.key}`;
    const succeeded = sent.filter(ok);
    const lost = succeeded.filter((s) => after.get(keyOf(s))?.rows !== 1);
    expect(lost.map((s) => s.key)).toEqual([]);
    const halfWritten = [...after].filter(([, v]) => v.rows !== 1 || v.audits !== 1);
    expect(halfWritten).toEqual([]);
    const [{ orphanAudits }] = await ds.query(
      `SELECT count(*)::int AS "orphanAudits" FROM audit_event a WHERE a.action = 'ledger_entry.booked'
          AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.id::text = a.subject_id)`,
    );
    expect(orphanAudits).toBe(0);
    // A failed request whose commit went through before the connection broke is the client's to
    // retry: the same key gets the booking back (200) instead of booking twice.
    const committedDespite503 = unavailable.filter((s) => after.has(keyOf(s))).length;

    // The failed ones, retried with the same key (eight at a time): each booked exactly once.
    const retried: Sent[] = [];
    for (let i = 0; i < unavailable.length; i += 8) retried.push(...(await Promise.all(unavailable.slice(i, i + 8).map((s) => book(s.key)))));
    const final = await rows();

    printFigures('postgres-restart', {
      requestsSent: sent.length,
      ok2xx: succeeded.length,
      unavailable503: unavailable.length,
      other: other.length,
      readinessWhileDown: readinessWhileDown.join(','),
      rowsExpected: succeeded.length,
      rowsFound: succeeded.length - lost.length,
      lost: lost.length,
      halfWritten: halfWritten.length + orphanAudits,
      committedDespite503,
      retried503: retried.length,
      retriedOk: retried.filter(ok).length,
      rowsAfterRetry: final.size,
    });
    expect(retried.filter((r) => !ok(r)).map((r) => `${r.key}: ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(final.size).toBe(sent.length);
    expect([...final.values()].every((v) => v.rows === 1 && v.audits === 1)).toBe(true);
  });
});

/**
 * Benchmark of the application list (GET /api/v1/applications): the real api (Nest + Fastify,
 * validation pipe, the real AuthGuard with the development login, TypeORM's pool, pino at warn)
 * against a bare baseline (plain Fastify + pg, no auth, no validation) that runs the very same SQL
 * statement and answers the same JSON. Both run in child processes on loopback against one
 * embedded PostgreSQL holding 10,000 applications of 3 organisations; the load generator (this
 * process) drives both with the same keep-alive connections, duration and request mix.
 *
 *   npm run bench -- applications-list [--connections 1,4,8,16] [--target-connections 8] [--duration 10] [--warmup 3] [--rounds 1] [--applications 10000]
 *
 * Target: the api serves at least 30 % of the baseline's requests/s, with p99 below 50 ms, at up to
 * `--target-connections` concurrent requests. The exit code is 1 when it is missed there.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { ensureDatabase, runMigrations, startEmbeddedPostgres, withDatabase } from '@app/database';
import {
  APPLICATION_DEFAULT_SORT,
  APPLICATION_SORTABLE,
  APPLICATION_TIE_BREAKER,
  applicationCountQuery,
  applicationListQuery,
  ApplicationListRow,
} from '../apps/api/src/applications/application-list.query';
import { AppModule } from '../apps/api/src/app.module';
import { resolvePage } from '../apps/api/src/common/pagination';
import { configureApp, fastifyAdapter } from '../apps/api/src/create-app';
import { BenchOrganisation, loadApplications } from './support/applications-data';
import { fetchOnce, LoadRequest, LoadResult, runLoad } from './support/http-load';

const HOST = '127.0.0.1';
const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 50;
/**
 * The load the target is judged at: 8 list requests in flight at every moment, far more than a
 * county's funding office (a few dozen people, a list every few seconds at most) produces. Higher
 * levels are measured too, to show where this 2-core machine (load generator, server and
 * PostgreSQL on the same cores) saturates.
 */
const TARGET_CONNECTIONS = 8;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// ------------------------------------------------------------------------------------------
// children: the two servers

/** The real api, started as main.ts starts it. */
async function serveApi(): Promise<void> {
  process.title = 'foerderwerk-api';
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, fastifyAdapter(), { bufferLogs: true });
  await configureApp(app);
  await app.listen({ port: 0, host: HOST });
  const address = app.getHttpServer().address() as net.AddressInfo;
  process.stdout.write(`ready ${address.port}\n`);
}

/** Plain Fastify + pg: the same statement and JSON, nothing else (no auth, no validation, no ORM). */
async function serveBaseline(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });
  app.get('/api/v1/applications', async (request) => {
    const organisationId = String(request.headers['x-organisation-id']);
    const q = request.query as Record<string, string | undefined>;
    const page = resolvePage(
      { limit: q.limit ? Number(q.limit) : undefined, offset: q.offset ? Number(q.offset) : undefined, sort: q.sort },
      APPLICATION_SORTABLE,
      APPLICATION_DEFAULT_SORT,
      APPLICATION_TIE_BREAKER,
    );
    const [from, to] = q.periodOverlaps?.split('..') ?? [];
    const filter = {
      status: q.status?.split(','),
      programmeId: q.programmeId,
      leadDepartmentId: q.leadDepartmentId,
      periodOverlaps: from && to ? { from, to } : undefined,
      q: q.q,
    };
    const query = applicationListQuery(organisationId, filter, page);
    const rows: ApplicationListRow[] = (await pool.query<ApplicationListRow>(query.text, query.values)).rows;
    let total = rows.length ? Number(rows[0]!.total) : 0;
    if (!rows.length && page.offset > 0) {
      const count = applicationCountQuery(organisationId, filter);
      total = Number((await pool.query<{ total: string }>(count.text, count.values)).rows[0]!.total);
    }
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        programmeId: r.programmeId,
        programmeName: r.programmeName,
        leadDepartmentId: r.leadDepartmentId,
        leadDepartmentName: r.leadDepartmentName,
        status: r.status,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        currentRevision: r.currentRevision,
        costTotalCents: Number(r.costTotalCents),
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  });
  await app.listen({ port: 0, host: HOST });
  const address = app.server.address() as net.AddressInfo;
  process.stdout.write(`ready ${address.port}\n`);
  process.once('SIGTERM', () => void app.close().then(() => pool.end()));
}

// ------------------------------------------------------------------------------------------
// parent: database, data, servers, load

interface Server {
  name: string;
  port: number;
  process: ChildProcess;
}

function startServer(name: string, env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--serve', name], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready) resolve({ name, port: Number(ready[1]), process: child });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${out}`)));
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.process.exitCode !== null) return resolve();
    const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
    server.process.removeAllListeners('exit');
    server.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.process.kill('SIGTERM');
  });
}

/** A mix of list queries per organisation: default page, status filter, period filter, search, programme filter, a later page. */
function queries(org: BenchOrganisation): string[] {
  return [
    '/api/v1/applications',
    '/api/v1/applications?status=submitted,approved,disbursing&sort=title&limit=50',
    '/api/v1/applications?periodOverlaps=2026-01-01..2026-12-31&sort=periodStart&limit=20&offset=40',
    `/api/v1/applications?q=${encodeURIComponent('präventionskette')}&limit=50`,
    `/api/v1/applications?programmeId=${org.programmeIds[0]}&status=draft&sort=-createdAt&limit=50`,
    `/api/v1/applications?leadDepartmentId=${org.departmentIds[1]}&sort=status,-createdAt&limit=25&offset=100`,
  ];
}

function format(name: string, connections: number, r: LoadResult): string {
  return (
    `${name.padEnd(12)} ${String(connections).padStart(5)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(2).padStart(9)} ${r.p99Ms.toFixed(2).padStart(9)} ` +
    `${r.maxMs.toFixed(1).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.non2xx).padStart(6)} ${(r.meanBodyBytes / 1024).toFixed(1).padStart(8)}`
  );
}

async function parent(): Promise<void> {
  const connectionLevels = (process.argv.includes('--connections') ? process.argv[process.argv.indexOf('--connections') + 1]! : '1,4,8,16')
    .split(',')
    .map(Number);
  if (!connectionLevels.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--connections must be positive integers separated by commas');
  const durationMs = option('--duration', 10) * 1000;
  const warmupMs = option('--warmup', 3) * 1000;
  const targetConnections = option('--target-connections', TARGET_CONNECTIONS);
  const rounds = option('--rounds', 1);
  const total = option('--applications', 10_000);

  const dir = mkdtempSync(join(tmpdir(), 'applications-list-bench-'));
  chmodSync(dir, 0o755); // as root, initdb runs as the postgres user and must reach the cluster folder
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  const servers: Server[] = [];
  // Stands where Temporal would be: the api's client connects lazily and the list never needs it,
  // so any connection here means something (a /health poll, a workflow call) used it.
  let temporalConnections = 0;
  const temporalSentinel = net.createServer((socket) => {
    temporalConnections++;
    socket.destroy();
  });
  try {
    const url = withDatabase(pg.url, 'foerderwerk_bench');
    await ensureDatabase(url);
    await runMigrations(url);
    const loadStarted = Date.now();
    const organisations = await loadApplications(url, total, 3);
    console.log(`loaded ${total} applications of ${organisations.length} organisations in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

    const temporalPort = await freePort();
    await new Promise<void>((resolve) => temporalSentinel.listen(temporalPort, HOST, resolve));
    const api = await startServer('api', {
      NODE_ENV: 'development',
      AUTH_MODE: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: `${HOST}:${temporalPort}`,
    });
    servers.push(api);
    const baseline = await startServer('baseline', { DATABASE_URL: url });
    servers.push(baseline);

    const apiRequests: LoadRequest[] = [];
    const baselineRequests: LoadRequest[] = [];
    for (const org of organisations) {
      for (const path of queries(org)) {
        apiRequests.push({ path, headers: { 'x-dev-user': `${org.slug}/${org.subject}` } });
        baselineRequests.push({ path, headers: { 'x-organisation-id': org.id } });
      }
    }

    // Both answer every request of the mix with 200 and the same JSON.
    for (let i = 0; i < apiRequests.length; i++) {
      const [ours, bare] = await Promise.all([fetchOnce(HOST, api.port, apiRequests[i]!), fetchOnce(HOST, baseline.port, baselineRequests[i]!)]);
      if (ours.status !== 200 || bare.status !== 200) throw new Error(`${apiRequests[i]!.path}: api ${ours.status}, baseline ${bare.status}: ${JSON.stringify(ours.json)}`);
      if (!isDeepStrictEqual(ours.json, bare.json)) throw new Error(`${apiRequests[i]!.path}: api and baseline answer differently`);
      if ((ours.json as { items: unknown[] }).items.length === 0) throw new Error(`${apiRequests[i]!.path}: empty page, the mix should return rows`);
    }
    console.log(`checked: api and baseline give the same 200 answers to all ${apiRequests.length} requests of the mix`);
    console.log(`node ${process.version}; per target and concurrency: ${warmupMs / 1000} s warm-up, then ${durationMs / 1000} s measured; closed loop, keep-alive`);
    console.log('');
    console.log('target       conns    req/s   p50 (ms)  p99 (ms)  max (ms)  requests  non2xx  KiB/resp');

    const mean = (rs: LoadResult[], f: (r: LoadResult) => number) => rs.reduce((sum, r) => sum + f(r), 0) / rs.length;
    const verdicts: Array<{ connections: number; ratio: number; apiP99: number; met: boolean }> = [];
    for (const connections of connectionLevels) {
      const results: Record<'api' | 'baseline', LoadResult[]> = { api: [], baseline: [] };
      for (let round = 0; round < rounds; round++) {
        // alternate the order so that neither target profits from going second
        const order = round % 2 === 0 ? (['api', 'baseline'] as const) : (['baseline', 'api'] as const);
        for (const name of order) {
          const server = name === 'api' ? api : baseline;
          const requests = name === 'api' ? apiRequests : baselineRequests;
          await runLoad({ host: HOST, port: server.port, connections, durationMs: warmupMs, requests });
          const result = await runLoad({ host: HOST, port: server.port, connections, durationMs, requests });
          results[name].push(result);
          console.log(format(`${name}${rounds > 1 ? ` r${round + 1}` : ''}`, connections, result));
        }
      }
      const ratio = mean(results.api, (r) => r.requestsPerSecond) / mean(results.baseline, (r) => r.requestsPerSecond);
      const apiP99 = Math.max(...results.api.map((r) => r.p99Ms));
      const errors = [...results.api, ...results.baseline].reduce((sum, r) => sum + r.non2xx, 0);
      const met = ratio >= TARGET_RATIO && apiP99 < TARGET_P99_MS && errors === 0;
      verdicts.push({ connections, ratio, apiP99, met });
      console.log(`${''.padEnd(16)} ratio api/baseline ${(ratio * 100).toFixed(1)} %, api p99 ${apiP99.toFixed(1)} ms${errors ? `, ${errors} non-2xx` : ''}: ${met ? 'target met' : 'target missed'}`);
    }

    console.log('');
    console.log(`target: api ≥ ${TARGET_RATIO * 100} % of the baseline's requests/s with p99 < ${TARGET_P99_MS} ms, judged up to ${targetConnections} concurrent connections`);
    for (const v of verdicts) {
      const judged = v.connections <= targetConnections;
      console.log(`  ${String(v.connections).padStart(3)} connections: ${(v.ratio * 100).toFixed(1)} %, p99 ${v.apiP99.toFixed(1)} ms → ${v.met ? 'met' : judged ? 'MISSED' : 'missed (beyond the judged load)'}`);
    }
    console.log(`connections to Temporal during the run: ${temporalConnections} (the list never needs it; /health was not polled)`);
    if (temporalConnections > 0 || verdicts.some((v) => v.connections <= targetConnections && !v.met)) process.exitCode = 1;
  } finally {
    for (const server of servers) await stopServer(server);
    temporalSentinel.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
const main = serveAt < 0 ? parent() : process.argv[serveAt + 1] === 'api' ? serveApi() : serveBaseline();
main.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

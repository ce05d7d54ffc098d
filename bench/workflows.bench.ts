/**
 * Workflow benchmarks (issue 5).
 * (a) N applications, each with a position (36 monthly bookings) and 3 milestones, through three
 *     programme years on the time-skipping test server with the real activities on PostgreSQL:
 *     wall time and peak RSS of the worker process (a fresh child process per N).
 *     Target: N = 100 in under 60 s.
 * (b) 10,000 live application workflows waiting on their deadline and reminder timers on the local
 *     dev server (`temporal server start-dev`, the pinned CLI), worker in this process with the
 *     real activities. Each starts in the state its notice left it (approved, deadlines planned:
 *     the state continue-as-new carries, computed by the workflow's own model), so what is
 *     measured is the live workflows, not 40,000 updates and 10,000 Förderanträge on the way:
 *     time to start them, time until the server shows every one running with its first task
 *     done (its timers set) and a sample answering a query (an evicted one is replayed from its
 *     history to answer), and the worker process's RSS. The worker runs as apps/worker does: its
 *     workflow cache bounded by WORKER_MAX_CACHED_WORKFLOWS (default 500), in a process with the
 *     worker's V8 flags (WORKER_NODE_FLAGS: this part runs in a child started with them).
 *     Target: RSS under 1 GB.
 *
 *   npm run bench -- workflows [--sizes 100,1000] [--live 10000] [--skip-live] [--test-server auto|jvm|native]
 *   (part a on the test server's JVM build where Java is there, as `simulate`; --test-server picks one)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { HOLIDAY_RULES_NIEDERSACHSEN } from '@app/calendar';
import { loadConfig } from '@app/config';
import { dataSourceOptions, runMigrations, startEmbeddedPostgres, withDatabase } from '@app/database';
import { temporalCliPath, WORKER_NODE_FLAGS, workflowBundlerOptions } from '@app/temporal';
import { workflowIds } from '@app/workflows/names';
import { applicationRules, createApplication, planUpdate, transition, type ApplicationWorkflowInput } from '@app/workflows/application/model';
import { applicationStateQuery, type ApplicationState } from '@app/workflows/application/signals';
import { createActivities } from '../apps/worker/src/activities';
import { runScenarioChild } from './support/child';
import { peakRssMbFromProc } from './support/memory';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  return argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined;
}

async function partA(sizes: number[]): Promise<void> {
  console.log('(a) N applications with a position and milestones through 3 programme years (time-skipping server)');
  console.log('   N   bookings  closed   wall s   worker peak RSS MB   CPU s (all processes)   cores');
  for (const n of sizes) {
    const r = await runScenarioChild(['generated', String(n), '--no-council', '--test-server', arg('--test-server') ?? 'auto']);
    console.log(`${String(n).padStart(4)} ${String(r.bookings).padStart(10)} ${String(r.closed).padStart(7)} ${(Number(r.wallMs) / 1000).toFixed(1).padStart(8)} ${String(r.peakRssMb).padStart(20)} ${String(r.cpuSeconds).padStart(23)} ${String(availableParallelism()).padStart(7)}`);
    console.log(`      time-skipping test server: ${r.testServer}`);
    if (n === 100) console.log(`      target N = 100 under 60 s: ${Number(r.wallMs) < 60_000 ? 'met' : 'MISSED'}`);
  }
}

function freePortSync(base: number): number {
  return base + Math.floor(Math.random() * 1000);
}

async function waitForTemporal(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('temporal dev server exited');
    try {
      const c = await Connection.connect({ address, connectTimeout: '1s' });
      await c.healthService.check({});
      await c.close();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('temporal dev server did not come up');
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function inBatches<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function partB(n: number): Promise<void> {
  console.log(`\n(b) ${n} live application workflows waiting on timers (local dev server, real activities)`);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = mkdtempSync(join(tmpdir(), 'fw-bench-live-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: freePortSync(56000) });
  const port = freePortSync(57500);
  const temporal = spawn(temporalCliPath(), ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error'], { stdio: 'ignore' });
  let worker: Worker | undefined;
  let ds: DataSource | undefined;
  try {
    const admin = new PgClient({ connectionString: withDatabase(pg.url, 'postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE fw_bench');
    await admin.end();
    const url = withDatabase(pg.url, 'fw_bench');
    await runMigrations(url);
    ds = await new DataSource(dataSourceOptions(url, { poolSize: 20, applicationName: 'foerderwerk-bench' })).initialize();
    const [org] = await ds.query(`INSERT INTO organisation (name, kind, land_code, slug) VALUES ('Landkreis Bench', 'county', 'NI', 'landkreis-bench') RETURNING id`);
    const [dept] = await ds.query(`INSERT INTO department (organisation_id, name) VALUES ($1, 'Fachdienst Jugend') RETURNING id`, [org.id]);
    const [funder] = await ds.query(`INSERT INTO funder (organisation_id, kind, name) VALUES ($1, 'land', 'Land') RETURNING id`, [org.id]);
    const [prog] = await ds.query(
      `INSERT INTO funding_programme (organisation_id, funder_id, name, legal_basis, anbest_variant, financing_type, rate_bp) VALUES ($1, $2, 'Programm', 'land_grant', 'P', 'share', 8000) RETURNING id`,
      [org.id, funder.id],
    );
    const apps: Array<{ id: string }> = await ds.query(
      `INSERT INTO funding_application (organisation_id, programme_id, lead_department_id, title, period_start, period_end)
       SELECT $1, $2, $3, 'Vorhaben ' || g, '2027-01-01', '2029-12-31' FROM generate_series(1, $4) g RETURNING id`,
      [org.id, prog.id, dept.id, n],
    );
    const address = `127.0.0.1:${port}`;
    await waitForTemporal(address, temporal);
    const bundle = await bundleWorkflowCode({ ...workflowBundlerOptions(), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error } });
    const connection = await NativeConnection.connect({ address });
    // the worker's settings as apps/worker reads them (the same environment variables and defaults)
    const { maxCachedWorkflows } = loadConfig({ ...process.env, NODE_ENV: 'production', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://issuer.invalid', OIDC_AUDIENCE: 'bench', DATABASE_URL: url, TEMPORAL_ADDRESS: address }).temporal;
    worker = await Worker.create({ connection, taskQueue: 'bench-live', workflowBundle: bundle, activities: createActivities(ds), maxCachedWorkflows });
    console.log(`  worker: at most ${maxCachedWorkflows} workflows cached (WORKER_MAX_CACHED_WORKFLOWS)`);
    const running = worker.run();
    const client = new Client({ connection: await Connection.connect({ address }) });
    const today = new Date().toISOString().slice(0, 10);
    const input = (id: string): ApplicationWorkflowInput => ({
      applicationId: id,
      organisationId: org.id,
      title: 'Vorhaben',
      owner: 'user:owner',
      escalateTo: 'user:head',
      programme: { needsCouncilDecision: false },
      holidayRules: HOLIDAY_RULES_NIEDERSACHSEN,
    });
    /** The state after sign-off, submission and an approving notice, as the workflow's model computes it. */
    const noticed = (id: string): ApplicationState => {
      const base = input(id);
      const rules = applicationRules(base);
      const submitted = transition({ ...createApplication(base, rules), signedOff: { by: 'user:head', on: today }, submittedOn: today }, 'submitted', today, 'user:owner', 'submitted');
      const plan = planUpdate('recordNotice', submitted, rules, { decision: 'approved', approvedCents: 10_000_000, periodStart: '2027-01-01', periodEnd: '2029-12-31', issuedOn: today }, today, 'user:finance');
      return transition(plan.apply(submitted), plan.to!, today, plan.by, plan.reason);
    };
    const t0 = performance.now();
    await inBatches(apps, 100, async (a) => {
      await client.workflow.start('applicationWorkflow', { taskQueue: 'bench-live', workflowId: workflowIds.application(a.id), args: [{ ...input(a.id), carried: noticed(a.id) }] });
    });
    const startedMs = performance.now() - t0;
    console.log(`  started ${n} workflows in ${(startedMs / 1000).toFixed(1)} s (${Math.round(n / (startedMs / 1000))}/s); RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    const t1 = performance.now();
    // every one running, its first task done in the worker (no task pending) and its timers set;
    // the worker works through the started ones at its own pace: asked again until all are
    const pending = new Set(apps);
    const deadline = Date.now() + 15 * 60_000;
    while (pending.size > 0 && Date.now() < deadline) {
      await inBatches([...pending], 50, async (a) => {
        const d = await client.workflow.getHandle(workflowIds.application(a.id)).describe();
        if (d.status.name === 'RUNNING' && !d.raw.pendingWorkflowTask && d.historyLength >= 5) pending.delete(a);
      });
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 2000));
    }
    const live = n - pending.size;
    const liveMs = performance.now() - t1;
    if (live !== n) throw new Error(`${n - live} of ${n} workflows are not running with their first task done`);
    console.log(`  all ${n} running with their first task done (described by the server) ${(liveMs / 1000).toFixed(1)} s later; RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    // a sample answers a query: the worker replays an evicted workflow from its history to answer
    const sample = apps.filter((_, i) => i % Math.max(1, Math.floor(n / 200)) === 0);
    const t2 = performance.now();
    let waiting = 0;
    await inBatches(sample, 10, async (a) => {
      const s = await client.workflow.getHandle(workflowIds.application(a.id)).query(applicationStateQuery);
      if (s.status === 'approved' && s.deadlines.some((d) => d.reminders.some((r) => r.status === 'pending'))) waiting++;
    });
    if (waiting !== sample.length) throw new Error(`${sample.length - waiting} of ${sample.length} sampled workflows are not waiting on their deadlines`);
    console.log(`  ${sample.length} sampled answered a query (approved, reminders pending): ${((performance.now() - t2) / sample.length).toFixed(0)} ms each`);
    const rss = Math.round(process.memoryUsage().rss / 1048576);
    console.log(`  worker process RSS now ${rss} MB, peak ${peakRssMbFromProc()} MB (target under 1 GB: ${peakRssMbFromProc() < 1024 ? 'met' : 'MISSED'})`);
    worker.shutdown();
    await running;
  } finally {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    if (ds?.isInitialized) await ds.destroy();
    temporal.kill('SIGINT');
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Part (b) in a child process started with the worker's V8 flags, as apps/worker runs. */
function partBInWorkerProcess(n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, __filename, '--skip-a', '--live', String(n), '--as-worker-process'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`part (b) exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const sizes = (arg('--sizes') ?? '100,1000').split(',').map(Number);
  if (!process.argv.includes('--skip-a')) await partA(sizes);
  if (process.argv.includes('--skip-live')) return;
  const n = Number(arg('--live') ?? 10_000);
  if (process.argv.includes('--as-worker-process')) {
    console.log(`  node flags of the worker process: ${process.execArgv.join(' ')}`);
    await partB(n);
  } else {
    await partBInWorkerProcess(n);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

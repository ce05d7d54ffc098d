import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { readGlobals } from '../../support/globals';
import { freePort } from '../../support/ports';

/** Child processes of the fault tests: the real worker, the real api, a Temporal dev server. */

export const ROOT = path.resolve(__dirname, '../../..');
const TS_CHILD = path.join(ROOT, 'test/support/ts-child.js');

export interface ChildHandle {
  name: string;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout and stderr so far. */
  output(): string;
  /** Whether the process still runs. */
  running(): boolean;
}

/** Polls `check` every 50 ms until it holds, or fails after `timeoutMs` naming what it waited for. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a process and records its output; `children` collects it for `killAll`. */
export function spawnChild(name: string, command: string, args: string[], env: Record<string, string>, children: ChildHandle[]): ChildHandle {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle: ChildHandle = {
    name,
    process: child,
    exited,
    output: () => out,
    running: () => child.exitCode === null && child.signalCode === null,
  };
  children.push(handle);
  return handle;
}

/** A TypeScript entry of this repository in a child `node` (compiled on the fly like under jest). */
export function spawnTs(name: string, entry: string, env: Record<string, string>, children: ChildHandle[]): ChildHandle {
  return spawnChild(name, process.execPath, ['-r', TS_CHILD, path.join(ROOT, entry)], env, children);
}

/** SIGKILLs whatever still runs (afterAll). */
export async function killAll(children: ChildHandle[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.running()) {
        c.process.kill('SIGKILL');
        await c.exited;
      }
    }),
  );
}

/** Fails with the child's output if it has exited. */
export function assertRunning(c: ChildHandle): void {
  if (!c.running()) throw new Error(`${c.name} exited early:\n${c.output().slice(-4000)}`);
}

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** PostgreSQL application_name of the worker's sessions (default: the name). */
  applicationName?: string;
  /** Keep a workflow cache (sticky queues); only on a real server (default false). */
  cacheWorkflows?: boolean;
}

/** test/faults/worker-process.ts (the worker's activities and the prebuilt bundle), polling once it prints "ready". */
export async function startWorkerProcess(name: string, opts: WorkerProcessOptions, children: ChildHandle[]): Promise<ChildHandle> {
  const c = spawnTs(
    name,
    'test/faults/worker-process.ts',
    {
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      FW_WORKFLOW_BUNDLE: readGlobals().workflowBundlePath,
      FW_APPLICATION_NAME: opts.applicationName ?? name,
      FW_CACHE_WORKFLOWS: opts.cacheWorkflows ? '1' : '',
    },
    children,
  );
  await waitUntil(`${name} ready`, () => {
    assertRunning(c);
    return /^ready$/m.test(c.output());
  }, 30_000);
  return c;
}

export interface ApiProcess extends ChildHandle {
  url: string;
}

/** The real api entry (apps/api/src/main.ts) in a child process, up once /health/live answers. */
export async function startApiProcess(name: string, env: { databaseUrl: string; temporalAddress: string; taskQueue: string }, children: ChildHandle[]): Promise<ApiProcess> {
  const port = await freePort();
  const c = spawnTs(
    name,
    'apps/api/src/main.ts',
    { NODE_ENV: 'test', DATABASE_URL: env.databaseUrl, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_TASK_QUEUE: env.taskQueue, PORT: String(port), HOST: '127.0.0.1' },
    children,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`${name} listening`, async () => {
    assertRunning(c);
    return (await fetch(`${url}/health/live`).catch(() => undefined))?.status === 200;
  }, 60_000);
  return Object.assign(c, { url });
}

export interface PostgresProcess extends ChildHandle {
  /** postgres://… of the server's `postgres` database. */
  url: string;
  /** Fast shutdown; resolves once the server has stopped. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of a test's own on `dataDir` and `port` (test/faults/support/postgres-process.ts):
 * created on the first start, the same cluster on every later one, so a stop and a start is a
 * restart of the database server.
 */
export async function startPostgresProcess(dataDir: string, port: number, children: ChildHandle[]): Promise<PostgresProcess> {
  const c = spawnTs('postgres', 'test/faults/support/postgres-process.ts', { FW_PG_DATA_DIR: dataDir, FW_PG_PORT: String(port) }, children);
  await waitUntil(`PostgreSQL on port ${port}`, () => {
    assertRunning(c);
    return /^ready /m.test(c.output());
  }, 60_000);
  const url = /^ready (\S+)$/m.exec(c.output())![1];
  const stop = async (): Promise<void> => {
    c.process.kill('SIGTERM');
    const { code } = await c.exited;
    if (code !== 0) throw new Error(`PostgreSQL did not stop cleanly:\n${c.output()}`);
  };
  return Object.assign(c, { url, stop });
}

/** The figures of a fault test, printed once so that they can be quoted (e.g. in a closing note). */
export function printFigures(test: string, figures: Record<string, number | string>): void {
  // eslint-disable-next-line no-console
  console.log(`[fault:${test}] ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

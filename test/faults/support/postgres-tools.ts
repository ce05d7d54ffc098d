import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** The PostgreSQL installations of the machine (Debian's /usr/lib/postgresql/<major>/bin) that have pg_dump and pg_restore. */
export function installedPostgres(): Array<{ major: number; bin: string; hasServer: boolean }> {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .map((v) => ({ major: Number(v), bin: `${root}/${v}/bin` }))
    .filter(({ bin }) => fs.existsSync(`${bin}/pg_dump`) && fs.existsSync(`${bin}/pg_restore`) && fs.existsSync(`${bin}/psql`))
    .map((p) => ({ ...p, hasServer: fs.existsSync(`${p.bin}/postgres`) && fs.existsSync(`${p.bin}/initdb`) }))
    .sort((a, b) => b.major - a.major);
}

/** Runs a command as the `postgres` user when this process is root (PostgreSQL refuses root). */
export function asPostgresUser(command: string, args: string[]): { command: string; args: string[] } {
  return process.getuid?.() === 0 ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

/** Creates a cluster with `initdb` of `bin` (trust on loopback: a throw-away test server). */
export function initdb(bin: string, dataDir: string): void {
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dataDir]);
  const { command, args } = asPostgresUser(`${bin}/initdb`, ['-D', dataDir, '-U', 'foerderwerk', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  execFileSync(command, args, { stdio: 'pipe' });
}

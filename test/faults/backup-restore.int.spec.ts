import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations, withDatabase } from '@app/database';
import { loadDemoData } from '@app/demo';
import { readGlobals } from '../support/globals';
import { freePort } from '../support/ports';
import { asPostgresUser, initdb, installedPostgres } from './support/postgres-tools';
import { assertRunning, ChildHandle, killAll, printFigures, ROOT, spawnChild, waitUntil } from './support/processes';

const run = promisify(execFile);

/**
 * scripts/backup.sh and scripts/restore.sh on a database with the demo data and some ledger
 * entries: the restore into a new, empty database has every table with the same rows (count and
 * a checksum over the rows), the append-only triggers of the ledger and the audit log still
 * refuse changes, and a damaged dump is refused before anything is restored.
 *
 * pg_dump reads servers of its own major version or older. The suite's PostgreSQL is 18
 * (embedded); when the machine's client tools are older (Debian 12 ships 15) the test runs its
 * own server of the tools' version from the same installation.
 */
describe('backup and restore of the application database', () => {
  const children: ChildHandle[] = [];
  let dir: string;
  let serverUrl: string;
  let pgBin: string;
  let source: DataSource | undefined;
  let stopOwnServer: (() => void) | undefined;
  const databases = [`fw_backup_src_${process.pid}`, `fw_backup_dst_${process.pid}`];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-fault-backup-'));
    fs.chmodSync(dir, 0o755);
    const tools = installedPostgres();
    if (tools.length === 0) throw new Error('no PostgreSQL client tools (pg_dump, pg_restore, psql) under /usr/lib/postgresql: run scripts/tools/postgresql-tools.sh (Debian postgresql)');
    const admin = new Client({ connectionString: withDatabase(readGlobals().serverUrl, 'postgres') });
    await admin.connect();
    const [{ server_version_num: num }] = (await admin.query('SHOW server_version_num')).rows;
    await admin.end();
    const suiteMajor = Math.floor(Number(num) / 10000);
    const usable = tools.find((t) => t.major >= suiteMajor);
    if (usable) {
      pgBin = usable.bin;
      serverUrl = readGlobals().serverUrl;
    } else {
      const own = tools.find((t) => t.hasServer);
      if (!own) throw new Error(`pg_dump ${tools[0].major} cannot read the suite's PostgreSQL ${suiteMajor}, and no server ${tools[0].major} is installed to test on`);
      pgBin = own.bin;
      const dataDir = path.join(dir, 'pg');
      fs.mkdirSync(dataDir);
      initdb(own.bin, dataDir);
      const port = await freePort();
      const { command, args } = asPostgresUser(`${own.bin}/postgres`, ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1']);
      const server = spawnChild('postgres', command, args, {}, children);
      await waitUntil(`PostgreSQL ${own.major} accepting connections`, () => {
        assertRunning(server);
        return /ready to accept connections/.test(server.output());
      }, 30_000);
      serverUrl = `postgres://foerderwerk@127.0.0.1:${port}/postgres`;
      // runuser does not pass a SIGKILL on: stop the server itself (fast shutdown).
      stopOwnServer = () => {
        const stop = asPostgresUser(`${own.bin}/pg_ctl`, ['stop', '-D', dataDir, '-m', 'fast', '-w']);
        execFileSync(stop.command, stop.args, { stdio: 'pipe' });
      };
    }
  });

  afterAll(async () => {
    if (source?.isInitialized) await source.destroy();
    if (serverUrl) {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    stopOwnServer?.();
    await killAll(children);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every table of the public schema: row count and an MD5 over its rows in a fixed order. */
  async function fingerprint(url: string): Promise<Map<string, { rows: number; md5: string }>> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename as string);
      const result = new Map<string, { rows: number; md5: string }>();
      for (const t of tables) {
        const [row] = (await c.query(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5 FROM "${t}" x`)).rows;
        result.set(t, row);
      }
      return result;
    } finally {
      await c.end();
    }
  }

  it('restores every table row for row, with the append-only triggers in force', async () => {
    const [sourceUrl, targetUrl] = databases.map((name) => withDatabase(serverUrl, name));
    await ensureDatabase(sourceUrl);
    await runMigrations(sourceUrl);
    source = await new DataSource(dataSourceOptions(sourceUrl, { poolSize: 2, applicationName: 'fw-fault-backup' })).initialize();
    const demo = await loadDemoData(source);
    const organisationId = demo.ids.organisations.landkreisPeine;
    const [line] = await source.query(`SELECT id FROM budget_line WHERE organisation_id = $1 ORDER BY id LIMIT 1`, [organisationId]);
    for (let i = 1; i <= 25; i++) {
      await source.query(
        `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, dedup_key, created_by)
         VALUES ($1, $2, DATE '2026-01-01' + $3::int, 'actual', $4, $5, $6, 'user:backup-test')`,
        [organisationId, line.id, i, 1000 * i + 7, `Sicherungstest ${i} – Ä Ö Ü ß €`, `backup-test:${i}`],
      );
    }
    const before = await fingerprint(sourceUrl);

    const env = { ...process.env, DATABASE_URL: sourceUrl, PG_BIN: pgBin };
    const backup = await run('bash', [path.join(ROOT, 'scripts/backup.sh'), path.join(dir, 'backups')], { env });
    const dump = backup.stdout.trim();
    expect(dump).toMatch(/foerderwerk-fw_backup_src_\d+-\d{8}T\d{6}Z\.dump$/);
    expect(fs.existsSync(`${dump}.sha256`)).toBe(true);

    // A damaged copy is refused (exit 2) before anything is restored.
    const damaged = path.join(dir, 'damaged.dump');
    const bytes = fs.readFileSync(dump);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    fs.writeFileSync(`${damaged}.sha256`, fs.readFileSync(`${dump}.sha256`, 'utf8').replace(path.basename(dump), 'damaged.dump'));
    const refused = await run('bash', [path.join(ROOT, 'scripts/restore.sh'), damaged, targetUrl], { env }).then(() => 0, (e: { code: number }) => e.code);
    expect(refused).toBe(2);

    await run('bash', [path.join(ROOT, 'scripts/restore.sh'), dump, targetUrl], { env });
    const after = await fingerprint(targetUrl);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    // A second restore into the now non-empty database is refused.
    const again = await run('bash', [path.join(ROOT, 'scripts/restore.sh'), dump, targetUrl], { env }).then(() => 0, (e: { code: number }) => e.code);
    expect(again).toBe(2);

    const restored = new Client({ connectionString: targetUrl });
    await restored.connect();
    try {
      await expect(restored.query(`UPDATE ledger_entry SET amount_cents = 0 WHERE dedup_key = 'backup-test:1'`)).rejects.toThrow(/append-only/);
      await expect(restored.query(`DELETE FROM ledger_entry WHERE dedup_key = 'backup-test:2'`)).rejects.toThrow(/append-only/);
      await expect(restored.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      await expect(restored.query(`TRUNCATE ledger_entry CASCADE`)).rejects.toThrow(/append-only/);
    } finally {
      await restored.end();
    }
    const totalRows = [...before.values()].reduce((s, t) => s + t.rows, 0);
    printFigures('backup-restore', {
      tables: before.size,
      rowsBackedUp: totalRows,
      rowsRestored: [...after.values()].reduce((s, t) => s + t.rows, 0),
      tablesWithDifferentRows: [...before].filter(([t, v]) => after.get(t)?.md5 !== v.md5).length,
      dumpBytes: fs.statSync(dump).size,
      pgDump: path.basename(path.dirname(pgBin)),
    });
  });
});

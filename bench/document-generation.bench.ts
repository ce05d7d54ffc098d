/**
 * Benchmark of the finance workbook generated from PostgreSQL (libs/document-generation): the
 * ledger of a fiscal year read in keyset batches, streamed through exceljs's writer into a
 * temporary file and stored as a document. Each size runs in a fresh child process against one
 * embedded PostgreSQL; the child reports wall time and its peak RSS (VmHWM), so the figures show
 * whether memory grows with the ledger (it must not: a batch, not the ledger, is in memory; the
 * finished file is, once, as the bytes to store).
 *
 *   npm run bench -- document-generation [--sizes 10000,100000,300000]
 *
 * Target: the peak RSS for the largest size stays within TARGET_GROWTH_MB of the smallest's
 * (plus the size of the finished file, which is stored from memory). Exit code 1 when missed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations, startEmbeddedPostgres, withDatabase } from '@app/database';
import { generateDocument } from '@app/document-generation';
import { peakRssMbFromProc } from './support/memory';

const DEFAULT_SIZES = [10_000, 100_000, 300_000];
const TARGET_GROWTH_MB = 150;

interface Measurement {
  rows: number;
  seconds: number;
  peakRssMb: number;
  fileMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One organisation with product 3636, two accounts, their 2026 lines and `rows` ledger entries. */
async function seed(url: string, rows: number): Promise<string> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const [{ id: org }] = await ds.query(`INSERT INTO organisation (name, kind, land_code, slug) VALUES ('Landkreis Bench', 'county', 'NI', 'landkreis-bench-${rows}') RETURNING id`);
    const [{ id: product }] = await ds.query(`INSERT INTO budget_product (organisation_id, number, name) VALUES ($1, '3636', 'übrige Hilfen') RETURNING id`, [org]);
    const lines: string[] = [];
    for (const [number, name, kind] of [
      ['501200', 'Entgelte Beschäftigte', 'expense'],
      ['414100', 'Erstattungen vom Land', 'revenue'],
    ]) {
      const [{ id: account }] = await ds.query(`INSERT INTO account (organisation_id, number, name, kind) VALUES ($1, $2, $3, $4) RETURNING id`, [org, number, name, kind]);
      const [{ id: line }] = await ds.query(`INSERT INTO budget_line (organisation_id, product_id, account_id, fiscal_year, planned_cents) VALUES ($1, $2, $3, 2026, 50000000) RETURNING id`, [org, product, account]);
      lines.push(line);
    }
    await ds.query(
      `INSERT INTO ledger_entry (organisation_id, budget_line_id, booked_on, kind, amount_cents, text, reference, dedup_key, created_by)
       SELECT $1, CASE WHEN i % 5 = 0 THEN $3::uuid ELSE $2::uuid END, date '2026-01-01' + (i % 365),
              CASE WHEN i % 5 = 0 THEN 'reimbursement' WHEN i % 7 = 0 THEN 'commitment' ELSE 'actual' END,
              1000 + (i::bigint * 7919) % 250000, 'Buchung ' || i || ' Netzwerkkoordination Präventionskette', 'BELEG-' || i, 'bench:' || $4::int || ':' || i, 'bench'
         FROM generate_series(1, $4::int) AS i`,
      [org, lines[0], lines[1], rows],
    );
    await ds.query('ANALYZE');
    return org;
  } finally {
    await ds.destroy();
  }
}

/** The child: generates the workbook once and prints { seconds, peakRssMb, fileMb }. */
async function child(url: string, organisationId: string): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(url, { poolSize: 2 })).initialize();
  try {
    const t0 = performance.now();
    const doc = await generateDocument(ds, { ref: 'system:bench', organisationId, roles: [] }, { kind: 'finance-workbook', fiscalYear: 2026 });
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: peakRssMbFromProc(), fileMb: doc.sizeBytes / 1024 / 1024 })}\n`);
  } finally {
    await ds.destroy();
  }
}

function runChild(url: string, organisationId: string): Promise<Omit<Measurement, 'rows'>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, __filename, '--child', url, organisationId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--sizes');
  const sizes = i >= 0 ? process.argv[i + 1]!.split(',').map(Number) : DEFAULT_SIZES;
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--sizes must be positive integers separated by commas');
  const dir = mkdtempSync(join(tmpdir(), 'document-generation-bench-'));
  chmodSync(dir, 0o755); // as root, initdb runs as the postgres user and must reach the cluster folder
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  const results: Measurement[] = [];
  try {
    const url = withDatabase(pg.url, 'foerderwerk_bench');
    await ensureDatabase(url);
    await runMigrations(url);
    for (const rows of [...sizes].sort((a, b) => a - b)) {
      const org = await seed(url, rows);
      const m = { rows, ...(await runChild(url, org)) };
      results.push(m);
      console.log(`${String(rows).padStart(9)} ledger rows: ${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb} MB, file ${m.fileMb.toFixed(1)} MB`);
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const [smallest, largest] = [results[0]!, results.at(-1)!];
  const allowed = smallest.peakRssMb + TARGET_GROWTH_MB + largest.fileMb;
  const ok = largest.peakRssMb <= allowed;
  console.log(`target: peak RSS at ${largest.rows} rows ≤ ${allowed.toFixed(0)} MB (${smallest.peakRssMb} MB at ${smallest.rows} rows + ${TARGET_GROWTH_MB} MB + the file): ${ok ? 'met' : 'MISSED'}`);
  if (!ok) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, process.argv[4]!).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

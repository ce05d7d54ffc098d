/**
 * Benchmark of the finance workbook writer: time and peak RSS for 10 k, 100 k and 1 M ledger
 * rows, with the writer's pacing (default) and without it (exceljs's plain streaming writer).
 * Every measurement runs in a fresh child process, whose peak RSS is read from /proc (VmHWM).
 *
 *   npm run bench -- workbook [--sizes 10000,100000] [--repeat 3]
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Cents } from '@app/money';
import {
  writeFinanceWorkbook,
  type FinanceWorkbookInput,
  type LedgerEntry,
  type LedgerEntryKind,
  type StaffCostMonth,
} from '@app/workbooks';

type Mode = 'yield' | 'plain';

interface Measurement {
  rows: number;
  mode: Mode;
  seconds: number;
  peakRssMb: number;
  fileMb: number;
}

const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
const MODES: readonly Mode[] = ['yield', 'plain'];

// ------------------------------------------------------------------------------------------
// deterministic data

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = [
  { number: '3636', name: 'übrige Hilfen' },
  { number: '3631', name: 'Förderung von Kindern in Tageseinrichtungen' },
  { number: '3410', name: 'Unterhaltsvorschussleistungen' },
];
const ACCOUNTS = [
  { number: '620010', name: 'Entgelte für geleistete Arbeitszeit' },
  { number: '640010', name: 'Arbeitgeberanteile zur Sozialversicherung' },
  { number: '647010', name: 'Beiträge zur Zusatzversorgung' },
  { number: '541100', name: 'Zuweisungen vom Land' },
];
const YEARS = [2021, 2022, 2023];
const TEXTS = [
  'Entgelt laut Lohnabrechnung',
  'AG-Anteil Sozialversicherung',
  'ZVK-Umlage',
  'Erstattung Land Niedersachsen, Mittelabruf',
  'Mittelbindung Personalkosten',
  'Sachkosten Familienzentrum, Rechnung',
];

async function* ledger(rows: number, seed: number): AsyncGenerator<LedgerEntry> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let previous: LedgerEntry | undefined;
  for (let i = 1; i <= rows; i++) {
    const id = `B-${String(i).padStart(7, '0')}`;
    if (previous && next() < 0.01) {
      // a reversal of the entry before
      const reversal: LedgerEntry = {
        ...previous,
        id,
        amountCents: -previous.amountCents,
        reference: `ST-${i}`,
        reversalOf: previous.id,
        text: `Storno: ${previous.text}`,
      };
      previous = undefined;
      yield reversal;
      continue;
    }
    const year = pick(YEARS);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const r = next();
    const kind: LedgerEntryKind = r < 0.1 ? 'commitment' : r < 0.85 ? 'actual' : 'reimbursement';
    const entry: LedgerEntry = {
      id,
      date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      product: pick(PRODUCTS).number,
      account: kind === 'reimbursement' ? '541100' : pick(ACCOUNTS.slice(0, 3)).number,
      kind,
      amountCents: 100 + Math.floor(next() * 500_000),
      reference: `LA-${year}-${String(i % 100_000).padStart(5, '0')}`,
      text: `${pick(TEXTS)} ${month}/${year}`,
    };
    previous = entry;
    yield entry;
  }
}

function staffMonths(): StaffCostMonth[] {
  return Array.from({ length: 12 }, (_, i): StaffCostMonth => {
    const pay: Cents = 203_366;
    const allowances: Cents = 6_500;
    const bonus: Cents = i === 10 ? 142_926 : 0;
    const socialSecurity = Math.round(((pay + allowances + bonus) * 2095) / 10000);
    const pension = Math.round(((pay + allowances + bonus) * 600) / 10000);
    const total = pay + allowances + bonus + socialSecurity + pension;
    const reimbursement = Math.round(total * 0.8);
    return {
      month: `2022-${String(i + 1).padStart(2, '0')}`,
      payCents: pay,
      allowancesCents: allowances,
      bonusCents: bonus,
      socialSecurityCents: socialSecurity,
      supplementaryPensionCents: pension,
      totalCents: total,
      reimbursementCents: reimbursement,
      ownShareCents: total - reimbursement,
    };
  });
}

function input(rows: number): FinanceWorkbookInput {
  return {
    organisation: 'Landkreis Peine',
    fiscalYears: YEARS,
    products: PRODUCTS,
    accounts: ACCOUNTS,
    budgetLines: PRODUCTS.flatMap((product, p) =>
      YEARS.flatMap((fiscalYear, y) =>
        ACCOUNTS.map((account, a) => ({
          product: product.number,
          account: account.number,
          fiscalYear,
          plannedCents: 1_000_000 * (1 + p) + 100_000 * y + 10_000 * a,
        })),
      ),
    ),
    ledger: ledger(rows, 20_211_231),
    staffPositions: [
      { id: 'p1', shortTitle: 'Sozialpädagogik Familienzentrum', title: 'Sozialpädagogik', months: staffMonths() },
      { id: 'p2', shortTitle: 'Verwaltung', title: 'Verwaltungsfachkraft', months: staffMonths() },
    ],
    asOf: new Date('2026-11-25T09:00:00Z'),
  };
}

// ------------------------------------------------------------------------------------------
// child: one measurement

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error('no VmHWM in /proc/self/status (Linux only)');
  return Number(match[1]) / 1024;
}

async function child(rows: number, mode: Mode): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'workbook-bench-'));
  try {
    const file = join(dir, 'bench.xlsx');
    const started = performance.now();
    const stats = await writeFinanceWorkbook(input(rows), file, { yieldEveryRows: mode === 'yield' ? 100 : 0 });
    const seconds = (performance.now() - started) / 1000;
    if (stats.ledgerRows !== rows) throw new Error(`wrote ${stats.ledgerRows} rows, expected ${rows}`);
    const measurement: Measurement = {
      rows,
      mode,
      seconds,
      peakRssMb: peakRssMb(),
      fileMb: statSync(file).size / 1024 / 1024,
    };
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------
// parent: one child process per measurement

function measure(rows: number, mode: Mode): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, __filename, '--child', String(rows), mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child ${rows}/${mode} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measurement);
    });
  });
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function parent(): Promise<void> {
  const sizes = option('--sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const repeat = Number(option('--repeat') ?? '1');
  console.log(`node ${process.version}; each run in a fresh process; peak RSS = VmHWM`);
  console.log('rows       mode    time (s)  peak RSS (MB)  file (MB)');
  for (const rows of sizes) {
    for (let run = 0; run < repeat; run++) {
      // alternate the order so that neither mode profits from a warmer disk cache
      const modes = run % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of modes) {
        const m = await measure(rows, mode);
        console.log(
          `${String(m.rows).padEnd(10)} ${m.mode.padEnd(7)} ${m.seconds.toFixed(2).padStart(8)}  ` +
            `${m.peakRssMb.toFixed(0).padStart(13)}  ${m.fileMb.toFixed(1).padStart(9)}`,
        );
      }
    }
  }
}

const childAt = process.argv.indexOf('--child');
const main =
  childAt >= 0 ? child(Number(process.argv[childAt + 1]), process.argv[childAt + 2] as Mode) : parent();
main.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

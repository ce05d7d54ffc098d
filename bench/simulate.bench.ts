/**
 * `foerderwerk simulate` as a benchmark: the Peine scenario (with all outputs) and a generated
 * scenario with 100 applications over 3 years (council paper, position, milestones each), each
 * in a fresh process: wall time and peak RSS of the process (driver + worker + activities).
 * Target: the 100-application scenario in under 60 s. Every document is generated (the workflows'
 * Förderantrag, Zwischennachweise, Verwendungsnachweis; the runner's Mittelabrufe, Sachstandsberichte
 * and Finanzübersichten): "documents" counts the stored ones, "failed" those the data did not allow.
 *
 *   npm run bench -- simulate [--n 100] [--test-server auto|jvm|native]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioChild } from './support/child';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const n = argv.includes('--n') ? Number(argv[argv.indexOf('--n') + 1]) : 100;
  const server = ['--test-server', argv.includes('--test-server') ? argv[argv.indexOf('--test-server') + 1] : 'auto'];
  const out = await mkdtemp(join(tmpdir(), 'fw-bench-simulate-'));
  try {
    const peine = await runScenarioChild(['file', join(__dirname, '../../scenarios/peine.yaml'), '--outputs', out, ...server]);
    const generated = await runScenarioChild(['generated', String(n), ...server]);
    const s = (ms: unknown) => (Number(ms) / 1000).toFixed(1);
    console.log('\nscenario                                   apps  bookings  closed  documents (failed)   wall s   peak RSS MB   CPU s   days  in time skips s  in steps s');
    for (const r of [peine, generated]) {
      console.log(
        `${String(r.scenario).slice(0, 42).padEnd(42)} ${String(r.applications).padStart(5)} ${String(r.bookings).padStart(9)} ${String(r.closed).padStart(7)} ` +
          `${`${r.documents} (${r.failedDocuments})`.padStart(18)} ${s(r.wallMs).padStart(8)} ${String(r.peakRssMb).padStart(13)} ${String(r.cpuSeconds).padStart(7)} ${String(r.days).padStart(6)} ${s(r.skipMs).padStart(16)} ${s(r.stepsMs).padStart(11)}`,
      );
    }
    console.log(`\ntime-skipping test server: ${generated.testServer}; CPU s: the run's processes together (node, test server, PostgreSQL) on ${availableParallelism()} cores`);
    const ok = Number(generated.wallMs) < 60_000;
    console.log(`\ntarget: ${n} applications in under 60 s: ${ok ? 'met' : 'MISSED'} (${(Number(generated.wallMs) / 1000).toFixed(1)} s)`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

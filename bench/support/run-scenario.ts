/**
 * Child process of the simulation benchmarks: runs one scenario on the time-skipping server
 * with the real worker activities and prints one JSON line { wallMs, peakRssMb, … }. Peak RSS is
 * this process's (driver + worker + activities; the Java test server and PostgreSQL are separate).
 *
 *   node run-scenario.js file <scenario.yaml> | generated <n> [--no-council] [--outputs <dir>] [--test-server auto|jvm|native]
 */
import { peakRssMbFromProc } from './memory';
import { performance } from 'node:perf_hooks';
import { generateScenario, readScenarioFile, runScenario, writeOutputs, type Scenario } from '@app/simulation';
import type { TestServerBuild } from '@app/temporal';
import { createActivities } from '../../apps/worker/src/activities';

async function main(): Promise<void> {
  const [kind, arg, ...rest] = process.argv.slice(2);
  const scenario: Scenario = kind === 'file' ? await readScenarioFile(arg) : generateScenario({ applications: Number(arg), council: !rest.includes('--no-council') });
  const outputs = rest.includes('--outputs') ? rest[rest.indexOf('--outputs') + 1] : null;
  const testServer = (rest.includes('--test-server') ? rest[rest.indexOf('--test-server') + 1] : 'auto') as TestServerBuild | 'auto';
  const t0 = performance.now();
  // the workflows' documents render on the document threads too (the main thread is the worker's and the driver's)
  const threadActivities = { module: require.resolve('../../apps/worker/src/activities/document.activities'), factory: 'createDocumentActivities', names: ['generateDocument'] };
  const result = await runScenario(scenario, { createActivities, documentThread: true, threadActivities, testServer, serverUrl: process.env.DATABASE_URL || undefined, progress: (l) => process.stderr.write(`  ${l}\n`) });
  const runMs = performance.now() - t0;
  if (outputs) await writeOutputs(result, scenario, outputs, { peakRssMb: peakRssMbFromProc() });
  const wallMs = performance.now() - t0;
  const bookings = result.applications.reduce((n, a) => n + a.ledger.bookings, 0);
  const closed = result.applications.filter((a) => a.application.status === 'closed').length;
  const [docs]: Array<{ n: string }> = await result.dataSource.query(`SELECT COUNT(*)::text AS n FROM document`);
  const failedDocuments =
    result.documents.filter((d) => d.status !== 'stored').length + result.applications.reduce((n, a) => n + (a.application.documents ?? []).filter((d) => d.status !== 'stored').length, 0);
  await result.close();
  process.stdout.write(`${JSON.stringify({ scenario: scenario.name, applications: scenario.applications.length, bookings, closed, documents: Number(docs.n), failedDocuments, ...result.stats, testServer: result.testServer, runMs: Math.round(runMs), wallMs: Math.round(wallMs), peakRssMb: peakRssMbFromProc() })}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

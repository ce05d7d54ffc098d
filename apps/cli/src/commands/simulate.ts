import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate } from '@app/calendar';
import { TEST_SERVER_BUILDS, type TestServerBuild } from '@app/temporal';
import { DOCUMENTS_DIR, peakRssMb, readScenarioFile, runScenario, ScenarioError, writeOutputs, type Scenario } from '@app/simulation';
import { createActivities } from '../../../worker/src/activities';
import { euro } from '../output';
import { UsageError } from '../usage-error';

export const SIMULATE_USAGE = `  simulate <scenario.yaml|json> [--out dir] [--anchor YYYY-MM-DD] [--test-server auto|jvm|native] [--json]
            a programme's whole period on the Temporal time-skipping test server (PostgreSQL
            embedded, or DATABASE_URL): documents, timeline.csv, money-over-time.png, summary;
            --test-server: its JVM build (faster on long runs, needs Java) or the native one;
            default auto: the JVM build for 5 applications or more where Java is there`;

export interface SimulateContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `foerderwerk simulate <scenario-file>`: bad arguments or an invalid scenario are usage errors
 * (exit 2, one `field: reason` line per problem) before anything starts.
 */
export async function simulate(ctx: SimulateContext): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: ctx.argv,
      options: { out: { type: 'string' }, anchor: { type: 'string' }, 'test-server': { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`simulate: ${(error as Error).message.split('\n')[0]}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file) throw new UsageError('simulate: missing <scenario-file>');
  if (extra.length) throw new UsageError(`simulate: unexpected argument "${extra[0]}"`);
  const { anchor, json } = parsed.values;
  const testServer = parsed.values['test-server'] ?? 'auto';
  if (testServer !== 'auto' && !(TEST_SERVER_BUILDS as readonly string[]).includes(testServer)) {
    throw new UsageError(`simulate: --test-server must be one of auto, ${TEST_SERVER_BUILDS.join(', ')}; got "${testServer}"`);
  }
  if (anchor !== undefined) {
    if (!isIsoDate(anchor)) throw new UsageError(`simulate: --anchor must be a date YYYY-MM-DD; got "${anchor}"`);
    const today = new Date().toISOString().slice(0, 10);
    if (anchor <= today) throw new UsageError(`simulate: --anchor ${anchor} must lie in the future (today ${today}): the time-skipping server starts now and cannot go back`);
  }

  let scenario: Scenario;
  try {
    scenario = await readScenarioFile(file);
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
  const outDir = path.resolve(parsed.values.out ?? `simulation-${path.basename(file).replace(/\.(ya?ml|json)$/i, '')}`);
  const progress = json ? (line: string) => ctx.err(line) : (line: string) => ctx.out(line);
  const result = await runScenario(scenario, {
    createActivities,
    // compiled (the installed CLI): the runner's documents render on a thread of their own
    documentThread: __filename.endsWith('.js'),
    ...(anchor ? { anchor } : {}),
    testServer: testServer as TestServerBuild | 'auto',
    ...(ctx.env.DATABASE_URL ? { serverUrl: ctx.env.DATABASE_URL } : {}),
    progress,
  });
  try {
    const written = await writeOutputs(result, scenario, outDir, { peakRssMb: peakRssMb() });
    if (json) {
      ctx.out(JSON.stringify({ ...written.summary, outDir, files: written.files, documents: written.documents, failedDocuments: written.failedDocuments }, null, 2));
    } else {
      const t = written.summary.totals;
      ctx.out(`Kosten gebucht ${euro(t.costCents)}, Förderanteil ${euro(t.reimbursementCents)}, ausgezahlt ${euro(t.disbursedCents)}, ${t.bookings} Monatsbuchungen`);
      const others = written.files.filter((f) => !f.startsWith(`${DOCUMENTS_DIR}/`));
      ctx.out(`Ausgabe in ${path.relative(process.cwd(), outDir) || '.'}: ${DOCUMENTS_DIR}/ (${written.documents.length} Dokumente), ${others.join(', ')}`);
      for (const f of written.failedDocuments) ctx.out(`Nicht erzeugt: ${f.application ?? 'Organisation'}: ${f.kind}: ${f.reason}`);
    }
  } finally {
    await result.close();
  }
}

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { loadDemoData, PEINE_COORDINATOR_POSITION } from '@app/demo';
import { workflowIds } from '@app/workflows/names';
import { eventInstant, type PositionWorkflowInput } from '@app/workflows/position/model';
import { positionStateQuery } from '@app/workflows/position/signals';
import { positionWorkflowInput } from '../../../api/src/workflows/position-workflow-input';
import { dataSourceOptions, ensureDatabase, runMigrations, startEmbeddedPostgres, withDatabase, EmbeddedPostgresHandle } from '@app/database';
import { repoRoot } from '@app/common';
import { temporalCliPath, WORKER_NODE_FLAGS } from '@app/temporal';
import { UsageError } from '../usage-error';
import { Child, startChild, tail, waitFor } from './child-process';
import { writeDemoDocuments } from './demo-documents';

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

interface Ports {
  api: number;
  postgres: number;
  temporal: number;
  temporalUi: number;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new UsageError(`${name} must be a port number 1–65535; got "${raw}"`);
  return value;
}

function portIsFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function requireFree(p: number, what: string, variable: string): Promise<void> {
  if (!(await portIsFree(p))) throw new UsageError(`port ${p} for ${what} is in use (another foerderwerk still running?); set ${variable} to use another port`);
}

/**
 * The main job: PostgreSQL (embedded unless DATABASE_URL), Temporal (local dev server with its
 * Web UI unless TEMPORAL_ADDRESS), api and worker as child processes, demo data; Ctrl-C stops
 * everything in reverse order. All state lives in the data folder, so a second start finds it.
 */
export async function launch({ env, out }: LaunchOptions): Promise<void> {
  const t0 = Date.now();
  const root = repoRoot();
  const dataDir = path.resolve(root, env.FOERDERWERK_DATA_DIR || '.data');
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const ports: Ports = {
    api: port(env, 'PORT', 3000),
    postgres: port(env, 'FOERDERWERK_PG_PORT', 54329),
    temporal: port(env, 'FOERDERWERK_TEMPORAL_PORT', 7233),
    temporalUi: port(env, 'FOERDERWERK_TEMPORAL_UI_PORT', 8233),
  };
  await requireFree(ports.api, 'the api', 'PORT');

  const children: Child[] = [];
  let pg: EmbeddedPostgresHandle | undefined;
  let stopping = false;
  const stopAll = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    out(`\nstopping (${reason})…`);
    for (const child of [...children].reverse()) {
      await child.stop(child.name === 'temporal' ? 'SIGINT' : 'SIGTERM');
      out(`  ${child.name} stopped`);
    }
    if (pg) {
      await pg.stop();
      out('  postgres stopped');
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return out(`(${signal}: already stopping, please wait)`);
    void stopAll(signal).then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // 1. PostgreSQL
    let databaseUrl = env.DATABASE_URL;
    if (databaseUrl) {
      out(`PostgreSQL: using DATABASE_URL (${new URL(databaseUrl).host})`);
    } else {
      await requireFree(ports.postgres, 'PostgreSQL', 'FOERDERWERK_PG_PORT');
      const pgLog = fs.createWriteStream(path.join(logDir, 'postgres.log'), { flags: 'a' });
      pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: ports.postgres, onLog: (m) => pgLog.write(m) });
      databaseUrl = withDatabase(pg.url, 'foerderwerk');
      out(`PostgreSQL: embedded, port ${ports.postgres}, data in ${path.relative(process.cwd(), path.join(dataDir, 'postgres')) || '.'}`);
    }
    await ensureDatabase(databaseUrl);
    const ran = await runMigrations(databaseUrl);
    out(`  migrations: ${ran.length ? ran.join(', ') : 'up to date'}`);

    // 2. Temporal
    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined;
    if (temporalAddress) {
      out(`Temporal: using TEMPORAL_ADDRESS ${temporalAddress}`);
    } else {
      await requireFree(ports.temporal, 'Temporal', 'FOERDERWERK_TEMPORAL_PORT');
      await requireFree(ports.temporalUi, 'the Temporal Web UI', 'FOERDERWERK_TEMPORAL_UI_PORT');
      const bin = temporalCliPath(root);
      const temporal = startChild(
        'temporal',
        bin,
        ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(ports.temporal), '--ui-port', String(ports.temporalUi),
          '--db-filename', path.join(dataDir, 'temporal.db'), '--log-level', 'warn'],
        { env, logDir, cwd: root },
      );
      children.push(temporal);
      temporalAddress = `127.0.0.1:${ports.temporal}`;
      temporalUi = `http://127.0.0.1:${ports.temporalUi}`;
      await waitFor('Temporal dev server', async () => {
        const c = await Connection.connect({ address: temporalAddress, connectTimeout: '1s' });
        try {
          await c.healthService.check({});
          return true;
        } finally {
          await c.close();
        }
      }, 60000, () => (temporal.process.exitCode !== null ? `exited, see ${temporal.logFile}:\n${tail(temporal.logFile)}` : undefined));
      out(`Temporal: dev server ${bin.startsWith(root) ? '(pinned ' + path.relative(root, bin) + ')' : bin}, data in ${path.relative(process.cwd(), path.join(dataDir, 'temporal.db'))}`);
    }

    // 3. api and worker
    const childEnv: NodeJS.ProcessEnv = {
      ...env,
      NODE_ENV: env.NODE_ENV || 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      PORT: String(ports.api),
      FOERDERWERK_DATA_DIR: dataDir,
    };
    const dist = path.join(root, 'dist/apps');
    const worker = startChild('worker', process.execPath, [...WORKER_NODE_FLAGS, path.join(dist, 'worker/src/main.js')], { env: childEnv, logDir, cwd: root });
    children.push(worker);
    const api = startChild('api', process.execPath, [path.join(dist, 'api/src/main.js')], { env: childEnv, logDir, cwd: root });
    children.push(api);
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const exitedEarly = () => {
      for (const c of [api, worker]) if (c.process.exitCode !== null) return `${c.name} exited, see ${c.logFile}:\n${tail(c.logFile)}`;
      return undefined;
    };
    await waitFor('api health (database and Temporal up)', async () => (await fetch(`${apiUrl}/health`)).ok, 60000, exitedEarly);
    out(`api and worker: up, health ok after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // 4. demo data
    const seeded = await seedDemo(databaseUrl, temporalAddress, env.TEMPORAL_NAMESPACE || 'default', env.TEMPORAL_TASK_QUEUE || 'foerderwerk');
    out(`demo data: ${seeded.line}`);
    out(`demo application: ${await adoptDemoApplication(apiUrl, seeded.applicationId)}`);
    const documentDir = path.join(dataDir, 'documents');
    const documents = await writeDemoDocuments(apiUrl, { applicationId: seeded.applicationId, councilPaperId: seeded.councilPaperId }, documentDir);
    for (const d of documents) {
      out(`demo document: ${d.label}: ${d.file ? `${d.file} (${d.generated ? 'generated' : 'found'})` : `not generated: ${d.problem}`}`);
    }

    out('');
    out(`  API            ${apiUrl}/api/v1`);
    out(`  OpenAPI        ${apiUrl}/api/docs`);
    out(`  Health         ${apiUrl}/health`);
    if (temporalUi) out(`  Temporal UI    ${temporalUi}`);
    out(`  Documents      ${path.relative(process.cwd(), documentDir)}/ (${documents.filter((d) => d.file).length} files; more through the api and \`fw documents\`)`);
    out(`  Logs           ${path.relative(process.cwd(), logDir)}/`);
    out('');
    out('Press Ctrl-C to stop. Everything is kept in the data folder for the next start.');

    // Stay up until a child dies on its own (then stop the rest) or a signal arrives.
    const first = await Promise.race(children.map((c) => c.exited.then(() => c)));
    if (!stopping) {
      out(`${first.name} exited unexpectedly, see ${first.logFile}:\n${tail(first.logFile)}`);
      await stopAll(`${first.name} exited`);
      process.exitCode = 1;
    }
  } catch (error) {
    await stopAll('start-up failed');
    throw error;
  }
}

/**
 * The demo data (libs/demo: three Landkreise, programmes, Peine's application, position and
 * Vorlage 2021/844) and a long-running reminder for Peine's youth office. Natural keys and the
 * reminder's fixed business id make a second start find, not duplicate, them.
 */
async function seedDemo(databaseUrl: string, address: string, namespace: string, taskQueue: string): Promise<{ line: string; applicationId: string; councilPaperId: string }> {
  const ds = await new DataSource(dataSourceOptions(databaseUrl, { poolSize: 2, applicationName: 'foerderwerk-demo' })).initialize();
  let organisationId: string;
  let userId: string;
  let positionInput: PositionWorkflowInput;
  let loaded: string;
  let applicationId: string;
  let councilPaperId: string;
  try {
    const summary = await loadDemoData(ds);
    applicationId = summary.ids.peine.applicationId;
    councilPaperId = summary.ids.peine.councilPaperId;
    loaded = `${summary.created} rows created, ${summary.found} found`;
    organisationId = summary.ids.organisations.landkreisPeine;
    const rows: Array<{ id: string }> = await ds.query(`SELECT id FROM app_user WHERE organisation_id = $1 AND subject = 'jugendamt'`, [organisationId]);
    userId = rows[0].id;
    // The position's workflow input from its rows, as the api builds it; the demo's holder is no row.
    const input = await positionWorkflowInput(ds, organisationId, summary.ids.peine.positionId, {
      owner: `user:${userId}`,
      extraHolder: { holderName: 'Netzwerkkoordination (Demo)', from: PEINE_COORDINATOR_POSITION.start },
    });
    if (!input) throw new Error(`demo position ${summary.ids.peine.positionId} not found`);
    positionInput = input;
  } finally {
    await ds.destroy();
  }

  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const position = `${await startDemoPosition(client, taskQueue, positionInput)} (${await dueMonthsBooked(client, positionInput.positionId)})`;
    const workflowId = 'reminder-demo-peine-zwischennachweis-2026';
    let reminder: string;
    try {
      await client.workflow.start('reminderWorkflow', {
        taskQueue,
        workflowId,
        args: [
          {
            organisationId,
            recipient: `user:${userId}`,
            subject: 'Zwischennachweis 2026 Präventionsketten Niedersachsen',
            body: 'Fällig zum 30.04.2027 beim Zuwendungsgeber.',
            dueOn: '2027-04-30',
          },
        ],
      });
      reminder = `started workflow ${workflowId}`;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      reminder = `found workflow ${workflowId}`;
    }
    return { line: `${loaded}; ${position}; ${reminder}; log in with X-Dev-User: landkreis-peine/jugendamt`, applicationId, councilPaperId };
  } finally {
    await connection.close();
  }
}

/**
 * Peine's application as a live workflow: the demo loader writes the row (approved, with its
 * notice); reading its workflow through the api takes it over from the row the first time
 * (applications' reconciliation) and finds it every later time.
 */
async function adoptDemoApplication(apiUrl: string, applicationId: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/v1/applications/${applicationId}/workflow`, { headers: { 'x-dev-user': 'landkreis-peine/jugendamt' } });
  if (!res.ok) throw new Error(`the demo application's workflow: HTTP ${res.status} ${await res.text()}`);
  const state = (await res.json()) as { workflowId: string; status: string; nextDeadlines: Array<{ key: string; effective: string }> };
  const next = state.nextDeadlines[0];
  return `workflow ${state.workflowId} (${state.status}${next ? `, next deadline ${next.key} on ${next.effective}` : ''})`;
}

/**
 * Waits until the position's workflow has booked every month whose pay day has come (it books
 * them at once when started late), so that the documents generated next show those bookings.
 */
async function dueMonthsBooked(client: Client, positionId: string): Promise<string> {
  const handle = client.workflow.getHandle(workflowIds.position(positionId));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await handle.query(positionStateQuery);
    const due = state.nextBookingOn !== null && eventInstant(state.nextBookingOn) <= Date.now();
    if (!due) return `${state.monthsBooked} months booked${state.bookedThrough ? ` through ${state.bookedThrough}` : ''}`;
    if (Date.now() > deadline) return `still booking ${state.currentMonth} after 60 s, see the worker's log`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Peine's network coordinator position as a live workflow, started from its rows (with the Stufe
 * 3 from 01.01.2027 of its stage history): months already due are booked into the ledger at
 * once, later ones on their pay day.
 */
async function startDemoPosition(client: Client, taskQueue: string, input: PositionWorkflowInput): Promise<string> {
  const workflowId = workflowIds.position(input.positionId);
  try {
    await client.workflow.start('positionWorkflow', { taskQueue, workflowId, args: [input], memo: { organisationId: input.organisationId } });
    return `started workflow ${workflowId}`;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return `found workflow ${workflowId}`;
  }
}

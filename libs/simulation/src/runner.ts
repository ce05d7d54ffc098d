import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { LAND_HOLIDAY_RULES, type IsoDate } from '@app/calendar';
import type { Actor } from '@app/common';
import { dataSourceOptions, readReferenceData, runMigrations, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from '@app/database';
import type { DocumentRequest } from '@app/document-generation';
import type { Cents } from '@app/money';
import { TVOED_VKA_REFERENCE_DATA, type PayTableRow } from '@app/personnel-costs';
import { longRunTestServer, PINNED_JVM_TEST_SERVER, workflowBundlerOptions, type TestServerBuild } from '@app/temporal';
import { workflowIds } from '@app/workflows/names';
import type { ApplicationWorkflowInput } from '@app/workflows/application/model';
import {
  applicationStateQuery,
  closeUpdate,
  recordCheckUpdate,
  recordDisbursementUpdate,
  recordNoticeUpdate,
  requestSignOffUpdate,
  signOffUpdate,
  startCouncilConsultationUpdate,
  submitInterimReportUpdate,
  submitProofOfUseUpdate,
  submitToFunderUpdate,
  type ApplicationState,
} from '@app/workflows/application/signals';
import type { CouncilPaperWorkflowInput } from '@app/workflows/council-paper/model';
import { councilPaperStateQuery, recordOutcomeUpdate, type CouncilPaperState } from '@app/workflows/council-paper/signals';
import type { MilestoneWorkflowInput } from '@app/workflows/milestone/model';
import { completeUpdate, type MilestoneState } from '@app/workflows/milestone/signals';
import type { PositionWorkflowInput } from '@app/workflows/position/model';
import { changeStageUpdate, type PositionState } from '@app/workflows/position/signals';
import {
  actorOf,
  fiscalYearsOf,
  paymentRecord,
  produceDocument,
  programmeIdOf,
  statusReportRequest,
  writeDisbursementRequest,
  writeReceipts,
  type DocumentOutcome,
} from './documents';
import { startDocumentThread, type DocumentProducer, type ThreadActivities } from './document-thread';
import { planSteps, type PlannedStep } from './plan';
import { withAssumedTariffIncreases } from './reference-data';
import { defaultAnchor, type Scenario } from './scenario';
import { periodOf, prepareScenario, writeNotice, type PreparedApplication, type PreparedScenario } from './setup';

/*
 * Runs a scenario on the real parts: a fresh PostgreSQL database (embedded, or on the server a
 * URL names), the pinned Temporal time-skipping test server, a worker with the real activities.
 * Time moves only by the test server's time skipping: the runner sleeps (env.sleep) to the next
 * step's day (12:00 UTC); on the way every timer of every workflow fires in order (monthly
 * bookings, reminders, escalations, period end) and its activities write to PostgreSQL.
 *
 * Documents: the workflows generate theirs (Förderantrag, Zwischennachweise, Verwendungsnachweis)
 * through their activity; the runner enters the Belege from the bookings before each report,
 * writes a disbursement_request per Mittelabruf and generates its PDF, a Sachstandsbericht for
 * the Jugendhilfeausschuss with each Zwischennachweis and, after the last step, the
 * Finanzübersicht of every fiscal year (documents.ts).
 */

/** What the runner needs of the worker app: its activities on a DataSource. */
export type ActivitiesFactory = (dataSource: DataSource) => object;

export interface RunOptions {
  createActivities: ActivitiesFactory;
  /** pinned anchor (overrides the scenario's); default the scenario's, else the first of next month */
  anchor?: IsoDate;
  /** a database ready to use (migrated, empty); else a fresh one on `serverUrl` or an embedded server */
  dataSource?: DataSource;
  /** a PostgreSQL server URL (env DATABASE_URL): a fresh database `fw_sim_…` is created there */
  serverUrl?: string;
  /** a time-skipping environment to use; else one is started on the pinned test server */
  env?: TestWorkflowEnvironment;
  /**
   * which build of the test server to start (without `env`); default `auto`: for a scenario of
   * JVM_FROM_APPLICATIONS applications or more the JVM build where Java is there (longRunTestServer),
   * else the native build
   */
  testServer?: TestServerBuild | 'auto';
  /** a prebuilt workflow bundle; else the workflows are bundled */
  workflowBundle?: { codePath: string } | { code: string };
  progress?: (line: string) => void;
  /**
   * Render the runner's own documents on a worker thread (the process must run compiled
   * JavaScript or have a TypeScript require hook given with -r); only with a database the runner
   * creates. Default: on the main thread.
   */
  documentThread?: boolean;
  /** how many document threads (with documentThread); default 2: a day's documents render side by side */
  documentThreads?: number;
  /** worker activities to run on the document threads as well (with documentThread), e.g. the workflows' generateDocument */
  threadActivities?: ThreadActivities;
}

export interface TimelineEvent {
  on: IsoDate;
  kind:
    | 'antrag'
    | 'mitzeichnung'
    | 'beratung'
    | 'einreichung'
    | 'bescheid'
    | 'buchung'
    | 'mittelabruf'
    | 'meilenstein'
    | 'zwischennachweis'
    | 'verwendungsnachweis'
    | 'pruefung'
    | 'abschluss'
    | 'erinnerung'
    | 'eskalation'
    | 'statuswechsel';
  application: string;
  text: string;
  /** booked cost (buchung), disbursed amount (mittelabruf) */
  amountCents: Cents | null;
  /** the funder's share booked (buchung) */
  reimbursementCents: Cents | null;
}

export interface ApplicationOutcome {
  key: string;
  id: string;
  title: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  approvedCents: Cents;
  application: ApplicationState;
  councilPaper: CouncilPaperState | null;
  positions: Array<{ id: string; title: string; state: PositionState; scheduleTotals: { totalCost: Cents; reimbursement: Cents; months: number } }>;
  milestones: MilestoneState[];
  disbursements: Array<{ requestedOn: IsoDate; receivedOn: IsoDate; amountCents: Cents; months: string[] }>;
  ledger: { costCents: Cents; reimbursementCents: Cents; bookings: number };
}

/** Where the wall time of the driver went (for the benchmark). */
export interface RunStats {
  /** distinct days the people act on */
  days: number;
  /** in time skips to those days (the workflows' timers, bookings, reminders and their activities fire on the way) */
  skipMs: number;
  /** in the people's steps on those days (updates, and the documents the runner generates) */
  stepsMs: number;
  /** waiting for every workflow to finish after the last step */
  finishMs: number;
}

export interface SimulationResult {
  scenario: string;
  anchor: IsoDate;
  organisationId: string;
  applications: ApplicationOutcome[];
  events: TimelineEvent[];
  assumedPayRows: PayTableRow[];
  /** the documents the runner generated besides the workflows' own (Mittelabrufe, Sachstandsberichte, Finanzübersichten) */
  documents: DocumentOutcome[];
  stats: RunStats;
  /** which time-skipping test server ran it, e.g. "JVM build 1.39.0" (or "the caller's" when given one) */
  testServer: string;
  /** the database and its DataSource (open until `close()`) for reading the results */
  dataSource: DataSource;
  prepared: PreparedScenario;
  wallMs: number;
  close(): Promise<void>;
}

const PAUSE_MS = 20;
/**
 * From this many applications on, `auto` starts the test server's JVM build: below, the native
 * build's quick start outweighs the JVM build's cheaper serving (Peine, 1 application: 6.4 s
 * native, 8.4 s JVM; 100 applications: 164 s native, 106 s JVM).
 */
const JVM_FROM_APPLICATIONS = 5;

/** The test server build asked for a scenario of `applications` applications: `auto` below JVM_FROM_APPLICATIONS is the native build. */
export function testServerFor(wanted: TestServerBuild | 'auto', applications: number): TestServerBuild | 'auto' {
  return wanted === 'auto' && applications < JVM_FROM_APPLICATIONS ? 'native' : wanted;
}
/**
 * From this many applications on, the JVM build runs with the JVM's full JIT (C1 and C2) instead
 * of its launcher's default, the first tier only (scripts/tools/temporal.sh). On 2 cores, C2's
 * compiler threads compete with the worker and PostgreSQL and repay that only in a long run:
 * 100 applications took 87.9 and 88.6 s with C1 against 92.5 and 91.6 s with C2 (runs taken in
 * turns); 1,000 applications 1,052 s with C1 against 959 s with C2. The threshold lies between.
 */
export const FULL_JIT_FROM_APPLICATIONS = 500;
const JAVA_OPTIONS_VARIABLE = PINNED_JVM_TEST_SERVER.javaOptionsVariable;

/**
 * The environment the JVM build's launcher gets for a scenario of `applications` applications:
 * JAVA_OPTIONS_VARIABLE set empty (the JVM's defaults) from FULL_JIT_FROM_APPLICATIONS on;
 * nothing when the variable is set already (the caller's options win) or below.
 */
export function testServerEnvironment(build: TestServerBuild, applications: number, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (build !== 'jvm' || env[JAVA_OPTIONS_VARIABLE] !== undefined || applications < FULL_JIT_FROM_APPLICATIONS) return {};
  return { [JAVA_OPTIONS_VARIABLE]: '' };
}

/** Runs `start` with `vars` in the process environment (a server it spawns inherits them), then restores it. */
async function withEnvironment<T>(vars: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, vars);
  try {
    return await start();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * How many applications act at the same time on a day. As many as there are (1,000 updates sent
 * at once) stalled the time-skipping test server: a run with 1,000 applications stopped with
 * every process idle and 1,000 `recordDisbursement` updates unanswered.
 */
const APPLICATIONS_AT_ONCE = 50;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Installs a quiet SDK runtime unless one is installed already (tests install their own). */
function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } } });
  } catch {
    /* already installed */
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new PgClient({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Polls `probe` until `ok` (the workflows react to timers and signals on their own schedule). */
async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`simulation: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<SimulationResult> {
  const t0 = Date.now();
  const say = options.progress ?? (() => undefined);
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    // ---- PostgreSQL
    let ds = options.dataSource;
    let databaseUrl: string | null = null;
    if (!ds) {
      let serverUrl = options.serverUrl;
      if (!serverUrl) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foerderwerk-sim-'));
        fs.chmodSync(dir, 0o755); // as root, initdb runs as the postgres user and must enter it
        const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
        cleanups.push(async () => {
          await pg.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        });
        serverUrl = pg.url;
        say(`PostgreSQL: embedded, port ${pg.port}`);
      }
      const name = `fw_sim_${randomBytes(5).toString('hex')}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
      const url = withDatabase(serverUrl, name);
      databaseUrl = url;
      await runMigrations(url);
      ds = await new DataSource(dataSourceOptions(url, { poolSize: 10, applicationName: 'foerderwerk-simulation' })).initialize();
      const owned = ds;
      cleanups.push(async () => {
        if (owned.isInitialized) await owned.destroy();
        if (options.serverUrl) await adminQuery(serverUrl as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      say(`PostgreSQL: database ${name} migrated`);
    }

    // ---- Temporal time-skipping server
    let env = options.env;
    let serverBuild = 'the caller\'s';
    if (!env) {
      installQuietRuntime();
      const wanted = options.testServer ?? 'auto';
      const build = testServerFor(wanted, scenario.applications.length);
      const server = longRunTestServer(build);
      if (build !== wanted) server.description += `; for ${scenario.applications.length} application(s) it starts faster than the JVM build`;
      serverBuild = server.description;
      const serverEnv = testServerEnvironment(server.build, scenario.applications.length);
      if (JAVA_OPTIONS_VARIABLE in serverEnv) serverBuild += ', full JIT';
      env = await withEnvironment(serverEnv, () => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server.path } } }));
      const owned = env;
      cleanups.push(() => owned.teardown());
    }
    const serverNow = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const anchor = options.anchor ?? scenario.anchor ?? defaultAnchor(serverNow);
    if (Date.parse(`${anchor}T00:00:00Z`) <= (await env.currentTimeMs())) {
      throw new Error(`the anchor ${anchor} does not lie in the future of the time-skipping server (today ${serverNow}); it cannot go back`);
    }
    say(`Temporal: time-skipping test server (${serverBuild}), server date ${serverNow}, anchor ${anchor}`);

    // ---- reference data (+ assumed increases), starting rows
    const lastDay = scenario.applications.map((a) => periodOf(a, anchor).end).sort().pop() as IsoDate;
    const { data: ref, added } = withAssumedTariffIncreases(TVOED_VKA_REFERENCE_DATA, scenario.assumedTariffIncreases, lastDay);
    if (added.length) say(`Pay tables: ${added.length} rows computed by assumed increases (${scenario.assumedTariffIncreases.map((i) => `+${i.percent} % ab ${i.from}`).join(', ')}), marked computed`);
    const prepared = await prepareScenario(ds, scenario, anchor, ref);
    // The bookings use what is in the database: the same rows as the plan above.
    const dbRef = await readReferenceData(ds.manager);
    if (dbRef.payTable.length < ref.payTable.length) throw new Error('simulation: reference data not written completely');
    say(`Scenario "${scenario.name}": ${prepared.applications.length} application(s), ${prepared.applications.reduce((n, a) => n + a.positions.length, 0)} position(s)`);

    // ---- worker and driver
    const taskQueue = `simulation-${randomBytes(4).toString('hex')}`;
    const bundle = options.workflowBundle ?? { code: (await bundleWorkflowCode({ ...workflowBundlerOptions(), logger: quietBundlerLogger })).code };
    let produce: DocumentProducer = (actor, application, request, key, today) => produceDocument(ds as DataSource, actor, application, request, key, today);
    let activities = options.createActivities(ds);
    if (options.documentThread && databaseUrl) {
      const thread = await startDocumentThread(databaseUrl, options.documentThreads ?? 2, options.threadActivities ?? null);
      cleanups.push(() => thread.close());
      produce = thread.produce;
      // the workflows' own documents (activities named in threadActivities) render there too
      const offloaded = Object.fromEntries((options.threadActivities?.names ?? []).map((name) => [name, (...args: unknown[]) => thread.activity(name, args)]));
      activities = { ...activities, ...offloaded };
      say(`Dokumente des Laufs: auf ${options.documentThreads ?? 2} eigenen Threads erzeugt${options.threadActivities ? ` (auch ${options.threadActivities.names.join(', ')} der Workflows)` : ''}`);
    }
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      // every workflow of the run stays cached: an evicted one would be replayed from its history on its next task
      maxCachedWorkflows: Math.max(200, prepared.applications.reduce((n, a) => n + 2 + a.positions.length + a.milestones.length, 0) + 50),
    });
    const driver = new Driver(env, taskQueue, scenario, prepared, produce, ds, await programmeIdOf(ds, prepared.organisationId), say);
    await worker.runUntil(driver.run(planSteps(scenario, anchor, prepared.applications)));
    // the Finanzübersicht of every fiscal year, as of its last day
    const finance = actorOf(prepared, prepared.users.finance);
    for (const year of fiscalYearsOf(prepared)) {
      driver.documents.push(await produce(finance, null, { kind: 'finance-workbook', fiscalYear: year }, `simulation:finance-workbook:${year}`, `${year}-12-31`));
    }
    const applications = await collectOutcomes(ds, driver, prepared);
    const events = [...driver.events, ...(await bookingEvents(ds, prepared)), ...notificationEvents(applications)].sort(
      (x, y) => x.on.localeCompare(y.on) || x.application.localeCompare(y.application),
    );
    const wallMs = Date.now() - t0;
    say(`done in ${(wallMs / 1000).toFixed(1)} s`);
    return { scenario: scenario.name, anchor, organisationId: prepared.organisationId, applications, events, assumedPayRows: added, documents: driver.documents, stats: driver.stats, testServer: serverBuild, dataSource: ds, prepared, wallMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};

interface AppHandles {
  application?: WorkflowHandle;
  councilPaper?: WorkflowHandle;
  positions: Array<{ id: string; title: string; handle: WorkflowHandle }>;
  milestones: Map<string, WorkflowHandle>;
  disbursements: ApplicationOutcome['disbursements'];
}

class Driver {
  readonly events: TimelineEvent[] = [];
  readonly handles = new Map<string, AppHandles>();
  readonly documents: DocumentOutcome[] = [];
  readonly stats: RunStats = { days: 0, skipMs: 0, stepsMs: 0, finishMs: 0 };

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
    private readonly scenario: Scenario,
    private readonly prepared: PreparedScenario,
    private readonly producer: DocumentProducer,
    private readonly ds: DataSource,
    private readonly programmeId: string,
    private readonly say: (line: string) => void,
  ) {
    for (const a of prepared.applications) this.handles.set(a.id, { positions: [], milestones: new Map(), disbursements: [] });
  }

  private event(on: IsoDate, kind: TimelineEvent['kind'], app: PreparedApplication, text: string, amountCents: Cents | null = null): void {
    this.events.push({ on, kind, application: app.spec.key, text, amountCents, reimbursementCents: null });
  }

  /**
   * A document of the runner's, from the data of its day: generated beside the day's further
   * steps (on the document thread, if any), and stored before time moves on (documentsOfTheDay).
   * It is asked for after the step whose data it shows has been written.
   */
  private readonly generating: Array<Promise<{ outcome: DocumentOutcome } | { error: unknown }>> = [];

  private produce(application: PreparedApplication, actor: Actor, request: DocumentRequest, key: string, today: IsoDate): void {
    // settled at once (no unhandled rejection while the day goes on); an error fails the run at the day's end
    this.generating.push(this.producer(actor, application.spec.key, request, key, today).then((outcome) => ({ outcome }), (error: unknown) => ({ error })));
  }

  async documentsOfTheDay(): Promise<void> {
    for (const done of await Promise.all(this.generating.splice(0))) {
      if ('error' in done) throw done.error;
      this.documents.push(done.outcome);
    }
  }

  private async advanceTo(day: IsoDate): Promise<void> {
    const target = Date.parse(`${day}T12:00:00Z`);
    const now = await this.env.currentTimeMs();
    if (target > now) await this.env.sleep(target - now);
  }

  async run(steps: PlannedStep[]): Promise<void> {
    const days = [...new Set(steps.map((s) => s.on))];
    let year = '';
    for (const day of days) {
      if (day.slice(0, 4) !== year) {
        year = day.slice(0, 4);
        this.say(`  ${year} …`);
      }
      const skipFrom = Date.now();
      await this.advanceTo(day);
      const stepsFrom = Date.now();
      this.stats.skipMs += stepsFrom - skipFrom;
      this.stats.days++;
      const today = steps.filter((s) => s.on === day);
      // applications act side by side, at most APPLICATIONS_AT_ONCE of them; the steps of one application in their order
      const byApp = new Map<PreparedApplication, PlannedStep[]>();
      for (const s of today) byApp.set(s.application, [...(byApp.get(s.application) ?? []), s]);
      const lists = [...byApp.values()];
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(APPLICATIONS_AT_ONCE, lists.length) }, async () => {
          while (next < lists.length) for (const s of lists[next++]) await this.perform(s);
        }),
      );
      await this.documentsOfTheDay();
      this.stats.stepsMs += Date.now() - stepsFrom;
    }
    const finishFrom = Date.now();
    // every workflow runs to its end (positions book their last month, milestones finish)
    for (const h of this.handles.values()) {
      // one at a time: the time-skipping client's result() unlocks time skipping while it waits
      // and locks it again; many at once unbalance the test server's lock count
      for (const x of [h.application, h.councilPaper, ...h.positions.map((p) => p.handle), ...h.milestones.values()]) if (x) await x.result();
    }
    this.stats.finishMs = Date.now() - finishFrom;
  }

  private async perform({ on, step, application: app }: PlannedStep): Promise<void> {
    const h = this.handles.get(app.id) as AppHandles;
    const u = this.prepared.users;
    const appHandle = () => h.application as WorkflowHandle;
    const appState = () => appHandle().query(applicationStateQuery);
    const client = this.env.client;
    switch (step.kind) {
      case 'create': {
        const input: ApplicationWorkflowInput = {
          applicationId: app.id,
          organisationId: this.prepared.organisationId,
          title: app.spec.title,
          owner: u.owner,
          escalateTo: u.head,
          programme: {
            needsCouncilDecision: this.scenario.programme.needsCouncilDecision,
            interimReports: { waiver: this.scenario.programme.interimReportWaiver, monthsAfterYearEnd: 4 },
            proofOfUseMonthsAfterPeriod: this.scenario.programme.proofOfUseMonths,
            reminderDaysBefore: this.scenario.programme.reminderDaysBefore,
            escalationDaysAfterDue: this.scenario.programme.escalationDaysAfterDue,
          },
          holidayRules: LAND_HOLIDAY_RULES[this.scenario.organisation.landCode],
        };
        h.application = await client.workflow.start('applicationWorkflow', { taskQueue: this.taskQueue, workflowId: workflowIds.application(app.id), args: [input] });
        await appHandle().executeUpdate(requestSignOffUpdate, { args: [{ by: u.owner }] });
        this.event(on, 'antrag', app, `Antrag „${app.spec.title}“ angelegt, Mitzeichnung angefordert`);
        return;
      }
      case 'signOff': {
        await appHandle().executeUpdate(signOffUpdate, { args: [{ by: u.head }] });
        this.event(on, 'mitzeichnung', app, 'Mitzeichnung durch die Fachdienstleitung');
        const cp = app.councilPaper;
        if (cp) {
          await appHandle().executeUpdate(startCouncilConsultationUpdate, { args: [{ paperId: cp.id, by: u.owner }] });
          const input: CouncilPaperWorkflowInput = {
            paperId: cp.id,
            organisationId: this.prepared.organisationId,
            paperNumber: cp.number,
            applicationId: app.id,
            councilOffice: u.councilOffice,
            consultations: cp.consultations.map((c) => ({
              position: c.position,
              committeeId: c.committeeId,
              committeeName: c.committeeName,
              sessionDate: c.sessionDate,
              role: c.role as 'acknowledgement' | 'preliminary' | 'decision',
              authoritative: c.role === 'decision',
            })),
          };
          h.councilPaper = await client.workflow.start('councilPaperWorkflow', { taskQueue: this.taskQueue, workflowId: workflowIds.councilPaper(cp.id), args: [input] });
          this.event(on, 'beratung', app, `Vorlage ${cp.number} in die Beratungsfolge gegeben (${cp.consultations.map((c) => c.committeeName).join(' → ')})`);
        }
        return;
      }
      case 'consultation': {
        const c = app.councilPaper?.consultations.find((x) => x.position === step.position);
        if (!c || !h.councilPaper) throw new Error('simulation: consultation without a paper');
        const paper = h.councilPaper;
        await until(`consultation ${c.position} of ${app.councilPaper?.number} to open`, () => paper.query(councilPaperStateQuery), (s) => s.current === c.position && s.consultations[c.position - 1].status === 'awaitingOutcome');
        await paper.executeUpdate(recordOutcomeUpdate, { args: [{ position: c.position, outcome: c.outcome as 'recommended', text: c.text, by: u.councilOffice }] });
        this.event(on, 'beratung', app, `${c.committeeName}: ${c.text}`);
        return;
      }
      case 'submit': {
        if (app.councilPaper) await until('the council decision to reach the application', appState, (s) => s.council?.result === 'approved');
        await appHandle().executeUpdate(submitToFunderUpdate, { args: [{ submittedOn: on, by: u.owner }] });
        this.event(on, 'einreichung', app, 'Antrag beim Zuwendungsgeber eingereicht');
        return;
      }
      case 'notice': {
        await writeNotice(this.ds, this.scenario, this.prepared, app, on);
        await appHandle().executeUpdate(recordNoticeUpdate, {
          args: [{ decision: 'approved', approvedCents: app.approvedCents, periodStart: app.periodStart, periodEnd: app.periodEnd, issuedOn: on, by: u.owner }],
        });
        this.event(on, 'bescheid', app, `Bescheid ${app.spec.notice.fileNumber}: bewilligt ${app.approvedCents} ct für ${app.periodStart} bis ${app.periodEnd}`, app.approvedCents);
        for (const p of app.positions) {
          const input: PositionWorkflowInput = {
            positionId: p.id,
            organisationId: this.prepared.organisationId,
            title: p.spec.title,
            owner: u.owner,
            councilDecisionRef: app.councilPaper?.number ?? app.spec.notice.fileNumber,
            start: app.periodStart,
            end: app.periodEnd,
            terms: {
              payScale: p.input.payScale,
              payGroup: p.input.payGroup,
              fullTimeHours: p.input.fullTimeHours,
              allowances: p.input.allowances,
              fundingPeriod: p.input.fundingPeriod,
              financing: p.input.financing,
              accounts: p.input.accounts,
              stage: p.spec.stage,
              weeklyHours: p.spec.weeklyHours,
            },
            holder: { holderName: p.spec.holderName, from: app.periodStart },
          };
          const handle = await client.workflow.start('positionWorkflow', { taskQueue: this.taskQueue, workflowId: workflowIds.position(p.id), args: [input] });
          for (const change of p.input.stageHistory.slice(1)) await handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: change.from, stage: change.stage }] });
          h.positions.push({ id: p.id, title: p.spec.title, handle });
        }
        for (const m of app.milestones) {
          const input: MilestoneWorkflowInput = {
            milestoneId: m.id,
            organisationId: this.prepared.organisationId,
            title: m.title,
            dueOn: m.dueOn,
            owner: u.owner,
            escalateTo: u.head,
            holidayRules: LAND_HOLIDAY_RULES[this.scenario.organisation.landCode],
          };
          h.milestones.set(m.id, await client.workflow.start('milestoneWorkflow', { taskQueue: this.taskQueue, workflowId: workflowIds.milestone(m.id), args: [input] }));
        }
        return;
      }
      case 'disbursement': {
        // the finance office's Mittelabruf (the row; its PDF as of the request day once the payment is in), the payment on the payout day
        const finance = actorOf(this.prepared, u.finance);
        const requestId = await writeDisbursementRequest(this.ds, finance, app, { requestedOn: step.requestedOn, receivedOn: on, amountCents: step.amountCents, months: step.months });
        await appHandle().executeUpdate(recordDisbursementUpdate, {
          args: [{ amountCents: step.amountCents, receivedOn: on, by: u.finance, record: paymentRecord(requestId, on, step.amountCents) }],
        });
        this.produce(app, finance, { kind: 'disbursement-request', disbursementRequestId: requestId }, `simulation:disbursement-request:${requestId}`, step.requestedOn);
        h.disbursements.push({ requestedOn: step.requestedOn, receivedOn: on, amountCents: step.amountCents, months: step.months });
        this.event(on, 'mittelabruf', app, `Mittelabruf vom ${step.requestedOn} ausgezahlt (${step.months[0]} bis ${step.months[step.months.length - 1]})`, step.amountCents);
        return;
      }
      case 'milestoneDone': {
        const handle = h.milestones.get(step.milestoneId) as WorkflowHandle;
        await handle.executeUpdate(completeUpdate, { args: [{ evidence: `erledigt (Simulation, ${on})`, doneOn: on, by: u.owner }] });
        this.event(on, 'meilenstein', app, `Meilenstein erledigt: ${step.title}`);
        return;
      }
      case 'interimReport': {
        const owner = actorOf(this.prepared, u.owner);
        await writeReceipts(this.ds, owner, app, on);
        await appHandle().executeUpdate(submitInterimReportUpdate, { args: [{ year: step.year, submittedOn: on, by: u.owner }] });
        this.event(on, 'zwischennachweis', app, `Zwischennachweis ${step.year} eingereicht`);
        // once a year the Jugendhilfeausschuss hears how the project stands
        this.produce(app, owner, statusReportRequest(this.programmeId, app, on), `simulation:status-report:${app.id}:${on}`, on);
        return;
      }
      case 'proofOfUse': {
        await until('the period to end (proof_of_use_due)', appState, (s) => s.status === 'proof_of_use_due');
        await writeReceipts(this.ds, actorOf(this.prepared, u.owner), app, on);
        await appHandle().executeUpdate(submitProofOfUseUpdate, { args: [{ submittedOn: on, by: u.owner }] });
        this.event(on, 'verwendungsnachweis', app, 'Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis) eingereicht');
        return;
      }
      case 'check': {
        await appHandle().executeUpdate(recordCheckUpdate, { args: [{ result: 'ok', by: u.finance }] });
        this.event(on, 'pruefung', app, 'Verwendungsnachweis ohne Beanstandung geprüft');
        return;
      }
      case 'close': {
        await appHandle().executeUpdate(closeUpdate, { args: [{ by: u.owner }] });
        this.event(on, 'abschluss', app, 'Förderfall abgeschlossen');
        return;
      }
    }
  }
}

async function collectOutcomes(ds: DataSource, driver: Driver, prepared: PreparedScenario): Promise<ApplicationOutcome[]> {
  const out: ApplicationOutcome[] = [];
  for (const app of prepared.applications) {
    const h = driver.handles.get(app.id) as AppHandles;
    const application = (await h.application?.result()) as ApplicationState;
    const councilPaper = h.councilPaper ? ((await h.councilPaper.result()) as CouncilPaperState) : null;
    const positions = [];
    for (const p of h.positions) {
      const sched = app.positions.find((x) => x.id === p.id)?.schedule;
      positions.push({
        id: p.id,
        title: p.title,
        state: (await p.handle.result()) as PositionState,
        scheduleTotals: { totalCost: sched?.totals.totalCost ?? 0, reimbursement: sched?.totals.reimbursement ?? 0, months: sched?.months.length ?? 0 },
      });
    }
    const milestones = [];
    for (const m of h.milestones.values()) milestones.push((await m.result()) as MilestoneState);
    const [ledger]: Array<{ cost: string; reimbursement: string; bookings: string }> = await ds.query(
      `SELECT COALESCE(SUM(e.amount_cents) FILTER (WHERE e.kind = 'actual'), 0)::text AS cost,
              COALESCE(SUM(e.amount_cents) FILTER (WHERE e.kind = 'reimbursement'), 0)::text AS reimbursement,
              COUNT(DISTINCT e.reference)::text AS bookings
         FROM ledger_entry e JOIN staff_position p ON e.reference LIKE 'position:' || p.id || ':%' AND p.organisation_id = e.organisation_id
        WHERE p.organisation_id = $1 AND p.application_id = $2`,
      [prepared.organisationId, app.id],
    );
    out.push({
      key: app.spec.key,
      id: app.id,
      title: app.spec.title,
      periodStart: app.periodStart,
      periodEnd: app.periodEnd,
      approvedCents: app.approvedCents,
      application,
      councilPaper,
      positions,
      milestones,
      disbursements: h.disbursements,
      ledger: { costCents: Number(ledger.cost), reimbursementCents: Number(ledger.reimbursement), bookings: Number(ledger.bookings) },
    });
  }
  return out;
}

/** One event per booked position month, from the ledger (the source of truth). */
async function bookingEvents(ds: DataSource, prepared: PreparedScenario): Promise<TimelineEvent[]> {
  const keyOf = new Map(prepared.applications.flatMap((a) => a.positions.map((p) => [p.id, { key: a.spec.key, title: p.spec.title }] as const)));
  const rows: Array<{ reference: string; booked_on: string; cost: string; reimbursement: string }> = await ds.query(
    `SELECT reference, booked_on::text,
            COALESCE(SUM(amount_cents) FILTER (WHERE kind = 'actual'), 0)::text AS cost,
            COALESCE(SUM(amount_cents) FILTER (WHERE kind = 'reimbursement'), 0)::text AS reimbursement
       FROM ledger_entry WHERE organisation_id = $1 GROUP BY reference, booked_on ORDER BY booked_on, reference`,
    [prepared.organisationId],
  );
  return rows.map((r) => {
    const [, positionId, month] = r.reference.split(':');
    const p = keyOf.get(positionId);
    return {
      on: r.booked_on,
      kind: 'buchung' as const,
      application: p?.key ?? '?',
      text: `Personalkosten ${month} gebucht (${p?.title ?? positionId})`,
      amountCents: Number(r.cost),
      reimbursementCents: Number(r.reimbursement),
    };
  });
}

/** Reminders and escalations as the workflows sent them (their own dates). */
function notificationEvents(apps: ApplicationOutcome[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const e = (on: IsoDate, kind: TimelineEvent['kind'], application: string, text: string) => events.push({ on, kind, application, text, amountCents: null, reimbursementCents: null });
  for (const a of apps) {
    for (const n of a.application.remindersSent) {
      const label = n.deadline === 'proof-of-use' ? 'Verwendungsnachweis' : `Zwischennachweis ${n.deadline.replace('interim-', '')}`;
      e(n.sentOn, n.kind === 'application.reminder' ? 'erinnerung' : 'eskalation', a.key, `${n.kind === 'application.reminder' ? 'Erinnerung' : 'Eskalation'}: ${label}, fällig ${n.dueOn}`);
    }
    for (const t of a.application.history) e(t.on, 'statuswechsel', a.key, `Status ${t.from} → ${t.to}`);
    for (const p of a.positions) if (p.state.reminderSent) e(p.state.reminderSent.on, 'erinnerung', a.key, `Erinnerung: Stelle ${p.title} endet am ${p.state.reminderSent.forEnd}`);
    for (const m of a.milestones) {
      for (const r of m.reminders) if (r.status === 'sent') e(r.on, 'erinnerung', a.key, `Erinnerung: Meilenstein „${m.title}“ fällig ${m.dueOn}`);
      if (m.escalation.sentOn) e(m.escalation.sentOn, 'eskalation', a.key, `Eskalation: Meilenstein „${m.title}“ überfällig (fällig ${m.dueOn})`);
    }
  }
  return events;
}


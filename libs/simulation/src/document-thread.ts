import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { IsoDate } from '@app/calendar';
import type { Actor } from '@app/common';
import { dataSourceOptions } from '@app/database';
import type { DocumentRequest } from '@app/document-generation';
import { produceDocument, type DocumentOutcome } from './documents';

/*
 * The runner's own documents (Mittelabrufe, Sachstandsberichte, Finanzübersichten) rendered on a
 * worker thread with its own connections to the simulation's database: rendering a PDF is CPU
 * work, and the main thread is the driver's and the Temporal worker's. Same call, same result as
 * produceDocument on the main thread; the caller still awaits each document before time moves on.
 * A pool of threads (startDocumentThread's count) renders a day's documents side by side; worker
 * activities that render documents (ThreadActivities: the workflows' generateDocument) may run
 * there as well.
 *
 * The thread loads this module with `require` (eval worker), so it needs the same module loader
 * as the main thread: compiled JavaScript, or TypeScript through a require hook given with -r
 * (inherited by worker threads). Under jest neither holds: hence opt-in (RunOptions.documentThread).
 */

const THREAD = 'foerderwerk-simulation-documents';

interface Job {
  id: number;
  actor: Actor;
  application: string | null;
  request: DocumentRequest;
  key: string;
  today: IsoDate;
}
/** A worker activity run on a document thread (ThreadActivities). */
interface ActivityJob {
  id: number;
  activity: string;
  args: unknown[];
}
/** An activity's failure as it crosses the thread: an ApplicationFailure keeps its type and retryability. */
interface ThreadFailure {
  message: string;
  type: string | null;
  nonRetryable: boolean;
  applicationFailure: boolean;
}
type Answer = { id: number; outcome: unknown } | { id: number; error: string } | { id: number; failure: ThreadFailure };

/**
 * Worker activities that render documents, run on the document threads instead of the main
 * thread (the main thread is the Temporal worker's and the driver's): the module (a path that
 * `require` takes on the thread) and its factory `(dataSource) => activities`, and the names of
 * the activities to run there. Same code, same result; only the thread differs.
 */
export interface ThreadActivities {
  module: string;
  factory: string;
  names: string[];
}

export type DocumentProducer = (actor: Actor, application: string | null, request: DocumentRequest, key: string, today: IsoDate) => Promise<DocumentOutcome>;

export interface DocumentThread {
  produce: DocumentProducer;
  /** runs one of the ThreadActivities on a thread; an ApplicationFailure comes back as one */
  activity(name: string, args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** One thread: its jobs in flight (the pool gives the next job to the thread with the fewest). */
interface Thread extends DocumentThread {
  inFlight(): number;
}

async function startThread(databaseUrl: string, activities: ThreadActivities | null): Promise<Thread> {
  const worker = new Worker(`require(${JSON.stringify(__filename)})`, { eval: true, workerData: { kind: THREAD, databaseUrl, activities } });
  const waiting = new Map<number, { resolve: (o: never) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (a: Answer | 'ready') => {
    if (a === 'ready') return;
    const w = waiting.get(a.id);
    waiting.delete(a.id);
    if ('error' in a) w?.reject(new Error(a.error));
    else if ('failure' in a) w?.reject(revive(a.failure));
    else w?.resolve(a.outcome as never);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`simulation: the document thread exited (${code})`)));
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error('simulation: the document thread did not start'))));
    worker.once('error', reject);
  });
  const ask = <T>(job: Omit<Job, 'id'> | Omit<ActivityJob, 'id'>) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...job });
    });
  return {
    inFlight: () => waiting.size,
    produce: (actor, application, request, key, today) => ask<DocumentOutcome>({ actor, application, request, key, today }),
    activity: (activity, args) => ask<unknown>({ activity, args }),
    close: async () => {
      worker.removeAllListeners('exit');
      worker.postMessage('close');
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
}

/**
 * `count` document threads (default 1); each document goes to the thread with the fewest in
 * flight. The documents of one day are independent of each other (each from the data its step
 * wrote before asking), so they may render side by side; the caller still awaits them all before
 * time moves on.
 */
export async function startDocumentThread(databaseUrl: string, count = 1, activities: ThreadActivities | null = null): Promise<DocumentThread> {
  const threads = await Promise.all(Array.from({ length: Math.max(1, count) }, () => startThread(databaseUrl, activities)));
  const least = () => threads.reduce((a, b) => (b.inFlight() < a.inFlight() ? b : a));
  return {
    produce: (...args) => least().produce(...args),
    activity: (name, args) => least().activity(name, args),
    close: async () => {
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}

function revive(f: ThreadFailure): Error {
  return f.applicationFailure ? ApplicationFailure.create({ message: f.message, type: f.type ?? undefined, nonRetryable: f.nonRetryable }) : new Error(f.message);
}

function failureOf(error: unknown): ThreadFailure {
  if (error instanceof ApplicationFailure) return { message: error.message, type: error.type ?? null, nonRetryable: error.nonRetryable === true, applicationFailure: true };
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), type: null, nonRetryable: false, applicationFailure: false };
}

async function serve(databaseUrl: string, activities: ThreadActivities | null): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const ds = await new DataSource(dataSourceOptions(databaseUrl, { poolSize: 4, applicationName: 'foerderwerk-simulation-documents' })).initialize();
  const run: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  if (activities) {
    const made = (require(activities.module) as Record<string, (ds: DataSource) => Record<string, (...args: unknown[]) => Promise<unknown>>>)[activities.factory](ds);
    for (const name of activities.names) run[name] = made[name].bind(made);
  }
  port.on('message', (job: Job | ActivityJob | 'close') => {
    if (job === 'close') {
      void ds.destroy().finally(() => port.close());
      return;
    }
    if ('activity' in job) {
      Promise.resolve()
        .then(() => run[job.activity](...job.args))
        .then(
          (outcome) => port.postMessage({ id: job.id, outcome } satisfies Answer),
          (error: unknown) => port.postMessage({ id: job.id, failure: failureOf(error) } satisfies Answer),
        );
      return;
    }
    produceDocument(ds, job.actor, job.application, job.request, job.key, job.today).then(
      (outcome) => port.postMessage({ id: job.id, outcome } satisfies Answer),
      (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Answer),
    );
  });
  port.postMessage('ready');
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === THREAD) {
  const data = workerData as { databaseUrl: string; activities: ThreadActivities | null };
  void serve(data.databaseUrl, data.activities);
}

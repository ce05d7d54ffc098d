import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
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
 * produceDocument on the main thread; the caller still awaits each document before going on.
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
type Answer = { id: number; outcome: DocumentOutcome } | { id: number; error: string };

export type DocumentProducer = (actor: Actor, application: string | null, request: DocumentRequest, key: string, today: IsoDate) => Promise<DocumentOutcome>;

export interface DocumentThread {
  produce: DocumentProducer;
  close(): Promise<void>;
}

export async function startDocumentThread(databaseUrl: string): Promise<DocumentThread> {
  const worker = new Worker(`require(${JSON.stringify(__filename)})`, { eval: true, workerData: { kind: THREAD, databaseUrl } });
  const waiting = new Map<number, { resolve: (o: DocumentOutcome) => void; reject: (e: Error) => void }>();
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
    else w?.resolve(a.outcome);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`simulation: the document thread exited (${code})`)));
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error('simulation: the document thread did not start'))));
    worker.once('error', reject);
  });
  return {
    produce: (actor, application, request, key, today) =>
      new Promise<DocumentOutcome>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, actor, application, request, key, today } satisfies Job);
      }),
    close: async () => {
      worker.removeAllListeners('exit');
      worker.postMessage('close');
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
}

async function serve(databaseUrl: string): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const ds = await new DataSource(dataSourceOptions(databaseUrl, { poolSize: 4, applicationName: 'foerderwerk-simulation-documents' })).initialize();
  port.on('message', (job: Job | 'close') => {
    if (job === 'close') {
      void ds.destroy().finally(() => port.close());
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
  void serve((workerData as { databaseUrl: string }).databaseUrl);
}

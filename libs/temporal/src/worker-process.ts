/**
 * The V8 flags the worker process runs with (`node <flags> dist/apps/worker/src/main.js`).
 *
 * The worker replays and runs thousands of workflow activations; without a bound V8 sizes each
 * heap from the machine's memory (up to 4 GB on this kind of machine) and lets garbage pile up
 * before it collects. With 10,000 live workflows the worker then peaked at 1,071 MB RSS; with the
 * old generation bounded to 512 MB per isolate (the main thread and the workflow thread each) it
 * stays far below (`npm run bench -- workflows --skip-a`, which runs the worker with these flags).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=512'];

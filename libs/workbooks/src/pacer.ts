import type { Writable } from 'node:stream';
import type { ZipInput } from './exceljs-internals';

/** Uncompressed XML allowed to wait for zlib before the writer pauses. */
export const DEFAULT_HIGH_WATER_BYTES = 4 * 1024 * 1024;

/**
 * Keeps exceljs's streaming writer from running ahead of its zip compression.
 *
 * exceljs hands committed rows to zlib without backpressure, and zlib only gets its finished
 * chunks back on the event loop. A producer that never leaves the microtask queue (a loop or a
 * `for await` over an in-memory generator) piles up uncompressed XML: 570 MB for a million
 * ledger rows. Every `everyRows` rows the pacer
 *  1. yields one macrotask turn, so that zlib's callbacks run and compression overlaps with
 *     building rows;
 *  2. if more than `highWaterBytes` of XML still wait for zlib (yielding alone does not suffice
 *     when deflate is the slower side), waits for the zip entry's 'drain': real backpressure;
 *  3. if the output stream itself is full (a slow disk or client), waits for its 'drain'.
 */
export class Pacer {
  private rowsSinceYield = 0;

  constructor(
    private readonly everyRows: number,
    private readonly output: Writable,
    private readonly zipInput: ZipInput | undefined,
    private readonly highWaterBytes = DEFAULT_HIGH_WATER_BYTES,
  ) {}

  /** Call after each committed row. */
  async afterRow(): Promise<void> {
    if (this.everyRows <= 0 || ++this.rowsSinceYield < this.everyRows) return;
    this.rowsSinceYield = 0;
    await nextTurn();
    while (this.zipInput && this.zipInput.pendingBytes() > this.highWaterBytes) {
      const sink = this.zipInput.congestedSink();
      if (sink) await drained(sink);
      else await pause(1); // archiver has not reached the sheet yet
    }
    if (this.output.writableNeedDrain) await drained(this.output);
  }
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

function pause(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Resolves on 'drain', rejects on 'error' or on 'close' before the drain. */
function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (error: Error): void => done(error);
    const onClose = (): void => done(new Error('stream closed while the workbook was being written'));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

import type { Writable } from 'node:stream';
import type { Worksheet } from 'exceljs';

/**
 * The one place that reads exceljs internals (exceljs 4.4.0 with archiver 5.3):
 * - a streaming worksheet's `stream` is a StreamBuf (lib/utils/stream-buf.js) whose `buffers`
 *   hold committed rows not yet handed on, and whose `pipes[0]`, once archiver has reached the
 *   sheet, is the zip entry's input: a readable-stream 2.x PassThrough in front of zlib;
 * - StreamBuf writes into it ignoring the return value, so the uncompressed XML waiting there
 *   (its writable state's `length`) grows without bound; it still sets `needDrain` and emits
 *   'drain' like any stream.
 * readable-stream 2.x lacks `writableLength`/`writableNeedDrain`; `_writableState` is the same
 * in readable-stream 2 and 3 and in Node's streams. The unit test "exposes the zip input of a
 * streaming sheet" fails if an upgrade moves any of this.
 */
interface StreamBufInternals {
  buffers: { length: number }[];
  pipes: Writable[];
}

interface WritableState {
  length: number;
  needDrain: boolean;
}

export interface ZipInput {
  /** Uncompressed bytes the sheet has written that zlib has not taken yet. */
  pendingBytes(): number;
  /** The zip entry's input stream if it has signalled backpressure (wait for its 'drain'). */
  congestedSink(): Writable | undefined;
}

/** The zip input of a streaming worksheet, or undefined if exceljs's internals have changed. */
export function zipInputOf(sheet: Worksheet): ZipInput | undefined {
  const stream = (sheet as unknown as { stream?: Partial<StreamBufInternals> }).stream;
  if (!stream || !Array.isArray(stream.buffers) || !Array.isArray(stream.pipes)) return undefined;
  const internals = stream as StreamBufInternals;
  const sinkState = (): { sink: Writable; state: WritableState } | undefined => {
    const sink = internals.pipes[0];
    const state = (sink as unknown as { _writableState?: WritableState } | undefined)?._writableState;
    return sink && state && typeof state.length === 'number' ? { sink, state } : undefined;
  };
  return {
    pendingBytes: () => {
      let pending = 0;
      for (const buffer of internals.buffers) pending += buffer.length;
      return pending + (sinkState()?.state.length ?? 0);
    },
    congestedSink: () => {
      const found = sinkState();
      return found?.state.needDrain ? found.sink : undefined;
    },
  };
}

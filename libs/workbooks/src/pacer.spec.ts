import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { zipInputOf, type ZipInput } from './exceljs-internals';
import { Pacer } from './pacer';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Pacer', () => {
  it('yields one event-loop turn every n rows', async () => {
    const pacer = new Pacer(3, new PassThrough(), undefined);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      const before = ticks;
      await pacer.afterRow();
      await pacer.afterRow();
      expect(ticks).toBe(before); // rows 1 and 2: microtasks only
      for (let i = 0; i < 3 * 20; i++) await pacer.afterRow();
      expect(ticks).toBeGreaterThan(before);
    } finally {
      clearInterval(ticker);
    }
  });

  it('waits for the zip input to drain while more than the high-water mark is pending', async () => {
    const sink = new PassThrough();
    let pending = 10_000;
    let congested = true;
    const zip: ZipInput = { pendingBytes: () => pending, congestedSink: () => (congested ? sink : undefined) };
    const pacer = new Pacer(1, new PassThrough(), zip, 1_000);
    let done = false;
    const waiting = pacer.afterRow().then(() => (done = true));
    for (let i = 0; i < 5; i++) await turn();
    expect(done).toBe(false);
    pending = 0;
    congested = false;
    sink.emit('drain');
    await waiting;
    expect(done).toBe(true);
  });

  it('does not pace at all when turned off', async () => {
    const zip: ZipInput = { pendingBytes: () => Number.MAX_SAFE_INTEGER, congestedSink: () => undefined };
    const pacer = new Pacer(0, new PassThrough(), zip, 1);
    for (let i = 0; i < 1_000; i++) await pacer.afterRow(); // would hang if it waited
    expect(zip.pendingBytes()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('exposes the zip input of a streaming sheet (the exceljs internals the pacer relies on)', async () => {
    const out = new PassThrough().resume();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = workbook.addWorksheet('Probe');
    const zip = zipInputOf(sheet);
    expect(zip).toBeDefined();
    // Rows written without leaving the microtask queue are not compressed: they pile up.
    let row = 0;
    for (let attempt = 0; attempt < 100 && !zip!.congestedSink(); attempt++) {
      for (let i = 0; i < 1_000; i++) sheet.addRow([++row, 'Buchungstext '.repeat(5)]).commit();
      await turn();
    }
    for (let i = 0; i < 20_000; i++) sheet.addRow([++row, 'Buchungstext '.repeat(5)]).commit();
    expect(zip!.pendingBytes()).toBeGreaterThan(1_000_000);
    const sink = zip!.congestedSink();
    expect(sink).toBeDefined();
    await once(sink!, 'drain');
    expect(zip!.pendingBytes()).toBeLessThan(100_000);
    sheet.commit();
    await workbook.commit();
  });
});

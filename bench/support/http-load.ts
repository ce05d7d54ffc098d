import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { quantile } from './stats';

/*
 * A small closed-loop HTTP/1.1 load generator: a fixed number of keep-alive connections, each
 * sending its next request as soon as the previous response is complete (no pipelining), for a
 * fixed time. Latency is measured per request from writing it to the last byte of the response.
 * Meant for loopback servers only (the benchmarks start their own).
 */

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
}

export interface LoadOptions {
  host: string;
  port: number;
  connections: number;
  durationMs: number;
  /** Requests are sent round-robin across all connections. */
  requests: readonly LoadRequest[];
}

export interface LoadResult {
  requests: number;
  /** Responses other than 2xx. */
  non2xx: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanBodyBytes: number;
}

interface Response {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection that sends one request at a time. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (r: Response) => void; reject: (e: Error) => void };

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.tryComplete();
    });
    const fail = (error: Error) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.removeListener('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  send(raw: Buffer): Promise<Response> {
    if (this.waiting) throw new Error('one request at a time');
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(raw);
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private tryComplete(): void {
    const headerEnd = this.buffer.indexOf(HEADER_END);
    if (headerEnd < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const bodyStart = headerEnd + 4;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let body: Buffer | undefined;
    let consumed = 0;
    if (length) {
      const end = bodyStart + Number(length[1]);
      if (this.buffer.length < end) return;
      body = this.buffer.subarray(bodyStart, end);
      consumed = end;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const decoded = decodeChunked(this.buffer, bodyStart);
      if (!decoded) return;
      ({ body, consumed } = decoded);
    } else {
      this.waiting.reject(new Error(`response without content-length or chunked encoding: ${head.split('\r\n')[0]}`));
      this.waiting = undefined;
      return;
    }
    this.buffer = this.buffer.subarray(consumed);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting.resolve({ status, body });
  }
}

function decodeChunked(buffer: Buffer, start: number): { body: Buffer; consumed: number } | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    if (size === 0) return { body: Buffer.concat(parts), consumed: lineEnd + 4 };
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function encode(host: string, port: number, request: LoadRequest): Buffer {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.from(`GET ${request.path} HTTP/1.1\r\nhost: ${host}:${port}\r\nconnection: keep-alive\r\naccept: application/json\r\n${headers}\r\n`, 'latin1');
}

/** One request, for checking answers before a run. */
export async function fetchOnce(host: string, port: number, request: LoadRequest): Promise<{ status: number; json: unknown }> {
  const connection = await Connection.open(host, port);
  try {
    const response = await connection.send(encode(host, port, request));
    return { status: response.status, json: JSON.parse(response.body.toString('utf8')) };
  } finally {
    connection.close();
  }
}

/** Runs the load for the given time and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!options.requests.length) throw new Error('no requests to send');
  const raw = options.requests.map((r) => encode(options.host, options.port, r));
  const connections = await Promise.all(Array.from({ length: options.connections }, () => Connection.open(options.host, options.port)));
  const latencies: number[] = [];
  let non2xx = 0;
  let bodyBytes = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  try {
    await Promise.all(
      connections.map(async (connection) => {
        while (performance.now() < deadline) {
          const request = raw[next++ % raw.length]!;
          const sent = performance.now();
          const response = await connection.send(request);
          latencies.push(performance.now() - sent);
          bodyBytes += response.body.length;
          if (response.status < 200 || response.status >= 300) non2xx++;
        }
      }),
    );
  } finally {
    for (const connection of connections) connection.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    non2xx,
    seconds,
    requestsPerSecond: sorted.length / seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1]!,
    meanBodyBytes: bodyBytes / sorted.length,
  };
}

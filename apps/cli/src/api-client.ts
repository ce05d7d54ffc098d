import { createHash } from 'node:crypto';

/** A problem with one field, as the api's error body carries it. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** The api's error body (apps/api/src/common/http-exception.filter.ts). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  errorId?: string;
  requestId?: string;
}

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type QueryValue = string | number | undefined;

/** The api refused the request (4xx): the caller's input is wrong. The CLI exits with 2. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || `request refused (HTTP ${status})`);
  }
  get problems(): FieldProblem[] {
    return this.body.problems ?? [];
  }
}

/** The api failed (5xx, unreachable, a damaged answer). The CLI exits with 1. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    message: string,
    readonly status?: number,
    readonly errorId?: string,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  /** `<org-slug>/<subject>`, sent as X-Dev-User. */
  user?: string;
  fetch?: typeof fetch;
}

export interface Download {
  bytes: Buffer;
  /** The ETag without quotes (the api's is the SHA-256 of the content). */
  etag: string | null;
  sha256: string;
  fileName: string | null;
  mediaType: string | null;
}

/** A small typed client of the foerderwerk REST api: JSON in and out, errors as typed errors. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  get<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.json<T>('GET', path, query);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', path, {}, body);
  }

  /** Every page of a list endpoint, `pageSize` at a time; `onPage` hears of each page. */
  async listAll<T>(path: string, query: Record<string, QueryValue>, pageSize: number, onPage?: (fetched: number, total: number) => void): Promise<Page<T>> {
    const items: T[] = [];
    let total = 0;
    for (let offset = 0; ; ) {
      const page = await this.get<Page<T>>(path, { ...query, limit: pageSize, offset });
      items.push(...page.items);
      total = page.total;
      onPage?.(items.length, total);
      offset += page.items.length;
      if (!page.items.length || offset >= total) break;
    }
    return { items, total, limit: items.length, offset: 0 };
  }

  /** A binary download; the content's SHA-256 is computed here, for the caller to compare. */
  async download(path: string): Promise<Download> {
    const res = await this.send('GET', path, {});
    if (!res.ok) await this.fail(res);
    const bytes = Buffer.from(await res.arrayBuffer());
    const etag = res.headers.get('etag');
    const disposition = res.headers.get('content-disposition');
    const name = disposition ? /filename="([^"]+)"/.exec(disposition)?.[1] ?? null : null;
    return {
      bytes,
      etag: etag ? etag.replace(/^W\//, '').replace(/^"|"$/g, '') : null,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fileName: name,
      mediaType: res.headers.get('content-type'),
    };
  }

  private async json<T>(method: string, path: string, query: Record<string, QueryValue>, body?: unknown): Promise<T> {
    const res = await this.send(method, path, query, body);
    if (!res.ok) await this.fail(res);
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new ApiFailure(`the api answered ${method} ${path} with something that is not JSON (HTTP ${res.status})`, res.status);
    }
  }

  private async send(method: string, path: string, query: Record<string, QueryValue>, body?: unknown): Promise<Response> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.user) headers['x-dev-user'] = this.options.user;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new ApiFailure(`cannot reach the api at ${this.baseUrl}: ${why}`);
    }
  }

  private async fail(res: Response): Promise<never> {
    const text = await res.text().catch(() => '');
    let body: Partial<ApiErrorBody> = {};
    try {
      body = text ? (JSON.parse(text) as Partial<ApiErrorBody>) : {};
    } catch {
      body = {};
    }
    if (res.status >= 400 && res.status < 500) {
      throw new ApiRequestError(res.status, {
        statusCode: res.status,
        error: body.error ?? 'error',
        message: body.message ?? (text.slice(0, 200) || `HTTP ${res.status}`),
        ...(Array.isArray(body.problems) ? { problems: body.problems } : {}),
      });
    }
    const id = body.errorId ? ` (error id ${body.errorId})` : '';
    throw new ApiFailure(`the api failed with HTTP ${res.status}: ${body.message ?? res.statusText}${id}`, res.status, body.errorId);
  }
}

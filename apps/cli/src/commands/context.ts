import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ApiClient, Page, QueryValue } from '../api-client';
import { Column, json, LineWriter, table } from '../output';
import { UsageError } from '../usage-error';

/** What every command function gets: its arguments (after the resource and action), the environment, and where to write. */
export interface CommandContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  out: LineWriter;
  err: LineWriter;
}

export const DEFAULT_API = 'http://127.0.0.1:3000';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every resource command takes. */
export const GLOBAL_OPTIONS = {
  api: { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies Options;

export const LIST_OPTIONS = {
  all: { type: 'boolean' },
  limit: { type: 'string' },
} as const satisfies Options;

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { api?: string; user?: string; json?: boolean };
  positionals: string[];
}

/** Parses the arguments strictly; anything unknown is a usage error naming it. */
export function parse<O extends Options>(command: string, argv: string[], options: O, positionals: string[] = []): Parsed<O> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`${command}: missing ${positionals[parsed.positionals.length]}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals.length]}"`);
  }
  return parsed as Parsed<O>;
}

/** The api client for the global options (--api, --user) and their environment defaults. */
export function client(ctx: CommandContext, values: { api?: string; user?: string }): ApiClient {
  const baseUrl = values.api ?? ctx.env.FOERDERWERK_API ?? DEFAULT_API;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`--api: not an http(s) URL: "${baseUrl}"`);
  }
  const user = values.user ?? ctx.env.FOERDERWERK_USER;
  if (user !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(user)) throw new UsageError(`--user must be <org-slug>/<subject>; got "${user}"`);
  return new ApiClient({ baseUrl, user });
}

/** A positive integer option, or a usage error naming it. */
export function intOption(name: string, value: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got "${value}"`);
  return Number(value);
}

export const PAGE_SIZE = 200;

/**
 * A list: one page (--limit) or every page (--all, --limit then the page size; progress on stderr for people), printed
 * as a table or, with --json, as the api's JSON (with --all: one page object holding every item).
 */
export async function list<T>(
  ctx: CommandContext,
  values: { api?: string; user?: string; json?: boolean; all?: boolean; limit?: string },
  apiPath: string,
  query: Record<string, QueryValue>,
  columns: readonly Column<T>[],
): Promise<Page<T>> {
  const api = client(ctx, values);
  const limit = intOption('limit', values.limit, 1, PAGE_SIZE);
  const page = values.all
    ? await api.listAll<T>(apiPath, query, limit ?? PAGE_SIZE, values.json ? undefined : (fetched, total) => ctx.err(`… ${fetched}/${total}`))
    : await api.get<Page<T>>(apiPath, { ...query, limit });
  printPage(ctx, values, page, columns);
  return page;
}

export function printPage<T>(ctx: CommandContext, values: { json?: boolean }, page: Page<T>, columns: readonly Column<T>[]): void {
  if (values.json) {
    ctx.out(json(page));
    return;
  }
  for (const line of table(page.items, columns)) ctx.out(line);
  if (page.items.length < page.total) ctx.out(`${page.items.length} von ${page.total} (weitere mit --all oder --limit)`);
  else ctx.out(`${page.total} ${page.total === 1 ? 'Eintrag' : 'Einträge'}`);
}

/** An input file: JSON, or YAML by its extension (.yaml/.yml); it must hold one object. */
export async function readJsonFile(file: string | undefined, option = '--file'): Promise<Record<string, unknown>> {
  if (!file) throw new UsageError(`${option} <file.json> is required (or a .yaml file)`);
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  let value: unknown;
  try {
    value = yaml ? parseYaml(text, { uniqueKeys: true }) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${file} must hold ${yaml ? 'a YAML mapping' : 'a JSON object'}`);
  return value as Record<string, unknown>;
}

/** Prints either the JSON or the people's lines. */
export function print(ctx: CommandContext, values: { json?: boolean }, body: unknown, lines: () => string[]): void {
  if (values.json) ctx.out(json(body));
  else for (const line of lines()) ctx.out(line);
}

/** Dispatches an action of a resource; an unknown or missing action is a usage error listing the known ones. */
export function action<A extends string>(resource: string, argv: string[], actions: readonly A[]): { name: A; rest: string[] } {
  const [name, ...rest] = argv;
  if (name === undefined || name.startsWith('-')) throw new UsageError(`${resource}: an action is required (${actions.join(', ')})`);
  if (!(actions as readonly string[]).includes(name)) throw new UsageError(`${resource}: unknown action "${name}" (${actions.join(', ')})`);
  return { name: name as A, rest };
}

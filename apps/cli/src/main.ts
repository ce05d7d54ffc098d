#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError } from '@app/config';
import { ApiFailure, ApiRequestError } from './api-client';
import { RESOURCE_COMMANDS, RESOURCE_USAGE, runCommand } from './commands';
import { seed } from './seed';
import { simulate, SIMULATE_USAGE } from './commands/simulate';
import { launch } from './start/launcher';
import { UsageError } from './usage-error';

const USAGE = `foerderwerk <command>

Commands:
  start     start PostgreSQL, Temporal, api and worker with the demo data (Ctrl-C stops)
  seed      migrate the database DATABASE_URL names and load the demo data (idempotent)
${SIMULATE_USAGE}
  help      show this text

${RESOURCE_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      if (rest.length) throw new UsageError(`start takes no arguments; got "${rest.join(' ')}"`);
      await launch({ env: process.env, out: (line) => process.stdout.write(`${line}\n`) });
      return;
    case 'seed':
      if (rest.length) throw new UsageError(`seed takes no arguments; got "${rest.join(' ')}"`);
      await seed(process.env, (line) => process.stdout.write(`${line}\n`));
      return;
    case 'simulate':
      await simulate({ argv: rest, env: process.env, out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) });
      return;
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    case undefined:
      throw new UsageError(`a command is required\n\n${USAGE}`);
    default:
      if (Object.hasOwn(RESOURCE_COMMANDS, command)) {
        await runCommand({
          argv,
          env: process.env,
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
        });
        return;
      }
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/**
 * What the CLI prints on stderr and exits with for an error: 2 for bad input (usage, config, the
 * api's 4xx with one `field: reason` line per problem), 1 for everything else (api unreachable,
 * 5xx with its error id, unexpected errors).
 */
export function exitStatus(error: unknown): { code: 1 | 2; lines: string[] } {
  if (error instanceof UsageError || error instanceof ConfigError) return { code: 2, lines: [error.message] };
  if (error instanceof ApiRequestError) {
    return { code: 2, lines: [`${error.message} (HTTP ${error.status})`, ...error.problems.map((p) => `${p.field}: ${p.reason}`)] };
  }
  if (error instanceof ApiFailure) return { code: 1, lines: [error.message] };
  return { code: 1, lines: [error instanceof Error ? error.message : String(error)] };
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const { code, lines } = exitStatus(error);
    for (const line of lines) process.stderr.write(`foerderwerk: ${line}\n`);
    process.exit(code);
  });
}

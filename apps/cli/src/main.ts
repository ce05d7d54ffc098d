#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError } from '@app/config';
import { seed } from './seed';
import { launch } from './start/launcher';
import { UsageError } from './usage-error';

const USAGE = `foerderwerk <command>

Commands:
  start     start PostgreSQL, Temporal, api and worker with the demo data (Ctrl-C stops)
  seed      migrate the database DATABASE_URL names and load the demo data (idempotent)
  help      show this text`;

async function main(argv: string[]): Promise<void> {
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
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    case undefined:
      throw new UsageError(`a command is required\n\n${USAGE}`);
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`foerderwerk: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`foerderwerk: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

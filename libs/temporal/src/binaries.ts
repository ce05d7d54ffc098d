import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '@app/common';

/** Versions installed by scripts/tools/temporal.sh (PyPI wheels, sha256-pinned). */
export const PINNED_TEMPORAL_CLI = { version: '1.9.1', relPath: '.tools/temporal-cli/1.9.1/temporal' };
export const PINNED_TEST_SERVER = { version: '1.40.0', relPath: '.tools/temporal-test-server/1.40.0/temporal-test-server' };

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/**
 * The Temporal CLI for the local dev server: a `temporal` already on PATH wins over the pinned
 * one (installed on demand by scripts/tools/temporal.sh).
 */
export function temporalCliPath(root = repoRoot()): string {
  const existing = onPath('temporal');
  if (existing) return existing;
  return ensurePinned(root, PINNED_TEMPORAL_CLI.relPath, 'cli');
}

/** The time-skipping test server used by the tests (always the pinned build). */
export function temporalTestServerPath(root = repoRoot()): string {
  return ensurePinned(root, PINNED_TEST_SERVER.relPath, 'test-server');
}

function ensurePinned(root: string, relPath: string, which: 'cli' | 'test-server'): string {
  const full = path.join(root, relPath);
  if (!fs.existsSync(full)) {
    execFileSync('bash', [path.join(root, 'scripts/tools/temporal.sh'), which], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!fs.existsSync(full)) throw new Error(`Temporal binary missing after install: ${full}`);
  return full;
}

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '@app/common';

/** Versions installed by scripts/tools/temporal.sh (PyPI wheels and Maven Central, sha256-pinned). */
export const PINNED_TEMPORAL_CLI = { version: '1.9.1', relPath: '.tools/temporal-cli/1.9.1/temporal' };
export const PINNED_TEST_SERVER = { version: '1.40.0', relPath: '.tools/temporal-test-server/1.40.0/temporal-test-server' };
/**
 * The same time-skipping test server (the Java SDK's) run on the JVM instead of compiled ahead of
 * time; its launcher takes the JVM's options from `javaOptionsVariable` (default: the JIT's first tier only).
 */
export const PINNED_JVM_TEST_SERVER = {
  version: '1.39.0',
  relPath: '.tools/temporal-test-server-jvm/1.39.0-fw2/temporal-test-server',
  javaOptionsVariable: 'TEMPORAL_TEST_SERVER_JAVA_OPTS',
};

/**
 * The two builds of the time-skipping test server. The native one starts in milliseconds and
 * serves the tests; the JVM one needs a second to start and some to warm up, then serves a long
 * run (simulate, benchmarks) with far less CPU: its JIT compiles the hot paths, and its launcher
 * (scripts/tools/temporal-test-server/FoerderwerkTestServer.java) mends a list that makes a long
 * run quadratic. N = 100 applications over 3 years on a 2-core machine: the server's CPU 82–88 s
 * native, 59 s on the JVM, 35 s mended; the run 164 → 134 → 106 s.
 */
export type TestServerBuild = 'native' | 'jvm';
export const TEST_SERVER_BUILDS: readonly TestServerBuild[] = ['native', 'jvm'];

/** A chosen test server: its launcher, and a line saying which and why. */
export interface TestServerChoice {
  build: TestServerBuild;
  path: string;
  description: string;
}

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

/** The time-skipping test server, by default the native build the tests use (installed on demand). */
export function temporalTestServerPath(root = repoRoot(), build: TestServerBuild = 'native'): string {
  return build === 'jvm' ? ensurePinned(root, PINNED_JVM_TEST_SERVER.relPath, 'test-server-jvm') : ensurePinned(root, PINNED_TEST_SERVER.relPath, 'test-server');
}

/**
 * The test server for a long run: the build asked for, or (`auto`) the JVM build where Java is on
 * PATH and the build is installed or installs (Maven), else the native build, saying why.
 */
export function longRunTestServer(wanted: TestServerBuild | 'auto', root = repoRoot()): TestServerChoice {
  const describe = (build: TestServerBuild, why = ''): TestServerChoice => ({
    build,
    path: temporalTestServerPath(root, build),
    description: `${build === 'jvm' ? `JVM build ${PINNED_JVM_TEST_SERVER.version}` : `native build ${PINNED_TEST_SERVER.version}`}${why}`,
  });
  if (wanted !== 'auto') return describe(wanted);
  if (!onPath('java')) return describe('native', ' (no java on PATH for the JVM build)');
  try {
    return describe('jvm');
  } catch (error) {
    return describe('native', ` (the JVM build did not install: ${(error as Error).message.split('\n')[0]})`);
  }
}

function ensurePinned(root: string, relPath: string, which: 'cli' | 'test-server' | 'test-server-jvm'): string {
  const full = path.join(root, relPath);
  if (!fs.existsSync(full)) {
    execFileSync('bash', [path.join(root, 'scripts/tools/temporal.sh'), which], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!fs.existsSync(full)) throw new Error(`Temporal binary missing after install: ${full}`);
  return full;
}

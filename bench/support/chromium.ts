import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium (Debian's package, installed by scripts/tools/chromium.sh) driven through
 * playwright-core, which downloads no browser of its own. Benchmarks only.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Without the background-networking switches, Chromium on a machine without outside network
 * hangs on connection attempts (component updates, sync, QUIC probes).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The repository root: the first folder above `from` that holds scripts/tools/chromium.sh. */
export function repositoryRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'scripts', 'tools', 'chromium.sh')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root (scripts/tools/chromium.sh) above ${from}`);
    dir = parent;
  }
}

/** Installs Chromium with scripts/tools/chromium.sh unless /usr/bin/chromium is there. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  execFileSync('bash', [join(repositoryRoot(), 'scripts', 'tools', 'chromium.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Ends the browser process (what a per-document renderer pays). */
  close(): Promise<void>;
  /** Removes the user-data dir; call after close(). */
  dispose(): Promise<void>;
}

/** Starts a new Chromium process with a fresh, empty user-data dir. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'chromium-bench-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
    return {
      context,
      close: () => context.close(),
      dispose: () => rm(userDataDir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Starts a child whose stdout and stderr go to a log file, so the terminal stays readable. */
export function startChild(name: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; logDir: string; cwd: string }): Child {
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  // Its own process group: a Ctrl-C in the terminal reaches only the launcher, which stops the
  // children in order; if the launcher dies, they are told to stop too.
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log], detached: true });
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.removeListener('exit', onExit);
      resolve(code);
    }),
  );
  return {
    name,
    process: child,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until `probe` resolves true, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, abortIf?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const abort = abortIf?.();
    if (abort) throw new Error(`${what}: ${abort}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { endedChildrenCpuSeconds } from './cpu';

/**
 * Runs bench/support/run-scenario.js in a fresh node process and returns its JSON line, with
 * `cpuSeconds`: the CPU the run took in all its processes (node, the test server, PostgreSQL).
 */
export function runScenarioChild(args: string[]): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const cpuBefore = endedChildrenCpuSeconds();
    const child = spawn(process.execPath, [join(__dirname, 'run-scenario.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    // the runner's progress lines (indented); the test server's own debug output is dropped
    child.stderr.on('data', (c: Buffer) => {
      for (const line of c.toString().split('\n')) if (/^ {2}\S|Error|error/.test(line)) process.stderr.write(`${line}\n`);
    });
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`run-scenario ${args.join(' ')} exited with ${code}`));
      resolve({ ...JSON.parse(out.trim().split('\n').pop() as string), cpuSeconds: Math.round(endedChildrenCpuSeconds() - cpuBefore) });
    });
  });
}

import { readFileSync } from 'node:fs';

/** VmHWM: the peak resident set size of a process (default this one), in MB; NaN where /proc has no answer. */
export function peakRssMbFromProc(pid: number | 'self' = 'self'): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

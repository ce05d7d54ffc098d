import { readFileSync } from 'node:fs';

/** /proc reports CPU times in USER_HZ ticks, 100 per second on Linux (the kernel's fixed unit for user space). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU seconds (user + system) of this process's children that have ended and been waited
 * for, with their own waited-for descendants (cutime + cstime of /proc/self/stat). Read before
 * and after a child runs, the difference is the CPU the child and everything it started and
 * stopped took: for a scenario run, the driver and worker, the test server and PostgreSQL.
 */
export function endedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after the command name: state is field 3 of proc(5), so cutime (16) and cstime (17) are at 13 and 14
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

import { spawnSync } from 'node:child_process';
import { endedChildrenCpuSeconds } from '../../bench/support/cpu';

describe('endedChildrenCpuSeconds (the benchmarks’ CPU of a run’s processes)', () => {
  it('grows by the CPU a child took once it has ended, in seconds', () => {
    const before = endedChildrenCpuSeconds();
    // the child computes until it has used 0.4 s of CPU, however busy the machine is
    const run = spawnSync(process.execPath, ['-e', 'while (process.cpuUsage().user < 400_000) {}']);
    expect(run.status).toBe(0);
    const took = endedChildrenCpuSeconds() - before;
    expect(took).toBeGreaterThanOrEqual(0.35); // /proc counts in 10 ms ticks
    expect(took).toBeLessThan(10); // seconds, not clock ticks
  });
});

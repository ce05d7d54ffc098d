import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { installTestRuntime, workflowBundle } from './support/temporal';

/**
 * Replays every recorded history against today's workflow code: a change that would break
 * workflows already running in production (non-determinism) fails here. Use `patched()` for
 * such changes and record new histories with `npm run record-histories`.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  const dir = path.join(__dirname, 'histories');
  installTestRuntime();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  it('has histories of every workflow family', () => {
    const exported = Object.keys(require('../workflows') as object);
    const families = new Set(files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).events[0].workflowExecutionStartedEventAttributes.workflowType.name));
    expect([...families].sort()).toEqual(exported.sort());
  });

  it.each(files)('%s', async (file) => {
    // Files hold protobufjs's JSON form of the History message (see test/histories/*.record.ts).
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});

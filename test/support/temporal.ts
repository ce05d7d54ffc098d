import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { readGlobals } from './globals';

let runtimeInstalled = false;

/** A real Temporal time-skipping test server (the pinned binary), one per test file. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const { temporalTestServer } = readGlobals();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer } },
  });
}

/** The workflow bundle built once by the global set-up. */
export function workflowBundle(): { codePath: string } {
  return { codePath: readGlobals().workflowBundlePath };
}

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { temporalTestServerPath, type TestServerBuild } from '@app/temporal';
import { readGlobals } from './globals';

let runtimeInstalled = false;

/** The SDK runtime for tests: only SDK core errors reach the test log. Once per test file. */
export function installTestRuntime(): void {
  if (!runtimeInstalled) {
    // The Java test server does not advertise newer server capabilities; core warns about that on
    // every worker start. Only errors from the SDK core are of interest in tests.
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
    runtimeInstalled = true;
  }
}

/**
 * A real Temporal time-skipping test server (the pinned build), one per test file: the native
 * build, or the JVM build that `simulate` starts where Java is there.
 */
export async function createTimeSkippingEnv(build: TestServerBuild = 'native'): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  // the JVM build only where asked for (installed on demand): the set-up of the other tests does not wait for it
  const path = build === 'jvm' ? temporalTestServerPath(undefined, 'jvm') : readGlobals().temporalTestServer;
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
}

/** The workflow bundle built once by the global set-up. */
export function workflowBundle(): { codePath: string } {
  return { codePath: readGlobals().workflowBundlePath };
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Handed from the global set-up (parent process) to the test files (jest workers). */
export interface TestGlobals {
  runDir: string;
  /** URL of the PostgreSQL server (its `postgres` database). */
  serverUrl: string;
  /** the time-skipping test server's native build, which the tests use */
  temporalTestServer: string;
  workflowBundlePath: string;
}

export const TEMPLATE_DATABASE = 'fw_template';

export function globalsFile(): string {
  return path.join(os.tmpdir(), `foerderwerk-test-globals-${process.env.FW_TEST_RUN_ID ?? process.ppid}.json`);
}

export function writeGlobals(globals: TestGlobals): void {
  // The run id ties the jest workers (children) to this parent process.
  process.env.FW_TEST_RUN_ID = String(process.pid);
  fs.writeFileSync(globalsFile(), JSON.stringify(globals));
}

export function readGlobals(): TestGlobals {
  const file = globalsFile();
  if (!fs.existsSync(file)) {
    throw new Error(`integration test globals missing (${file}): run integration tests through jest's "integration" project`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestGlobals;
}

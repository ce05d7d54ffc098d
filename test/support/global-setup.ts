import './register-paths';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres, withDatabase } from '@app/database';
import { temporalTestServerPath, workflowBundlerOptions } from '@app/temporal';
import { freePort } from './ports';
import { TEMPLATE_DATABASE, TestGlobals, writeGlobals } from './globals';

/**
 * Once per test run: a real PostgreSQL (embedded, or the server DATABASE_URL names) with a
 * migrated template database, the pinned Temporal test server binary, and the workflow bundle.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foerderwerk-test-'));
  fs.chmodSync(runDir, 0o755);

  let serverUrl = process.env.DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(runDir, 'pg'), port: await freePort() });
    serverUrl = embedded.url;
  }

  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await runMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE));

  const temporalTestServer = temporalTestServerPath();
  const bundle = await bundleWorkflowCode({ ...workflowBundlerOptions(), logger: quietLogger });
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);

  const globals: TestGlobals = { runDir, serverUrl, temporalTestServer, workflowBundlePath: bundlePath };
  writeGlobals(globals);
  (globalThis as { __FW_EMBEDDED_PG__?: typeof embedded }).__FW_EMBEDDED_PG__ = embedded;
  if (process.env.FW_TEST_VERBOSE) process.stderr.write(`\n[global-setup] ready in ${Date.now() - started} ms\n`);
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};

import './register-paths';
import * as fs from 'node:fs';
import { readGlobals, globalsFile } from './globals';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __FW_EMBEDDED_PG__?: { stop(): Promise<void> } }).__FW_EMBEDDED_PG__;
  await embedded?.stop();
  const globals = readGlobals();
  fs.rmSync(globals.runDir, { recursive: true, force: true });
  fs.rmSync(globalsFile(), { force: true });
}

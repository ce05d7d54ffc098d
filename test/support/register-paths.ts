/**
 * Jest's global set-up and teardown run outside jest's module system, where moduleNameMapper
 * does not apply: resolve `@app/...` imports through tsconfig's paths there.
 */
import * as path from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

const config = loadConfig(path.resolve(__dirname, '../..'));
if (config.resultType === 'success') {
  register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
}

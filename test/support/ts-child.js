/**
 * A require hook for child `node` processes that run TypeScript test code (e.g. a worker a test
 * kills): `node -r ./test/support/ts-child.js some-file.ts`. Compiles .ts with @swc/core as
 * jest does (decorators with metadata, CommonJS) and resolves `@app/*` through tsconfig paths.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const { loadConfig, register } = require('tsconfig-paths');

const root = path.resolve(__dirname, '../..');
const config = loadConfig(root);
if (config.resultType === 'success') {
  register({ baseUrl: config.absoluteBaseUrl, paths: config.paths, addMatchAll: false });
}

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

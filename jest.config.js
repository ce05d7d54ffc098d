/**
 * Jest: two projects.
 *  - unit:        *.spec.ts     pure code, no servers.
 *  - integration: *.int.spec.ts real PostgreSQL (a fresh database per test file, cloned from a
 *                 migrated template) and a real Temporal test server; global set-up starts them.
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** ES-module-only packages (in the api's dependency tree) that jest's CommonJS runtime must have transformed. */
const esmOnly = ['content-disposition', 'jose'];
const swcForEsm = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['@swc/jest', swcForEsm],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@app/workflows$': '<rootDir>/workflows',
    '^@app/workflows/(.*)$': '<rootDir>/workflows/$1',
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@app/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/', '<rootDir>/.data/'],
};

module.exports = {
  testTimeout: 120000,
  // The Temporal SDK's native runtime (its log forwarding, the core threads of the workers and
  // connections of the fault tests' killed processes) can keep Node's event loop alive after the
  // last test; on 2 cores jest runs in band, so the run would never end. Every test cleans up what
  // it starts; this only ends the process once all results are in.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // Recording workflow histories is done on purpose (`npm run record-histories`), not on every run.
    ...(process.env.FW_RECORD_HISTORIES
      ? [
          {
            ...common,
            displayName: 'record',
            testMatch: ['<rootDir>/test/histories/*.record.ts'],
            globalSetup: '<rootDir>/test/support/global-setup.ts',
            globalTeardown: '<rootDir>/test/support/global-teardown.ts',
          },
        ]
      : []),
  ],
};

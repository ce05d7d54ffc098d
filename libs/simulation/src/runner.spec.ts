import { FULL_JIT_FROM_APPLICATIONS, testServerEnvironment, testServerFor } from './runner';

describe('testServerFor: which build of the time-skipping test server a scenario gets', () => {
  it('auto: the native build below 5 applications (it starts faster), the JVM build choice from 5 on', () => {
    expect([1, 4].map((n) => testServerFor('auto', n))).toEqual(['native', 'native']);
    expect([5, 100].map((n) => testServerFor('auto', n))).toEqual(['auto', 'auto']);
  });

  it('a build asked for is kept, whatever the size', () => {
    expect(testServerFor('jvm', 1)).toBe('jvm');
    expect(testServerFor('native', 100)).toBe('native');
  });
});

describe("testServerEnvironment: the JVM build's JIT for a scenario's size", () => {
  const unset: NodeJS.ProcessEnv = {};

  it("the launcher's default (first tier only) below FULL_JIT_FROM_APPLICATIONS, the JVM's full JIT from there on", () => {
    expect(testServerEnvironment('jvm', 100, unset)).toEqual({});
    expect(testServerEnvironment('jvm', FULL_JIT_FROM_APPLICATIONS - 1, unset)).toEqual({});
    expect(testServerEnvironment('jvm', FULL_JIT_FROM_APPLICATIONS, unset)).toEqual({ TEMPORAL_TEST_SERVER_JAVA_OPTS: '' });
    expect(testServerEnvironment('jvm', 1000, unset)).toEqual({ TEMPORAL_TEST_SERVER_JAVA_OPTS: '' });
  });

  it("options the caller set win, even empty ones; the native build gets nothing", () => {
    expect(testServerEnvironment('jvm', 1000, { TEMPORAL_TEST_SERVER_JAVA_OPTS: '-Xmx2g' })).toEqual({});
    expect(testServerEnvironment('jvm', 100, { TEMPORAL_TEST_SERVER_JAVA_OPTS: '' })).toEqual({});
    expect(testServerEnvironment('native', 1000, unset)).toEqual({});
  });
});

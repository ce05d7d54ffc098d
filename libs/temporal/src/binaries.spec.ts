import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { longRunTestServer, PINNED_JVM_TEST_SERVER, PINNED_TEST_SERVER, temporalTestServerPath } from './binaries';

/*
 * Which build of the time-skipping test server a long run (simulate, benchmarks) gets. Both are
 * installed by scripts/test.sh before the tests (scripts/tools/temporal.sh), so nothing is fetched here.
 */
describe('longRunTestServer', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('auto: the JVM build where java is on PATH', () => {
    const choice = longRunTestServer('auto');
    expect(choice.build).toBe('jvm');
    expect(choice.path.endsWith(PINNED_JVM_TEST_SERVER.relPath)).toBe(true);
    expect(choice.description).toBe(`JVM build ${PINNED_JVM_TEST_SERVER.version}`);
  });

  it('auto without java on PATH: the native build, saying why', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-no-java-'));
    process.env.PATH = empty;
    try {
      const choice = longRunTestServer('auto');
      expect(choice).toEqual({
        build: 'native',
        path: temporalTestServerPath(),
        description: `native build ${PINNED_TEST_SERVER.version} (no java on PATH for the JVM build)`,
      });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a build asked for is the build given, each launcher executable', () => {
    for (const build of ['native', 'jvm'] as const) {
      const choice = longRunTestServer(build);
      expect(choice.build).toBe(build);
      expect(choice.path).toBe(temporalTestServerPath(undefined, build));
      expect(() => fs.accessSync(choice.path, fs.constants.X_OK)).not.toThrow();
    }
  });
});

describe('the JVM build of the test server (FoerderwerkTestServer)', () => {
  const launcher = (): string => temporalTestServerPath(undefined, 'jvm');

  it("starts the pinned server with its timer's lock list mended (else a long run is quadratic)", () => {
    const run = spawnSync(launcher(), ['--check'], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: 'mended: lock events are removed from the tail' });
  });

  it("runs the JIT's first tier only unless TEMPORAL_TEST_SERVER_JAVA_OPTS says otherwise (set empty: the JVM's default)", () => {
    const tier = (javaOpts: string | undefined): string | undefined => {
      const env: NodeJS.ProcessEnv = { ...process.env, JDK_JAVA_OPTIONS: '-XX:+PrintFlagsFinal' };
      if (javaOpts === undefined) delete env.TEMPORAL_TEST_SERVER_JAVA_OPTS;
      else env.TEMPORAL_TEST_SERVER_JAVA_OPTS = javaOpts;
      const run = spawnSync(launcher(), ['--check'], { encoding: 'utf8', timeout: 60_000, env });
      expect(run.status).toBe(0);
      return /^\s*intx TieredStopAtLevel\s+=\s+(\d+)/m.exec(run.stdout)?.[1];
    };
    expect(tier(undefined)).toBe('1');
    expect(tier('')).toBe('4');
    expect(tier('-XX:TieredStopAtLevel=2')).toBe('2');
  });

  it('refuses arguments it does not know, exit code 2', () => {
    const run = spawnSync(launcher(), ['7233', '--fast'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: FoerderwerkTestServer <port> [--enable-time-skipping] | --check');
  });
});

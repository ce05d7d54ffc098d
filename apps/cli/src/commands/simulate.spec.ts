import { simulate, type SimulateContext } from './simulate';
import { UsageError } from '../usage-error';

/* simulate's bad arguments are usage errors (exit code 2) before anything starts: no server, no file read. */
describe('foerderwerk simulate: bad arguments', () => {
  const run = (argv: string[]): Promise<void> => {
    const ctx: SimulateContext = { argv, env: {}, out: () => undefined, err: () => undefined };
    return simulate(ctx);
  };

  it.each([
    [[], 'simulate: missing <scenario-file>'],
    [['a.yaml', 'b.yaml'], 'simulate: unexpected argument "b.yaml"'],
    [['a.yaml', '--anchor', '1.1.2031'], 'simulate: --anchor must be a date YYYY-MM-DD; got "1.1.2031"'],
    [['a.yaml', '--test-server', 'graal'], 'simulate: --test-server must be one of auto, native, jvm; got "graal"'],
  ])('%j → %s', async (argv, message) => {
    const error = await run(argv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
  });

  it('an anchor that is not in the future: the server cannot go back', async () => {
    const error = await run(['a.yaml', '--anchor', '2020-01-01']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^simulate: --anchor 2020-01-01 must lie in the future \(today \d{4}-\d{2}-\d{2}\)/);
  });

  it('an unknown option names itself', async () => {
    const error = await run(['a.yaml', '--fast']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^simulate: Unknown option '--fast'/);
  });
});

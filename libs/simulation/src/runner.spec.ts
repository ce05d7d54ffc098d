import { testServerFor } from './runner';

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

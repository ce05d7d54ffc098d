import * as path from 'node:path';
import { TVOED_VKA_REFERENCE_DATA, computeSchedule } from '@app/personnel-costs';
import { simulate } from '../../../apps/cli/src/commands/simulate';
import { exitStatus } from '../../../apps/cli/src/main';
import { generateScenario } from './generate';
import { withAssumedTariffIncreases } from './reference-data';
import { parseScenario, readScenarioFile, resolveDate, ScenarioError } from './scenario';
import { positionInput, periodOf } from './setup';

const file = (name: string) => path.join(__dirname, '../../../scenarios', name);

describe('scenario files', () => {
  it.each(['peine.yaml', 'kassel.yaml', 'hochsauerlandkreis.yaml'])('%s is valid and its positions compute for 36 months with the assumed rows', async (name) => {
    const s = await readScenarioFile(file(name));
    const anchor = '2030-01-01';
    for (const a of s.applications) {
      const period = periodOf(a, anchor);
      const ref = withAssumedTariffIncreases(TVOED_VKA_REFERENCE_DATA, s.assumedTariffIncreases, period.end).data;
      for (const p of a.positions) expect(computeSchedule(positionInput(s, p, a.key, period, anchor), ref).months).toHaveLength(36);
    }
  });

  it('the generator gives N valid applications', () => {
    const s = generateScenario({ applications: 7 });
    expect(parseScenario(JSON.parse(JSON.stringify(s))).applications.map((a) => a.key)).toEqual(s.applications.map((a) => a.key));
  });

  it('names every bad field', () => {
    let error: unknown;
    try {
      parseScenario({ name: 'x', colour: 'blue', organisation: { slug: 'A B', name: 'n', landCode: 'BY', departments: [], committees: [] }, programme: { ratePercent: 'viel' }, applications: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const fields = (error as ScenarioError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['colour', 'organisation.slug', 'organisation.landCode', 'programme.ratePercent', 'programme.funder', 'applications']));
  });

  it('resolves relative dates by the BGB month rule', () => {
    expect(resolveDate('@anchor+1m+20d', { anchor: '2030-01-01' })).toBe('2030-02-21');
    expect(resolveDate('@periodStart+36m-1d', { anchor: '2030-01-01', periodStart: '2030-05-01' })).toBe('2033-04-30');
    expect(resolveDate('@anchor+1m', { anchor: '2030-01-31' })).toBe('2030-02-28');
  });

  it('adds assumed pay rows (+3.0 % each 1 April, computed) after the shipped tables', () => {
    const { added } = withAssumedTariffIncreases(TVOED_VKA_REFERENCE_DATA, [{ from: '04-01', percent: '3.0', minimumIncreaseCents: 0 }], '2028-06-30');
    const s12 = added.filter((r) => r.payGroup === 'S 12');
    expect(s12.map((r) => [r.validFrom, r.validTo, r.computed])).toEqual([
      ['2027-04-01', '2028-03-31', true],
      ['2028-04-01', '2029-03-31', true],
    ]);
    // S 12 Stufe 2 of 05/2026 (computed) 4,237.49 × 1.03 = 4,364.6147 → 4,364.61
    expect(s12[0].amounts['2']).toBe(436461);
  });

  it('simulate: a bad scenario or anchor is exit 2 before anything starts', async () => {
    const run = (argv: string[]) => simulate({ argv, env: {}, out: () => undefined, err: () => undefined }).then(() => undefined, (e: unknown) => e);
    const bad = await run([path.join(__dirname, 'no-such.yaml')]);
    expect(exitStatus(bad).code).toBe(2);
    expect(exitStatus(await run([file('peine.yaml'), '--anchor', '2020-01-01'])).lines[0]).toMatch(/must lie in the future/);
    expect(exitStatus(await run([file('peine.yaml'), '--anchor', '01.01.2030'])).code).toBe(2);
    expect(exitStatus(await run([])).lines[0]).toMatch(/missing <scenario-file>/);
  });
});

import { changeProblems, holderProblems, hoursProblems, hundredths, overlappingHolders, payProblems, periodProblems } from './position-rules';

describe('position rules', () => {
  it('compares hours exactly in hundredths', () => {
    expect(hundredths('19.5')).toBe(1950);
    expect(hundredths('19.05')).toBe(1905);
    expect(hundredths('39')).toBe(3900);
    expect(hundredths('0.01')).toBe(1);
    expect(hoursProblems('39', '39')).toEqual([]);
    expect(hoursProblems('39.01', '39')).toEqual([{ field: 'weeklyHours', reason: 'must not exceed the full-time hours (39)' }]);
    expect(hoursProblems('0', '0.00')).toEqual([
      { field: 'fullTimeHours', reason: 'fullTimeHours must be more than 0' },
      { field: 'weeklyHours', reason: 'weeklyHours must be more than 0' },
    ]);
  });

  it('takes a one-day or permanent period, not an end before the start', () => {
    expect(periodProblems('2026-01-01', '2026-01-01')).toEqual([]);
    expect(periodProblems('2026-01-01', null)).toEqual([]);
    expect(periodProblems('2026-01-01', '2025-12-31')).toEqual([{ field: 'endOn', reason: 'must not be before startOn (2026-01-01)' }]);
  });

  it('names the scale, the group or the Stufe the pay tables lack', () => {
    expect(payProblems(true, [1, 2, 3, 4, 5, 6], 'TVOED_VKA_SUE', 'S 12', 6)).toEqual([]);
    expect(payProblems(false, [], 'TV_L', 'E 10', 1)[0]!.field).toBe('payScale');
    expect(payProblems(true, [], 'TVOED_VKA', 'E 99', 1)[0]!.field).toBe('payGroup');
    expect(payProblems(true, [2, 3], 'TVOED_VKA', 'E 1', 1)).toEqual([{ field: 'firstStage', reason: 'the pay table TVOED_VKA has no Stufe 1 for E 1 (it has 2, 3)' }]);
  });

  describe('changes', () => {
    const position = { startOn: '2026-01-01', effectiveEndOn: '2028-12-31', fullTimeHours: '39', stages: [1, 2, 3, 4, 5, 6] };

    it('accepts each kind in its form and stores only its own payload', () => {
      expect(changeProblems('hours', '2026-07-15', { weeklyHours: '30' }, position)).toEqual({ problems: [], payload: { weeklyHours: '30' } });
      expect(changeProblems('stage', '2027-01-01', { stage: 3 }, position)).toEqual({ problems: [], payload: { stage: 3 } });
      expect(changeProblems('early_end', '2026-01-01', {}, position)).toEqual({ problems: [], payload: {} });
      expect(changeProblems('extension', '2029-12-31', { councilDecisionRef: ' 2028/512 ' }, position)).toEqual({ problems: [], payload: { councilDecisionRef: '2028/512' } });
    });

    it('puts a new Stufe on the 1st of a month after the start, within the period', () => {
      expect(changeProblems('stage', '2027-01-02', { stage: 3 }, position).problems.map((p) => p.field)).toEqual(['effectiveOn']);
      expect(changeProblems('stage', '2026-01-01', { stage: 3 }, position).problems.map((p) => p.reason)).toEqual(['the Stufe at the start is the first stage of the position, not a change']);
      expect(changeProblems('stage', '2029-01-01', { stage: 3 }, position).problems.map((p) => p.reason)).toEqual(['must not be after the position ends (2028-12-31)']);
      expect(changeProblems('stage', '2027-01-01', { stage: 1 }, { ...position, stages: [2, 3] }).problems.map((p) => p.field)).toEqual(['payload.stage']);
      expect(changeProblems('stage', '2027-01-01', { stage: 1.5 }, position).problems.map((p) => p.field)).toEqual(['payload.stage']);
    });

    it('moves the end only the way its kind says, and an extension needs a council decision', () => {
      expect(changeProblems('early_end', '2028-12-31', {}, position).problems.map((p) => p.field)).toEqual(['effectiveOn']);
      expect(changeProblems('early_end', '2030-01-01', {}, { ...position, effectiveEndOn: null }).problems).toEqual([]);
      expect(changeProblems('extension', '2028-12-31', { councilDecisionRef: 'x' }, position).problems.map((p) => p.field)).toEqual(['effectiveOn']);
      expect(changeProblems('extension', '2029-12-31', {}, position).problems.map((p) => p.field)).toEqual(['payload.councilDecisionRef']);
      expect(changeProblems('extension', '2029-12-31', { councilDecisionRef: 'x'.repeat(101) }, position).problems.map((p) => p.field)).toEqual(['payload.councilDecisionRef']);
      expect(() => changeProblems('extension', '2029-12-31', { councilDecisionRef: 'x' }, { ...position, effectiveEndOn: null })).toThrow('the position is permanent');
    });

    it('refuses payload keys that do not belong to the kind', () => {
      expect(changeProblems('early_end', '2027-12-31', { councilDecisionRef: 'x' }, position).problems).toEqual([
        { field: 'payload.councilDecisionRef', reason: 'property councilDecisionRef should not exist for a change of kind early_end' },
      ]);
    });
  });

  describe('holders', () => {
    it('keeps a holder within the position and in order', () => {
      expect(holderProblems({ holderName: 'A', validFrom: '2026-01-01', validTo: null }, '2026-01-01', '2028-12-31')).toEqual([]);
      expect(holderProblems({ holderName: 'A', validFrom: '2026-02-01', validTo: '2026-01-31' }, '2026-01-01', null).map((p) => p.field)).toEqual(['validTo']);
      expect(holderProblems({ holderName: 'A', validFrom: '2030-01-01', validTo: null }, '2026-01-01', null)).toEqual([]);
    });

    it('finds overlaps with both ends inclusive and open ends open', () => {
      const holders = [
        { holderName: 'A', validFrom: '2026-01-01', validTo: '2026-06-30' },
        { holderName: 'B', validFrom: '2026-09-01', validTo: null },
      ];
      const names = (validFrom: string, validTo: string | null) => overlappingHolders({ holderName: 'X', validFrom, validTo }, holders).map((h) => h.holderName);
      expect(names('2026-07-01', '2026-08-31')).toEqual([]);
      expect(names('2026-06-30', '2026-07-31')).toEqual(['A']);
      expect(names('2026-08-01', '2026-09-01')).toEqual(['B']);
      expect(names('2030-01-01', null)).toEqual(['B']);
      expect(names('2025-01-01', null)).toEqual(['A', 'B']);
    });
  });
});

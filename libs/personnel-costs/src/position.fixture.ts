import type { PositionInput } from './types';

/**
 * Test factory: a full-time S 12 position (Stufe 3 from the start) with SuE-Zulage, not funded.
 * Each test names only what it varies.
 */
export function s12Position(over: Partial<PositionInput> = {}): PositionInput {
  const start = over.start ?? '2025-01-01';
  return {
    payScale: 'TVOED_VKA_SUE',
    payGroup: 'S 12',
    start,
    end: '2026-12-31',
    stageHistory: [{ from: start, stage: 3 }],
    weeklyHours: 39,
    fullTimeHours: 39,
    allowances: [{ code: 'SUE_ZULAGE' }],
    fundingPeriod: null,
    financing: { type: 'none' },
    ...over,
  };
}

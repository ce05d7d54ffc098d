import { readReferenceData } from '@app/database';
import { loadDemoData, PEINE_COORDINATOR_POSITION } from '@app/demo';
import { computeSchedule, TVOED_VKA_REFERENCE_DATA } from '@app/personnel-costs';
import { createTestDatabase, TestDatabase } from './support/database';

describe('reference data read from the database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('holds every row of the shipped TVöD-VKA data', async () => {
    const ref = await readReferenceData(db.dataSource.manager);
    const stages = (rows: typeof ref.payTable) => rows.reduce((n, r) => n + Object.keys(r.amounts).length, 0);
    expect(stages(ref.payTable)).toBe(stages(TVOED_VKA_REFERENCE_DATA.payTable));
    expect(ref.allowances).toHaveLength(TVOED_VKA_REFERENCE_DATA.allowances.length);
    expect(ref.bonusRates).toHaveLength(TVOED_VKA_REFERENCE_DATA.bonusRates.length);
    expect(ref.onCostRates).toHaveLength(TVOED_VKA_REFERENCE_DATA.onCostRates.length);
  });

  it('gives the same figures, to the cent, as the shipped data for the demo position', async () => {
    const ref = await readReferenceData(db.dataSource.manager);
    const fromDb = computeSchedule(PEINE_COORDINATOR_POSITION, ref);
    const shipped = computeSchedule(PEINE_COORDINATOR_POSITION, TVOED_VKA_REFERENCE_DATA);
    expect(fromDb.months.length).toBeGreaterThan(20);
    expect(fromDb.totals).toEqual(shipped.totals);
    expect(fromDb.months.map((m) => m.ledger)).toEqual(shipped.months.map((m) => m.ledger));
  });
});

import { MIGRATIONS } from '@app/database';
import { seed } from '../../apps/cli/src/seed';
import { UsageError } from '../../apps/cli/src/usage-error';
import { createEmptyDatabase, TestDatabase } from '../support/database';

describe('foerderwerk seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db?.drop());

  it('migrates an empty database and loads the demo data, and a second run creates nothing', async () => {
    const first: string[] = [];
    await seed({ DATABASE_URL: db.url }, (line) => first.push(line));
    // every migration, in order, on the empty database
    expect(first[0]).toBe(`migrations: ${MIGRATIONS.map((m) => m.name).join(', ')}`);
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(3);
    expect(first[1]).toMatch(/^demo data: [1-9]\d* rows created, 0 already there/);
    const organisations = await db.dataSource.query(`SELECT slug FROM organisation ORDER BY slug`);
    expect(organisations.map((o: { slug: string }) => o.slug)).toEqual(['hochsauerlandkreis', 'landkreis-kassel', 'landkreis-peine']);

    const second: string[] = [];
    await seed({ DATABASE_URL: db.url }, (line) => second.push(line));
    expect(second[0]).toBe('migrations: up to date');
    expect(second[1]).toMatch(/^demo data: 0 rows created, [1-9]\d* already there, 0 audit events$/);
  });

  it('refuses to run without DATABASE_URL, as a usage error (exit code 2)', async () => {
    await expect(seed({}, () => undefined)).rejects.toThrow(UsageError);
  });
});

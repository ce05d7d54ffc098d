import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '@app/database';
import { createTestDatabase, createEmptyDatabase, TestDatabase } from './support/database';

describe('migrations', () => {
  let empty: TestDatabase;
  let migrated: TestDatabase;

  beforeAll(async () => {
    [empty, migrated] = await Promise.all([createEmptyDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await empty?.drop();
    await migrated?.drop();
  });

  it('run on an empty database and leave a schema that agrees with the entities', async () => {
    const ran = await empty.dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    const diff = await empty.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('can all be reverted and applied again', async () => {
    const ds: DataSource = migrated.dataSource;
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`);
    expect(tables[0].n).toBe(0);
    await ds.runMigrations({ transaction: 'each' });
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries).toHaveLength(0);
  });

  it("store a document's bytes as they are: out of line and not compressed again (PDF and XLSX are compressed)", async () => {
    const [column] = await migrated.dataSource.query(
      `SELECT attstorage FROM pg_attribute WHERE attrelid = 'document'::regclass AND attname = 'content'`,
    );
    expect(column).toEqual({ attstorage: 'e' });
  });

  it('keep the audit log append-only at the database', async () => {
    const ds = migrated.dataSource;
    await ds.query(`INSERT INTO audit_event (actor, action, subject_type, subject_id) VALUES ('user:a', 'test', 'x', '1')`);
    await expect(ds.query(`UPDATE audit_event SET actor = 'user:b'`)).rejects.toThrow('append-only');
    await expect(ds.query(`DELETE FROM audit_event`)).rejects.toThrow('append-only');
    await expect(ds.query(`TRUNCATE audit_event`)).rejects.toThrow('append-only');
    expect(await ds.query(`SELECT actor FROM audit_event`)).toEqual([{ actor: 'user:a' }]);
  });

  it('are configured with synchronize off', () => {
    expect(dataSourceOptions('postgres://x@localhost/y').synchronize).toBe(false);
  });
});

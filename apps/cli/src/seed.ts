import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '@app/database';
import { loadDemoData } from '@app/demo';
import { UsageError } from './usage-error';

/**
 * `foerderwerk seed`: migrates the database DATABASE_URL names and loads the demo data,
 * idempotently (a second run creates nothing).
 */
export async function seed(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const url = env.DATABASE_URL;
  if (!url) throw new UsageError('DATABASE_URL is required (postgres://user:password@host:port/database)');
  await ensureDatabase(url);
  const ran = await runMigrations(url);
  out(`migrations: ${ran.length ? ran.join(', ') : 'up to date'}`);
  const ds = await new DataSource(dataSourceOptions(url, { poolSize: 2, applicationName: 'foerderwerk-seed' })).initialize();
  try {
    const summary = await loadDemoData(ds);
    out(`demo data: ${summary.created} rows created, ${summary.found} already there, ${summary.auditEvents} audit events`);
    for (const [table, count] of Object.entries(summary.tables)) {
      if (count.created) out(`  ${table}: ${count.created} created`);
    }
  } finally {
    await ds.destroy();
  }
}

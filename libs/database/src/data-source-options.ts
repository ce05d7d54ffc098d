import { DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './entities/audit-event.entity';
import { DOMAIN_ENTITIES } from './entities/domain';
import { NotificationEntity } from './entities/notification.entity';
import { Foundation1764100000000 } from './migrations/1764100000000-Foundation';
import { DomainModel1795640000000 } from './migrations/1795640000000-DomainModel';
import { DocumentGenerationKey1795730000000 } from './migrations/1795730000000-DocumentGenerationKey';
import { DocumentContentUncompressed1795810000000 } from './migrations/1795810000000-DocumentContentUncompressed';

/** Every entity, listed explicitly so compiled and source runs see the same set. */
export const ENTITIES = [NotificationEntity, AuditEventEntity, ...DOMAIN_ENTITIES];

/** Every migration, in order. Migrations are named `<timestamp>-<Intent>.ts` and have a real down(). */
export const MIGRATIONS = [Foundation1764100000000, DomainModel1795640000000, DocumentGenerationKey1795730000000, DocumentContentUncompressed1795810000000];

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

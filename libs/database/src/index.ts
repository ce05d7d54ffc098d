export * from './data-source-options';
export * from './embedded-postgres';
export * from './entities/audit-event.entity';
export * from './entities/domain';
export * from './entities/notification.entity';
export * from './migrate';
export * from './database.module';
export * from './reference-data-reader';

export * from './binaries';
export * from './bundler';
export * from './temporal-client.module';
export * from './worker-process';

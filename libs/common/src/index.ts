export * from './errors';
export * from './actor';
export * from './repo-root';

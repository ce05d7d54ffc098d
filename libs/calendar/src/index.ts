export * from './dates';
export * from './holidays';
export * from './land-holidays';
export * from './deadlines';
export * from './berlin';

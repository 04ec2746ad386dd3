export * from './event-types';
export * from './payload';
export * from './signature';
export * from './retry';
export * from './outcome';
export * from './ip-address';
export * from './ssrf';
export * from './url';

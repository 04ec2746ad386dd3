export * from './policies';
export * from './permission';

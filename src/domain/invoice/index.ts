export * from './status';
export * from './events';
export * from './state';
export * from './transitions';
export * from './apply';
export * from './expiry';
export * from './memo';
export * from './external-id';

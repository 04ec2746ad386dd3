export * from './decimal';
export * from './units';
export * from './currency';
export * from './amount';
export * from './convert';
export * from './format';

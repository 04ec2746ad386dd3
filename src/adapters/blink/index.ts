/** The Blink adapter: the only code that talks to Blink. Composition roots build it with `createBlinkClient`. */
export { createBlinkClient, type BlinkClient, type BlinkClientOptions } from './client';
export type { BlinkHttpTimeouts } from './http-transport';
export type { BackoffPolicy } from './backoff';
export { deriveExternalId } from './external-id';

import { MESSAGES, topLevelError } from './errors';
import type { Scope } from './seed';
import type { AccountRecord, SandboxState } from './state';

/** Who is calling: no key (anonymous) or a known key. An unknown key never gets this far over HTTP (401). */
export type Caller = { kind: 'anonymous' } | { kind: 'key'; accountId: string; scopes: readonly Scope[] };

export interface SandboxContext {
  state: SandboxState;
  caller: Caller;
  now: () => number;
}

export function callerForKey(state: SandboxState, key: string | undefined): Caller | 'unknown-key' {
  if (key === undefined || key === '') return { kind: 'anonymous' };
  const record = state.apiKeys.get(key);
  return record === undefined ? 'unknown-key' : { kind: 'key', accountId: record.accountId, scopes: record.scopes };
}

/** graphql-shield's fallback for authed fields called without credentials. */
export function requireAccount(context: SandboxContext): { account: AccountRecord; scopes: readonly Scope[] } {
  const { caller } = context;
  if (caller.kind !== 'key') throw topLevelError(MESSAGES.notAuthorized, 'NOT_AUTHORIZED');
  const account = context.state.accounts.get(caller.accountId);
  if (account === undefined) throw new Error(`bug: key of unknown account ${caller.accountId}`);
  return { account, scopes: caller.scopes };
}

export const canRead = (scopes: readonly Scope[]) => scopes.includes('READ');
/** Receive mutations need RECEIVE, or WRITE as a fallback (blink-api.md §2). */
export const canReceive = (scopes: readonly Scope[]) => scopes.includes('RECEIVE') || scopes.includes('WRITE');

/** The READ check of authed queries: a top-level error, the field null. */
export function requireReader(context: SandboxContext): AccountRecord {
  const { account, scopes } = requireAccount(context);
  if (!canRead(scopes)) throw topLevelError(MESSAGES.notAuthorizedToRead, 'UNEXPECTED_CLIENT_ERROR');
  return account;
}

/**
 * The operator's session on the browser API-key flow (`GET /api-keys/authorize`, BTCPay's page that
 * shops' plugins open): who signed in (the hash of an unrestricted gateway key, never the key) and
 * the CSRF token every form on those pages carries. The browser holds only a random session id;
 * the store keeps the session under the id's SHA-256, so a copy of the store opens no session.
 * Sessions are short-lived and single-use: the approval or denial ends them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ApiKeyHash, ApiKeyRepository } from '../ports';
import { authenticateApiKey, type Principal } from './authenticate';
import { UnauthenticatedError } from './errors';
import { sameHash } from './key-material';
import { parsePermission, UNRESTRICTED } from '../../domain/permissions';

/** How long a session lives, signed in or not; the sign-in does not extend it past a new TTL. */
export const OPERATOR_SESSION_TTL_MS = 10 * 60_000;

export const storedOperatorSession = z.object({
  csrfToken: z.string().min(32),
  /** Absent until an unrestricted key signs in. */
  operator: z.object({ keyHash: z.string().regex(/^[0-9a-f]{64}$/), label: z.string() }).optional(),
});
export type OperatorSession = z.infer<typeof storedOperatorSession>;

/** Where sessions live (Redis: src/adapters/redis/operator-session-store.ts). Keys are id hashes. */
export interface OperatorSessionStore {
  save(idHash: string, session: OperatorSession, ttlMs: number): Promise<void>;
  find(idHash: string): Promise<OperatorSession | null>;
  /** Reads and deletes in one step: of two concurrent callers, one gets the session. */
  take(idHash: string): Promise<OperatorSession | null>;
  delete(idHash: string): Promise<void>;
}

export interface OperatorSessionDeps {
  readonly sessions: OperatorSessionStore;
  readonly apiKeys: ApiKeyRepository;
  /** Hash of `ADMIN_API_KEY`, when set. */
  readonly adminKeyHash?: ApiKeyHash;
}

export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  readonly code = 'session-expired';
  constructor() {
    super('This page has expired (sessions last 10 minutes and end after each approval). Start again from the application.');
  }
}

export class CsrfTokenMismatchError extends Error {
  override readonly name = 'CsrfTokenMismatchError';
  readonly code = 'csrf-token-mismatch';
  constructor() {
    super('The form did not come from this page (its security token is missing or wrong). Reload the page and try again.');
  }
}

export class NotAnAdminKeyError extends Error {
  override readonly name = 'NotAnAdminKeyError';
  readonly code = 'not-an-admin-key';
  constructor() {
    super('This key is valid but not an admin key: sign in with ADMIN_API_KEY or a key with the "unrestricted" permission.');
  }
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const token = (): string => randomBytes(32).toString('base64url');
const idHash = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export interface OpenSession {
  readonly id: string;
  readonly session: OperatorSession;
}

export async function startOperatorSession(deps: Pick<OperatorSessionDeps, 'sessions'>, operator?: OperatorSession['operator']): Promise<OpenSession> {
  const id = token();
  const session: OperatorSession = { csrfToken: token(), ...(operator === undefined ? {} : { operator }) };
  await deps.sessions.save(idHash(id), session, OPERATOR_SESSION_TTL_MS);
  return { id, session };
}

/** The session named by the cookie, or null (no cookie, malformed, expired or ended). */
export async function findOperatorSession(deps: Pick<OperatorSessionDeps, 'sessions'>, id: string | undefined): Promise<OpenSession | null> {
  if (id === undefined || !SESSION_ID.test(id)) return null;
  const session = await deps.sessions.find(idHash(id));
  return session === null ? null : { id, session };
}

export function csrfTokenMatches(session: OperatorSession, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const expected = Buffer.from(session.csrfToken, 'utf8');
  const given = Buffer.from(sent, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const isUnrestricted = (permissions: readonly string[]): boolean =>
  permissions.some((text) => {
    const permission = parsePermission(text);
    return !(permission instanceof Error) && permission.policy === UNRESTRICTED && permission.storeId === undefined;
  });

/**
 * Signs the operator in with a gateway key typed into the page: the key must be unrestricted. The
 * session that showed the form is replaced by a new one (a new id: a session id seen before the
 * sign-in is worth nothing after it).
 */
export async function signInOperator(
  deps: OperatorSessionDeps,
  current: OpenSession | null,
  input: { readonly csrfToken: string | undefined; readonly key: string },
): Promise<OpenSession | SessionExpiredError | CsrfTokenMismatchError | UnauthenticatedError | NotAnAdminKeyError> {
  if (current === null) return new SessionExpiredError();
  if (!csrfTokenMatches(current.session, input.csrfToken)) return new CsrfTokenMismatchError();
  const principal = await authenticateApiKey(deps, input.key);
  if (principal instanceof UnauthenticatedError) return new UnauthenticatedError('Unknown API key: check the key and try again.');
  if (!isUnrestricted(principal.grantedPermissions)) return new NotAnAdminKeyError();
  await deps.sessions.delete(idHash(current.id));
  return startOperatorSession(deps, { keyHash: principal.keyHash, label: principal.label });
}

/**
 * The signed-in operator's principal, read again from the key's hash when the operator acts: a key
 * revoked (or stripped of `unrestricted`) since the sign-in acts no more.
 */
export async function currentOperator(deps: OperatorSessionDeps, session: OperatorSession): Promise<Principal | null> {
  const operator = session.operator;
  if (operator === undefined) return null;
  const keyHash = operator.keyHash as ApiKeyHash;
  if (deps.adminKeyHash !== undefined && sameHash(keyHash, deps.adminKeyHash)) {
    return { source: 'environment', keyHash, label: operator.label, grantedPermissions: [UNRESTRICTED], permissions: [{ policy: UNRESTRICTED }] };
  }
  const stored = await deps.apiKeys.findByHash(keyHash);
  if (stored === null || !isUnrestricted(stored.permissions)) return null;
  return { source: 'stored', keyHash, label: stored.label, grantedPermissions: stored.permissions, permissions: [{ policy: UNRESTRICTED }] };
}

/** Ends the session for good (approval, denial, sign-out); null when it had already ended. */
export async function takeOperatorSession(deps: Pick<OperatorSessionDeps, 'sessions'>, id: string): Promise<OperatorSession | null> {
  return deps.sessions.take(idHash(id));
}

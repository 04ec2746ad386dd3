/**
 * The query of `GET /api-keys/authorize` as BTCPay's plugins build it (greenfield-php
 * `ApiKey::getAuthorizeUrl`): `permissions` repeated, `applicationName`, `applicationIdentifier`,
 * `strict`, `selectiveStores`, `redirect`. Parsed here into what the page shows and grants; every
 * problem is reported by parameter name, for the "bad request" page. The same text travels in the
 * pages' forms (`request` field) and is parsed again on each POST, so nothing is trusted from them.
 */
import { z } from 'zod';
import type { FieldProblem } from '../../app/errors';
import { isStorePolicy, parsePermission, UNRESTRICTED, type StorePolicy } from '../../domain/permissions';

export interface AuthorizeRequest {
  /** Store policies, deduplicated, in the order asked. */
  readonly policies: readonly StorePolicy[];
  /** Set when the application asked for `policy:storeId`: the key can only be for that store. */
  readonly fixedStoreId: string | null;
  readonly applicationName: string | null;
  readonly applicationIdentifier: string | null;
  /** BTCPay's `strict` (default true): the operator may not leave out a permission. */
  readonly strict: boolean;
  /** BTCPay's `selectiveStores` (default false): the key is for one store the operator picks. */
  readonly selectiveStores: boolean;
  /** Absolute http(s) URL the key is POSTed to; null shows the key on the page instead. */
  readonly redirect: URL | null;
}

/** What express's query parser gives: strings, or arrays of them for repeated names. */
const queryValue = z.union([z.string(), z.array(z.string())]).optional();

/** For /openapi.json; the handler parses with `parseAuthorizeRequest` to answer with a page. */
export const authorizeQuery = z.object({
  permissions: queryValue.describe('Greenfield permission, repeated (e.g. btcpay.store.cancreateinvoice)'),
  applicationName: queryValue.describe('Shown to the operator and used as the key label'),
  applicationIdentifier: queryValue.describe('The application\'s id (e.g. magento2), kept in the label'),
  strict: queryValue.describe('true (default): every permission is required; false: the operator may leave some out'),
  selectiveStores: queryValue.describe('true: the key is for one store the operator picks; false (default): every store'),
  redirect: queryValue.describe('Absolute http(s) URL the key is POSTed to (apiKey, userId, permissions[])'),
});

const MAX_PERMISSIONS = 50;
const NAME_MAX = 100;
const REDIRECT_MAX = 2000;
const IDENTIFIER = /^[A-Za-z0-9._:@-]{1,100}$/;
// Control characters and bidirectional overrides would let a name disguise itself on the page.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

type Raw = Readonly<Record<string, unknown>>;

function single(raw: Raw, name: string, problems: FieldProblem[]): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  problems.push({ path: name, message: 'must be given once' });
  return undefined;
}

function booleanParam(raw: Raw, name: string, fallback: boolean, problems: FieldProblem[]): boolean {
  const value = single(raw, name, problems);
  if (value === undefined || value === '') return fallback;
  const lowered = value.toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  problems.push({ path: name, message: 'must be true or false' });
  return fallback;
}

function textParam(raw: Raw, name: string, problems: FieldProblem[]): string | null {
  const value = single(raw, name, problems)?.trim();
  if (value === undefined || value === '') return null;
  if (value.length > NAME_MAX) problems.push({ path: name, message: `must be ${NAME_MAX} characters or fewer` });
  else if (UNSAFE_TEXT.test(value)) problems.push({ path: name, message: 'must not contain control characters' });
  else return value;
  return null;
}

export function parseRedirect(text: string | undefined, problems: FieldProblem[]): URL | null {
  if (text === undefined || text === '') return null;
  const fail = (message: string) => { problems.push({ path: 'redirect', message }); return null; };
  if (text.length > REDIRECT_MAX) return fail(`must be ${REDIRECT_MAX} characters or fewer`);
  if (!URL.canParse(text)) return fail('must be an absolute URL such as https://shop.example.com/?btcpay-settings-callback');
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('must be an http or https URL');
  if (url.username !== '' || url.password !== '') return fail('must not contain a user name or password');
  return url;
}

function parsePolicies(raw: Raw, problems: FieldProblem[]): { policies: StorePolicy[]; fixedStoreId: string | null } {
  const value = raw.permissions;
  const texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (texts.length === 0) problems.push({ path: 'permissions', message: 'the application asks for no permission' });
  if (texts.length > MAX_PERMISSIONS) {
    problems.push({ path: 'permissions', message: `at most ${MAX_PERMISSIONS} permissions` });
    return { policies: [], fixedStoreId: null };
  }
  const policies: StorePolicy[] = [];
  const stores = new Set<string>();
  texts.forEach((text, index) => {
    const path = `permissions[${index}]`;
    const permission = typeof text === 'string' ? parsePermission(text) : new Error('must be a string');
    if (permission instanceof Error) return void problems.push({ path, message: permission.message });
    if (permission.policy === UNRESTRICTED) {
      return void problems.push({ path, message: 'unrestricted access cannot be granted from this page; create such a key with the CLI' });
    }
    if (!isStorePolicy(permission.policy)) {
      return void problems.push({ path, message: `"${permission.policy}" is not a store permission; this gateway grants only store permissions` });
    }
    if (permission.storeId !== undefined) stores.add(permission.storeId);
    if (!policies.includes(permission.policy)) policies.push(permission.policy);
  });
  if (stores.size > 1) problems.push({ path: 'permissions', message: 'the permissions name more than one store' });
  const [fixedStoreId] = stores;
  return { policies, fixedStoreId: fixedStoreId ?? null };
}

export function parseAuthorizeRequest(raw: Raw): AuthorizeRequest | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { policies, fixedStoreId } = parsePolicies(raw, problems);
  const applicationName = textParam(raw, 'applicationName', problems);
  const identifier = single(raw, 'applicationIdentifier', problems);
  if (identifier !== undefined && identifier !== '' && !IDENTIFIER.test(identifier)) {
    problems.push({ path: 'applicationIdentifier', message: 'must be 1 to 100 letters, digits or . _ : @ -' });
  }
  const strict = booleanParam(raw, 'strict', true, problems);
  const selectiveStores = booleanParam(raw, 'selectiveStores', false, problems);
  const redirect = parseRedirect(single(raw, 'redirect', problems), problems);
  if (fixedStoreId !== null && !selectiveStores) {
    problems.push({ path: 'selectiveStores', message: 'must be true when the permissions name a store' });
  }
  if (problems.length > 0) return problems;
  return {
    policies, fixedStoreId, applicationName, strict, selectiveStores, redirect,
    applicationIdentifier: identifier === undefined || identifier === '' ? null : identifier,
  };
}

/** The request as a query string again (what the pages' forms carry back). */
export function authorizeQueryString(request: AuthorizeRequest): string {
  const params = new URLSearchParams();
  for (const policy of request.policies) {
    params.append('permissions', request.fixedStoreId === null ? policy : `${policy}:${request.fixedStoreId}`);
  }
  if (request.applicationName !== null) params.set('applicationName', request.applicationName);
  if (request.applicationIdentifier !== null) params.set('applicationIdentifier', request.applicationIdentifier);
  params.set('strict', String(request.strict));
  params.set('selectiveStores', String(request.selectiveStores));
  if (request.redirect !== null) params.set('redirect', request.redirect.href);
  return params.toString();
}

/** Reads a query string the same way express does for `req.query` (repeated names → arrays). */
export function rawQueryOf(queryString: string): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(queryString)) {
    const existing = raw[name];
    raw[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return raw;
}

/**
 * BTCPay's browser API-key flow, as shops' plugins use it (WooCommerce's setup wizard, Magento's
 * "Generate API key"): the plugin opens `GET /api-keys/authorize?permissions=…&redirect=…`; the
 * operator signs in with an unrestricted gateway key, picks the store, sees what is asked, and
 * approves or denies; on approval the gateway creates a key with exactly those permissions and the
 * browser POSTs `apiKey`, `userId` and `permissions[]` to `redirect`, as BTCPay does.
 * Every answer is a page: bad parameters, a wrong key or an expired form get a clear one, never a 500.
 */
import { z } from 'zod';
import type { Logger } from '../../adapters/log';
import { createApiKey } from '../../app/api-keys/create-api-key';
import { UnauthenticatedError } from '../../app/api-keys/errors';
import {
  csrfTokenMatches, currentOperator, findOperatorSession, NotAnAdminKeyError, signInOperator, startOperatorSession, takeOperatorSession,
  type OpenSession, type OperatorSessionDeps,
} from '../../app/api-keys/operator-session';
import type { ApiKeyRepository, Clock, RateLimiter, StoreRepository } from '../../app/ports';
import type { StorePolicy } from '../../domain/permissions';
import { parseStoreId } from '../../domain/store/store-id';
import { RouteNotFoundError } from '../errors';
import type { HandlerResult, RouteModule } from '../route-kit';
import { AUTHORIZE_ASSET_PATH, authorizeAssets, authorizePageHeaders, type AuthorizeAssets } from './assets';
import { authorizeQuery, authorizeQueryString, parseAuthorizeRequest, rawQueryOf, type AuthorizeRequest } from './authorize-request';
import {
  DECISION_PATH, renderApprovalPage, renderKeyDeliveryPage, renderKeyShownPage, renderMessagePage, renderSignInPage,
  SIGN_IN_PATH, type StoreChoice,
} from './pages';
import { sessionCookie, type SessionCookie } from './session-cookie';

export interface AuthorizeRouteDeps extends OperatorSessionDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly stores: Pick<StoreRepository, 'list' | 'findById'>;
  readonly clock: Clock;
  readonly rateLimiter: RateLimiter;
  readonly logger: Logger;
  /** True when the gateway is served over https (PUBLIC_URL): the cookie is then Secure. */
  readonly secureCookies: () => boolean;
  /** Sign-in attempts (any outcome) per client IP and window (default 30 per 15 minutes: 2 a minute). */
  readonly signInLimit?: { readonly attempts: number; readonly windowMs: number };
}

const AUTHORIZE_PATH = '/api-keys/authorize';
const TAGS = ['Authorize (browser)'];
export const DEFAULT_SIGN_IN_LIMIT = { attempts: 30, windowMs: 15 * 60_000 } as const;
/** BTCPay posts the approving user's id; the gateway has no users, and posts this constant. */
export const POSTED_USER_ID = 'admin';

// Form fields as express gives them; the handler reads single strings itself, to answer with a page.
const formValue = z.union([z.string(), z.array(z.string())]).optional();
const signInForm = z.object({ csrfToken: formValue, request: formValue, apiKey: formValue });
const decisionForm = z.object({ csrfToken: formValue, request: formValue, decision: formValue, storeId: formValue, permissions: formValue });
const assetPath = z.object({ fileName: z.string() });

const one = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const many = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

interface Pages {
  readonly assets: AuthorizeAssets;
  readonly cookie: () => SessionCookie;
}

function page(status: number, text: string, headers: Record<string, string> = {}, formTarget: URL | null = null): HandlerResult {
  return { status, body: Buffer.from(text, 'utf8'), headers: { ...authorizePageHeaders(formTarget), ...headers } };
}

const startAgain = (request: AuthorizeRequest) => ({ href: `${AUTHORIZE_PATH}?${authorizeQueryString(request)}`, text: 'Start again' });

function message(pages: Pages, status: number, title: string, text: string, extras: Parameters<typeof renderMessagePage>[3] = {}, headers: Record<string, string> = {}): HandlerResult {
  return page(status, renderMessagePage(pages.assets, title, text, extras), headers);
}

/** A POST that a browser itself marks as coming from another site is refused before anything else. */
const crossSite = (header: (name: string) => string | undefined): boolean => header('sec-fetch-site') === 'cross-site';

async function storeChoices(deps: AuthorizeRouteDeps): Promise<StoreChoice[]> {
  return (await deps.stores.list('all')).map((store) => ({ id: store.id, name: store.name }));
}

async function fixedStore(deps: AuthorizeRouteDeps, request: AuthorizeRequest): Promise<StoreChoice | null> {
  if (request.fixedStoreId === null) return null;
  const id = parseStoreId(request.fixedStoreId);
  if (id === null) return null;
  const store = await deps.stores.findById(id);
  return store === null ? null : { id: store.id, name: store.name };
}

async function approvalPage(deps: AuthorizeRouteDeps, pages: Pages, request: AuthorizeRequest, session: OpenSession, operatorLabel: string, error: string | null, status = 200): Promise<HandlerResult> {
  const text = renderApprovalPage(pages.assets, {
    request, csrfToken: session.session.csrfToken, operatorLabel, error,
    stores: await storeChoices(deps), fixedStore: await fixedStore(deps, request),
  });
  return page(status, text);
}

async function showAuthorizePage(deps: AuthorizeRouteDeps, pages: Pages, raw: Readonly<Record<string, unknown>>, cookieHeader: string | undefined): Promise<HandlerResult> {
  const request = parseAuthorizeRequest(raw);
  if (Array.isArray(request)) {
    return message(pages, 400, 'This authorization request is not valid',
      'The application that sent you here built a request this gateway cannot accept. Nothing was created.', { problems: request });
  }
  const cookie = pages.cookie();
  const existing = await findOperatorSession(deps, cookie.read(cookieHeader));
  if (existing?.session.operator !== undefined) {
    const operator = await currentOperator(deps, existing.session);
    if (operator !== null) return approvalPage(deps, pages, request, existing, operator.label, null);
  }
  // Not signed in (or the key signed in with is no longer an admin key): a fresh session for the form.
  const session = existing !== null && existing.session.operator === undefined ? existing : await startOperatorSession(deps);
  return page(200, renderSignInPage(pages.assets, request, session.session.csrfToken), { 'Set-Cookie': cookie.set(session.id) });
}

/** The request carried by a form (`request` field), parsed again: nothing in a form is trusted. */
function formRequest(pages: Pages, text: string | undefined): AuthorizeRequest | HandlerResult {
  const request = parseAuthorizeRequest(rawQueryOf(text ?? ''));
  if (!Array.isArray(request)) return request;
  return message(pages, 400, 'This form is not valid', 'The form lost the application\'s request. Start again from the application.', { problems: request });
}

async function signIn(deps: AuthorizeRouteDeps, pages: Pages, form: z.output<typeof signInForm>, input: { clientIp: string; header: (name: string) => string | undefined }): Promise<HandlerResult> {
  if (crossSite(input.header)) return message(pages, 403, 'Refused', 'This form was sent from another site.');
  const limit = deps.signInLimit ?? DEFAULT_SIGN_IN_LIMIT;
  const allowed = await deps.rateLimiter.hit(`authorize-sign-in:${input.clientIp}`, limit.attempts, limit.windowMs);
  if (!allowed.allowed) {
    const seconds = Math.max(1, Math.ceil(allowed.retryAfterMs / 1000));
    return message(pages, 429, 'Too many sign-in attempts', `Wait ${seconds} seconds before trying again.`, {}, { 'Retry-After': String(seconds) });
  }
  const request = formRequest(pages, one(form.request));
  if (!('policies' in request)) return request;
  const cookie = pages.cookie();
  const current = await findOperatorSession(deps, cookie.read(input.header('cookie')));
  const result = await signInOperator(deps, current, { csrfToken: one(form.csrfToken), key: one(form.apiKey) ?? '' });
  if (result instanceof UnauthenticatedError || result instanceof NotAnAdminKeyError) {
    deps.logger.warn('authorize page: sign-in refused', { reason: result.code, clientIp: input.clientIp });
    const status = result instanceof UnauthenticatedError ? 401 : 403;
    // `current` exists here: the session and token were checked before the key.
    return page(status, renderSignInPage(pages.assets, request, current?.session.csrfToken ?? '', result.message));
  }
  if (result instanceof Error) return message(pages, 403, 'Please start again', result.message, { link: startAgain(request) });
  deps.logger.info('authorize page: operator signed in', { operator: result.session.operator?.label });
  return { status: 303, headers: { Location: `${AUTHORIZE_PATH}?${authorizeQueryString(request)}`, 'Set-Cookie': cookie.set(result.id), 'Cache-Control': 'no-store' } };
}

/** The policies granted: all asked (strict), or those the operator left ticked. */
function grantedPolicies(request: AuthorizeRequest, ticked: readonly string[]): StorePolicy[] {
  return request.strict ? [...request.policies] : request.policies.filter((policy) => ticked.includes(policy));
}

async function decide(deps: AuthorizeRouteDeps, pages: Pages, form: z.output<typeof decisionForm>, header: (name: string) => string | undefined): Promise<HandlerResult> {
  if (crossSite(header)) return message(pages, 403, 'Refused', 'This form was sent from another site.');
  const request = formRequest(pages, one(form.request));
  if (!('policies' in request)) return request;
  const cookie = pages.cookie();
  const open = await findOperatorSession(deps, cookie.read(header('cookie')));
  if (open === null || open.session.operator === undefined) {
    return message(pages, 403, 'Please sign in again', 'Your session has expired or ended (it lasts 10 minutes and ends with each decision).', { link: startAgain(request) });
  }
  if (!csrfTokenMatches(open.session, one(form.csrfToken))) {
    return message(pages, 403, 'Refused', 'The form did not come from this page (its security token is missing or wrong).', { link: startAgain(request) });
  }
  const operator = await currentOperator(deps, open.session);
  if (operator === null) {
    await takeOperatorSession(deps, open.id);
    return message(pages, 403, 'Please sign in again', 'The key you signed in with is no longer an admin key.', { link: startAgain(request) }, { 'Set-Cookie': cookie.clear() });
  }
  const decision = one(form.decision);
  if (decision === 'deny') {
    await takeOperatorSession(deps, open.id);
    deps.logger.info('authorize page: request denied', { application: request.applicationName, operator: operator.label });
    const back = request.redirect === null ? {} : { link: { href: request.redirect.origin + '/', text: `Back to ${request.redirect.origin}` } };
    return message(pages, 200, 'Request denied', `No key was created and nothing was sent to ${request.redirect?.origin ?? 'the application'}.`, back, { 'Set-Cookie': cookie.clear() });
  }
  if (decision !== 'approve') return approvalPage(deps, pages, request, open, operator.label, 'Choose Approve or Deny.', 400);

  let storeId: string | null = null;
  if (request.fixedStoreId !== null) {
    storeId = (await fixedStore(deps, request))?.id ?? null;
    if (storeId === null) return approvalPage(deps, pages, request, open, operator.label, `The store ${request.fixedStoreId} does not exist.`, 400);
  } else if (request.selectiveStores) {
    const chosen = one(form.storeId);
    storeId = (await storeChoices(deps)).find((store) => store.id === chosen)?.id ?? null;
    if (storeId === null) return approvalPage(deps, pages, request, open, operator.label, 'Choose one of the stores.', 400);
  }
  const policies = grantedPolicies(request, many(form.permissions));
  if (policies.length === 0) return approvalPage(deps, pages, request, open, operator.label, 'Leave at least one permission ticked, or deny.', 400);
  // Single use: of two submissions of the same form, one creates a key.
  if ((await takeOperatorSession(deps, open.id)) === null) {
    return message(pages, 403, 'Please sign in again', 'This form was already used.', { link: startAgain(request) });
  }
  const label = [request.applicationName ?? 'Authorized application', request.applicationIdentifier === null ? '' : `[${request.applicationIdentifier}]`].join(' ').trim();
  const created = await createApiKey(deps, operator, { label, permissions: policies.map((policy) => (storeId === null ? policy : `${policy}:${storeId}`)) });
  if (created instanceof Error) return message(pages, 400, 'No key was created', created.message);
  deps.logger.info('authorize page: API key created', { label, permissions: created.permissions, operator: operator.label });
  const cleared = { 'Set-Cookie': cookie.clear() };
  if (request.redirect === null) return page(200, renderKeyShownPage(pages.assets, created.apiKey, created.permissions), cleared);
  const fields: [string, string][] = [['apiKey', created.apiKey], ['userId', POSTED_USER_ID], ...created.permissions.map((p): [string, string] => ['permissions[]', p])];
  return page(200, renderKeyDeliveryPage(pages.assets, request.redirect, fields), cleared, request.redirect);
}

/** Redis or Postgres away: a page that says so rather than a 500 (the failure goes to the log). */
async function guarded(deps: AuthorizeRouteDeps, pages: Pages, work: () => Promise<HandlerResult>): Promise<HandlerResult> {
  try {
    return await work();
  } catch (error) {
    deps.logger.error('authorize page failed', { error: error instanceof Error ? error.message : String(error) });
    return message(pages, 503, 'Temporarily unavailable', 'The gateway cannot handle this right now. Try again in a minute.', {}, { 'Retry-After': '30' });
  }
}

export function authorizeRoutes(deps: AuthorizeRouteDeps): RouteModule {
  const pages: Pages = { assets: authorizeAssets(), cookie: () => sessionCookie(deps.secureCookies()) };
  const htmlResponses = { 200: { description: 'A page (text/html)' }, 400: { description: 'Bad request page (text/html)' } };
  return {
    name: 'authorize',
    mount(kit) {
      kit.route({
        method: 'get', path: AUTHORIZE_PATH, operationId: 'Authorize_Page', extension: true, tags: TAGS,
        summary: 'BTCPay\'s browser flow for an application to get an API key: sign in, approve or deny (HTML)',
        auth: { kind: 'none' }, query: authorizeQuery, responses: htmlResponses,
        handler: async ({ query, header }) => guarded(deps, pages, () => showAuthorizePage(deps, pages, query, header('cookie'))),
      });
      kit.route({
        method: 'post', path: SIGN_IN_PATH, operationId: 'Authorize_SignIn', extension: true, tags: TAGS,
        summary: 'Sign in on the authorize page with an unrestricted key (HTML form; CSRF token; rate limited per IP)',
        auth: { kind: 'none' }, body: signInForm, bodyFormat: 'form',
        responses: { ...htmlResponses, 303: { description: 'Signed in: back to the authorize page' }, 401: { description: 'Unknown key (page)' }, 403: { description: 'Not an admin key, expired session or bad CSRF token (page)' } },
        handler: async ({ body, clientIp, header }) => guarded(deps, pages, () => signIn(deps, pages, body, { clientIp, header })),
      });
      kit.route({
        method: 'post', path: DECISION_PATH, operationId: 'Authorize_Decide', extension: true, tags: TAGS,
        summary: 'Approve (creates the key and POSTs it to the redirect URL) or deny (HTML form; CSRF token)',
        auth: { kind: 'none' }, body: decisionForm, bodyFormat: 'form',
        responses: { ...htmlResponses, 403: { description: 'Expired session or bad CSRF token (page)' } },
        handler: async ({ body, header }) => guarded(deps, pages, () => decide(deps, pages, body, header)),
      });
      kit.route({
        method: 'get', path: `${AUTHORIZE_ASSET_PATH}/{fileName}`, operationId: 'Authorize_Asset', extension: true, tags: TAGS,
        summary: 'The authorize pages\' script and stylesheet', auth: { kind: 'none' }, params: assetPath,
        responses: { 200: { description: 'The file' }, 404: { description: '`not-found`' } },
        handler: async ({ params }) => {
          const file = pages.assets.find(params.fileName);
          if (file === undefined) return new RouteNotFoundError();
          return { status: 200, body: file.body, headers: { 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' } };
        },
      });
    },
  };
}

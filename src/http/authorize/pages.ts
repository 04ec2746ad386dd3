/**
 * The authorize pages, rendered on the server with the checkout page's escaping `html` template:
 * sign-in, approval, the key delivery (an auto-submitted form POST to the shop), the key shown once
 * (no `redirect`), and the message pages (bad request, denied, expired…). Everything that came from
 * the application (name, URL, store names) is escaped.
 */
import { html, htmlDocument, type SafeHtml } from '../checkout/html';
import { authorizeAssetUrl, type AuthorizeAssets } from './assets';
import { authorizeQueryString, type AuthorizeRequest } from './authorize-request';
import { STORE_POLICY_TEXT } from './permission-text';
import type { FieldProblem } from '../../app/errors';

export const SIGN_IN_PATH = '/api-keys/authorize/sign-in';
export const DECISION_PATH = '/api-keys/authorize/decision';

export interface StoreChoice {
  readonly id: string;
  readonly name: string;
}

function layout(title: string, assets: AuthorizeAssets, body: SafeHtml): string {
  return htmlDocument({
    title, stylesheetUrl: authorizeAssetUrl(assets.styles), scriptUrl: authorizeAssetUrl(assets.script),
    body: html`<main class="checkout" aria-labelledby="page-title">
${body}
</main>`,
  });
}

const appName = (request: AuthorizeRequest): string => request.applicationName ?? 'An application';
const isLocal = (url: URL): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function destination(request: AuthorizeRequest): SafeHtml {
  const { redirect } = request;
  if (redirect === null) {
    return html`<section class="panel destination" aria-labelledby="destination-title">
<h2 id="destination-title">Where the key goes</h2>
<p>No address was given: the key will be shown on this page, once, for you to copy.</p>
</section>`;
  }
  const plain = redirect.protocol === 'http:' && !isLocal(redirect)
    ? html`<p class="warning" id="http-warning">This address is not https: the key would cross the network unencrypted.</p>`
    : null;
  return html`<section class="panel destination" aria-labelledby="destination-title">
<h2 id="destination-title">Where the key goes</h2>
<p>The new key will be sent to <strong id="destination-origin">${redirect.origin}</strong></p>
<p><code id="destination-url">${redirect.href}</code></p>
${plain}
</section>`;
}

function scopeText(request: AuthorizeRequest, store: StoreChoice | null): string {
  if (request.fixedStoreId !== null) return store === null ? `On store ${request.fixedStoreId}` : `On the store ${store.name}`;
  return request.selectiveStores ? 'On the one store you choose below' : 'On every store of this gateway';
}

function permissionList(request: AuthorizeRequest, selectable: boolean): SafeHtml {
  const items = request.policies.map((policy, index) => (selectable
    ? html`<li><input type="checkbox" id="permission-${index}" name="permissions" value="${policy}" checked>
<label for="permission-${index}">${STORE_POLICY_TEXT[policy]}</label> <code>${policy}</code></li>`
    : html`<li>${STORE_POLICY_TEXT[policy]} <code>${policy}</code></li>`));
  return html`<ul class="permissions" id="permissions">${items}</ul>`;
}

function requestPanel(request: AuthorizeRequest, store: StoreChoice | null, selectable: boolean): SafeHtml {
  const identifier = request.applicationIdentifier === null ? null : html` <code>(${request.applicationIdentifier})</code>`;
  const optional = selectable ? html`<p class="hint">This application lets you leave out permissions: untick those you do not grant.</p>` : null;
  return html`<p><strong id="application-name">${appName(request)}</strong>${identifier} asks for an API key for this payment gateway.</p>
<section class="panel" aria-labelledby="permissions-title">
<h2 id="permissions-title">It asks to</h2>
${permissionList(request, selectable)}
<p id="scope">${scopeText(request, store)}</p>
${optional}
</section>
${destination(request)}`;
}

const errorBox = (message: string | null): SafeHtml | null =>
  message === null ? null : html`<p class="error" role="alert" id="form-error">${message}</p>`;

const hiddenState = (request: AuthorizeRequest, csrfToken: string): SafeHtml =>
  html`<input type="hidden" name="csrfToken" value="${csrfToken}">
<input type="hidden" name="request" value="${authorizeQueryString(request)}">`;

export function renderSignInPage(assets: AuthorizeAssets, request: AuthorizeRequest, csrfToken: string, error: string | null = null): string {
  return layout(`Authorize ${appName(request)}`, assets, html`<h1 id="page-title">Authorize ${appName(request)}</h1>
${requestPanel(request, null, false)}
<form method="post" action="${SIGN_IN_PATH}" class="panel" aria-labelledby="sign-in-title">
<h2 id="sign-in-title">Sign in to decide</h2>
${errorBox(error)}
${hiddenState(request, csrfToken)}
<label for="admin-key">Admin API key</label>
<input id="admin-key" name="apiKey" type="password" required autocomplete="off" spellcheck="false" aria-describedby="admin-key-hint">
<p class="hint" id="admin-key-hint">ADMIN_API_KEY, or a gateway key with the "unrestricted" permission. It is checked here and never sent to the application.</p>
<button type="submit" class="button wide" id="sign-in">Sign in</button>
</form>`);
}

function storePicker(request: AuthorizeRequest, stores: readonly StoreChoice[]): SafeHtml | null {
  if (!request.selectiveStores || request.fixedStoreId !== null) return null;
  const options = stores.map((store) => html`<option value="${store.id}">${store.name} (${store.id})</option>`);
  return html`<label for="store">Store</label>
<select id="store" name="storeId" required>${options}</select>`;
}

export interface ApprovalPageInput {
  readonly request: AuthorizeRequest;
  readonly csrfToken: string;
  readonly operatorLabel: string;
  readonly stores: readonly StoreChoice[];
  /** The store the request names, when it names one and it exists. */
  readonly fixedStore: StoreChoice | null;
  readonly error?: string | null;
}

export function renderApprovalPage(assets: AuthorizeAssets, input: ApprovalPageInput): string {
  const { request } = input;
  const noStore = request.selectiveStores && (request.fixedStoreId === null ? input.stores.length === 0 : input.fixedStore === null);
  const noStoreNote = noStore
    ? html`<p class="error" role="alert" id="no-store">${request.fixedStoreId === null
      ? 'There is no store yet: create one (blink-gateway store create, or POST /api/v1/stores) and reload this page.'
      : `The store ${request.fixedStoreId} the application names does not exist.`}</p>`
    : null;
  const approve = noStore ? null : html`<button type="submit" name="decision" value="approve" id="approve">Approve</button>`;
  return layout(`Authorize ${appName(request)}`, assets, html`<h1 id="page-title">Authorize ${appName(request)}</h1>
<form method="post" action="${DECISION_PATH}" aria-labelledby="page-title">
${errorBox(input.error ?? null)}
${requestPanel(request, input.fixedStore, !request.strict)}
${hiddenState(request, input.csrfToken)}
${storePicker(request, input.stores)}
${noStoreNote}
<p class="hint">Signed in as <span id="operator">${input.operatorLabel}</span>. The key will hold exactly the permissions above.</p>
<div class="actions">
${approve}
<button type="submit" name="decision" value="deny" class="deny" id="deny">Deny</button>
</div>
</form>`);
}

/** The key's way to the shop: a form POST, as BTCPay sends it (apiKey, userId, permissions[]). */
export function renderKeyDeliveryPage(assets: AuthorizeAssets, target: URL, fields: readonly (readonly [string, string])[]): string {
  const inputs = fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return layout('Sending the key', assets, html`<h1 id="page-title">Sending the key to ${target.origin}</h1>
<form method="post" action="${target.href}" id="post-redirect">
${inputs}
<p>If nothing happens, press the button.</p>
<button type="submit" class="button wide">Continue to ${target.origin}</button>
</form>`);
}

export function renderKeyShownPage(assets: AuthorizeAssets, apiKey: string, permissions: readonly string[]): string {
  const items = permissions.map((permission) => html`<li><code>${permission}</code></li>`);
  return layout('API key created', assets, html`<h1 id="page-title">API key created</h1>
<p>Copy the key now: it is shown only once.</p>
<label for="api-key">API key</label>
<input id="api-key" class="key" type="text" readonly value="${apiKey}" spellcheck="false" autocomplete="off">
<section class="panel"><h2>Permissions</h2><ul class="permissions">${items}</ul></section>`);
}

export interface MessagePageExtras {
  readonly problems?: readonly FieldProblem[];
  /** A way on: "start again" (same-origin path) or back to the shop. */
  readonly link?: { readonly href: string; readonly text: string };
}

export function renderMessagePage(assets: AuthorizeAssets, title: string, message: string, extras: MessagePageExtras = {}): string {
  const problems = extras.problems ?? [];
  const list = problems.length === 0
    ? null
    : html`<ul class="problems" id="problems">${problems.map((problem) => html`<li><code>${problem.path}</code>: ${problem.message}</li>`)}</ul>`;
  const link = extras.link === undefined ? null : html`<a class="button wide secondary" id="next-link" href="${extras.link.href}">${extras.link.text}</a>`;
  return layout(title, assets, html`<h1 id="page-title">${title}</h1>
<p id="message">${message}</p>
${list}
${link}`);
}

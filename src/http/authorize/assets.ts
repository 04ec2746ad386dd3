/**
 * The authorize pages' stylesheet (the checkout page's, plus a few rules) and their one script,
 * served as files under content-hashed names (`script-src 'self'`, `style-src 'self'`: nothing inline).
 */
import { CHECKOUT_STYLES } from '../checkout/assets/checkout-styles';
import { pageAssets, type PageAsset, type PageAssets } from '../page-assets';

export const AUTHORIZE_ASSET_PATH = '/api-keys/authorize/assets';

const EXTRA_STYLES = `
.panel { border: 1px solid #d1d5db; border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; }
.panel h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.permissions { margin: 0; padding-left: 1.25rem; }
.permissions li { margin: 0.35rem 0; }
.permissions code, .destination code { font-size: 0.8rem; color: #4b5563; overflow-wrap: anywhere; }
.permissions label { font-weight: 400; display: inline; }
.destination strong { overflow-wrap: anywhere; }
.warning { background: #fef3c7; border: 1px solid #b45309; color: #78350f; border-radius: 6px; padding: 0.5rem 0.75rem; }
.error { background: #fee2e2; border: 1px solid #991b1b; color: #7f1d1d; border-radius: 6px; padding: 0.5rem 0.75rem; }
.problems { margin: 0.5rem 0 0; padding-left: 1.25rem; }
input[type=password], input[type=text].key, select {
  width: 100%; padding: 0.6rem; border: 1px solid #6b7280; border-radius: 6px; font: inherit; background: #ffffff;
}
input[type=text].key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.25rem; }
.actions button { flex: 1 1 0; }
button.deny { background: #ffffff; color: #991b1b; border: 2px solid #991b1b; }
button.deny:hover { background: #fee2e2; }
.hint { font-size: 0.9rem; color: #4b5563; }
`;

/** Submits the key-delivery form at once (the page also shows its button, for browsers without script). */
const AUTHORIZE_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('post-redirect');
  if (form && typeof form.submit === 'function') form.submit();
})();
`;

export type AuthorizeAsset = PageAsset;
export type AuthorizeAssets = PageAssets;

export const authorizeAssets = (): AuthorizeAssets =>
  pageAssets('authorize', { script: AUTHORIZE_SCRIPT, styles: CHECKOUT_STYLES + EXTRA_STYLES });

export const authorizeAssetUrl = (file: AuthorizeAsset): string => `${AUTHORIZE_ASSET_PATH}/${file.fileName}`;

/**
 * Headers of every authorize page: scripts and styles only from the gateway, no framing, forms only
 * to the gateway, except the page that delivers the key, whose one form goes to the shop's origin.
 */
export function authorizePageHeaders(formTarget: URL | null = null): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "base-uri 'none'",
      `form-action ${formTarget === null ? "'self'" : formTarget.origin}`, "frame-ancestors 'none'",
    ].join('; '),
    'Cache-Control': 'no-store',
  };
}

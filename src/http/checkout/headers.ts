/**
 * Headers of the checkout's HTML pages. The Content-Security-Policy allows scripts, styles and
 * connections only from the gateway itself (no inline script or style, no `unsafe-inline`); the QR
 * code is inline SVG markup, which needs no source. Framing is limited to the gateway's own origin,
 * except for the modal view (MODAL_FRAME_ANCESTORS).
 */
export interface CheckoutPageHeaderOptions {
  /** CSP source expressions allowed to frame the page. */
  readonly frameAncestors: readonly string[];
}

export const DEFAULT_FRAME_ANCESTORS: readonly string[] = ["'self'"];

/**
 * The modal view (`/i/{id}?view=modal`, what /modal/btcpay.js frames) may be framed by any site, as
 * BTCPay's checkout may: the shops that embed it are not known to the gateway (no origin list to
 * keep), and the page offers a framing site nothing to trick a buyer into: it changes no state
 * (copy, open-in-wallet link, close), and shows only what its link shows anyone. The plain view
 * stays unframeable. Browsers obey frame-ancestors over the X-Frame-Options: DENY sent with it.
 */
export const MODAL_FRAME_ANCESTORS: readonly string[] = ['*'];

export function contentSecurityPolicy(options: CheckoutPageHeaderOptions): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${options.frameAncestors.length === 0 ? "'none'" : options.frameAncestors.join(' ')}`,
  ].join('; ');
}

export function checkoutPageHeaders(options: CheckoutPageHeaderOptions): Record<string, string> {
  const onlySelf = options.frameAncestors.length === 1 && options.frameAncestors[0] === "'self'";
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': contentSecurityPolicy(options),
    // Browsers that know frame-ancestors ignore X-Frame-Options; the header is for the others, and
    // it cannot name other origins, so it stays DENY (set for every response) unless only 'self' frames.
    ...(onlySelf ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
    'Cache-Control': 'no-store',
  };
}

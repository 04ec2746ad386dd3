/** The `server` URL: BTCPay's rules for accepting it, and the websocket URL derived from it. */
import { z } from 'zod';

export const DEFAULT_SERVER = 'https://api.blink.sv/graphql';

const httpUrl = z.url({ protocol: /^https?$/ });

/** An absolute http(s) URL with a host, as BTCPay's `Uri.TryCreate(…, UriKind.Absolute)` + scheme check requires. */
export function parseServerUrl(text: string): URL | undefined {
  return httpUrl.safeParse(text).success ? new URL(text) : undefined;
}

/**
 * BTCPay's `VerifySecureEndpoint` tests `host.EndsWith("onion")`, literally: not `.onion`. We keep its
 * rule so every string BTCPay accepts is accepted here; the parser warns when the host is not a real
 * `.onion` name.
 */
export const isOnionHost = (hostname: string): boolean => hostname.endsWith('onion');

export const isSecureEndpoint = (url: URL, allowInsecure: boolean): boolean =>
  url.protocol === 'https:' || allowInsecure || isOnionHost(url.hostname);

/**
 * Blink serves subscriptions from a separate host: `https://api.blink.sv/graphql` →
 * `wss://ws.blink.sv/graphql` (a leading `api.` becomes `ws.`, path and query kept). A plain-http
 * server that the connection allows (`allowinsecure=true`, or an onion host) is a local or Tor setup
 * whose websocket lives on the same host: `ws://` with host **and port** kept. BTCPay rewrites every
 * `api.` in the host and drops the port, which breaks local setups; we do neither.
 * An explicit port on an https server is kept too. Throws on a server that is not a URL: callers pass a
 * parsed connection's server, so that would be a bug.
 */
export function websocketUrlFor(server: string, allowInsecure: boolean): string {
  const url = new URL(server);
  const pathAndQuery = `${url.pathname}${url.search}`;
  if (url.protocol === 'http:' && (allowInsecure || isOnionHost(url.hostname))) {
    return `ws://${url.host}${pathAndQuery}`;
  }
  // Never downgrade: an https server (or an http one the connection does not allow) gets wss.
  const host = url.hostname.startsWith('api.') ? `ws.${url.hostname.slice('api.'.length)}` : url.hostname;
  const port = url.port === '' ? '' : `:${url.port}`;
  return `wss://${host}${port}${pathAndQuery}`;
}

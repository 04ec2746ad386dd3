/**
 * The SSRF guard: an undici connector that checks the address it is about to connect to, after DNS
 * resolution (peers-and-webhooks.md §2.5). A pre-flight "resolve, check, then connect" can be beaten
 * by DNS rebinding; checking inside the connect path, on the very addresses the socket will use,
 * cannot. IP literals skip DNS, so they are checked before connecting; the connected socket's remote
 * address is checked again as a last line. Which addresses pass is src/domain/webhook/ssrf.ts.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { isAddressAllowed } from '../../domain/webhook';

export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError';
  readonly code = 'forbidden-address';
  constructor(host: string, address: string | undefined) {
    const target = address === undefined || address === host ? host : `${host} (${address})`;
    super(`Refused to connect to ${target}: not a public address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private networks)`);
  }
}

export type Lookup = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export interface GuardOptions {
  readonly allowPrivateNetworks: boolean;
  readonly connectTimeoutMs: number;
  /** DNS resolution; defaults to the system resolver (`dns.lookup`). Tests inject names. */
  readonly lookup?: Lookup;
}

type NetLookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that drops forbidden addresses, and fails when none is left. */
export function guardedLookup(options: GuardOptions) {
  const resolve: Lookup = options.lookup ?? ((hostname, lookupOptions, callback) => dnsLookup(hostname, lookupOptions, callback));
  const policy = { allowPrivateNetworks: options.allowPrivateNetworks };
  return (hostname: string, lookupOptions: { family?: number; all?: boolean }, callback: NetLookupCallback): void => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((entry) => isAddressAllowed(entry.address, policy));
      const first = allowed[0];
      if (first === undefined) return callback(new ForbiddenAddressError(hostname, addresses[0]?.address), []);
      if (lookupOptions.all === true) return callback(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
}

const unbracket = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

export function guardedConnector(options: GuardOptions): buildConnector.connector {
  const policy = { allowPrivateNetworks: options.allowPrivateNetworks };
  const base = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardedLookup(options) } as buildConnector.BuildOptions);
  return (connectOptions, callback) => {
    const host = unbracket(connectOptions.hostname);
    if (isIP(host) !== 0 && !isAddressAllowed(host, policy)) {
      callback(new ForbiddenAddressError(host, undefined), null);
      return;
    }
    base(connectOptions, (error, socket) => {
      if (error !== null) return callback(error, null);
      const remote = socket.remoteAddress;
      if (remote === undefined || !isAddressAllowed(remote, policy)) {
        socket.destroy();
        return callback(new ForbiddenAddressError(host, remote), null);
      }
      return callback(null, socket);
    });
  };
}

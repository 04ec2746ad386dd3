/** The connection's public face: what the CLI prints, what `JSON.stringify(connection)` yields. Never the key. */
import { redactApiKey } from './redact';
import type { BlinkConnection, BlinkWalletCurrency } from './types';

export interface ConnectionDescription {
  readonly mode: BlinkConnection['mode'];
  readonly server: string;
  readonly websocketUrl: string;
  /** `blink_…AbCd`; null when the connection has no key. */
  readonly apiKey: string | null;
  readonly walletId: string | null;
  readonly currency: BlinkWalletCurrency | null;
  readonly allowInsecure: boolean;
  /** Only in `ln-address` mode. */
  readonly lnAddress?: string;
}

export function describeConnection(connection: BlinkConnection): ConnectionDescription {
  const common = {
    mode: connection.mode,
    server: connection.server,
    websocketUrl: connection.websocketUrl,
  };
  const tail = { currency: connection.currency ?? null, allowInsecure: connection.allowInsecure };
  switch (connection.mode) {
    case 'api-key':
      return { ...common, apiKey: redactApiKey(connection.apiKey), walletId: connection.walletId ?? null, ...tail };
    case 'keyless':
      return { ...common, apiKey: null, walletId: connection.walletId, ...tail };
    case 'ln-address':
      return { ...common, apiKey: null, walletId: null, ...tail, lnAddress: connection.lnAddress };
  }
}

/**
 * Parsed connections carry, as non-enumerable properties (so equality checks and spreads ignore them),
 * a `toJSON` and a Node inspect hook that both return the description: `JSON.stringify(connection)`,
 * `util.inspect` and `console.log` never print the key. A spread copy (`{ ...connection }`) loses them,
 * so code that copies a connection must not serialise the copy; the logger redacts `apiKey` fields anyway.
 */
export function guardConnection<C extends BlinkConnection>(connection: C): C {
  const describe = (): ConnectionDescription => describeConnection(connection);
  Object.defineProperty(connection, 'toJSON', { value: describe });
  Object.defineProperty(connection, Symbol.for('nodejs.util.inspect.custom'), { value: describe });
  return Object.freeze(connection);
}

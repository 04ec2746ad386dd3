import type { StoredStoreConnection } from '../ports';

/**
 * Greenfield's payment method shape (`GenericPaymentMethodData`: `enabled`, `paymentMethodId`,
 * `config`), with `config` redacted, plus our `blink` extension describing what verification
 * established. Built only from stored public fields: the sealed key is never opened for it.
 */
export const PAYMENT_METHOD_ID = 'BTC-LN';

export interface StoreConnectionView {
  readonly enabled: boolean;
  readonly paymentMethodId: typeof PAYMENT_METHOD_ID;
  readonly config: string;
  readonly blink: {
    readonly mode: StoredStoreConnection['mode'];
    readonly access: StoredStoreConnection['access'];
    readonly server: string;
    readonly walletId: string;
    readonly walletCurrency: StoredStoreConnection['walletCurrency'];
    readonly scopes: readonly string[];
    readonly scopesSource: StoredStoreConnection['scopesSource'];
    readonly network: StoredStoreConnection['network'];
    readonly verifiedAt: string;
    readonly notes: readonly string[];
    readonly warnings: readonly string[];
  };
}

export function viewStoreConnection(connection: StoredStoreConnection): StoreConnectionView {
  return {
    enabled: connection.enabled,
    paymentMethodId: PAYMENT_METHOD_ID,
    config: connection.redactedConnection,
    blink: {
      mode: connection.mode,
      access: connection.access,
      server: connection.server,
      walletId: connection.walletId,
      walletCurrency: connection.walletCurrency,
      scopes: connection.scopes,
      scopesSource: connection.scopesSource,
      network: connection.network,
      verifiedAt: connection.verifiedAt.toISOString(),
      notes: connection.notes,
      warnings: connection.warnings,
    },
  };
}

/**
 * Greenfield payment method ids this gateway answers to: `BTC-LN`, with `_` for `-` (WooCommerce
 * sends `BTC_LN`), the LNURL forms and BTCPay 1.x's names for Lightning. Case-insensitive, as BTCPay
 * parses them. One definition for every route: src/domain/invoice/payment-method-id.ts.
 */
export { isLightningPaymentMethodId } from '../../domain/invoice/payment-method-id';

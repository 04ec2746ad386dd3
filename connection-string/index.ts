/**
 * Blink connection strings (`type=blink;server=…;api-key=…;wallet-id=…`), read exactly as BTCPay's Blink
 * plugin reads them. Pure: no I/O, no clock.
 */
export type {
  ApiKeyConnection, BlinkApiKey, BlinkConnection, BlinkWalletCurrency, KeylessConnection, LnAddressConnection, WalletId,
} from './types';
export { parseConnectionString, type ParsedConnection } from './parse';
export { formatConnectionString, redactConnectionString } from './format';
export { describeConnection, type ConnectionDescription } from './describe';
export { redactApiKey } from './redact';
export { DEFAULT_SERVER, websocketUrlFor } from './server';
export { parseBlinkApiKey, parseWalletId } from './brands';
export {
  btcpayMessages, ConnectionStringError, connectionStringErrorCodes, isConnectionStringError,
  type ConnectionStringErrorCode,
} from './errors';

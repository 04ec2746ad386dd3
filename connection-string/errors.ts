/**
 * Why a connection string was refused. `message` is, word for word, what BTCPay (its connection-string
 * helper, its lightning client factory or the Blink plugin) says for the same mistake, because merchants
 * search for those messages; `code` is ours and stable; `hint` says how to fix it.
 * No message or hint ever contains an API key.
 */
export const connectionStringErrorCodes = [
  'malformed', // a part without `=` (including a whitespace-only part)
  'duplicate-key',
  'missing-type',
  'unsupported-type', // `type` is not exactly `blink`, or a legacy (URL-only) form
  'invalid-server',
  'invalid-allowinsecure',
  'insecure-server',
  'missing-api-key',
  'invalid-currency',
  'missing-ln-address',
  'invalid-ln-address',
] as const;
export type ConnectionStringErrorCode = (typeof connectionStringErrorCodes)[number];

export class ConnectionStringError extends Error {
  override readonly name = 'ConnectionStringError';
  constructor(
    readonly code: ConnectionStringErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  toJSON(): { code: ConnectionStringErrorCode; message: string; hint?: string } {
    return { code: this.code, message: this.message, ...(this.hint === undefined ? {} : { hint: this.hint }) };
  }
}

export const isConnectionStringError = (value: unknown): value is ConnectionStringError =>
  value instanceof ConnectionStringError;

/** BTCPay's texts, quoted exactly (see reference/btcpay-greenfield.md §a.3 and §c). */
export const btcpayMessages = {
  malformed: 'The format of the connectionString should a list of key=value delimited by semicolon',
  duplicateKey: (key: string) => `Duplicate key ${key}`,
  missingType: "The key 'type' is mandatory",
  unsupported: 'Unsupported connection string',
  invalidServer: "The key 'server' should be an URI starting by http:// or https://",
  invalidAllowInsecure: "The key 'allowinsecure' should be true or false",
  insecureServer: "The key 'allowinsecure' is false, but server's Uri is not using https",
  missingApiKey: "The key 'api-key' is not found",
  invalidCurrency: 'Invalid Blink Wallet Currency (Only BTC and USD are supported)',
  missingLnAddress: "The key 'ln-address' must be a Blink lightning address (e.g. user@blink.sv)",
  invalidLnAddress: (address: string) => `The key 'ln-address' is not a valid lightning address ('${address}')`,
} as const;

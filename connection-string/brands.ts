/**
 * The only place that brands connection values. A value is usable in a connection string when it is
 * non-empty, carries no `;` (the grammar has no escaping) and no surrounding whitespace (the grammar
 * trims it away), so it survives `formatConnectionString` → `parseConnectionString` unchanged.
 */
import type { BlinkApiKey, WalletId } from './types';
import { dotnetTrim } from './grammar';

export const isRepresentableValue = (value: string): boolean =>
  !value.includes(';') && dotnetTrim(value) === value;

/** A Blink API key from trusted text (e.g. a sandbox or a decrypted store record), or null if unusable. */
export const parseBlinkApiKey = (text: string): BlinkApiKey | null =>
  text !== '' && isRepresentableValue(text) ? brandApiKey(text) : null;

export const parseWalletId = (text: string): WalletId | null =>
  text !== '' && isRepresentableValue(text) ? brandWalletId(text) : null;

/** For the parser, which has already applied BTCPay's rules (an empty `api-key=` is one BTCPay accepts). */
export const brandApiKey = (text: string): BlinkApiKey => text as BlinkApiKey;
export const brandWalletId = (text: string): WalletId => text as WalletId;

/** In-memory stand-ins for the invoice ports (no I/O), for the use-case unit tests. */
import type { ApiKeyConnection, BlinkApiKey, WalletId } from '../../../../connection-string/types';
import { BlinkError, type BlinkConversion, type BlinkInvoice, type BlinkInvoiceRequest, type BlinkPort } from '../../../../src/app/blink-port';
import type { IdempotencyClaim, InvoiceRateGuard, InvoiceRepository, StoredInvoice } from '../../../../src/app/ports';
import type { PaymentHash } from '../../../../src/domain/ids';
import type { Sats } from '../../../../src/domain/money/units';

export const connection: ApiKeyConnection = {
  mode: 'api-key', server: 'https://blink.test/graphql', websocketUrl: 'wss://blink.test/graphql', allowInsecure: false,
  currency: undefined, apiKey: 'blink_test' as BlinkApiKey, walletId: 'wallet-1' as WalletId,
};

/** Blink that prices at `btcUsd` USD/BTC and `perUsd` units of each currency per USD, and records every call. */
export function fakeBlink(options: { btcUsd?: number; perUsd?: Record<string, number>; fail?: BlinkError } = {}) {
  const calls: Array<{ op: 'convert'; amount: number; currency: string } | { op: 'create'; request: BlinkInvoiceRequest }> = [];
  const btcUsd = options.btcUsd ?? 100_000;
  const perUsd: Record<string, number> = { USD: 1, EUR: 0.92, JPY: 150, ...options.perUsd };
  const blink: Pick<BlinkPort, 'convert' | 'createInvoice'> = {
    async convert(_connection, amount, currency): Promise<BlinkConversion | BlinkError> {
      calls.push({ op: 'convert', amount, currency });
      if (options.fail) return options.fail;
      const rate = perUsd[currency];
      if (rate === undefined) return new BlinkError('blink-invalid-input', `Unsupported display currency: ${currency}`, 'INVALID_INPUT');
      const usd = amount / rate;
      return { sats: Math.round((usd / btcUsd) * 1e8) as Sats, cents: Math.round(usd * 100) as BlinkConversion['cents'] };
    },
    async createInvoice(_connection, request): Promise<BlinkInvoice | BlinkError> {
      calls.push({ op: 'create', request });
      if (options.fail) return options.fail;
      const sats = request.amount === null ? null
        : request.amount.currency === 'BTC' ? request.amount.sats : Math.ceil((request.amount.cents / 100 / btcUsd) * 1e8);
      return {
        paymentRequest: 'lnbcrt1fake', paymentHash: 'a'.repeat(64) as PaymentHash, satoshis: sats as Sats | null,
        status: 'PENDING', createdAt: new Date('2026-01-01T00:00:00Z'), externalId: 'x',
      };
    },
  };
  return { blink, calls };
}

export function allowingGuard(allowed = true): InvoiceRateGuard & { taken: number; blocks: number[] } {
  const guard = {
    taken: 0,
    blocks: [] as number[],
    async take() {
      guard.taken += 1;
      return allowed ? { allowed: true as const } : { allowed: false as const, retryAfterMs: 4_200 };
    },
    async block(_account: string, ms: number) { guard.blocks.push(ms); },
  };
  return guard;
}

/** Only what the idempotency and creation paths touch; the claim answers come from `claims`, in order. */
export function fakeInvoices(claims: IdempotencyClaim[] = [], stored: StoredInvoice[] = []) {
  const state = { inserted: [] as StoredInvoice[], released: 0, claimCalls: 0 };
  const repository: InvoiceRepository = {
    async insert(invoice) { state.inserted.push(invoice); },
    async findById(id) { return [...stored, ...state.inserted].find((invoice) => invoice.id === id) ?? null; },
    async findByPaymentHash() { return null; },
    async list() { return []; },
    async transition() { throw new Error('not used'); },
    async eventsOf() { return []; },
    async setArchived() { throw new Error('not used'); },
    async replaceMetadata() { throw new Error('not used'); },
    async claimIdempotencyKey() {
      state.claimCalls += 1;
      return claims.length > 1 ? claims.shift()! : claims[0] ?? { kind: 'claimed' };
    },
    async releaseIdempotencyKey() { state.released += 1; },
    async pruneIdempotencyKeys() { return 0; },
  };
  return { repository, state };
}

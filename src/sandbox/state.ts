import { EventEmitter } from 'node:events';
import type { SandboxNodeKey, SandboxNetwork } from './bolt11';
import type { Currency, InvoiceKind } from './invoice-rules';
import { FixedWindowRateLimiter } from './rate-limit';
import type { MaterializedAccount, SandboxAccountInfo, Scope } from './seed';

/** Everything a running sandbox knows. One instance per sandbox; nothing is global. */
export interface WalletRecord { id: string; currency: Currency; accountId: string; balance: number; onChainAddress: string | null }
export interface AccountRecord { info: SandboxAccountInfo; userId: string; createdAt: number }
export interface ApiKeyRecord { accountId: string; scopes: Scope[] }

export interface Settlement {
  at: number;
  via: 'ln' | 'intraledger';
  sats: number;
  /** Amount credited, in the wallet's minor unit. */
  credited: number;
  transactionId: string;
  counterPartyWalletId: string | null;
}

export interface InvoiceRecord {
  paymentHash: string;
  paymentPreimage: string;
  paymentSecret: string;
  paymentRequest: string;
  walletId: string;
  accountId: string;
  walletCurrency: Currency;
  kind: InvoiceKind;
  /** null for no-amount invoices. */
  satoshis: number | null;
  /** USD invoices: the cents quoted at creation. */
  cents: number | null;
  memo: string;
  externalId: string;
  onBehalfOfRecipient: boolean;
  webhookUrl: string | null;
  createdAt: number;
  expiresAt: number;
  forcedExpired: boolean;
  settlement: Settlement | null;
}

export type InvoiceStatus = 'PENDING' | 'PAID' | 'EXPIRED';

export function invoiceStatus(invoice: InvoiceRecord, now: number): InvoiceStatus {
  if (invoice.settlement !== null) return 'PAID';
  return invoice.forcedExpired || now >= invoice.expiresAt ? 'EXPIRED' : 'PENDING';
}

/** How a lost response looks to the client: its connection dropped, or a proxy's 502 or 504 page. */
export const LOST_RESPONSE_MODES = ['socket-destroyed', 'http-502', 'http-504'] as const;
export type LostResponseMode = (typeof LOST_RESPONSE_MODES)[number];

export interface Faults {
  latencyMs: number;
  errorRate: number;
  refuseWebsockets: boolean;
  forceRateLimit: boolean;
  /** The next N invoice-creating mutations run in full (the invoice exists) but their response is lost. */
  lostInvoiceResponses: number;
  lostResponseMode: LostResponseMode;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0, errorRate: 0, refuseWebsockets: false, forceRateLimit: false, lostInvoiceResponses: 0, lostResponseMode: 'socket-destroyed',
};

export interface SandboxConfig {
  network: SandboxNetwork;
  btcUsdPrice: number;
  /** Units of each display currency per USD. */
  fiatPerUsd: Record<string, number>;
  invoiceRateLimitPerMinute: number;
  rateLimitBlockSeconds: number;
  nodeKey: SandboxNodeKey;
}

export type InvoiceEvent = { kind: 'paid' | 'expired'; invoice: InvoiceRecord };

export class SandboxState {
  readonly accounts = new Map<string, AccountRecord>();
  readonly wallets = new Map<string, WalletRecord>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly externalIds = new Map<string, Set<string>>();
  readonly events = new EventEmitter();
  readonly stats = { requests: 0, byOperation: new Map<string, number>() };
  readonly activeSubscriptions = new Map<string, number>();
  faults: Faults = { ...NO_FAULTS };
  readonly selfInvoiceLimiter: FixedWindowRateLimiter;
  readonly recipientInvoiceLimiter: FixedWindowRateLimiter;
  private readonly seededBalances = new Map<string, number>();

  constructor(readonly config: SandboxConfig, seeded: readonly MaterializedAccount[], now: number) {
    const limits = { points: config.invoiceRateLimitPerMinute, windowMs: 60_000, blockMs: config.rateLimitBlockSeconds * 1000 };
    this.selfInvoiceLimiter = new FixedWindowRateLimiter(limits);
    this.recipientInvoiceLimiter = new FixedWindowRateLimiter(limits);
    this.events.setMaxListeners(0); // one listener per open subscription
    for (const account of seeded) {
      this.accounts.set(account.info.id, { info: account.info, userId: account.userId, createdAt: now });
      for (const wallet of account.info.wallets) {
        const balance = account.balances.get(wallet.id) ?? 0;
        this.seededBalances.set(wallet.id, balance);
        this.wallets.set(wallet.id, { id: wallet.id, currency: wallet.currency, accountId: account.info.id, balance, onChainAddress: null });
      }
      for (const key of account.info.apiKeys) this.apiKeys.set(key.key, { accountId: account.info.id, scopes: key.scopes });
    }
  }

  accountByUsername(username: string): AccountRecord | undefined {
    const wanted = username.toLowerCase();
    return [...this.accounts.values()].find((account) => account.info.username.toLowerCase() === wanted);
  }

  walletsOf(accountId: string): WalletRecord[] {
    return [...this.wallets.values()].filter((wallet) => wallet.accountId === accountId);
  }

  invoiceByPaymentRequest(paymentRequest: string): InvoiceRecord | undefined {
    const wanted = paymentRequest.toLowerCase();
    return [...this.invoices.values()].find((invoice) => invoice.paymentRequest === wanted);
  }

  countRequest(rootFields: readonly string[]): void {
    for (const name of rootFields) this.stats.byOperation.set(name, (this.stats.byOperation.get(name) ?? 0) + 1);
  }

  trackSubscription(field: string, delta: 1 | -1): void {
    this.activeSubscriptions.set(field, Math.max(0, (this.activeSubscriptions.get(field) ?? 0) + delta));
  }

  publish(event: InvoiceEvent): void {
    this.events.emit('invoice', event);
  }

  /** Back to the seed: invoices, external ids, balances, stats, faults and rate limits. */
  reset(): void {
    this.invoices.clear();
    this.externalIds.clear();
    for (const [id, balance] of this.seededBalances) {
      const wallet = this.wallets.get(id);
      if (wallet !== undefined) wallet.balance = balance;
    }
    this.stats.requests = 0;
    this.stats.byOperation.clear();
    this.faults = { ...NO_FAULTS };
    this.selfInvoiceLimiter.reset();
    this.recipientInvoiceLimiter.reset();
  }
}

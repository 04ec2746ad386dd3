import Transport from 'winston-transport';
import type {
  ApiKeyConnection, BlinkApiKey, BlinkConnection, BlinkWalletCurrency, KeylessConnection, WalletId,
} from '../../../connection-string/types';
import { createBlinkClient, type BlinkClient } from '../../../src/adapters/blink';
import { createLogger } from '../../../src/adapters/log';
import { startSandbox, type RunningSandbox, type SandboxSeed } from '../../../src/sandbox';

/**
 * A sandbox with three accounts (a merchant with every key shape, a second merchant, a wound-down
 * one) and a client with tiny retry delays whose log lines are kept for inspection.
 */
export const seed: SandboxSeed = {
  accounts: [
    {
      username: 'merchant',
      wallets: [{ currency: 'BTC' }, { currency: 'USD' }],
      defaultWalletCurrency: 'BTC',
      apiKeys: [
        { scopes: ['READ', 'RECEIVE'] }, { scopes: ['RECEIVE'] }, { scopes: ['READ'] }, { scopes: ['READ', 'RECEIVE', 'WRITE'] },
      ],
    },
    { username: 'other_merchant', wallets: [{ currency: 'BTC' }], apiKeys: [{ scopes: ['READ', 'RECEIVE'] }] },
    { username: 'wound_down', wallets: [{ currency: 'BTC' }], apiKeys: [{ scopes: ['READ', 'RECEIVE'] }, { scopes: ['RECEIVE'] }], receiveDisabled: true },
  ],
};

export class MemoryTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')]));
    next();
  }
}

export interface Fixture {
  readonly sandbox: RunningSandbox;
  readonly client: BlinkClient;
  readonly logs: MemoryTransport;
  /** An api-key connection for `account`'s key with exactly `scopes`, receiving into its `currency` wallet. */
  keyed(scopes: string, currency?: BlinkWalletCurrency, account?: number): ApiKeyConnection;
  keyless(currency?: BlinkWalletCurrency, account?: number): KeylessConnection;
  walletId(currency: BlinkWalletCurrency, account?: number): WalletId;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const sandbox = await startSandbox({ port: 0, seed, invoiceRateLimitPerMinute: 10_000 });
  const logs = new MemoryTransport();
  const client = createBlinkClient({
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
    retry: { attempts: 3, baseMs: 1, capMs: 5 },
    reconnect: { baseMs: 10, capMs: 100 },
    logger: createLogger({ level: 'debug', transports: [logs] }),
  });
  const base = { server: sandbox.graphqlUrl, websocketUrl: sandbox.wsUrl, allowInsecure: true, currency: undefined };
  const walletId = (currency: BlinkWalletCurrency, account = 0) => {
    const wallet = sandbox.accounts[account]!.wallets.find((item) => item.currency === currency);
    if (!wallet) throw new Error(`account ${account} has no ${currency} wallet`);
    return wallet.id as WalletId;
  };
  return {
    sandbox,
    client,
    logs,
    walletId,
    keyed(scopes, currency = 'BTC', account = 0) {
      const key = sandbox.accounts[account]!.apiKeys.find((item) => [...item.scopes].sort().join('+') === scopes);
      if (!key) throw new Error(`account ${account} has no key scoped ${scopes}`);
      return { ...base, mode: 'api-key', apiKey: key.key as BlinkApiKey, walletId: walletId(currency, account) };
    },
    keyless: (currency = 'BTC', account = 0) => ({ ...base, mode: 'keyless', walletId: walletId(currency, account) }),
    async control(path, body) {
      const response = await fetch(`${sandbox.url}/sandbox/${path}`, body === undefined ? {} : {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    },
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}

export interface Stats {
  requests: number;
  byOperation: Record<string, number>;
  subscriptions?: Record<string, number>;
}

export const allKeys = (fixture: Fixture): string[] => fixture.sandbox.accounts.flatMap((account) => account.apiKeys.map((key) => key.key));

export type { BlinkConnection };

import { randomBytes } from 'node:crypto';
import type { WalletId } from '../../../connection-string/types';
import { createSecretBox } from '../../../src/adapters/crypto/secret-box';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { storeConnectionContext } from '../../../src/app/stores/register-store-connection';
import type { StoreId } from '../../../src/domain/store/store-id';
import { MULTI_ACCOUNT_SEED, startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { connectionString, merchant } from '../stores/harness';

/**
 * The whole API as `blink-gateway api` composes it (own database and Redis prefix), a Blink sandbox
 * over the wire, and helpers to set up stores the way a merchant does (through the API).
 */
export interface InvoiceTestGateway {
  readonly gateway: TestGateway;
  readonly sandbox: RunningSandbox;
  readonly merchant: ReturnType<typeof merchant>;
  /** JSON request with the admin key unless `key` is given. */
  call(path: string, init?: { method?: string; key?: string | null; json?: unknown; headers?: Record<string, string> }): Promise<JsonResponse>;
  /** A store with a Blink connection registered through `PUT …/payment-methods/BTC-LN`. */
  createStore(options?: StoreOptions): Promise<string>;
  /**
   * A store whose connection is written straight to the database, sealed as the gateway seals it:
   * for connections that were fine when registered and went bad later (revoked key, receive disabled).
   */
  createStoreWithStoredConnection(options: { apiKey?: string; walletId: string; walletCurrency: 'BTC' | 'USD' }): Promise<string>;
  stats(): Promise<{ requests: number; byOperation: Record<string, number> }>;
  faults(update: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly wallet?: 'BTC' | 'USD';
  readonly keyless?: boolean;
  /** A key with the Receive scope only (no Read). */
  readonly receiveOnly?: boolean;
  readonly settings?: Record<string, unknown>;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
}

export async function startInvoiceGateway(options: { env?: Record<string, string>; sandbox?: SandboxOptions } = {}): Promise<InvoiceTestGateway> {
  const sandbox = await startSandbox({ port: 0, seed: MULTI_ACCOUNT_SEED, ...options.sandbox });
  const secret = randomBytes(32);
  const gateway = await startTestGateway({
    GATEWAY_SECRET: secret.toString('base64'), RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0', ...options.env,
  });
  const who = merchant(sandbox);
  const call: InvoiceTestGateway['call'] = async (path, init = {}) => {
    const response = await gateway.request(path, {
      method: init.method ?? 'GET',
      ...(init.key === null ? {} : { key: init.key ?? gateway.adminKey }),
      ...(init.json === undefined ? {} : { json: init.json }),
      ...(init.headers === undefined ? {} : { headers: init.headers }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
  let stores = 0;
  const newStore = async (settings: Record<string, unknown> = {}) => {
    stores += 1;
    const created = await call('/api/v1/stores', { method: 'POST', json: { name: `Shop ${stores}`, ...settings } });
    if (created.status !== 200) throw new Error(`store creation failed: ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  };
  return {
    gateway, sandbox, merchant: who, call,
    async createStore(store = {}) {
      const id = await newStore(store.settings);
      const walletId = store.wallet === 'USD' ? who.usdWallet : who.btcWallet;
      const config = connectionString(sandbox, store.keyless ? { walletId } : { apiKey: store.receiveOnly ? who.receiveOnly : who.readReceive, walletId });
      const connected = await call(`/api/v1/stores/${id}/payment-methods/BTC-LN`, { method: 'PUT', json: { enabled: true, config } });
      if (connected.status !== 200) throw new Error(`connection refused: ${JSON.stringify(connected.body)}`);
      return id;
    },
    async createStoreWithStoredConnection({ apiKey, walletId, walletCurrency }) {
      const id = await newStore();
      const config = connectionString(sandbox, { ...(apiKey === undefined ? {} : { apiKey }), walletId });
      const sealer = createSecretBox({ current: secret });
      const now = new Date();
      await createStoreRepository(gateway.server.pool).saveConnection({
        storeId: id as StoreId, enabled: true, mode: apiKey === undefined ? 'keyless' : 'api-key',
        access: apiKey === undefined ? 'keyless' : 'read-receive', server: sandbox.graphqlUrl,
        sealedConnection: sealer.seal(config, storeConnectionContext(id as StoreId)), redactedConnection: 'redacted',
        walletId: walletId as WalletId, walletCurrency, scopes: ['READ', 'RECEIVE'], scopesSource: 'reported', network: 'regtest',
        notes: [], warnings: [], verifiedAt: now, updatedAt: now,
      });
      return id;
    },
    async stats() {
      const response = await fetch(`${sandbox.url}/sandbox/stats`);
      return (await response.json()) as { requests: number; byOperation: Record<string, number> };
    },
    async faults(update) {
      const response = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update) });
      if (!response.ok) throw new Error(`faults: ${response.status}`);
    },
    async close() {
      await gateway.close();
      await sandbox.close();
    },
  };
}

/** How many times each Blink operation ran between two `stats()` snapshots (operations with 0 left out). */
export function operationsBetween(before: { byOperation: Record<string, number> }, after: { byOperation: Record<string, number> }): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[name] ?? 0);
    if (delta > 0) diff[name] = delta;
  }
  return diff;
}

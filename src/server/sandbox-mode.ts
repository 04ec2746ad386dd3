import { randomBytes } from 'node:crypto';
import { databaseNameOf, dropDatabase, withDatabase } from '../adapters/db/pool';
import type { Logger } from '../adapters/log';
import type { Config } from '../config';
import { startSandbox, type RunningSandbox } from '../sandbox';

/**
 * Sandbox mode (DESIGN.md §6): `npm start` with nothing configured. An embedded Blink sandbox, an
 * ephemeral GATEWAY_SECRET and admin key, and a database and queue prefix of its own that are
 * recreated at every start, so a sandbox run never touches a real gateway's data.
 */
export interface SandboxMode {
  readonly config: Config;
  readonly sandbox: RunningSandbox;
  readonly adminKey: string;
}

export async function enterSandboxMode(config: Config, logger: Logger): Promise<SandboxMode> {
  const databaseUrl = withDatabase(config.DATABASE_URL, `${databaseNameOf(config.DATABASE_URL)}_sandbox`);
  // Connections sealed under a previous run's ephemeral secret could never be opened again: start clean.
  await dropDatabase(databaseUrl);
  const sandbox = await startSandbox({ port: 0, logger });
  const adminKey = `bgk_${randomBytes(32).toString('base64url')}`;
  return {
    sandbox,
    adminKey,
    config: {
      ...config,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: `${config.QUEUE_PREFIX.replace(/}$/, '')}-sandbox}`,
      GATEWAY_SECRET: randomBytes(32).toString('base64'),
      ADMIN_API_KEY: adminKey,
    },
  };
}

export interface DemoStore {
  readonly storeId: string;
  readonly storeKey: string;
}

/**
 * Sets up the demo store through the gateway's own API, exactly as a shop developer would: create a
 * store, connect it to the sandbox's BTC wallet with a Read+Receive key, mint a store key.
 */
export async function createDemoStore(gatewayUrl: string, mode: SandboxMode): Promise<DemoStore> {
  const account = mode.sandbox.accounts[0];
  const wallet = account?.wallets.find((candidate) => candidate.currency === 'BTC');
  const blinkKey = account?.apiKeys.find((key) => key.scopes.join(',') === 'READ,RECEIVE');
  if (account === undefined || wallet === undefined || blinkKey === undefined) {
    throw new Error('the sandbox seed has no BTC wallet with a READ+RECEIVE key');
  }
  const call = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `token ${mode.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const payload: unknown = await response.json();
    if (!response.ok || typeof payload !== 'object' || payload === null) {
      throw new Error(`demo setup: ${method} ${path} answered ${response.status}: ${JSON.stringify(payload)}`);
    }
    return payload as Record<string, unknown>;
  };
  const store = await call('POST', '/api/v1/stores', { name: 'Demo Store', defaultCurrency: 'USD' });
  const storeId = String(store.id);
  const connection = `type=blink;server=${mode.sandbox.graphqlUrl};allowinsecure=true;api-key=${blinkKey.key};wallet-id=${wallet.id}`;
  await call('PUT', `/api/v1/stores/${storeId}/payment-methods/BTC-LN`, { enabled: true, config: connection });
  const permissions = [
    'btcpay.store.canmodifyinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewinvoices',
    'btcpay.store.canviewstoresettings', 'btcpay.store.webhooks.canmodifywebhooks',
  ].map((permission) => `${permission}:${storeId}`);
  const key = await call('POST', '/api/v1/api-keys', { label: 'demo shop', permissions });
  return { storeId, storeKey: String(key.apiKey) };
}

import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import type { Pool } from 'pg';
import { createBlinkClient, type BlinkClient } from '../../../src/adapters/blink';
import { createSecretBox, type SecretBox } from '../../../src/adapters/crypto/secret-box';
import { newStoreId } from '../../../src/adapters/crypto/random-id';
import { createApiKeyRepository } from '../../../src/adapters/db/api-key-repository';
import { migrate } from '../../../src/adapters/db/migrate';
import { createPool, dropDatabase, ensureDatabase } from '../../../src/adapters/db/pool';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { createRedisRateLimiter } from '../../../src/adapters/redis/rate-limiter';
import { authenticateApiKey } from '../../../src/app/api-keys/authenticate';
import { hashApiKey } from '../../../src/app/api-keys/key-material';
import type { StoreRepository } from '../../../src/app/ports';
import { createApp } from '../../../src/http/app';
import { apiKeyRoutes } from '../../../src/http/routes/api-keys';
import { paymentMethodRoutes } from '../../../src/http/routes/payment-methods';
import { storeRoutes } from '../../../src/http/routes/stores';
import { MULTI_ACCOUNT_SEED, startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { captureLogs, type LogCapture } from '../../support/log-capture';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, redisUrl } from '../../support/services';

/**
 * The HTTP API with the store routes, its own database and Redis prefix, a real Blink client and a
 * Blink sandbox (MULTI_ACCOUNT_SEED) over the wire, every log line captured. It is composed like
 * src/server/api-server.ts, plus the store modules that file does not mount yet.
 */
export interface StoresTestGateway {
  readonly url: string;
  readonly adminKey: string;
  readonly sandbox: RunningSandbox;
  readonly logs: LogCapture;
  readonly pool: Pool;
  readonly stores: StoreRepository;
  readonly secretBox: SecretBox;
  /** Every response body this gateway sent, for "no key in any response" checks. */
  readonly responses: string[];
  request(path: string, init?: { method?: string; key?: string; json?: unknown }): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

export async function startStoresGateway(options: { allowWriteScope?: boolean } = {}): Promise<StoresTestGateway> {
  await assertPostgresAnswers();
  const sandbox = await startSandbox({ port: 0, seed: MULTI_ACCOUNT_SEED });
  const databaseUrl = freshDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const logs = captureLogs();
  const pool = createPool(databaseUrl, { logger: logs.logger });
  await migrate(pool, { logger: logs.logger });
  const prefix = freshRedisPrefix();
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const adminKey = `bgk_admin_${randomBytes(24).toString('base64url')}`;
  const clock = { now: () => new Date() };
  const apiKeys = createApiKeyRepository(pool);
  const stores = createStoreRepository(pool);
  const secretBox = createSecretBox({ current: randomBytes(32) });
  const blink: BlinkClient = createBlinkClient({
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
    retry: { attempts: 2, baseMs: 10, capMs: 50 },
    logger: logs.logger,
  });
  const { app } = createApp(
    {
      logger: logs.logger,
      authenticator: (key) => authenticateApiKey({ apiKeys, adminKeyHash: hashApiKey(adminKey) }, key),
      rateLimiter: createRedisRateLimiter(redis, prefix),
      rateLimits: { windowMs: 60_000, perIp: 0, perKey: 0 },
      bodyLimitBytes: 102_400,
      trustProxy: false,
      version: 'test',
    },
    [
      apiKeyRoutes({ apiKeys, clock }),
      storeRoutes({ stores, clock, newStoreId }),
      paymentMethodRoutes({
        stores, clock, verifier: blink, sealer: secretBox, logger: logs.logger,
        policy: { allowWriteScope: options.allowWriteScope ?? false },
      }),
    ],
  );
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const responses: string[] = [];
  return {
    url, adminKey, sandbox, logs, pool, stores, secretBox, responses,
    async request(path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.key !== undefined) headers.authorization = `token ${init.key}`;
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method: init.method ?? 'GET', headers, ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      const text = await response.text();
      responses.push(text);
      return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([blink.close(), sandbox.close(), pool.end(), redis.quit()]);
      await dropDatabase(databaseUrl);
      await deleteRedisKeys(prefix);
    },
  };
}

/** The sandbox's connection string for a key (or keyless), as Blink's dashboard would print it. */
export function connectionString(sandbox: RunningSandbox, parts: { apiKey?: string; walletId?: string; currency?: string }): string {
  return [
    'type=blink',
    `server=${sandbox.graphqlUrl}`,
    'allowinsecure=true',
    ...(parts.apiKey === undefined ? [] : [`api-key=${parts.apiKey}`]),
    ...(parts.walletId === undefined ? [] : [`wallet-id=${parts.walletId}`]),
    ...(parts.currency === undefined ? [] : [`currency=${parts.currency}`]),
  ].join(';');
}

/** The default merchant's keys and wallets, by role. */
export function merchant(sandbox: RunningSandbox) {
  const [main, other, woundDown] = sandbox.accounts;
  if (main === undefined || other === undefined || woundDown === undefined) throw new Error('MULTI_ACCOUNT_SEED has three accounts');
  const key = (scopes: string) => {
    const found = main.apiKeys.find((k) => [...k.scopes].sort().join('+') === scopes);
    if (found === undefined) throw new Error(`no sandbox key with ${scopes}`);
    return found.key;
  };
  const wallet = (account: typeof main, currency: 'BTC' | 'USD') => {
    const found = account.wallets.find((w) => w.currency === currency);
    if (found === undefined) throw new Error(`no ${currency} wallet`);
    return found.id;
  };
  return {
    readReceive: key('READ+RECEIVE'),
    receiveOnly: key('RECEIVE'),
    readOnly: key('READ'),
    write: key('READ+RECEIVE+WRITE'),
    btcWallet: wallet(main, 'BTC'),
    usdWallet: wallet(main, 'USD'),
    otherAccountWallet: wallet(other, 'BTC'),
    woundDownKey: woundDown.apiKeys[0]?.key ?? '',
    woundDownWallet: wallet(woundDown, 'BTC'),
    allKeys: sandbox.accounts.flatMap((account) => account.apiKeys.map((k) => k.key)),
  };
}

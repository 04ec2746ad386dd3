import { randomBytes } from 'node:crypto';
import { watchTimingOf } from '../../../src/adapters/queue/watch-timing';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Pool } from 'pg';
import { createBlinkClient, type BlinkClient } from '../../../src/adapters/blink';
import { newStoreId } from '../../../src/adapters/crypto/random-id';
import { createSecretBox, secretFromBase64 } from '../../../src/adapters/crypto/secret-box';
import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import { migrate } from '../../../src/adapters/db/migrate';
import { createPool, dropDatabase, ensureDatabase } from '../../../src/adapters/db/pool';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { createLogger, type Logger } from '../../../src/adapters/log';
import { createProducerConnection, ready } from '../../../src/adapters/queue/connections';
import { createSettlementQueues, type SettlementQueues } from '../../../src/adapters/queue/settlement-jobs';
import { createSettlementState } from '../../../src/adapters/queue/settlement-state';
import { createInvoice } from '../../../src/app/invoices/create-invoice';
import type { StoredInvoice, StoredInvoiceEvent } from '../../../src/app/ports';
import { createInvoiceWatchScheduler } from '../../../src/app/settlement/ensure-watch-jobs';
import { registerStoreConnection } from '../../../src/app/stores/register-store-connection';
import { createStore } from '../../../src/app/stores/stores';
import { loadConfig, type Config } from '../../../src/config';
import { newInvoiceId, type InvoiceId } from '../../../src/domain/ids';
import { parseDecimal, type Decimal } from '../../../src/domain/money/decimal';
import type { StoreId } from '../../../src/domain/store/store-id';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox';
import { startWorkers, type RunningWorkers } from '../../../workers/main';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, redisUrl } from '../../support/services';

/**
 * Settlement tests' world: a Blink sandbox, a database and a Redis prefix of their own, stores
 * registered through the store use cases, invoices created through the invoice use case and
 * scheduled as the API does, and workers in this process or spawned as `blink-gateway worker`.
 */
export const FAST_TIMING: Record<string, string> = {
  SETTLEMENT_SLOW_POLL_MS: '60000',
  SETTLEMENT_FAST_POLL_MIN_MS: '100',
  SETTLEMENT_FAST_POLL_MAX_MS: '300',
  SETTLEMENT_GRACE_MS: '2000',
  SUBSCRIPTION_LOCK_MS: '2000',
  SUBSCRIPTION_HEARTBEAT_MS: '200',
  SUBSCRIPTION_IDLE_MS: '60000',
  SWEEPER_INTERVAL_MS: '500',
  SWEEPER_OVERDUE_MS: '500',
  BLINK_RATE_LIMIT_PAUSE_MS: '500',
  BLINK_CONNECT_TIMEOUT_MS: '1000',
  BLINK_HEADERS_TIMEOUT_MS: '2000',
  BLINK_BODY_TIMEOUT_MS: '2000',
};

/** No polling at all within a test's life: only the websocket (and its reconciliation) can settle. */
export const SUBSCRIPTION_ONLY: Record<string, string> = {
  SETTLEMENT_SLOW_POLL_MS: '600000', SETTLEMENT_FAST_POLL_MIN_MS: '600000', SETTLEMENT_FAST_POLL_MAX_MS: '600000',
};

export interface World {
  readonly sandbox: RunningSandbox;
  readonly config: Config;
  readonly env: Record<string, string>;
  readonly pool: Pool;
  readonly queues: SettlementQueues;
  readonly logger: Logger;
  /** A store whose connection is the sandbox merchant's READ+RECEIVE key (or keyless). */
  addStore(kind?: 'api-key' | 'keyless', server?: string): Promise<StoreId>;
  /** Creates the invoice (one Blink call), optionally moves its expiration, then schedules its watching. */
  /** `topUp`: no amount (the payer chooses; pay with `pay(invoice, sats)`). */
  newInvoice(storeId: StoreId, options?: { expiresInMs?: number; sats?: number; topUp?: boolean }): Promise<StoredInvoice>;
  invoice(id: InvoiceId): Promise<StoredInvoice>;
  events(id: InvoiceId): Promise<StoredInvoiceEvent[]>;
  pay(invoice: StoredInvoice, amountSats?: number): Promise<void>;
  control(path: string, body?: unknown): Promise<unknown>;
  startWorkers(options?: { blink?: BlinkClient }): Promise<RunningWorkers>;
  spawnWorker(): SpawnedWorker;
  /** Resolves once `check` holds (polled); the test's own timeout bounds it. */
  until(check: () => Promise<boolean>, intervalMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SpawnedWorker {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  await assertPostgresAnswers();
  const sandbox = await startSandbox({ port: 0, invoiceRateLimitPerMinute: 100_000 });
  const databaseUrl = freshDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl(), QUEUE_PREFIX: freshRedisPrefix(),
    GATEWAY_SECRET: randomBytes(32).toString('base64'), LOG_LEVEL: process.env.SETTLEMENT_TEST_LOG ?? 'error', ...FAST_TIMING, ...env,
  };
  const config = loadConfig(fullEnv);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const pool = createPool(databaseUrl);
  await migrate(pool);
  const producer = createProducerConnection(config.REDIS_URL, logger, 'test');
  await ready(producer);
  const queues = createSettlementQueues(producer, config.QUEUE_PREFIX);
  const clock = { now: () => new Date() };
  const stores = createStoreRepository(pool);
  const invoices = createInvoiceRepository(pool);
  const sealer = createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET!) });
  const client = createBlinkClient({ timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 }, retry: { attempts: 2, baseMs: 10, capMs: 50 } });
  const scheduler = createInvoiceWatchScheduler({
    jobs: queues.jobs, state: createSettlementState(producer, config.QUEUE_PREFIX), clock,
    timing: watchTimingOf(config),
  });
  const running: RunningWorkers[] = [];
  const spawned: SpawnedWorker[] = [];
  const merchant = sandbox.accounts[0]!;
  const btcWallet = merchant.wallets.find((wallet) => wallet.currency === 'BTC')!;
  const readReceiveKey = merchant.apiKeys.find((key) => key.scopes.includes('RECEIVE') && !key.scopes.includes('WRITE'))!;

  const world: World = {
    sandbox, config, env: fullEnv, pool, queues, logger,
    async addStore(kind = 'api-key', server = sandbox.graphqlUrl) {
      const store = await createStore({ stores, clock, newStoreId }, { name: `shop ${randomBytes(3).toString('hex')}` } as never);
      const parts = ['type=blink', `server=${server}`, 'allowinsecure=true', `wallet-id=${btcWallet.id}`];
      if (kind === 'api-key') parts.push(`api-key=${readReceiveKey.key}`);
      const registered = await registerStoreConnection(
        { stores, clock, verifier: client, sealer, policy: { allowWriteScope: false } },
        { storeId: store.id, config: parts.join(';') },
      );
      if (registered instanceof Error) throw registered;
      return store.id;
    },
    async newInvoice(storeId, options = {}) {
      const created = await createInvoice({
        stores, sealer, invoices, blink: client, clock,
        rateGuard: { take: async () => ({ allowed: true }), block: async () => undefined },
        newInvoiceId: () => newInvoiceId(randomBytes(16)),
      }, {
        storeId, amount: options.topUp ? null : parseDecimal(String(options.sats ?? 1000)) as Decimal, currency: 'SATS' as never,
        metadata: {}, checkout: { expirationMinutes: 1 }, receipt: {}, additionalSearchTerms: [],
      });
      if (created instanceof Error) throw created;
      let invoice = created.invoice;
      if (options.expiresInMs !== undefined) {
        await pool.query('UPDATE invoices SET expiration_time = $2 WHERE id = $1', [invoice.id, new Date(Date.now() + options.expiresInMs)]);
        invoice = await world.invoice(invoice.id);
      }
      await scheduler.invoiceCreated(invoice);
      return invoice;
    },
    async invoice(id) {
      const found = await invoices.findById(id);
      if (!found) throw new Error(`no invoice ${id}`);
      return found;
    },
    events: (id) => invoices.eventsOf(id),
    pay: (invoice, amountSats) => sandbox.pay(invoice.paymentHash, amountSats === undefined ? {} : { amountSats }),
    async control(path, body) {
      const response = await fetch(`${sandbox.url}${path}`, body === undefined ? {} : {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return response.json();
    },
    async startWorkers(options = {}) {
      const blink = options.blink ?? createBlinkClient({
        timeouts: { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000 }, retry: { attempts: 1 }, reconnect: { baseMs: 20, capMs: 200 },
      });
      const started = await startWorkers(config, logger, { blink });
      const workers = { close: async () => { await started.close(); await blink.close(); } };
      running.push(workers);
      return workers;
    },
    spawnWorker() {
      const root = resolve(__dirname, '../../..');
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'src/cli.ts'), 'worker'], {
        cwd: root, env: { ...process.env, ...fullEnv }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      const worker = { child, output: () => output, exited };
      spawned.push(worker);
      return worker;
    },
    async until(check, intervalMs = 100) {
      while (!(await check())) await sleep(intervalMs);
    },
    async close() {
      for (const worker of spawned) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await Promise.allSettled(running.map((workers) => workers.close()));
      await Promise.allSettled([queues.close(), client.close(), sandbox.close()]);
      await Promise.allSettled([producer.quit(), pool.end()]);
      await dropDatabase(databaseUrl);
      await deleteRedisKeys(config.QUEUE_PREFIX);
    },
  };
  return world;
}

export const eventTypes = (events: readonly StoredInvoiceEvent[]): string[] => events.map((event) => event.event.type);

/**
 * Invoices per second and p50/p99 latency of `POST /api/v1/stores/{storeId}/invoices` through the
 * gateway (its own process: HTTP, auth with a store key, per-IP and per-key rate limits, store and connection
 * lookup, rate guard in Redis, one Blink call, the invoice written with its webhook outbox row) versus the Blink client's `lnInvoiceCreate` alone,
 * against the same sandbox (its own process), with the sandbox adding 0 ms and 50 ms. Rounds alternate
 * the two variants so load drift on a shared machine hits both alike. Goal: the gateway adds ≤ 5 ms at p50.
 * A second table gives the CPU each invoice costs, per process: with every process on one small
 * machine, concurrent requests queue for the cores, and this is what they queue for.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { Pool } from 'undici';
import type { ApiKeyConnection, BlinkApiKey, WalletId } from '../connection-string/types';
import { createBlinkClient } from '../src/adapters/blink';
import { dropDatabase, withDatabase } from '../src/adapters/db/pool';
import { isBlinkError } from '../src/app/blink-port';
import type { InvoiceId } from '../src/domain/ids';
import type { Sats } from '../src/domain/money/units';
import { CLOCK_TICKS_PER_SECOND, ownTicks, processTicks, ticksOf } from './support/cpu';
import { spawnSandbox } from './support/spawn-sandbox';
import { percentile, printTable, runConcurrently, type Run } from './support/stats';

const TIMEOUTS = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };
const SCENARIOS = [
  { latencyMs: 0, warmup: 200, rounds: 6, perRound: 150, concurrencies: [1, 8] },
  { latencyMs: 50, warmup: 20, rounds: 4, perRound: 40, concurrencies: [1, 8] },
] as const;

type CreateOne = () => Promise<void>;
type Variant = 'client' | 'gateway';

/** CPU ticks of each process taking part; sampled around every measured round. */
interface CpuTicks { readonly gateway: number; readonly postgres: number; readonly redis: number; readonly sandbox: number; readonly bench: number }

export async function runGatewayInvoicesBench(): Promise<void> {
  const sandbox = await spawnSandbox({ invoiceRateLimitPerMinute: 1_000_000_000 });
  const databaseUrl = withDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', `bg_bench_${randomBytes(4).toString('hex')}`);
  const prefix = `{bgbench-${randomBytes(4).toString('hex')}}`;
  const adminKey = `bgk_admin_${randomBytes(24).toString('base64url')}`;
  const gateway = await spawnGateway({
    NODE_ENV: 'production', PORT: '0', DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix, GATEWAY_SECRET: randomBytes(32).toString('base64'), ADMIN_API_KEY: adminKey, LOG_LEVEL: 'warn',
    // Limits on (as in production) but out of reach: their Redis round trips are part of the path measured.
    RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_KEY: '1000000000', BLINK_INVOICE_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const account = sandbox.accounts[0]!;
  const wallet = account.wallets.find((item) => item.currency === 'BTC')!;
  const key = account.apiKeys.find((item) => item.scopes.includes('RECEIVE') && !item.scopes.includes('WRITE'))!;
  const http = new Pool(gateway.url, { connections: 16 });
  const client = createBlinkClient({ timeouts: TIMEOUTS });
  try {
    const { storeId, storeKey } = await setUpStore(http, adminKey, `type=blink;server=${sandbox.graphqlUrl};api-key=${key.key};wallet-id=${wallet.id};allowinsecure=true`);
    const connection: ApiKeyConnection = {
      mode: 'api-key', server: sandbox.graphqlUrl, websocketUrl: sandbox.wsUrl, allowInsecure: true, currency: 'BTC',
      apiKey: key.key as BlinkApiKey, walletId: wallet.id as WalletId,
    };
    let serial = 0;
    const viaClient: CreateOne = async () => {
      const created = await client.createInvoice(connection, {
        invoiceId: `bench-${process.pid}-${serial++}` as InvoiceId, walletId: connection.walletId!, amount: { currency: 'BTC', sats: 1_000 as Sats },
        memo: 'Paid to Bench (Order ID: 1)', expiresInMinutes: 15,
      });
      if (isBlinkError(created)) throw created;
    };
    const viaGateway: CreateOne = async () => {
      const response = await http.request({
        path: `/api/v1/stores/${storeId}/invoices`, method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `token ${storeKey}` },
        body: JSON.stringify({ amount: '1000', currency: 'SATS', metadata: { orderId: String(serial++) } }),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`gateway answered ${response.statusCode}: ${text}`);
    };
    const cpuTicks = (): CpuTicks => ({
      gateway: processTicks(gateway.pid), postgres: ticksOf(/^postgres/), redis: ticksOf(/^redis-server/),
      sandbox: processTicks(sandbox.pid), bench: ownTicks(),
    });
    const rows: string[][] = [];
    const cpuRows: string[][] = [];
    for (const scenario of SCENARIOS) {
      await setLatency(sandbox.url, scenario.latencyMs);
      await runConcurrently(viaClient, scenario.warmup, 8);
      await runConcurrently(viaGateway, scenario.warmup, 8);
      for (const concurrency of scenario.concurrencies) {
        const samples = { client: [] as Run[], gateway: [] as Run[] };
        const spent = { client: [] as CpuTicks[], gateway: [] as CpuTicks[] };
        for (let round = 0; round < scenario.rounds; round += 1) {
          const order: readonly Variant[] = round % 2 === 0 ? ['client', 'gateway'] : ['gateway', 'client'];
          for (const variant of order) {
            const before = cpuTicks();
            samples[variant].push(await runConcurrently(variant === 'client' ? viaClient : viaGateway, scenario.perRound, concurrency));
            spent[variant].push(difference(cpuTicks(), before));
          }
        }
        rows.push(...tableRows(scenario.latencyMs, concurrency, samples.client, samples.gateway));
        const perInvoice = scenario.rounds * scenario.perRound;
        cpuRows.push(...(['client', 'gateway'] as const).map((variant) => cpuRow(scenario.latencyMs, concurrency, variant, spent[variant], perInvoice)));
      }
    }
    await setLatency(sandbox.url, 0);
    printTable(['sandbox latency', 'concurrency', 'variant', 'invoices/s', 'p50 ms', 'p99 ms'], rows, 3);
    console.log('("gateway adds" = gateway minus client: median over rounds for p50, all samples for p99. Goal: ≤ 5 ms at p50.)\n');
    printTable(['sandbox latency', 'concurrency', 'variant', 'gateway', 'Postgres', 'Redis', 'sandbox', 'load generator', 'all'], cpuRows, 3);
    console.log('(CPU ms per invoice, by process; Postgres and Redis include anything else they served meanwhile.)');
  } finally {
    await Promise.allSettled([client.close(), http.close()]);
    await gateway.close();
    await sandbox.close();
    await Promise.allSettled([dropDatabase(databaseUrl), deleteKeys(prefix)]);
  }
}

function difference(after: CpuTicks, before: CpuTicks): CpuTicks {
  return {
    gateway: after.gateway - before.gateway, postgres: after.postgres - before.postgres, redis: after.redis - before.redis,
    sandbox: after.sandbox - before.sandbox, bench: after.bench - before.bench,
  };
}

function cpuRow(latencyMs: number, concurrency: number, variant: Variant, spent: readonly CpuTicks[], invoices: number): string[] {
  const msPerInvoice = (pick: (ticks: CpuTicks) => number) =>
    ((spent.reduce((sum, ticks) => sum + pick(ticks), 0) / CLOCK_TICKS_PER_SECOND / invoices) * 1_000).toFixed(2);
  const label = variant === 'client' ? 'Blink client alone' : 'gateway POST';
  return [`${latencyMs} ms`, String(concurrency), label,
    variant === 'client' ? '' : msPerInvoice((t) => t.gateway), msPerInvoice((t) => t.postgres), msPerInvoice((t) => t.redis),
    msPerInvoice((t) => t.sandbox), msPerInvoice((t) => t.bench),
    msPerInvoice((t) => t.gateway + t.postgres + t.redis + t.sandbox + t.bench)];
}

function tableRows(latencyMs: number, concurrency: number, client: Run[], gateway: Run[]): string[][] {
  const all = (samples: Run[]) => samples.flatMap((sample) => sample.latencies);
  const rate = (samples: Run[]) => (all(samples).length / samples.reduce((sum, sample) => sum + sample.elapsedMs, 0)) * 1_000;
  const p50Gap = percentile(client.map((sample, round) => percentile(gateway[round]!.latencies, 50) - percentile(sample.latencies, 50)), 50);
  const label = `${latencyMs} ms`;
  return [
    [label, String(concurrency), 'Blink client alone', rate(client).toFixed(0), percentile(all(client), 50).toFixed(2), percentile(all(client), 99).toFixed(2)],
    [label, String(concurrency), 'gateway POST', rate(gateway).toFixed(0), percentile(all(gateway), 50).toFixed(2), percentile(all(gateway), 99).toFixed(2)],
    [label, String(concurrency), 'gateway adds', '', p50Gap.toFixed(2), (percentile(all(gateway), 99) - percentile(all(client), 99)).toFixed(2)],
  ];
}

async function setUpStore(http: Pool, adminKey: string, config: string): Promise<{ storeId: string; storeKey: string }> {
  const call = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const response = await http.request({ path, method, headers: { 'content-type': 'application/json', authorization: `token ${adminKey}` }, body: JSON.stringify(body) });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const storeId = String((await call('POST', '/api/v1/stores', { name: 'Bench' })).id);
  await call('PUT', `/api/v1/stores/${storeId}/payment-methods/BTC-LN`, { enabled: true, config });
  // As WooCommerce's plugin does: every invoice event then also writes a webhook delivery (the outbox).
  await call('POST', `/api/v1/stores/${storeId}/webhooks`, { url: 'https://shop.example/wc-api/btcpay', authorizedEvents: { everything: true } });
  const key = await call('POST', '/api/v1/api-keys', { label: 'bench', permissions: [`btcpay.store.cancreateinvoice:${storeId}`] });
  return { storeId, storeKey: String(key.apiKey) };
}

async function setLatency(sandboxUrl: string, latencyMs: number): Promise<void> {
  const response = await fetch(`${sandboxUrl}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`sandbox faults: ${response.status}`);
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[[\]*?\\]/g, '\\$&')}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function spawnGateway(env: Record<string, string>): Promise<{ url: string; pid: number; close(): Promise<void> }> {
  // BENCH_CPU_PROF_DIR=<dir>: a V8 CPU profile of the gateway process (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'support', 'gateway-child.ts'), JSON.stringify(env)],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('gateway-ready')) return;
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        pid: child.pid!,
        close: () => new Promise<void>((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.stdin!.end();
          setTimeout(() => child.kill('SIGTERM'), 5_000).unref();
        }),
      });
    });
  });
}

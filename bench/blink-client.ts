/**
 * Invoices per second and p50/p99 latency of `lnInvoiceCreate` through the Blink client versus a raw
 * undici POST of the same document to the same sandbox (a child process, rate limit raised), in one
 * run. Rounds alternate raw/client so drift on a shared machine hits both alike.
 */
import { Pool } from 'undici';
import type { ApiKeyConnection, BlinkApiKey, WalletId } from '../connection-string/types';
import { createBlinkClient } from '../src/adapters/blink';
import { invoiceMutationDocuments } from '../src/adapters/blink/documents';
import { deriveExternalId } from '../src/adapters/blink/external-id';
import { isBlinkError } from '../src/app/blink-port';
import type { InvoiceId } from '../src/domain/ids';
import type { Sats } from '../src/domain/money/units';
import { spawnSandbox } from './support/spawn-sandbox';
import { percentile, printTable, runConcurrently } from './support/stats';

const WARMUP = 300;
const PER_ROUND = 200;
const ROUNDS = 10;
const CONCURRENCIES = [1, 8];
const TIMEOUTS = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };

interface Sample { readonly latencies: number[]; elapsedMs: number; readonly roundRates: number[] }
type CreateOne = (invoiceId: string) => Promise<void>;

export async function runBlinkClientBench(): Promise<void> {
  const sandbox = await spawnSandbox({ invoiceRateLimitPerMinute: 1_000_000_000 });
  const account = sandbox.accounts[0]!;
  const wallet = account.wallets.find((item) => item.currency === 'BTC')!;
  const key = account.apiKeys.find((item) => item.scopes.includes('RECEIVE'))!;
  const connection: ApiKeyConnection = {
    mode: 'api-key', server: sandbox.graphqlUrl, websocketUrl: sandbox.wsUrl, allowInsecure: true, currency: 'BTC',
    apiKey: key.key as BlinkApiKey, walletId: wallet.id as WalletId,
  };
  const client = createBlinkClient({ timeouts: TIMEOUTS });
  const url = new URL(sandbox.graphqlUrl);
  const pool = new Pool(url.origin, {
    connections: 16, connect: { timeout: TIMEOUTS.connectMs }, headersTimeout: TIMEOUTS.headersMs, bodyTimeout: TIMEOUTS.bodyMs,
  });

  const viaClient: CreateOne = async (invoiceId) => {
    const created = await client.createInvoice(connection, {
      invoiceId: invoiceId as InvoiceId, walletId: connection.walletId!, amount: { currency: 'BTC', sats: 1_000 as Sats }, memo: 'bench',
    });
    if (isBlinkError(created)) throw created;
  };
  const viaRaw: CreateOne = async (invoiceId) => {
    const response = await pool.request({
      path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': key.key },
      body: JSON.stringify({
        operationName: 'LnInvoiceCreate', query: invoiceMutationDocuments.lnInvoiceCreate,
        variables: { input: { walletId: wallet.id, amount: 1_000, memo: 'bench', externalId: deriveExternalId(invoiceId) } },
      }),
    });
    const body = JSON.parse(await response.body.text()) as { data?: { lnInvoiceCreate?: { invoice?: unknown } } };
    if (response.statusCode !== 200 || !body.data?.lnInvoiceCreate?.invoice) throw new Error(`raw POST failed: HTTP ${response.statusCode}`);
  };

  try {
    let serial = 0;
    const nextId = (variant: string) => `bench-${variant}-${process.pid}-${serial++}`;
    await measure(viaRaw, WARMUP, 8, () => nextId('warm'));
    await measure(viaClient, WARMUP, 8, () => nextId('warm'));
    const rows: string[][] = [];
    for (const concurrency of CONCURRENCIES) {
      const raw: Sample = { latencies: [], elapsedMs: 0, roundRates: [] };
      const viaClientSample: Sample = { latencies: [], elapsedMs: 0, roundRates: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternate which variant goes first, so neither always meets a fuller sandbox or a pending GC.
        const order = round % 2 === 0 ? ['raw', 'client'] as const : ['client', 'raw'] as const;
        for (const variant of order) {
          if (variant === 'raw') merge(raw, await measure(viaRaw, PER_ROUND, concurrency, () => nextId('raw')));
          else merge(viaClientSample, await measure(viaClient, PER_ROUND, concurrency, () => nextId('client')));
        }
      }
      rows.push(...tableRows(concurrency, raw, viaClientSample));
    }
    printTable(['concurrency', 'variant', 'invoices/s', 'p50 ms', 'p99 ms'], rows, 2);
    console.log(`(${ROUNDS} alternating rounds of ${PER_ROUND} invoices per variant and concurrency, after ${WARMUP} warm-up each.`
      + ' Overhead ratio: median over rounds of raw invoices/s ÷ client invoices/s (robust to load drift on a shared'
      + ' machine), and client latency ÷ raw latency over all rounds. Goal ≤ 1.10.)');
  } finally {
    await Promise.all([client.close(), pool.close()]);
    await sandbox.close();
  }
}

async function measure(createOne: CreateOne, count: number, concurrency: number, nextId: () => string): Promise<Sample> {
  const run = await runConcurrently(() => createOne(nextId()), count, concurrency);
  return { ...run, roundRates: [(count / run.elapsedMs) * 1_000] };
}

function merge(into: Sample, sample: Sample): void {
  into.latencies.push(...sample.latencies);
  into.elapsedMs += sample.elapsedMs;
  into.roundRates.push(...sample.roundRates);
}

function tableRows(concurrency: number, raw: Sample, client: Sample): string[][] {
  const stats = (sample: Sample) => ({
    rate: (sample.latencies.length / sample.elapsedMs) * 1_000,
    p50: percentile(sample.latencies, 50),
    p99: percentile(sample.latencies, 99),
  });
  const r = stats(raw);
  const c = stats(client);
  const rateRatio = percentile(raw.roundRates.map((rate, round) => rate / (client.roundRates[round] ?? Number.NaN)), 50);
  return [
    [String(concurrency), 'raw undici POST', r.rate.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2)],
    [String(concurrency), 'Blink client', c.rate.toFixed(0), c.p50.toFixed(2), c.p99.toFixed(2)],
    [String(concurrency), 'overhead ratio', rateRatio.toFixed(3), (c.p50 / r.p50).toFixed(3), (c.p99 / r.p99).toFixed(3)],
  ];
}


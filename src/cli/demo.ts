import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { databaseNameOf, dropDatabase } from '../adapters/db/pool';
import { createLogger, redactText, type Logger } from '../adapters/log';
import { deleteKeysWithPrefix } from '../adapters/redis/delete-keys';
import { checkPostgres, checkRedis } from '../adapters/service-check';
import { loadConfig, type Config } from '../config';
import { callGateway } from '../server/api-call';
import { startApiServer } from '../server/api-server';
import { createDemoStore, createStoreInvoice, enterSandboxMode, type SandboxMode } from '../server/sandbox-mode';
import { startWorkers } from '../../workers/main';
import { startDemoReceiver, type DemoReceiver } from './demo-receiver';
import { FULL_PAYMENT_EVENTS, isVerified, timingLines, webhookLines, type Timeline } from './demo-report';
import { configOrExit, EXIT_FAILURE, EXIT_OK, printError, type CliCommand, type CliIo } from './io';

/**
 * `npm run demo` (`blink-gateway demo`): a shop's whole story, scripted in sandbox mode in this one
 * process: gateway API + workers + embedded Blink sandbox + the shop's webhook endpoint. Everything goes
 * through the HTTP APIs a shop and a wallet use; every webhook's two signatures are checked. It runs on
 * a database and queue prefix of its own (removed at the end), so a running `npm start` is untouched.
 */
const WEBHOOKS_TIMEOUT_MS = 30_000;
const USAGE = 'usage: blink-gateway demo [--verbose]   (--verbose: the gateway\'s logs at LOG_LEVEL on stdout/stderr)';

export const run: CliCommand = async (args, io) => {
  if (args.some((arg) => arg !== '--verbose')) return printError(io, USAGE);
  const config = configOrExit(io, loadConfig);
  if (typeof config === 'number') return config;
  const problems = (await Promise.all([checkPostgres(config.DATABASE_URL), checkRedis(config.REDIS_URL)])).filter((problem) => problem !== null);
  if (problems.length > 0) {
    io.stderr.write(`demo: the gateway needs PostgreSQL and Redis.\n${problems.map((problem) => `  ${problem}\n`).join('')}`);
    return EXIT_FAILURE;
  }
  // Quiet by default: warnings and errors still reach stderr.
  const logger = createLogger({ level: args.includes('--verbose') ? config.LOG_LEVEL : 'warn' });
  const interrupted = new AbortController();
  // Ctrl-C stops the story at the next step; the finally blocks still remove the database and keys.
  const stop = () => interrupted.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await demo(config, logger, io, interrupted.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
};

/** Things to stop, last started first; then the throwaway database and Redis keys go. */
type Cleanup = () => Promise<unknown>;

async function demo(config: Config, logger: Logger, io: CliIo, signal: AbortSignal): Promise<number> {
  const out = (line = '') => io.stdout.write(`${line}\n`);
  const { PUBLIC_URL: _ignored, ...rest } = config;
  // Port 0 and no PUBLIC_URL: never in the way of a gateway already running here.
  const base: Config = { ...rest, PORT: 0, WEBHOOK_ALLOW_PRIVATE_NETWORKS: true };
  const cleanups: Cleanup[] = [];
  let mode: SandboxMode | undefined;
  try {
    mode = await enterSandboxMode(base, logger, { name: `demo_${randomBytes(4).toString('hex')}` });
    const sandbox = mode.sandbox;
    cleanups.push(() => sandbox.close());
    const server = await startApiServer(mode.config, logger);
    cleanups.push(() => server.close());
    const workers = await startWorkers(mode.config, logger);
    cleanups.push(() => workers.close());
    const receiver = await startDemoReceiver();
    cleanups.push(() => receiver.close());
    out('blink-gateway demo: a shop\'s whole story in sandbox mode (an embedded Blink sandbox, no real money)');
    out();
    out(`  gateway            ${server.url}   (database ${databaseNameOf(mode.config.DATABASE_URL)}, queue prefix ${mode.config.QUEUE_PREFIX}: removed at the end)`);
    out(`  Blink sandbox      ${sandbox.graphqlUrl}`);
    out(`  shop's webhook     ${receiver.url}`);
    out();
    return await story({ gatewayUrl: server.url, mode, receiver, out, signal });
  } catch (error) {
    io.stderr.write(`demo failed: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_FAILURE;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.warn('demo: could not stop a part cleanly', { error }));
    }
    if (mode !== undefined) await removeTraces(mode.config, out, logger);
  }
}

interface StoryInput {
  readonly gatewayUrl: string;
  readonly mode: SandboxMode;
  readonly receiver: DemoReceiver;
  readonly out: (line?: string) => void;
  readonly signal: AbortSignal;
}

const webhookAnswer = z.object({ id: z.string(), secret: z.string().startsWith('whsec_') });
const payAnswer = z.object({ invoice: z.object({ status: z.literal('PAID') }) });
const INVOICE = { amount: '21', currency: 'USD', metadata: { orderId: 'demo-order-1' } };

async function story({ gatewayUrl, mode, receiver, out, signal }: StoryInput): Promise<number> {
  const demo = await createDemoStore(gatewayUrl, mode);
  out('1. Store "Demo Store" created and connected to the sandbox\'s Blink wallet; a store API key minted (admin key)');
  const webhook = await callGateway({
    gatewayUrl, key: demo.storeKey, method: 'POST', path: `/api/v1/stores/${demo.storeId}/webhooks`, body: { url: receiver.url },
  }, webhookAnswer);
  receiver.useSecret(webhook.secret);
  signal.throwIfAborted();
  out(`2. Webhook ${webhook.id} registered for every event (store key); the gateway generated its whsec_ secret`);
  const requested = performance.now();
  const invoice = await createStoreInvoice(gatewayUrl, demo, INVOICE);
  const created = performance.now();
  signal.throwIfAborted();
  out(`3. Invoice ${invoice.id} created: ${INVOICE.amount} ${INVOICE.currency}; the buyer pays at ${invoice.checkoutLink}`);
  const response = await fetch(`${mode.sandbox.url}/sandbox/pay`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentRequest: invoice.bolt11 }),
  });
  const paidAnswer = payAnswer.safeParse(await response.json().catch(() => undefined));
  if (!paidAnswer.success) throw new Error(`the sandbox did not pay the invoice (HTTP ${response.status})`);
  const paid = performance.now();
  signal.throwIfAborted();
  out('4. Invoice paid in the sandbox (POST /sandbox/pay with its BOLT11), as the buyer\'s wallet would');
  await receiver.waitForTypes(invoice.id, FULL_PAYMENT_EVENTS, WEBHOOKS_TIMEOUT_MS, signal);
  const hooks = receiver.received.filter((hook) => hook.invoiceId === invoice.id);
  const settled = hooks.find((hook) => hook.type === 'InvoiceSettled')?.at ?? Number.NaN;
  const timeline: Timeline = { requested, created, paid, settled };
  out();
  out('Webhooks the shop received, in order of arrival (time since the invoice was requested):');
  for (const line of webhookLines(hooks, timeline)) out(line);
  out();
  out('Timings:');
  for (const line of timingLines(timeline)) out(line);
  out();
  const failed = hooks.filter((hook) => !isVerified(hook));
  if (failed.length > 0) {
    out(`FAILED: ${failed.length} of ${hooks.length} webhooks did not verify.`);
    return EXIT_FAILURE;
  }
  out(`OK: ${hooks.length} webhooks (${FULL_PAYMENT_EVENTS.join(', ')}), every signature verified.`);
  return EXIT_OK;
}

async function removeTraces(config: Config, out: (line?: string) => void, logger: Logger): Promise<void> {
  try {
    await dropDatabase(config.DATABASE_URL);
    const keys = await deleteKeysWithPrefix(config.REDIS_URL, config.QUEUE_PREFIX);
    out(`Cleaned up: database ${databaseNameOf(config.DATABASE_URL)} dropped, ${keys} Redis keys under ${config.QUEUE_PREFIX} deleted.`);
  } catch (error) {
    logger.error('demo: could not remove its database or Redis keys', { error: error instanceof Error ? error.message : String(error) });
  }
}

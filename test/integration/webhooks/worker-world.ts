import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createSecretBox, secretFromBase64 } from '../../../src/adapters/crypto/secret-box';
import { createStoreRepository } from '../../../src/adapters/db/store-repository';
import { createWebhookDeliveryRepository } from '../../../src/adapters/db/webhook-delivery-repository';
import { createWebhookRepository } from '../../../src/adapters/db/webhook-repository';
import { createWebhook } from '../../../src/app/webhooks/webhooks';
import type { DeliveryAttempt, StoredDelivery } from '../../../src/app/webhooks/ports';
import type { DeliveryId } from '../../../src/domain/ids';
import type { StoreId } from '../../../src/domain/store/store-id';
import type { SpawnedWorker, World } from '../settlement/harness';
import type { ReceivedRequest } from './receiver';

/**
 * Webhooks in the settlement tests' world (workers in this process or spawned as `blink-gateway
 * worker`): a webhook registered through the use case the API calls, the delivery rows and attempts
 * as Postgres holds them, and the two signature checks a shop makes.
 */
export const WEBHOOKS_TO_LOCAL_RECEIVERS: Record<string, string> = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

export interface RegisteredWebhook {
  readonly id: string;
  readonly secret: string;
}

export async function addWebhook(world: World, storeId: StoreId, url: string): Promise<RegisteredWebhook> {
  const created = await createWebhook({
    webhooks: createWebhookRepository(world.pool), stores: createStoreRepository(world.pool),
    sealer: createSecretBox({ current: secretFromBase64(world.config.GATEWAY_SECRET!) }),
    clock: { now: () => new Date() }, randomBytes: (size) => randomBytes(size),
  }, storeId, { url, enabled: true, automaticRedelivery: true, authorizedEvents: { everything: true, specificEvents: [] } });
  if (created instanceof Error) throw created;
  return { id: created.webhook.id, secret: created.secret };
}

export async function deliveriesOf(world: World, webhookId: string): Promise<StoredDelivery[]> {
  return createWebhookDeliveryRepository(world.pool).listForWebhook(webhookId as never, 1_000);
}

export async function attemptsOf(world: World, deliveryId: string): Promise<DeliveryAttempt[]> {
  return createWebhookDeliveryRepository(world.pool).attemptsOf(deliveryId as DeliveryId);
}

/** Throws unless both signatures hold: Standard Webhooks (the reference library) and BTCPay-Sig (greenfield-php's check). */
export function verifySignatures(request: ReceivedRequest, secret: string): void {
  new Webhook(secret).verify(request.body.toString('utf8'), request.headers as Record<string, string>);
  const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
  if (request.headers['btcpay-sig'] !== expected) throw new Error(`BTCPay-Sig ${String(request.headers['btcpay-sig'])} is not ${expected}`);
}

export const payloadOf = (request: ReceivedRequest): Record<string, unknown> & { type: string; invoiceId: string; deliveryId: string } =>
  JSON.parse(request.body.toString('utf8')) as never;

/** `blink-gateway worker` with this environment (added to the test's own); `nodeArgs` e.g. a CPU profile. */
export function spawnWorkerProcess(env: Record<string, string>, nodeArgs: readonly string[] = []): SpawnedWorker {
  const root = resolve(__dirname, '../../..');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(root, 'src/cli.ts'), 'worker'], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/** SIGTERM, and waits for the exit (a process already gone is left alone). */
export async function stopWorkerProcess(worker: SpawnedWorker | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker === undefined || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill(signal);
  await worker.exited;
}

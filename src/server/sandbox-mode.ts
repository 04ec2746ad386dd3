import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { databaseNameOf, dropDatabase, withDatabase } from '../adapters/db/pool';
import type { Logger } from '../adapters/log';
import type { Config } from '../config';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { callGateway } from './api-call';

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

export interface SandboxModeOptions {
  /**
   * Names the database (`<DATABASE_URL's name>_<name>`) and queue prefix (`{…-<name>}`) of this run.
   * `npm run demo` gives its own so it never touches a running `npm start`. @defaultValue 'sandbox'
   */
  readonly name?: string;
}

export async function enterSandboxMode(config: Config, logger: Logger, options: SandboxModeOptions = {}): Promise<SandboxMode> {
  const name = options.name ?? 'sandbox';
  const databaseUrl = withDatabase(config.DATABASE_URL, `${databaseNameOf(config.DATABASE_URL)}_${name}`);
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
      QUEUE_PREFIX: `${config.QUEUE_PREFIX.replace(/}$/, '')}-${name}}`,
      GATEWAY_SECRET: randomBytes(32).toString('base64'),
      ADMIN_API_KEY: adminKey,
    },
  };
}

export interface DemoStore {
  readonly storeId: string;
  readonly storeKey: string;
}

const storeAnswer = z.object({ id: z.string().min(1) });
const apiKeyAnswer = z.object({ apiKey: z.string().min(1) });

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
  const admin = { gatewayUrl, key: mode.adminKey };
  const store = await callGateway({ ...admin, method: 'POST', path: '/api/v1/stores', body: { name: 'Demo Store', defaultCurrency: 'USD' } }, storeAnswer);
  const connection = `type=blink;server=${mode.sandbox.graphqlUrl};allowinsecure=true;api-key=${blinkKey.key};wallet-id=${wallet.id}`;
  await callGateway({ ...admin, method: 'PUT', path: `/api/v1/stores/${store.id}/payment-methods/BTC-LN`, body: { enabled: true, config: connection } }, z.unknown());
  const permissions = [
    'btcpay.store.canmodifyinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewinvoices',
    'btcpay.store.canviewstoresettings', 'btcpay.store.webhooks.canmodifywebhooks',
  ].map((permission) => `${permission}:${store.id}`);
  const key = await callGateway({ ...admin, method: 'POST', path: '/api/v1/api-keys', body: { label: 'demo shop', permissions } }, apiKeyAnswer);
  return { storeId: store.id, storeKey: key.apiKey };
}

/** What a newcomer needs to pay an invoice: where the buyer goes, and what the sandbox pays. */
export interface CreatedInvoice {
  readonly id: string;
  readonly checkoutLink: string;
  readonly bolt11: string;
  readonly paymentHash: string;
}

const invoiceAnswer = z.object({ id: z.string().min(1), checkoutLink: z.string().min(1) });
const paymentMethodsAnswer = z.array(z.object({
  destination: z.string().min(1),
  additionalData: z.object({ paymentHash: z.string().regex(/^[0-9a-f]{64}$/) }),
})).min(1);

/** Creates an invoice with the store key, as a shop does, then reads its BOLT11 and payment hash. */
export async function createStoreInvoice(
  gatewayUrl: string, demo: DemoStore, body: unknown, headers: Readonly<Record<string, string>> = {},
): Promise<CreatedInvoice> {
  const shop = { gatewayUrl, key: demo.storeKey };
  const invoice = await callGateway({ ...shop, method: 'POST', path: `/api/v1/stores/${demo.storeId}/invoices`, body, headers }, invoiceAnswer);
  const [lightning] = await callGateway(
    { ...shop, method: 'GET', path: `/api/v1/stores/${demo.storeId}/invoices/${invoice.id}/payment-methods` }, paymentMethodsAnswer);
  if (lightning === undefined) throw new Error(`invoice ${invoice.id} has no Lightning payment method`);
  return { id: invoice.id, checkoutLink: invoice.checkoutLink, bolt11: lightning.destination, paymentHash: lightning.additionalData.paymentHash };
}

/** The welcome's invoice: the printed curl sends this exact body and Idempotency-Key, so it answers this invoice. */
export interface ExampleInvoice extends CreatedInvoice {
  readonly body: string;
  readonly idempotencyKey: string;
}

export const EXAMPLE_INVOICE_BODY = '{"amount":"5","currency":"USD","metadata":{"orderId":"first-run"}}';

export async function createExampleInvoice(gatewayUrl: string, demo: DemoStore): Promise<ExampleInvoice> {
  const idempotencyKey = `first-run-${randomBytes(6).toString('hex')}`;
  const created = await createStoreInvoice(gatewayUrl, demo, JSON.parse(EXAMPLE_INVOICE_BODY), { 'idempotency-key': idempotencyKey });
  return { ...created, body: EXAMPLE_INVOICE_BODY, idempotencyKey };
}

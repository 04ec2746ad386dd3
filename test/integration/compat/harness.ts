/**
 * The compatibility suite's world: the gateway API over real HTTP (its own database and Redis
 * prefix), its workers (settlement watching and webhook delivery) in this process, the Blink
 * sandbox, and a shop's webhook endpoint. Shops talk to it through `GreenfieldPhpClient`, which
 * sends and judges requests the way greenfield-php 2.x (used by WooCommerce and Magento) does.
 *
 * What the merchant does once as the gateway's operator (create the store, set the Blink
 * connection) goes through the admin key; everything a plugin does goes through the client with
 * the plugin's own store-scoped key.
 */
import { createHmac } from 'node:crypto';
import { createLogger } from '../../../src/adapters/log';
import { startWorkers, type RunningWorkers } from '../../../workers/main';
import { startInvoiceGateway, type InvoiceTestGateway } from '../invoices/harness';
import { FAST_TIMING } from '../settlement/harness';
import { startReceiver, type Receiver, type ReceivedRequest } from '../webhooks/receiver';

/** greenfield-php's RequestException: any status but 200 is a failure, the body only logged. */
export class GreenfieldRequestError extends Error {
  constructor(readonly method: string, readonly url: string, readonly status: number, readonly body: string) {
    super(`Error during ${method} to ${url}. Got response (${status}): ${body}`);
  }
}

/**
 * Requests as P:`src/Client/AbstractClient.php` and `src/Http/CurlClient.php` build them: URL =
 * rtrim(base, '/') . '/api/v1/' . path; Accept and Content-Type JSON; `Authorization: token <key>`;
 * a body only when there is one; redirects NOT followed; success is exactly HTTP 200 with a JSON
 * body (json_decode with JSON_THROW_ON_ERROR).
 */
export class GreenfieldPhpClient {
  constructor(readonly baseUrl: string, readonly apiKey: string) {}

  url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/api/v1/${path}`;
  }

  /** `readsBody: false` for the calls whose response body the client never decodes (deleteWebhook only checks the 200). */
  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { readsBody?: boolean } = {}): Promise<unknown> {
    const url = this.url(path);
    const encoded = body === undefined ? '' : JSON.stringify(body);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `token ${this.apiKey}` },
      ...(encoded === '' ? {} : { body: encoded }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new GreenfieldRequestError(method, url, response.status, text);
    return options.readsBody === false ? undefined : JSON.parse(text) as unknown;
  }

  /** The failure a call ends in (the test expects one). */
  async failure(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<GreenfieldRequestError> {
    try {
      await this.call(method, path, body);
    } catch (error) {
      if (error instanceof GreenfieldRequestError) return error;
      throw error;
    }
    throw new Error(`${method} ${path} succeeded; a failure was expected`);
  }
}

/** P:`Webhook::isIncomingWebhookRequestValid`: `'sha256=' . hash_hmac('sha256', body, secret)` against the whole header. */
export const expectedSignature = (secret: string, body: Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The header lookup WooCommerce does: the header whose lowercased name is `btcpay-sig`. */
export const signatureOf = (request: ReceivedRequest): string | undefined => {
  const value = request.headers['btcpay-sig'];
  return Array.isArray(value) ? value[0] : value;
};

export const bodyOf = (request: ReceivedRequest): Record<string, unknown> =>
  JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;

/** PHP's version_compare for dotted numeric versions (what the plugins compare `version` with). */
export function phpVersionCompare(a: string, b: string): -1 | 0 | 1 {
  const parts = (v: string) => v.split(/[.\-+]/).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

export interface CompatWorld {
  readonly t: InvoiceTestGateway;
  /** The URL the merchant types into the plugin (with a trailing slash, which the plugins strip). */
  readonly enteredUrl: string;
  readonly shop: Receiver;
  /** A store with the merchant's Blink wallet connected (done by the operator, not the plugin). */
  newStore(): Promise<string>;
  /**
   * The key the authorize flow (`/api-keys/authorize`, covered by the browser test) would POST
   * back to the plugin: exactly `permissions`, each scoped `policy:storeId`.
   */
  authorizedKey(storeId: string, permissions: readonly string[], options?: { scoped?: boolean }): Promise<string>;
  /** The buyer pays the invoice's BOLT11 from another wallet (sandbox control API). */
  pay(storeId: string, invoiceId: string): Promise<void>;
  /** Moves the invoice's expiry into the past, so the workers expire it now. */
  expireNow(invoiceId: string): Promise<void>;
  /** The shop's webhook requests for one invoice, once `count` have arrived. */
  webhooksFor(invoiceId: string, count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startCompatWorld(): Promise<CompatWorld> {
  const t = await startInvoiceGateway({ env: { ...FAST_TIMING, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'warn' } });
  let workers: RunningWorkers | undefined;
  let shop: Receiver | undefined;
  try {
    workers = await startWorkers(t.gateway.config, createLogger({ level: 'error' }));
    shop = await startReceiver();
  } catch (error) {
    await workers?.close();
    await t.close();
    throw error;
  }
  const receiver = shop;
  const running = workers;
  const admin = new GreenfieldPhpClient(t.gateway.url, t.gateway.adminKey);
  const forInvoice = (invoiceId: string) => receiver.requests.filter((request) => {
    try {
      return bodyOf(request).invoiceId === invoiceId;
    } catch {
      return false;
    }
  });
  return {
    t,
    enteredUrl: `${t.gateway.url}/`,
    shop: receiver,
    newStore: () => t.createStore(),
    async authorizedKey(storeId, permissions, options = {}) {
      const scoped = options.scoped ?? true;
      const created = await admin.call('POST', 'api-keys', {
        label: 'plugin', permissions: permissions.map((policy) => (scoped ? `${policy}:${storeId}` : policy)),
      }) as { apiKey: string };
      return created.apiKey;
    },
    async pay(storeId, invoiceId) {
      const methods = await admin.call('GET', `stores/${storeId}/invoices/${invoiceId}/payment-methods`) as { additionalData: { paymentHash: string } }[];
      await t.sandbox.pay(methods[0]!.additionalData.paymentHash);
    },
    async expireNow(invoiceId) {
      await t.gateway.server.pool.query("UPDATE invoices SET expiration_time = now() - interval '1 second' WHERE id = $1", [invoiceId]);
    },
    async webhooksFor(invoiceId, count) {
      const deadline = Date.now() + 30_000;
      while (forInvoice(invoiceId).length < count) {
        if (Date.now() > deadline) {
          const types = forInvoice(invoiceId).map((request) => bodyOf(request).type);
          throw new Error(`the shop got ${types.length} of ${count} webhooks for ${invoiceId}: ${types.join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return forInvoice(invoiceId);
    },
    async close() {
      await running.close();
      await receiver.close();
      await t.close();
    },
  };
}

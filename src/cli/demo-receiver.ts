import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { BTCPAY_SIG_HEADER, verifyBtcpaySignature } from '../domain/webhook/signature';
import { verifyStandardWebhooks, type StandardWebhooksCheck } from '../domain/webhook/verify-standard-webhooks';

/**
 * The shop's side in `npm run demo`: a webhook endpoint on 127.0.0.1 that checks both signatures of
 * every delivery, as a shop would, with the secret the gateway generated at registration, and records
 * what arrived and when. It answers 200 to every request, so each event is delivered once.
 */
export interface ReceivedWebhook {
  /** Milliseconds (performance.now()) when the request's body had arrived. */
  readonly at: number;
  readonly type: string;
  readonly invoiceId: string;
  readonly deliveryId: string;
  readonly btcpaySig: boolean;
  readonly standardWebhooks: StandardWebhooksCheck;
}

export interface DemoReceiver {
  readonly url: string;
  readonly received: readonly ReceivedWebhook[];
  /** Set once the webhook is registered: deliveries before that cannot be checked. */
  useSecret(secret: string): void;
  /** Resolves when every type in `types` has arrived for the invoice; rejects after `timeoutMs` or on abort. */
  waitForTypes(invoiceId: string, types: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

// The fields the demo shows; the rest of BTCPay's payload is the shop's business.
const payloadSchema = z.object({ type: z.string(), invoiceId: z.string(), deliveryId: z.string() });

const headerOf = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDemoReceiver(): Promise<DemoReceiver> {
  const received: ReceivedWebhook[] = [];
  const listeners = new Set<() => void>();
  let secret: string | undefined;
  const server = createServer((request, response) => {
    bodyOf(request).then((body) => {
      const at = performance.now();
      const parsed = payloadSchema.safeParse(parseJson(body));
      if (parsed.success && secret !== undefined) {
        received.push({
          at, ...parsed.data,
          btcpaySig: verifyBtcpaySignature(secret, body, headerOf(request, BTCPAY_SIG_HEADER) ?? ''),
          standardWebhooks: verifyStandardWebhooks(secret, {
            id: headerOf(request, 'webhook-id'), timestamp: headerOf(request, 'webhook-timestamp'), signature: headerOf(request, 'webhook-signature'),
          }, body, new Date()),
        });
        for (const listener of listeners) listener();
      }
      response.writeHead(parsed.success ? 200 : 400).end();
    }, () => response.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/btcpay`,
    received,
    useSecret(value) { secret = value; },
    waitForTypes(invoiceId, types, timeoutMs, signal) {
      const complete = () => types.every((type) => received.some((hook) => hook.invoiceId === invoiceId && hook.type === type));
      return new Promise<void>((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          signal.removeEventListener('abort', aborted);
          if (error === undefined) resolve(); else reject(error);
        };
        const check = () => { if (complete()) finish(); };
        const aborted = () => finish(new Error('interrupted'));
        const timer = setTimeout(() => {
          const missing = types.filter((type) => !received.some((hook) => hook.invoiceId === invoiceId && hook.type === type));
          finish(new Error(`no ${missing.join(', ')} webhook within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        listeners.add(check);
        signal.addEventListener('abort', aborted);
        if (signal.aborted) aborted(); else check();
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

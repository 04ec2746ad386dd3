import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A shop's webhook endpoint on 127.0.0.1: records every request; `reply` scripts the answers. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Reply {
  readonly status: number;
  readonly delayMs?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Requests being handled right now, and the most at once. */
  readonly inFlight: { now: number; max: number };
  /** Requests received so far (also counted when bodies are not kept). */
  count(): number;
  /** The `webhook-id` header of every request received, in order. */
  ids(): string[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  readonly port?: number;
  readonly reply?: (request: ReceivedRequest, index: number) => Reply;
  /** Called as each request's body is complete (before the reply). */
  readonly onRequest?: (request: ReceivedRequest) => void;
  /** False: count requests and keep their webhook-ids only (benchmarks send tens of thousands). @defaultValue true */
  readonly keepBodies?: boolean;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const ids: string[] = [];
  let count = 0;
  const inFlight = { now: 0, max: 0 };
  const pending = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      const index = count;
      count += 1;
      ids.push(String(req.headers['webhook-id']));
      if (options.keepBodies !== false) requests.push(request);
      options.onRequest?.(request);
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      const reply = options.reply?.(request, index) ?? { status: 200, body: 'ok' };
      pending.add(res);
      setTimeout(() => {
        inFlight.now -= 1;
        pending.delete(res);
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      }, reply.delayMs ?? 0).unref();
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    inFlight,
    count: () => count,
    ids: () => [...ids],
    async waitFor(wanted, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (count < wanted) {
        if (Date.now() > deadline) throw new Error(`receiver got ${count} of ${wanted} requests`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return requests.slice(0, wanted);
    },
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

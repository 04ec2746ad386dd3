import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateNodeKey, type SandboxNetwork } from './bolt11';
import { handleControl } from './control';
import { handleGraphqlHttp } from './graphql-http';
import { sendJson } from './http-util';
import { createSandboxSchema } from './schema';
import { DEFAULT_SEED, materializeSeed, sandboxSeedSchema, type SandboxAccountInfo, type SandboxSeed } from './seed';
import { SandboxState, type Faults } from './state';
import { createSandboxWebsockets } from './ws';

/**
 * The Blink sandbox: a local server that speaks Blink's GraphQL protocol (HTTP and graphql-ws on
 * `/graphql`) with real BOLT11 invoices, plus a control API under `/sandbox/` to pay and expire them
 * and to inject faults. For development, tests, demos and merchants' integration work without Blink.
 */
export { DEFAULT_SEED, MULTI_ACCOUNT_SEED, sandboxSeedSchema, type SandboxAccountInfo, type SandboxSeed, type Scope, type WalletCurrency } from './seed';
export type { SandboxNetwork } from './bolt11';
export type { Faults } from './state';

/** Anything with winston's method shapes; the sandbox logs one debug line per request and its start. */
export interface SandboxLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  debug(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface SandboxOptions {
  /** 0 = any free port. Default 4455. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: SandboxSeed;
  /** Invoice creations per minute per account before TOO_MANY_REQUEST. Default 60. */
  invoiceRateLimitPerMinute?: number;
  /** How long an account stays rate limited once over the limit. Default 300. */
  rateLimitBlockSeconds?: number;
  /** Default regtest (invoices `lnbcrt…`). */
  network?: SandboxNetwork;
  /** USD per BTC. Default 100 000. */
  btcUsdPrice?: number;
  /** Units of each display currency per USD, for `currencyConversionEstimation`. USD is always 1. */
  fiatPerUsd?: Record<string, number>;
  logger?: SandboxLogger;
}

export interface RunningSandbox {
  /** http://host:port */
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  accounts: SandboxAccountInfo[];
  /** In-process equivalents of the control API (the HTTP API is the contract). */
  pay(paymentHash: string, options?: { intraledger?: boolean; amountSats?: number }): Promise<void>;
  faults(update: Partial<Faults>): Faults;
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_PORT = 4455;
export const DEFAULT_FIAT_PER_USD: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, GBP: 0.79, CAD: 1.37, CHF: 0.88, JPY: 150, BRL: 5.2, ZAR: 18.5, KES: 129 };

const silentLogger: SandboxLogger = { info: () => undefined, debug: () => undefined, error: () => undefined };

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = sandboxSeedSchema.parse(options.seed ?? DEFAULT_SEED);
  const logger = options.logger ?? silentLogger;
  const now = () => Date.now();
  const state = new SandboxState({
    network: options.network ?? 'regtest',
    btcUsdPrice: options.btcUsdPrice ?? 100_000,
    fiatPerUsd: { ...DEFAULT_FIAT_PER_USD, ...options.fiatPerUsd, USD: 1 },
    invoiceRateLimitPerMinute: options.invoiceRateLimitPerMinute ?? 60,
    rateLimitBlockSeconds: options.rateLimitBlockSeconds ?? 300,
    nodeKey: generateNodeKey(),
  }, materializeSeed(seed), now());
  const schema = createSandboxSchema();
  const websockets = createSandboxWebsockets(state, schema, now);
  const graphqlDeps = { state, schema, now, random: Math.random };
  const controlDeps = { state, now, dropWebsockets: () => websockets.dropAll() };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    logger.debug('sandbox request', { method: req.method, path });
    if (path === '/graphql') {
      return req.method === 'POST' ? handleGraphqlHttp(graphqlDeps, req, res) : sendJson(res, 405, { errors: [{ message: 'POST a GraphQL request to /graphql' }] });
    }
    if (path.startsWith('/sandbox/')) return handleControl(controlDeps, req, res, path);
    return sendJson(res, 404, { error: `not found: ${path} (GraphQL is at /graphql, the control API under /sandbox/)` });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error('sandbox request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'sandbox bug: see its log' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://sandbox').pathname !== '/graphql') { socket.destroy(); return; }
    websockets.handleUpgrade(req, socket, head);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SANDBOX_PORT, host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const accounts = [...state.accounts.values()].map((account) => account.info);
  logger.info('Blink sandbox listening', { url: `http://${authority}`, network: state.config.network });

  return {
    url: `http://${authority}`,
    graphqlUrl: `http://${authority}/graphql`,
    wsUrl: `ws://${authority}/graphql`,
    accounts,
    async pay(paymentHash, payOptions = {}) {
      const response = await fetch(`http://${authority}/sandbox/pay`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentHash, ...payOptions }),
      });
      if (!response.ok) throw new Error(`sandbox pay failed: HTTP ${response.status} ${await response.text()}`);
    },
    faults(update) {
      state.faults = { ...state.faults, ...update };
      return state.faults;
    },
    reset: () => state.reset(),
    async close() {
      await websockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => { server.close((error) => (error ? reject(error) : resolve())); });
    },
  };
}

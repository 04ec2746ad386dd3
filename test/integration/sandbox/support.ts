import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MULTI_ACCOUNT_SEED, startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox';

/** Helpers for the sandbox's integration tests: real HTTP (fetch) and real websockets (graphql-ws + ws). */
export interface GqlResponse { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Harness {
  sandbox: RunningSandbox;
  gql(query: string, variables?: Record<string, unknown>, key?: string): Promise<GqlResponse>;
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<GqlResponse>;
  /** Key of account `account` whose scopes are exactly `scopes` (e.g. 'READ+RECEIVE'). */
  key(scopes: string, account?: number): string;
  wallet(currency: 'BTC' | 'USD', account?: number): string;
  ws(key?: string): Client;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, seed: MULTI_ACCOUNT_SEED, ...options });
  const clients: Client[] = [];
  const post = async (url: string, init: RequestInit): Promise<GqlResponse> => {
    const response = await fetch(url, init);
    const text = await response.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* not JSON: keep the text */ }
    return { status: response.status, body };
  };
  return {
    sandbox,
    gql: (query, variables = {}, key) => post(sandbox.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'X-API-KEY': key }) },
      body: JSON.stringify({ query, variables }),
    }),
    control: (method, path, body) => post(`${sandbox.url}/sandbox/${path}`, method === 'GET' ? {} : {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body),
    }),
    key(scopes, account = 0) {
      const found = sandbox.accounts[account]?.apiKeys.find((item) => item.scopes.join('+') === scopes);
      if (found === undefined) throw new Error(`no ${scopes} key in account ${account}`);
      return found.key;
    },
    wallet(currency, account = 0) {
      const found = sandbox.accounts[account]?.wallets.find((item) => item.currency === currency);
      if (found === undefined) throw new Error(`no ${currency} wallet in account ${account}`);
      return found.id;
    },
    ws(key) {
      const client = createClient({
        url: sandbox.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: key === undefined ? {} : { 'X-API-KEY': key },
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
      await sandbox.close();
    },
  };
}

export const CREATE_BTC = `mutation C($input: LnInvoiceCreateInput!) { lnInvoiceCreate(input: $input) {
  errors { message code path } invoice { paymentRequest paymentHash paymentSecret satoshis paymentStatus createdAt externalId } } }`;
export const CREATE_USD = `mutation C($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) {
  errors { message code path } invoice { paymentRequest paymentHash satoshis paymentStatus externalId } } }`;
export const CREATE_NO_AMOUNT = `mutation C($input: LnNoAmountInvoiceCreateInput!) { lnNoAmountInvoiceCreate(input: $input) {
  errors { message code path } invoice { paymentRequest paymentHash paymentStatus externalId } } }`;
export const STATUS = `query S($input: LnInvoicePaymentStatusByHashInput!) {
  lnInvoicePaymentStatusByHash(input: $input) { paymentHash paymentRequest paymentPreimage status } }`;

/** Polls `check` until it returns true (waiting on the server, not asserting on time). */
export async function eventually(check: () => Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => { setTimeout(resolve, 25); });
  }
  throw new Error(`never happened: ${what}`);
}

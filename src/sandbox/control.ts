import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseJson, readBody, sendJson } from './http-util';
import { expireInvoice, payInvoice, type ControlFailure } from './invoices';
import { LOST_RESPONSE_MODES, type InvoiceRecord, type SandboxState } from './state';
import { controlInvoiceView } from './views';

/**
 * The sandbox-only control API under `/sandbox/`: pay or expire invoices, list them, set faults, drop
 * websockets, reset, and count requests. JSON in and out; bad input gets 400 (not JSON) or 422 (wrong
 * fields) with a message naming the field.
 */
export interface ControlDeps {
  state: SandboxState;
  now: () => number;
  dropWebsockets: () => number;
}

const invoiceRef = {
  paymentHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(),
  paymentRequest: z.string().min(1).optional(),
};
const oneRef = (body: { paymentHash?: string | undefined; paymentRequest?: string | undefined }) =>
  (body.paymentHash === undefined) !== (body.paymentRequest === undefined);
const ONE_REF_MESSAGE = { message: 'give exactly one of paymentHash or paymentRequest' };

const paySchema = z.strictObject({
  ...invoiceRef,
  intraledger: z.boolean().default(false),
  amountSats: z.number().int().positive().optional(),
}).refine(oneRef, ONE_REF_MESSAGE);
const expireSchema = z.strictObject(invoiceRef).refine(oneRef, ONE_REF_MESSAGE);
const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  refuseWebsockets: z.boolean().optional(),
  forceRateLimit: z.boolean().optional(),
  lostInvoiceResponses: z.number().int().min(0).max(10_000).optional(),
  lostResponseMode: z.enum(LOST_RESPONSE_MODES).optional(),
});

type Reply = { status: number; body: unknown };
const fail = (status: number, message: string): Reply => ({ status, body: { error: message } });

function issuesMessage(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

function findInvoice(state: SandboxState, ref: { paymentHash?: string | undefined; paymentRequest?: string | undefined }): InvoiceRecord | undefined {
  return ref.paymentHash !== undefined ? state.invoices.get(ref.paymentHash.toLowerCase()) : state.invoiceByPaymentRequest(ref.paymentRequest ?? '');
}

function invoiceReply(result: InvoiceRecord | ControlFailure, now: number): Reply {
  if ('message' in result) return fail(result.status, result.message);
  return { status: 200, body: { invoice: controlInvoiceView(result, now) } };
}

type Route = (deps: ControlDeps, body: unknown) => Reply;

const routes: Record<string, Route | undefined> = {
  'POST /sandbox/pay': (deps, body) => {
    const parsed = paySchema.safeParse(body);
    if (!parsed.success) return fail(422, issuesMessage(parsed.error));
    const invoice = findInvoice(deps.state, parsed.data);
    if (invoice === undefined) return fail(404, 'no invoice with that payment hash or payment request');
    const now = deps.now();
    return invoiceReply(payInvoice(deps.state, invoice, parsed.data, now), now);
  },
  'POST /sandbox/expire': (deps, body) => {
    const parsed = expireSchema.safeParse(body);
    if (!parsed.success) return fail(422, issuesMessage(parsed.error));
    const invoice = findInvoice(deps.state, parsed.data);
    if (invoice === undefined) return fail(404, 'no invoice with that payment hash or payment request');
    const now = deps.now();
    return invoiceReply(expireInvoice(deps.state, invoice, now), now);
  },
  'GET /sandbox/invoices': (deps) => {
    const now = deps.now();
    return { status: 200, body: { invoices: [...deps.state.invoices.values()].map((invoice) => controlInvoiceView(invoice, now)) } };
  },
  'GET /sandbox/faults': (deps) => ({ status: 200, body: deps.state.faults }),
  'POST /sandbox/faults': (deps, body) => {
    const parsed = faultsSchema.safeParse(body);
    if (!parsed.success) return fail(422, issuesMessage(parsed.error));
    const update = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
    deps.state.faults = { ...deps.state.faults, ...update };
    return { status: 200, body: deps.state.faults };
  },
  'POST /sandbox/drop-websockets': (deps) => ({ status: 200, body: { dropped: deps.dropWebsockets() } }),
  'POST /sandbox/reset': (deps) => {
    deps.state.reset();
    return { status: 200, body: { reset: true } };
  },
  'GET /sandbox/stats': (deps) => ({
    status: 200,
    body: {
      requests: deps.state.stats.requests,
      byOperation: Object.fromEntries(deps.state.stats.byOperation),
      subscriptions: Object.fromEntries(deps.state.activeSubscriptions),
    },
  }),
  'GET /sandbox/accounts': (deps) => ({ status: 200, body: { accounts: [...deps.state.accounts.values()].map((account) => account.info) } }),
};

const KNOWN_PATHS = new Set(Object.keys(routes).map((key) => key.split(' ')[1]));

export async function handleControl(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = routes[`${req.method ?? 'GET'} ${path}`];
  if (route === undefined) {
    return KNOWN_PATHS.has(path) ? sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed on ${path}` }) : sendJson(res, 404, { error: `no control endpoint ${path}` });
  }
  let body: unknown = {};
  if (req.method === 'POST') {
    const text = await readBody(req);
    if (text === 'too-large') return sendJson(res, 413, { error: 'request body too large' });
    const json = parseJson(text);
    if (!json.ok) return sendJson(res, 400, { error: 'request body is not valid JSON' });
    body = json.value;
  }
  const reply = route(deps, body);
  sendJson(res, reply.status, reply.body);
}

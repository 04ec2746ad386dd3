import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LostResponseMode, SandboxState } from './state';

/**
 * The lost-response fault: an invoice-creating mutation runs in full (the invoice exists, its external
 * id is taken) but the caller never gets the answer, as when a connection drops or a proxy times out
 * after Blink did the work. It is what a client's retry with the same `externalId` must survive.
 */
const INVOICE_CREATING = /^ln\w*Invoice\w*Create/;

/** Uses up one lost response when this request creates invoices and the fault is armed. */
export function takeLostResponse(state: SandboxState, operation: string, rootFields: readonly string[]): LostResponseMode | null {
  if (operation !== 'mutation' || state.faults.lostInvoiceResponses <= 0) return null;
  if (!rootFields.some((name) => INVOICE_CREATING.test(name))) return null;
  state.faults.lostInvoiceResponses -= 1;
  return state.faults.lostResponseMode;
}

const PROXY_PAGES = {
  'http-502': { status: 502, title: '502 Bad Gateway' },
  'http-504': { status: 504, title: '504 Gateway Time-out' },
} as const;

export function loseResponse(req: IncomingMessage, res: ServerResponse, mode: LostResponseMode): void {
  if (mode === 'socket-destroyed') {
    req.socket.destroy();
    return;
  }
  const page = PROXY_PAGES[mode];
  res.writeHead(page.status, { 'content-type': 'text/html' });
  res.end(`<html><head><title>${page.title}</title></head><body><center><h1>${page.title}</h1></center></body></html>`);
}

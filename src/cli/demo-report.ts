import type { ReceivedWebhook } from './demo-receiver';

/**
 * How `npm run demo` prints what happened: the webhooks in the order they arrived, each with both
 * signature checks, and the timings of the story. Pure text; test/unit/cli/demo-report.test.ts.
 */

/** What the gateway sends for an invoice paid in full, in BTCPay's documented order. */
export const FULL_PAYMENT_EVENTS = [
  'InvoiceCreated', 'InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceSettled',
] as const;

export interface Timeline {
  /** performance.now() when the shop sent POST …/invoices. */
  readonly requested: number;
  /** When the gateway answered it. */
  readonly created: number;
  /** When the sandbox answered the payment. */
  readonly paid: number;
  /** When InvoiceSettled reached the shop. */
  readonly settled: number;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

export const isVerified = (hook: ReceivedWebhook): boolean => hook.btcpaySig && hook.standardWebhooks.ok;

function checkText(name: string, ok: boolean, reason?: string): string {
  return ok ? `${name} verified` : `${name} FAILED${reason === undefined ? '' : ` (${reason})`}`;
}

export function webhookLines(hooks: readonly ReceivedWebhook[], timeline: Pick<Timeline, 'requested'>): string[] {
  const width = Math.max(...hooks.map((hook) => hook.type.length));
  return [...hooks].sort((a, b) => a.at - b.at).map((hook) => [
    `+${ms(hook.at - timeline.requested)}`.padStart(10),
    hook.type.padEnd(width),
    checkText('BTCPay-Sig', hook.btcpaySig),
    checkText('Standard Webhooks', hook.standardWebhooks.ok, hook.standardWebhooks.ok ? undefined : hook.standardWebhooks.reason),
  ].join('  '));
}

export function timingLines(timeline: Timeline): string[] {
  return [
    `  invoice created           ${ms(timeline.created - timeline.requested).padStart(8)}  (POST /api/v1/stores/{storeId}/invoices answered)`,
    `  paid                      ${ms(timeline.paid - timeline.created).padStart(8)}  after created (POST /sandbox/pay answered)`,
    `  InvoiceSettled received   ${ms(timeline.settled - timeline.paid).padStart(8)}  after paid`,
    `  order to settled webhook  ${ms(timeline.settled - timeline.requested).padStart(8)}`,
  ];
}

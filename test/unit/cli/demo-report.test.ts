import type { ReceivedWebhook } from '../../../src/cli/demo-receiver';
import { isVerified, timingLines, webhookLines } from '../../../src/cli/demo-report';

const hook = (type: string, at: number, checks: Partial<Pick<ReceivedWebhook, 'btcpaySig' | 'standardWebhooks'>> = {}): ReceivedWebhook => ({
  at, type, invoiceId: 'inv', deliveryId: `d-${type}`, btcpaySig: true, standardWebhooks: { ok: true }, ...checks,
});

describe('the demo report', () => {
  it('lists webhooks in order of arrival, in ms since the invoice was requested, each with both checks', () => {
    const lines = webhookLines([hook('InvoiceSettled', 1250.4), hook('InvoiceCreated', 1040)], { requested: 1000 });
    expect(lines).toEqual([
      '    +40 ms  InvoiceCreated  BTCPay-Sig verified  Standard Webhooks verified',
      '   +250 ms  InvoiceSettled  BTCPay-Sig verified  Standard Webhooks verified',
    ]);
  });

  it('says which check failed and why', () => {
    const bad = [
      hook('InvoiceCreated', 1, { btcpaySig: false }),
      hook('InvoiceSettled', 2, { standardWebhooks: { ok: false, reason: 'timestamp-out-of-range' } }),
    ];
    expect(webhookLines(bad, { requested: 0 })).toEqual([
      '     +1 ms  InvoiceCreated  BTCPay-Sig FAILED  Standard Webhooks verified',
      '     +2 ms  InvoiceSettled  BTCPay-Sig verified  Standard Webhooks FAILED (timestamp-out-of-range)',
    ]);
    expect(bad.map(isVerified)).toEqual([false, false]);
    expect(isVerified(hook('InvoiceSettled', 3))).toBe(true);
  });

  it('gives each step\'s duration from the one before, and the total', () => {
    const lines = timingLines({ requested: 100, created: 145, paid: 170, settled: 400 });
    expect(lines.map((line) => /(\d+) ms/.exec(line)?.[1])).toEqual(['45', '25', '230', '300']);
  });
});

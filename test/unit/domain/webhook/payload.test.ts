import { Webhook } from 'standardwebhooks';
import type { DeliveryId, InvoiceId, StoreId, WebhookId } from '../../../../src/domain/ids';
import { INVOICE_EVENT_TYPES, type InvoiceEvent } from '../../../../src/domain/invoice/events';
import {
  buildWebhookPayload, parseWebhookPayload, redeliveryPayload, serializeWebhookPayload, InvalidWebhookPayloadError,
} from '../../../../src/domain/webhook/payload';
import { ALL_EVENTS, isEventAuthorized, isWebhookEventType, WEBHOOK_EVENT_TYPES } from '../../../../src/domain/webhook/event-types';
import { generateWebhookSecret, signatureHeaders, verifyBtcpaySignature } from '../../../../src/domain/webhook/signature';

const payment = { id: 'ab'.repeat(32), receivedTime: 1_772_366_400, sats: 12000, destination: 'lnbc120u1p…' };
const ENVELOPE = ['deliveryId', 'webhookId', 'originalDeliveryId', 'isRedelivery', 'type', 'timestamp', 'storeId', 'invoiceId', 'metadata'];

/** BTCPay's fields per type (WebhookInvoiceEvent subclasses, btcpay-greenfield.md §f). */
const CASES: [InvoiceEvent, Record<string, unknown>][] = [
  [{ type: 'InvoiceCreated' }, {}],
  [{ type: 'InvoiceReceivedPayment', afterExpiration: false, paymentMethodId: 'BTC-LN', payment }, {
    afterExpiration: false, paymentMethodId: 'BTC-LN',
    payment: { id: 'ab'.repeat(32), receivedDate: 1_772_366_400, value: '0.00012', fee: '0', status: 'Settled', destination: 'lnbc120u1p…' },
  }],
  [{ type: 'InvoicePaymentSettled', afterExpiration: true, paymentMethodId: 'BTC-LN', payment }, {
    afterExpiration: true, paymentMethodId: 'BTC-LN',
    payment: { id: 'ab'.repeat(32), receivedDate: 1_772_366_400, value: '0.00012', fee: '0', status: 'Settled', destination: 'lnbc120u1p…' },
  }],
  [{ type: 'InvoiceProcessing', overPaid: true }, { overPaid: true }],
  [{ type: 'InvoiceSettled', manuallyMarked: false, overPaid: false }, { manuallyMarked: false, overPaid: false }],
  [{ type: 'InvoiceInvalid', manuallyMarked: true }, { manuallyMarked: true }],
  [{ type: 'InvoiceExpired', partiallyPaid: false }, { partiallyPaid: false }],
  [{ type: 'InvoiceExpiredPaidPartial' }, {}],
  [{ type: 'InvoicePaidAfterExpiration' }, {}],
];

const build = (event: InvoiceEvent) => buildWebhookPayload({
  deliveryId: 'D1' as DeliveryId, webhookId: 'W1' as WebhookId, storeId: 'S1' as StoreId, invoiceId: 'I1' as InvoiceId,
  metadata: { orderId: '1042', items: [1, 'two', null] }, event, now: new Date('2026-03-01T12:00:00.900Z'),
});

describe('buildWebhookPayload', () => {
  it.each(CASES)('%o has BTCPay\'s fields', (event, own) => {
    const payload = build(event);
    expect(payload).toEqual({
      deliveryId: 'D1', webhookId: 'W1', originalDeliveryId: 'D1', isRedelivery: false, type: event.type,
      timestamp: 1_772_366_400, storeId: 'S1', invoiceId: 'I1', metadata: { orderId: '1042', items: [1, 'two', null] },
      ...own,
    });
    expect(Object.keys(payload)).toEqual([...ENVELOPE, ...Object.keys(own)]);
  });

  it('covers every event type', () => {
    expect(CASES.map(([event]) => event.type)).toEqual([...INVOICE_EVENT_TYPES]);
  });

  it('a redelivery keeps the original id, timestamp and body, with a new delivery id', () => {
    const first = build(CASES[1]![0]);
    const again = redeliveryPayload(redeliveryPayload(first, 'D2' as DeliveryId), 'D3' as DeliveryId);
    expect(again).toEqual({ ...first, deliveryId: 'D3', isRedelivery: true, originalDeliveryId: 'D1' });
  });

  it('serializes as indented JSON that reads back to the same payload', () => {
    const payload = build(CASES[2]![0]);
    const body = serializeWebhookPayload(payload);
    expect(body).toContain('\n  "deliveryId": "D1",');
    expect(parseWebhookPayload(JSON.parse(body))).toEqual(payload);
    expect(parseWebhookPayload({ ...payload, type: 'Nope' })).toBeInstanceOf(InvalidWebhookPayloadError);
    expect(parseWebhookPayload({ ...payload, deliveryId: '../x' })).toBeInstanceOf(InvalidWebhookPayloadError);
  });

  it('a real body verifies with both schemes', () => {
    const secret = generateWebhookSecret(new Uint8Array(32).fill(9));
    const body = serializeWebhookPayload(build(CASES[4]![0]));
    const headers = signatureHeaders({ secret, body, messageId: 'D1', now: new Date() });
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'InvoiceSettled', invoiceId: 'I1' });
    expect(verifyBtcpaySignature(secret, body, headers['BTCPay-Sig'] ?? '')).toBe(true);
  });
});

describe('authorizedEvents', () => {
  it.each([
    [ALL_EVENTS, 'InvoicePaidAfterExpiration', true],
    [{ everything: false, specificEvents: ['InvoiceSettled'] }, 'InvoiceSettled', true],
    [{ everything: false, specificEvents: ['InvoiceSettled'] }, 'InvoiceExpired', false],
    [{ everything: false, specificEvents: ['invoicesettled'] }, 'InvoiceSettled', false], // exact, as BTCPay matches
    [{ everything: false, specificEvents: [] }, 'InvoiceCreated', false],
  ] as const)('%o lets %s through: %s', (authorized, type, expected) => {
    expect(isEventAuthorized(authorized, type)).toBe(expected);
  });

  it('names every type for z.enum', () => {
    expect(WEBHOOK_EVENT_TYPES).toContain('InvoiceSettled');
    expect(isWebhookEventType('InvoiceSettled')).toBe(true);
    expect(isWebhookEventType('PayoutCreated')).toBe(false);
  });
});

import { createInvoiceRepository } from '../../../src/adapters/db/invoice-repository';
import { settleInvoice } from '../../../src/app/invoices/settle-invoice';
import { parsePaymentHash, type InvoiceId } from '../../../src/domain/ids';
import { startInvoiceGateway, type InvoiceTestGateway } from '../invoices/harness';

/**
 * A gateway with a sandbox-connected store, and the buyer's side of an invoice: create it as a shop
 * does, pay it in the sandbox, and record the settlement through the one settle use case (what the
 * settlement workers do when Blink reports the payment; the page does not depend on them).
 */
export interface CheckoutTestGateway {
  readonly t: InvoiceTestGateway;
  readonly storeId: string;
  readonly storeName: string;
  /** In the harness's store unless `storeId` is given. */
  createInvoice(body?: Record<string, unknown>, storeId?: string): Promise<CreatedInvoice>;
  /** Pays the BOLT11 in the sandbox, then settles the invoice in the gateway. */
  pay(invoice: CreatedInvoice): Promise<void>;
  /** Pays the BOLT11 in the sandbox only, as a wallet does: settlement workers, when running, record it. */
  payInSandbox(invoice: CreatedInvoice): Promise<void>;
  /** Moves the invoice's expiry into the past (as if its time had run out). */
  expireNow(invoiceId: string): Promise<void>;
  close(): Promise<void>;
}

export interface CreatedInvoice {
  readonly id: string;
  readonly checkoutLink: string;
  readonly bolt11: string;
  readonly paymentHash: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Greenfield JSON as the API returned it
  readonly data: any;
}

export async function startCheckoutGateway(storeName = 'Corner Café'): Promise<CheckoutTestGateway> {
  const t = await startInvoiceGateway();
  const storeId = await t.createStore({ settings: { name: storeName } });
  const invoices = createInvoiceRepository(t.gateway.server.pool);
  const payInSandbox = async (invoice: CreatedInvoice): Promise<void> => {
    const paid = await fetch(`${t.sandbox.url}/sandbox/pay`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentHash: invoice.paymentHash }),
    });
    if (!paid.ok) throw new Error(`sandbox pay: ${paid.status} ${await paid.text()}`);
  };
  return {
    t, storeId, storeName,
    async createInvoice(body = {}, inStore = storeId) {
      const created = await t.call(`/api/v1/stores/${inStore}/invoices`, {
        method: 'POST', json: { amount: '12.50', currency: 'EUR', metadata: { orderId: 'order-secret-42', buyerEmail: 'buyer@example.com' }, ...body },
      });
      if (created.status !== 200) throw new Error(`invoice creation failed: ${created.status} ${JSON.stringify(created.body)}`);
      const methods = await t.call(`/api/v1/stores/${inStore}/invoices/${created.body.id}/payment-methods`);
      const [ln] = methods.body;
      return { id: created.body.id, checkoutLink: created.body.checkoutLink, bolt11: ln.destination, paymentHash: ln.additionalData.paymentHash, data: created.body };
    },
    payInSandbox,
    async pay(invoice) {
      await payInSandbox(invoice);
      const hash = parsePaymentHash(invoice.paymentHash);
      if (hash instanceof Error) throw hash;
      const settled = await settleInvoice({ invoices, clock: { now: () => new Date() } }, {
        invoiceId: invoice.id as InvoiceId, paymentHash: hash, receivedTime: new Date(),
      });
      if (settled instanceof Error) throw settled;
    },
    async expireNow(invoiceId) {
      await t.gateway.server.pool.query(
        "UPDATE invoices SET expiration_time = now() - interval '1 second' WHERE id = $1", [invoiceId]);
    },
    close: () => t.close(),
  };
}

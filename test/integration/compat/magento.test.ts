/**
 * BTCPay's Magento 2 plugin (2.0.11, greenfield-php ^2.7), replayed from
 * ../shared/reference/greenfield-clients.md §3: what it needs beyond WooCommerce. Each step asserts
 * the fields it reads and their JSON types. The authorize page itself is the browser test's; here
 * the key it would POST back is created directly.
 */
import { array, expectShape, literal, object, type Shape } from './json-shape';
import { bodyOf, expectedSignature, GreenfieldPhpClient, startCompatWorld, type CompatWorld } from './harness';
import type { ReceivedRequest } from '../webhooks/receiver';

jest.setTimeout(90_000);

// M:`Helper/Data.php` L17-23: the webhook permission is required, there is no pull-payment one.
const PERMISSIONS = [
  'btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings',
  'btcpay.store.canmodifyinvoices', 'btcpay.store.webhooks.canmodifywebhooks',
];
const INCREMENT_ID = '000000042';
const RETURN_URL = 'https://magento.example/btcpay/redirect/returnafterpayment/invoiceId/{InvoiceId}/?order={OrderId}';

let world: CompatWorld;
let storeId: string;
let plugin: GreenfieldPhpClient;
let webhookUrl: string;
const webhookSecret = 'magento-generated-secret-0123456789';

beforeAll(async () => {
  world = await startCompatWorld();
  storeId = await world.newStore();
  webhookUrl = `http://127.0.0.1:${world.shop.port}/rest/V2/btcpay/webhook`;
});
afterAll(async () => { await world?.close(); });

/** M's permission check (Helper/Data.php L85-122): sorted permissions exactly the 5, all `:storeId`, or all unscoped. */
function permissionsMatch(permissions: readonly string[], store: string): boolean {
  const sorted = [...permissions].sort();
  const scoped = PERMISSIONS.map((policy) => `${policy}:${store}`).sort();
  return JSON.stringify(sorted) === JSON.stringify(scoped) || JSON.stringify(sorted) === JSON.stringify([...PERMISSIONS].sort());
}

async function webhookOf(invoiceId: string, type: string): Promise<ReceivedRequest> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = world.shop.requests.find((request) => {
      const body = bodyOf(request);
      return body.invoiceId === invoiceId && body.type === type;
    });
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${type} webhook for ${invoiceId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** M:`Api/Webhook.php` L42-109: `BTCPay-Sig` compared with ===; reads invoiceId, storeId, type; then re-fetches the invoice. */
async function handleWebhook(request: ReceivedRequest, invoiceId: string) {
  expect(request.path).toBe('/rest/V2/btcpay/webhook');
  expect(request.headers['btcpay-sig'] === expectedSignature(webhookSecret, request.body)).toBe(true);
  const body = bodyOf(request);
  expectShape(body, object({ invoiceId: literal(invoiceId), storeId: literal(storeId), type: 'string' }), `webhook ${String(body.type)}`);
  const invoice = await plugin.call('GET', `stores/${storeId}/invoices/${invoiceId}`);
  expectShape(invoice, object({ status: 'string', additionalStatus: 'string', metadata: object({ orderId: literal(INCREMENT_ID) }) }), 're-fetched invoice');
  return invoice as { status: string; additionalStatus: string };
}

/** What M reads from the created invoice (BTCPayService.php L779-795; ForwardToPayment.php L94-112). */
const invoiceRead = (store: string): Shape => object({
  id: 'non-empty string', checkoutLink: 'non-empty string', status: 'string', storeId: literal(store),
  metadata: object({ magentoOrderId: literal('42'), magentoStoreId: literal(1) }),
});

async function createMagentoInvoice(grandTotal: number): Promise<{ id: string; checkoutLink: string }> {
  // BTCPayService.php L182-259: P sends the 8 checkout keys, nulls included; M fills these.
  const created = await plugin.call('POST', `stores/${storeId}/invoices`, {
    amount: grandTotal.toFixed(8), // number_format(grandTotal, 8)
    currency: 'USD',
    metadata: {
      buyerEmail: 'buyer@example.com', buyerName: 'Ada Buyer', buyerPhone: '+15550100', physical: true, taxIncluded: true,
      magentoOrderId: '42', magentoStoreId: 1, orderId: INCREMENT_ID,
    },
    checkout: {
      speedPolicy: null, paymentMethods: null, expirationMinutes: null, monitoringMinutes: null, paymentTolerance: null,
      redirectURL: RETURN_URL, redirectAutomatically: true, defaultLanguage: 'en-US',
    },
  });
  expectShape(created, invoiceRead(storeId), 'invoice creation');
  const read = created as { id: string; checkoutLink: string; amount: string; checkout: { redirectURL: string } };
  expect(read.amount).toBe(grandTotal.toFixed(8));
  // The API returns the template, as BTCPay does (ToModel: RedirectURLTemplate); the browser gets it filled.
  expect(read.checkout.redirectURL).toBe(RETURN_URL);
  return read;
}

describe('Magento 2 plugin 2.0.11', () => {
  it('connect: api-keys/current (exact 5 permissions), stores [0].id, payment-methods enabled', async () => {
    const apiKey = await world.authorizedKey(storeId, PERMISSIONS);
    plugin = new GreenfieldPhpClient(world.enteredUrl, apiKey);
    const current = await plugin.call('GET', 'api-keys/current');
    expectShape(current, object({ permissions: array('string') }), 'api-keys/current');
    expect(permissionsMatch((current as { permissions: string[] }).permissions, storeId)).toBe(true);

    const stores = await plugin.call('GET', 'stores');
    expectShape(stores, array(object({ id: 'non-empty string' }), { nonEmpty: true }), 'stores');
    expect(stores).toHaveLength(1); // exactly one store: M uses [0].id
    expect((stores as { id: string }[])[0]!.id).toBe(storeId);

    const methods = await plugin.call('GET', `stores/${storeId}/payment-methods`);
    expectShape(methods, array(object({ paymentMethodId: 'string', enabled: 'boolean' }), { nonEmpty: true }), 'payment methods');
    expect((methods as { enabled: boolean }[])[0]!.enabled).toBe(true);
  });

  it('webhook: list (match on url), none → POST everything with a client-supplied secret', async () => {
    const list = await plugin.call('GET', `stores/${storeId}/webhooks`);
    expectShape(list, array(object({ id: 'string', url: 'string' })), 'webhook list');
    expect((list as { url: string }[]).some((hook) => hook.url === webhookUrl)).toBe(false);
    const created = await plugin.call('POST', `stores/${storeId}/webhooks`, {
      enabled: true, automaticRedelivery: true, url: webhookUrl, authorizedEvents: { everything: true, specificEvents: [] }, secret: webhookSecret,
    });
    expectShape(created, object({ id: 'non-empty string', url: literal(webhookUrl) }), 'webhook creation');
    const again = await plugin.call('GET', `stores/${storeId}/webhooks`) as { url: string }[];
    expect(again.filter((hook) => hook.url === webhookUrl)).toHaveLength(1);
  });

  it('order: invoice with {InvoiceId} in redirectURL, paid, webhooks re-fetched, ReceivedPayment details, return page', async () => {
    const invoice = await createMagentoInvoice(166);

    // The hosted page sends the buyer to the filled URL, by itself (redirectAutomatically).
    const page = await (await fetch(invoice.checkoutLink)).text();
    const filled = `https://magento.example/btcpay/redirect/returnafterpayment/invoiceId/${invoice.id}/?order=${INCREMENT_ID}`;
    expect(page).toContain(`data-redirect-url="${filled}"`);
    expect(page).toContain('data-redirect-automatic="true"');

    await world.pay(storeId, invoice.id);
    const received = await handleWebhook(await webhookOf(invoice.id, 'InvoiceReceivedPayment'), invoice.id);
    expect(['New', 'Processing', 'Settled']).toContain(received.status);
    // On InvoiceReceivedPayment (BTCPayService.php L797-860): payment methods and the invoice's currency, amount, createdTime.
    const methods = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}/payment-methods`);
    expectShape(methods, array(object({ paymentMethodId: 'string', totalPaid: 'decimal string', rate: 'decimal string' }), { nonEmpty: true }), 'payment methods');
    const details = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}`);
    expectShape(details, object({ currency: literal('USD'), amount: 'decimal string', createdTime: 'integer' }), 'invoice details');

    const settled = await handleWebhook(await webhookOf(invoice.id, 'InvoiceSettled'), invoice.id);
    expect(settled.status).toBe('Settled');
    expect(['None', 'PaidOver']).toContain(settled.additionalStatus);

    // ReturnAfterPayment re-fetches the invoice by the {InvoiceId} the gateway filled in.
    const returnedId = /\/invoiceId\/([^/]+)\//.exec(filled)![1]!;
    expect((await plugin.call('GET', `stores/${storeId}/invoices/${returnedId}`) as { status: string }).status).toBe('Settled');
  });

  it('expiry with auto-cancel: invoices?orderId=<increment id> → [].status; admin marks one Settled', async () => {
    const invoice = await createMagentoInvoice(12.5);
    await world.expireNow(invoice.id);
    const expired = await handleWebhook(await webhookOf(invoice.id, 'InvoiceExpired'), invoice.id);
    expect(expired.status).toBe('Expired');

    const byOrder = await plugin.call('GET', `stores/${storeId}/invoices?orderId=${INCREMENT_ID}&orderId=000000043`);
    expectShape(byOrder, array(object({ id: 'string', status: 'string' }), { nonEmpty: true }), 'invoices by order id');
    expect((byOrder as { id: string; status: string }[]).find((item) => item.id === invoice.id)?.status).toBe('Expired');

    // Admin manual marking (BTCPayService.php L879-897).
    const marked = await plugin.call('POST', `stores/${storeId}/invoices/${invoice.id}/status`, { status: 'Settled' });
    expectShape(marked, object({ status: literal('Settled'), additionalStatus: literal('Marked') }), 'marked invoice');
    const body = bodyOf(await webhookOf(invoice.id, 'InvoiceSettled'));
    expect(body).toMatchObject({ manuallyMarked: true });
  });

  it('store pruning reads every store id; the webhook can be deleted', async () => {
    expectShape(await plugin.call('GET', 'stores'), array(object({ id: 'string' })), 'stores');
    const list = await plugin.call('GET', `stores/${storeId}/webhooks`) as { id: string; url: string }[];
    const ours = list.find((hook) => hook.url === webhookUrl)!;
    await plugin.call('DELETE', `stores/${storeId}/webhooks/${ours.id}`, undefined, { readsBody: false });
    expect((await plugin.call('GET', `stores/${storeId}/webhooks`) as unknown[]).length).toBe(list.length - 1);
  });
});

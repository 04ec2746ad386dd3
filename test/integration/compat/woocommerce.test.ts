/**
 * BTCPay's stock WooCommerce plugin (v2.8.0 with greenfield-php 2.x), replayed request by request
 * from ../shared/reference/greenfield-clients.md §1 against a running gateway. Each step asserts
 * the fields the plugin reads and their JSON types (json-shape.ts), then does what the plugin does
 * with them. Step names (S1…, C0…, W1…, R1…) are the reference's.
 *
 * Not here: the browser authorize flow (`/api-keys/authorize`) and the modal (`/modal/btcpay.js`),
 * covered by their browser test; this suite creates the key the authorize flow would POST back.
 */
import { array, expectShape, literal, nullable, object, shapeProblems, type Shape } from './json-shape';
import {
  bodyOf, expectedSignature, GreenfieldPhpClient, phpVersionCompare, signatureOf, startCompatWorld, type CompatWorld,
} from './harness';

jest.setTimeout(90_000);

// W:`src/Helper/GreenfieldApiAuthorization.php` L8-17
const REQUIRED = ['btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', 'btcpay.store.canviewstoresettings', 'btcpay.store.canmodifyinvoices'];
const OPTIONAL = ['btcpay.store.cancreatenonapprovedpullpayments', 'btcpay.store.webhooks.canmodifywebhooks'];
// W:`src/Helper/GreenfieldApiWebhook.php` L11-18
const EVENTS = ['InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceExpired', 'InvoiceSettled', 'InvoiceInvalid'];

/** W's checks on `permissions[]` (GreenfieldApiAuthorization L32-85). */
const hasSingleStore = (permissions: readonly string[]): boolean => {
  const stores = permissions.map((permission) => permission.split(':'));
  return stores.every((parts) => parts.length === 2) && new Set(stores.map((parts) => parts[1])).size === 1;
};
const hasRequiredPermissions = (permissions: readonly string[]): boolean => {
  const policies = new Set(permissions.map((permission) => permission.split(':')[0]!).filter((policy) => !OPTIONAL.includes(policy)));
  return policies.size === REQUIRED.length && REQUIRED.every((policy) => policies.has(policy));
};
const hasRefundsPermission = (permissions: readonly string[]): boolean =>
  permissions.some((permission) => permission.split(':')[0] === 'btcpay.store.cancreatenonapprovedpullpayments');
/** WordPress `sanitize_html_class`: what survives of the POSTed apiKey and of the payment method ids. */
const sanitizeHtmlClass = (text: string): string => text.replace(/%[a-fA-F0-9]{2}/g, '').replace(/[^A-Za-z0-9_-]/g, '');

const STORE_PAYMENT_METHODS: Shape = array(object({ paymentMethodId: 'non-empty string', enabled: 'boolean' }));
const INVOICE_PAYMENT_METHODS: Shape = array(object({
  paymentMethodId: 'string', paymentMethodPaid: 'decimal string', totalPaid: 'decimal string', amount: 'decimal string',
  due: 'decimal string', paymentMethodFee: 'decimal string', rate: 'decimal string',
  payments: array(object({ id: 'string', receivedDate: 'integer', destination: 'string', value: 'decimal string', status: 'string', fee: 'decimal string' })),
}), { nonEmpty: true });
/** Per event, the flags W reads (AbstractGateway L537-617); they must be JSON booleans. */
const WEBHOOK_FIELDS: Record<string, Record<string, Shape>> = {
  InvoiceReceivedPayment: { afterExpiration: 'boolean' },
  InvoicePaymentSettled: {},
  InvoiceProcessing: { overPaid: 'boolean' },
  InvoiceSettled: { overPaid: 'boolean' },
  InvoiceExpired: { partiallyPaid: 'boolean' },
  InvoiceInvalid: { manuallyMarked: 'boolean' },
};

let world: CompatWorld;
let storeId: string;
let plugin: GreenfieldPhpClient;
let webhook: { id: string; secret: string; url: string };
let webhookUrl: string;

beforeAll(async () => {
  world = await startCompatWorld();
  storeId = await world.newStore();
  webhookUrl = `http://127.0.0.1:${world.shop.port}/wc-api/btcpaygf_default/`;
});
afterAll(async () => { await world?.close(); });

/** C3 as AbstractGateway::createInvoice + P:Invoice::createInvoice send it. */
function createInvoiceBody(order: number, paymentMethods: string[] | null, overrides: { amount?: string; currency?: string } = {}) {
  return {
    amount: overrides.amount ?? '12.34',
    currency: overrides.currency ?? 'USD',
    metadata: {
      taxIncluded: 1.12,
      posData: JSON.stringify({ WooCommerce: { 'Order ID': order, 'Order Number': String(order), 'Order URL': `https://shop.example/wp-admin/post.php?post=${order}&action=edit`, 'Plugin Version': '2.8.0' } }),
      orderUrl: `https://shop.example/wp-admin/post.php?post=${order}&action=edit`,
      orderId: String(order),
    },
    checkout: {
      speedPolicy: null, paymentMethods, expirationMinutes: null, monitoringMinutes: null, paymentTolerance: null,
      redirectURL: `https://shop.example/checkout/order-received/${order}/?key=wc_order_${order}`, redirectAutomatically: null, defaultLanguage: null,
    },
  };
}

/** C0: `DefaultGateway::getPaymentMethods()`: enabled ids, `-` → `_`, through sanitize_html_class. */
async function gatewayPaymentMethods(): Promise<string[]> {
  const list = await plugin.call('GET', `stores/${storeId}/payment-methods`);
  expectShape(list, STORE_PAYMENT_METHODS, 'C0 store payment methods');
  return (list as { paymentMethodId: string; enabled: boolean }[])
    .filter((method) => method.enabled).map((method) => sanitizeHtmlClass(method.paymentMethodId.replace(/-/g, '_')));
}

async function checkout(order: number): Promise<{ id: string; checkoutLink: string }> {
  const methods = await gatewayPaymentMethods();
  const created = await plugin.call('POST', `stores/${storeId}/invoices`, createInvoiceBody(order, methods));
  expectShape(created, object({ id: 'non-empty string', checkoutLink: 'non-empty string' }), 'C3 invoice');
  return created as { id: string; checkoutLink: string };
}

/** The webhook handler's checks (AbstractGateway L450-508) on every request for the invoice. */
function handledWebhooks(invoiceId: string, requests: Awaited<ReturnType<CompatWorld['webhooksFor']>>) {
  return requests.map((request) => {
    expect(request.body.length).toBeGreaterThan(0);
    const signature = signatureOf(request);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signature).toBe(expectedSignature(webhook.secret, request.body));
    expect(request.path).toBe('/wc-api/btcpaygf_default/');
    const body = bodyOf(request);
    expectShape(body, object({ type: 'string', invoiceId: literal(invoiceId), ...WEBHOOK_FIELDS[String(body.type)] }), `webhook ${String(body.type)}`);
    expect(EVENTS).toContain(body.type);
    return body;
  });
}

describe('WooCommerce plugin v2.8.0', () => {
  it('setup wizard callback: key check (S1), key characters, permissions, webhook created without a secret (S2)', async () => {
    const apiKey = await world.authorizedKey(storeId, [...REQUIRED, ...OPTIONAL]);
    // The callback reads $_POST['apiKey'] through sanitize_html_class: the key must survive it.
    expect(sanitizeHtmlClass(apiKey)).toBe(apiKey);
    plugin = new GreenfieldPhpClient(world.enteredUrl, apiKey);

    const stores = await plugin.call('GET', 'stores'); // S1: a non-empty JSON array
    expectShape(stores, array('unknown', { nonEmpty: true }), 'S1 stores');

    const current = await plugin.call('GET', 'api-keys/current');
    expectShape(current, object({ permissions: array('string', { nonEmpty: true }) }), 'api-keys/current');
    const { permissions } = current as { permissions: string[] };
    expect(hasSingleStore(permissions)).toBe(true);
    expect(hasRequiredPermissions(permissions)).toBe(true);
    expect(permissions[0]!.split(':')[1]).toBe(storeId); // the store id is taken from permissions[0]

    const created = await plugin.call('POST', `stores/${storeId}/webhooks`, {
      enabled: true, automaticRedelivery: true, url: webhookUrl,
      authorizedEvents: { everything: false, specificEvents: EVENTS },
    });
    expectShape(created, object({ id: 'non-empty string', secret: 'non-empty string', url: 'string' }), 'S2 webhook');
    webhook = created as typeof webhook;
    expect(webhook.url).toBe(webhookUrl);
  });

  it('settings Save: api-keys/current (S3), server/info (S4), webhook exists (S5), a wallet is configured (S6)', async () => {
    const current = await plugin.call('GET', 'api-keys/current') as { permissions: string[] };
    expect([hasSingleStore(current.permissions), hasRequiredPermissions(current.permissions), hasRefundsPermission(current.permissions)])
      .toEqual([true, true, true]);

    const info = await plugin.call('GET', 'server/info');
    expectShape(info, object({ version: 'non-empty string', fullySynched: 'boolean' }), 'S4 server/info');
    const { version, fullySynched } = info as { version: string; fullySynched: boolean };
    expect(Number(fullySynched)).toBe(1); // (int)fullySynched === 1, or "not fully synched"
    expect(phpVersionCompare(version, '1.7.6')).toBe(1); // otherwise "does not support refunds"

    const found = await plugin.call('GET', `stores/${storeId}/webhooks/${webhook.id}`);
    expectShape(found, object({ id: literal(webhook.id), url: 'string' }), 'S5 webhook');
    expect((found as { url: string }).url).toContain(webhookUrl);

    expect(await gatewayPaymentMethods()).toEqual(['BTC_LN']); // not [] ("No wallet configured")
    // LN class: greenfield-php files ids matching LightningNetwork|-LN$ as Lightning.
    const [method] = await plugin.call('GET', `stores/${storeId}/payment-methods`) as { paymentMethodId: string }[];
    expect(method!.paymentMethodId).toMatch(/LightningNetwork|-LN$/);
  });

  it('Save on a store without a wallet gets exactly [] (the plugin then says "No wallet configured")', async () => {
    const bare = (await world.t.call('/api/v1/stores', { method: 'POST', json: { name: 'No wallet yet' } })).body.id as string;
    const key = await world.authorizedKey(bare, REQUIRED);
    expect(await new GreenfieldPhpClient(world.enteredUrl, key).call('GET', `stores/${bare}/payment-methods`)).toEqual([]);
  });

  it('the separate-gateway ids the plugin derives (BTC_LN and the LNURL form) are accepted on every payment-method route', async () => {
    for (const id of ['BTC_LN', 'BTC-LN', 'btc_ln', 'BTC_LNURL', 'BTC-LNURL']) {
      const one = await plugin.call('GET', `stores/${storeId}/payment-methods/${id}`);
      expectShape(one, object({ paymentMethodId: literal('BTC-LN'), enabled: 'boolean' }), `GET payment-methods/${id}`);
    }
    expect((await plugin.failure('GET', `stores/${storeId}/payment-methods/BTC_CHAIN`)).status).toBe(404);
    const created = await plugin.call('POST', `stores/${storeId}/invoices`, createInvoiceBody(7, ['BTC_LN', 'BTC_LNURL'])) as { id: string; checkout: { paymentMethods: string[] } };
    expect(created.checkout.paymentMethods).toEqual(['BTC-LN']);
    // No plugin activates payment methods, but the id is accepted there too (200, no body, as BTCPay's Ok()).
    for (const id of ['BTC_LN', 'BTC-LNURL']) {
      const activated = await fetch(plugin.url(`stores/${storeId}/invoices/${created.id}/payment-methods/${id}/activate`), {
        method: 'POST', headers: { Authorization: `token ${plugin.apiKey}` },
      });
      expect(activated.status).toBe(200);
    }
  });

  it('checkout, paid: C0 → C3 (posData a JSON string, BTC_LN, redirectURL) → hosted page → webhooks → W1', async () => {
    const invoice = await checkout(42);
    // `<PUBLIC_URL>/i/<id>` (PUBLIC_URL is unset here, so localhost:<port>).
    expect(new URL(invoice.checkoutLink).pathname).toBe(`/i/${invoice.id}`);
    expect(new URL(invoice.checkoutLink).port).toBe(new URL(world.t.gateway.url).port);

    // C1 (reuse check): status, and checkout.paymentMethods compared with `-` → `_`, sorted.
    const fetched = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}`);
    expectShape(fetched, object({
      status: 'string', additionalStatus: 'string', checkout: object({ paymentMethods: array('string', { nonEmpty: true }), redirectURL: 'string' }),
      metadata: object({ posData: 'string', orderId: literal('42') }),
    }), 'C1 invoice');
    const view = fetched as { status: string; checkout: { paymentMethods: string[]; redirectURL: string }; metadata: { posData: string } };
    expect(view.status).toBe('New');
    expect(view.checkout.paymentMethods.map((id) => id.replace(/-/g, '_')).sort()).toEqual(await gatewayPaymentMethods());
    expect(JSON.parse(view.metadata.posData)).toMatchObject({ WooCommerce: { 'Order ID': 42 } });

    // Non-modal: the browser goes to checkoutLink, and the page sends the buyer back to redirectURL.
    const page = await fetch(invoice.checkoutLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-redirect-url="https://shop.example/checkout/order-received/42/?key=wc_order_42"');

    await world.pay(storeId, invoice.id);
    const requests = await world.webhooksFor(invoice.id, 4);
    const bodies = handledWebhooks(invoice.id, requests);
    expect(new Set(bodies.map((body) => body.type))).toEqual(new Set(['InvoiceReceivedPayment', 'InvoicePaymentSettled', 'InvoiceProcessing', 'InvoiceSettled']));
    expect(bodies.find((body) => body.type === 'InvoiceReceivedPayment')!.afterExpiration).toBe(false);
    expect(bodies.find((body) => body.type === 'InvoiceSettled')!.overPaid).toBe(false);

    // W1, after ReceivedPayment / PaymentSettled / Settled: every amount a string.
    const methods = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}/payment-methods`);
    expectShape(methods, INVOICE_PAYMENT_METHODS, 'W1 invoice payment methods');
    const [paid] = methods as { paymentMethodPaid: string; totalPaid: string; amount: string; payments: { id: string }[] }[];
    expect(Number.parseFloat(paid!.paymentMethodPaid)).toBeGreaterThan(0); // entries with 0 are skipped
    expect(paid!.totalPaid).toBe(paid!.amount);
    expect(paid!.payments).toHaveLength(1);
    expect(paid!.payments[0]!.id.split('-')[0]).toMatch(/^[0-9a-f]{64}$/); // the "txid" the plugin stores

    // The admin order list links {U}/invoices/{I}: BTCPay_redirect with /i/ turned into /invoices/.
    const adminLink = await fetch(invoice.checkoutLink.replace('/i/', '/invoices/'), { redirect: 'manual' });
    expect(adminLink.status).toBe(302);
    expect(adminLink.headers.get('location')).toBe(invoice.checkoutLink);
    const unknown = await fetch(`${world.t.gateway.url}/invoices/NoSuchInvoice`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('Invoice not found');
  });

  it('expired, then paid late: InvoiceExpired (partiallyPaid), ReceivedPayment (afterExpiration true), W2 sees PaidLate', async () => {
    const invoice = await checkout(43);
    await world.expireNow(invoice.id);
    const [expired] = handledWebhooks(invoice.id, await world.webhooksFor(invoice.id, 1));
    expect(expired).toMatchObject({ type: 'InvoiceExpired', partiallyPaid: false });
    // C1 on a retry of the order: Expired means the plugin creates a new invoice.
    expect((await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}`) as { status: string }).status).toBe('Expired');

    await world.pay(storeId, invoice.id);
    const bodies = handledWebhooks(invoice.id, await world.webhooksFor(invoice.id, 3));
    expect(bodies.find((body) => body.type === 'InvoiceReceivedPayment')).toMatchObject({ afterExpiration: true });
    expect(bodies.some((body) => body.type === 'InvoicePaymentSettled')).toBe(true);

    // W2 `invoiceIsFullyPaid`: status Settled or additionalStatus PaidLate.
    const fetched = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}`);
    expectShape(fetched, object({ status: 'string', additionalStatus: 'string' }), 'W2 invoice');
    const { status, additionalStatus } = fetched as { status: string; additionalStatus: string };
    expect(status === 'Settled' || additionalStatus === 'PaidLate').toBe(true);
    expectShape(await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}/payment-methods`), INVOICE_PAYMENT_METHODS, 'W1 after late payment');
  });

  it('buyer switched gateway: C1 mismatch → C2 status Invalid (200 JSON) → InvoiceInvalid (manuallyMarked)', async () => {
    const invoice = await checkout(44);
    const fetched = await plugin.call('GET', `stores/${storeId}/invoices/${invoice.id}`) as { checkout: { paymentMethods: string[] } };
    const switchedTo = ['BTC_CHAIN']; // the separate gateway the buyer picked now
    expect(fetched.checkout.paymentMethods.map((id) => id.replace(/-/g, '_')).sort()).not.toEqual(switchedTo);
    const marked = await plugin.call('POST', `stores/${storeId}/invoices/${invoice.id}/status`, { status: 'Invalid' });
    expectShape(marked, object({ id: literal(invoice.id), status: literal('Invalid') }), 'C2 mark invalid');
    const [invalid] = handledWebhooks(invoice.id, await world.webhooksFor(invoice.id, 1));
    expect(invalid).toMatchObject({ type: 'InvoiceInvalid', manuallyMarked: true });
  });

  it('Sats mode (currency BTC, amount bcdiv(x, 1e8, 8)) and checkout.paymentMethods null', async () => {
    const created = await plugin.call('POST', `stores/${storeId}/invoices`, createInvoiceBody(45, null, { amount: '0.00012345', currency: 'BTC' }));
    expectShape(created, object({ id: 'non-empty string', checkoutLink: 'non-empty string', amount: literal('0.00012345'), currency: literal('BTC') }), 'C3 sats mode');
  });

  it('refund: R1 version, R2 permission, R4 pull payment refused with a message saying refunds are made from the Blink app', async () => {
    const info = await plugin.call('GET', 'server/info') as { version: string };
    expect(phpVersionCompare(info.version, '1.7.6')).toBeGreaterThanOrEqual(0);
    expect(hasRefundsPermission((await plugin.call('GET', 'api-keys/current') as { permissions: string[] }).permissions)).toBe(true);
    const methods = (await gatewayPaymentMethods()).filter((id) => !['BTC_LNURLPAY', 'BTC_LNURL', 'XMR_CHAIN'].includes(id));
    const refused = await plugin.failure('POST', `stores/${storeId}/pull-payments`, {
      name: 'Refund of order 42; Customer changed mind', description: null, amount: '12.34', currency: 'USD',
      period: null, BOLT11Expiration: null, autoApproveClaims: false, startsAt: null, expiresAt: null,
      paymentMethods: methods, payoutMethods: methods,
    });
    // WooCommerce shows the admin "Error during POST to <url>. Got response (400): <body>".
    expect(refused.status).toBe(400);
    const body = JSON.parse(refused.body) as unknown;
    expectShape(body, object({ code: literal('refunds-not-supported'), message: 'string' }), 'R4 refusal');
    expect((body as { message: string }).message).toContain('Refunds are made from the Blink app');
    expect(refused.message).toContain('Got response (400)');
    // BTCPay's own refund endpoint (not used by the plugins) answers the same.
    const invoice = await checkout(46);
    expect(JSON.parse((await plugin.failure('POST', `stores/${storeId}/invoices/${invoice.id}/refund`, { refundVariant: 'CurrentRate' })).body))
      .toMatchObject({ code: 'refunds-not-supported' });
  });

  it('legacy upgrade from < 1.0.3: S5 reads enabled/automaticRedelivery, then PUT with the secret', async () => {
    const found = await plugin.call('GET', `stores/${storeId}/webhooks/${webhook.id}`);
    expectShape(found, object({ id: 'string', url: 'string', enabled: 'boolean', automaticRedelivery: 'boolean' }), 'S5 legacy');
    const updated = await plugin.call('PUT', `stores/${storeId}/webhooks/${webhook.id}`, {
      enabled: true, automaticRedelivery: true, url: webhookUrl, secret: webhook.secret,
      authorizedEvents: { everything: false, specificEvents: EVENTS },
    });
    expectShape(updated, object({ id: literal(webhook.id) }), 'PUT webhook');
  });
});

describe('what the plugin calls rely on, beyond the fields it reads', () => {
  it('server/info: any valid key (as BTCPay: authenticated, no permission), Lightning-only fields, our release as an extension', async () => {
    expect((await new GreenfieldPhpClient(world.enteredUrl, 'bgk_unknown').failure('GET', 'server/info')).status).toBe(401);
    const narrow = new GreenfieldPhpClient(world.enteredUrl, await world.authorizedKey(storeId, ['btcpay.store.canviewinvoices']));
    const info = await narrow.call('GET', 'server/info');
    expectShape(info, object({
      version: literal('2.0.0'), onion: 'null', supportedPaymentMethods: array(literal('BTC-LN')), fullySynched: literal(true),
      syncStatus: array('unknown'), blinkGateway: object({ version: 'non-empty string' }),
    }), 'server/info');
  });

  it('the LNURL alias reads the Lightning method but never changes or removes the Blink connection', async () => {
    const admin = new GreenfieldPhpClient(world.enteredUrl, world.t.gateway.adminKey);
    for (const method of ['PUT', 'DELETE'] as const) {
      const refused = await admin.failure(method, `stores/${storeId}/payment-methods/BTC_LNURL`, method === 'PUT' ? { enabled: false } : undefined);
      expect(refused.status).toBe(404);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'paymentmethod-not-found', message: expect.stringContaining('through BTC-LN') });
    }
    expect(await gatewayPaymentMethods()).toEqual(['BTC_LN']); // still there, still enabled
  });

  it('pull payments: a key without the permission gets 403 missing-permission, an unknown store 404', async () => {
    const narrow = new GreenfieldPhpClient(world.enteredUrl, await world.authorizedKey(storeId, REQUIRED));
    const forbidden = await narrow.failure('POST', `stores/${storeId}/pull-payments`, {});
    expect([forbidden.status, JSON.parse(forbidden.body).code]).toEqual([403, 'missing-permission']);
    const admin = new GreenfieldPhpClient(world.enteredUrl, world.t.gateway.adminKey);
    expect(JSON.parse((await admin.failure('POST', 'stores/NoSuchStore/pull-payments', {})).body)).toMatchObject({ code: 'store-not-found' });
  });
});

describe('the JSON type checker', () => {
  it('reports the fields a PHP getter would choke on', () => {
    expect(shapeProblems({ value: 0.1, enabled: 'true', id: 'x' }, object({ value: 'decimal string', enabled: 'boolean', id: 'string', due: 'string' }))).toEqual([
      '$.value: expected decimal string, got number 0.1',
      '$.enabled: expected boolean, got string "true"',
      '$.due: missing (expected string)',
    ]);
    expect(shapeProblems([{ receivedDate: '17' }], array(object({ receivedDate: 'integer' })))).toEqual(['$[0].receivedDate: expected integer, got string "17"']);
    expect(shapeProblems(null, nullable('string'))).toEqual([]);
    expect(shapeProblems([], array('string', { nonEmpty: true }))).toEqual(['$: expected a non-empty array, got []']);
  });
});

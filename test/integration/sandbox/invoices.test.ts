import { createHash } from 'node:crypto';
import * as bolt11 from 'bolt11';
import { CREATE_BTC, CREATE_NO_AMOUNT, CREATE_USD, startHarness, STATUS, type Harness } from './support';

/** The receive mutations of the sandbox over real HTTP: invoices, Blink's rules and error classes. */
let h: Harness;
beforeAll(async () => { h = await startHarness({ invoiceRateLimitPerMinute: 1000 }); });
afterAll(async () => { await h.close(); });
afterEach(async () => { await h.control('POST', 'reset'); });

const payloadOf = (body: { data: Record<string, unknown> }) => Object.values(body.data)[0] as { errors: unknown[]; invoice: Record<string, any> | null }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function create(query: string, input: Record<string, unknown>, key = h.key('READ+RECEIVE')) {
  const { status, body } = await h.gql(query, { input }, key);
  expect(status).toBe(200);
  return payloadOf(body);
}

describe('lnInvoiceCreate', () => {
  it('returns a real signed BOLT11 with the amount, hash, memo and expiry', async () => {
    const { errors, invoice } = await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 2100, memo: 'order #42', expiresIn: 30 });
    expect(errors).toEqual([]);
    const decoded = bolt11.decode(invoice!.paymentRequest);
    expect(invoice!.paymentRequest).toMatch(/^lnbcrt21u1/);
    expect(decoded.satoshis).toBe(2100);
    expect(decoded.tagsObject.payment_hash).toBe(invoice!.paymentHash);
    expect(decoded.tagsObject.payment_secret).toBe(invoice!.paymentSecret);
    expect(decoded.tagsObject.description).toBe('order #42');
    expect(decoded.tagsObject.expire_time).toBe(30 * 60);
    expect(decoded.timestamp).toBe(invoice!.createdAt);
    const globals = await h.gql('{ globals { nodesIds } }');
    expect(decoded.payeeNodeKey).toBe(globals.body.data.globals.nodesIds[0]);
    expect(invoice).toMatchObject({ satoshis: 2100, paymentStatus: 'PENDING', externalId: invoice!.paymentHash });
  });

  it('the payment hash is the sha256 of the preimage revealed once paid', async () => {
    const { invoice } = await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1 });
    await h.control('POST', 'pay', { paymentHash: invoice!.paymentHash });
    const { body } = await h.gql(STATUS, { input: { paymentHash: invoice!.paymentHash } });
    const preimage = body.data.lnInvoicePaymentStatusByHash.paymentPreimage as string;
    expect(createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex')).toBe(invoice!.paymentHash);
  });

  it.each([[undefined, 240], [0, 240], [1440, 1440], [1441, 240]])('expiresIn %p gives %p minutes', async (expiresIn, minutes) => {
    const { invoice } = await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1, ...(expiresIn === undefined ? {} : { expiresIn }) });
    expect(bolt11.decode(invoice!.paymentRequest).tagsObject.expire_time).toBe(minutes * 60);
  });

  it('accepts a numeric string amount, as Blink\'s scalar does', async () => {
    expect((await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: '77' })).invoice!.satoshis).toBe(77);
  });

  it('a 639-byte memo is fine, 640 bytes is "Memo is too long" with code null', async () => {
    expect((await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1, memo: 'm'.repeat(639) })).errors).toEqual([]);
    expect(await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1, memo: 'é'.repeat(320) }))
      .toEqual({ invoice: null, errors: [{ message: 'Memo is too long', code: null, path: null }] });
  });

  it('externalId: echoed, unique per account across wallets, lower-case pattern', async () => {
    const first = await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1, externalId: 'order-1_a' });
    expect(first.invoice!.externalId).toBe('order-1_a');
    const again = await create(CREATE_USD, { walletId: h.wallet('USD'), amount: 100, externalId: 'order-1_a' });
    expect(again.errors).toEqual([{ message: 'External id for invoice or transaction already exists', code: 'INVALID_INPUT', path: null }]);
    const otherAccount = await create(CREATE_BTC, { walletId: h.wallet('BTC', 1), amount: 1, externalId: 'order-1_a' }, h.key('READ+RECEIVE', 1));
    expect(otherAccount.errors).toEqual([]);
    const upper = await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1, externalId: 'Order-2' });
    expect(upper.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Invalid external id string passed/), code: null })]);
  });

  it('a USD wallet: "Unsupported operation for wallet\'s currency."', async () => {
    expect((await create(CREATE_BTC, { walletId: h.wallet('USD'), amount: 1 })).errors)
      .toEqual([{ message: "Unsupported operation for wallet's currency.", code: 'INVALID_INPUT', path: null }]);
  });

  it('a wallet of another account: the InvalidWalletForAccountError message, even for a READ-only key', async () => {
    const expected = [{ message: 'Unexpected error occurred, please try again or contact support if it persists (code: InvalidWalletForAccountError)', code: null, path: null }];
    expect((await create(CREATE_BTC, { walletId: h.wallet('BTC', 1), amount: 1 })).errors).toEqual(expected);
    expect((await create(CREATE_BTC, { walletId: h.wallet('BTC', 1), amount: 1 }, h.key('READ'))).errors).toEqual(expected);
  });

  it('a malformed wallet id: "Invalid value for WalletId"', async () => {
    expect((await create(CREATE_BTC, { walletId: 'not-a-uuid', amount: 1 })).errors).toEqual([{ message: 'Invalid value for WalletId', code: null, path: null }]);
  });

  it('a wound-down account: RECEIVE_DISABLED', async () => {
    const { errors } = await create(CREATE_BTC, { walletId: h.wallet('BTC', 2), amount: 1 }, h.key('READ+RECEIVE', 2));
    expect(errors).toEqual([expect.objectContaining({ code: 'RECEIVE_DISABLED', message: expect.stringMatching(/can no longer receive payments/) })]);
  });

  it('a WRITE key may receive (RECEIVE falls back to WRITE)', async () => {
    expect((await create(CREATE_BTC, { walletId: h.wallet('BTC'), amount: 1 }, h.key('READ+RECEIVE+WRITE'))).errors).toEqual([]);
  });
});

describe('lnUsdInvoiceCreate and lnNoAmountInvoiceCreate', () => {
  it('a USD invoice is in sats at the sandbox price, 5 minutes by default and at most', async () => {
    const { invoice } = await create(CREATE_USD, { walletId: h.wallet('USD'), amount: 250 });
    expect(invoice!.satoshis).toBe(2500);
    const decoded = bolt11.decode(invoice!.paymentRequest);
    expect([decoded.satoshis, decoded.tagsObject.expire_time]).toEqual([2500, 300]);
    const long = await create(CREATE_USD, { walletId: h.wallet('USD'), amount: 250, expiresIn: 60 });
    expect(bolt11.decode(long.invoice!.paymentRequest).tagsObject.expire_time).toBe(300);
  });

  it('a USD invoice into a BTC wallet is refused', async () => {
    expect((await create(CREATE_USD, { walletId: h.wallet('BTC'), amount: 250 })).errors[0]).toMatchObject({ code: 'INVALID_INPUT', message: "Unsupported operation for wallet's currency." });
  });

  it('a no-amount invoice has no amount and 2 hours (BTC) or 5 minutes (USD)', async () => {
    const btc = await create(CREATE_NO_AMOUNT, { walletId: h.wallet('BTC') });
    const decoded = bolt11.decode(btc.invoice!.paymentRequest);
    expect([decoded.satoshis, decoded.tagsObject.expire_time]).toEqual([null, 7200]);
    const usd = await create(CREATE_NO_AMOUNT, { walletId: h.wallet('USD') });
    expect(bolt11.decode(usd.invoice!.paymentRequest).tagsObject.expire_time).toBe(300);
  });
});

describe('OnBehalfOfRecipient variants (no key)', () => {
  const variant = (name: string, inputType: string, fields = 'paymentHash paymentRequest') =>
    `mutation M($input: ${inputType}!) { ${name}(input: $input) { errors { message code path } invoice { ${fields} } } }`;

  it('lnInvoiceCreateOnBehalfOfRecipient creates into any account with a description hash', async () => {
    const descriptionHash = 'cd'.repeat(32);
    const { body } = await h.gql(variant('lnInvoiceCreateOnBehalfOfRecipient', 'LnInvoiceCreateOnBehalfOfRecipientInput', 'paymentRequest satoshis'), {
      input: { recipientWalletId: h.wallet('BTC', 1), amount: 300, descriptionHash, webhookUrl: 'https://shop.example/hook' },
    });
    const { invoice } = body.data.lnInvoiceCreateOnBehalfOfRecipient;
    expect(bolt11.decode(invoice.paymentRequest).tagsObject.purpose_commit_hash).toBe(descriptionHash);
    const listed = (await h.control('GET', 'invoices')).body.invoices;
    expect(listed[0]).toMatchObject({ accountId: h.sandbox.accounts[1]!.id, onBehalfOfRecipient: true, webhookUrl: 'https://shop.example/hook' });
  });

  it('USD, BTC-denominated USD and no-amount variants', async () => {
    const usd = await h.gql(variant('lnUsdInvoiceCreateOnBehalfOfRecipient', 'LnUsdInvoiceCreateOnBehalfOfRecipientInput', 'satoshis'), { input: { recipientWalletId: h.wallet('USD'), amount: 100 } });
    expect(usd.body.data.lnUsdInvoiceCreateOnBehalfOfRecipient.invoice).toEqual({ satoshis: 1000 });
    const sats = await h.gql(variant('lnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipient', 'LnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipientInput', 'satoshis'), { input: { recipientWalletId: h.wallet('USD'), amount: 5000 } });
    expect(sats.body.data.lnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipient.invoice).toEqual({ satoshis: 5000 });
    const none = await h.gql(variant('lnNoAmountInvoiceCreateOnBehalfOfRecipient', 'LnNoAmountInvoiceCreateOnBehalfOfRecipientInput'), { input: { recipientWalletId: h.wallet('BTC') } });
    expect(none.body.data.lnNoAmountInvoiceCreateOnBehalfOfRecipient.errors).toEqual([]);
  });

  it('a wound-down recipient: RECEIVE_DISABLED', async () => {
    const { body } = await h.gql(variant('lnInvoiceCreateOnBehalfOfRecipient', 'LnInvoiceCreateOnBehalfOfRecipientInput'), { input: { recipientWalletId: h.wallet('BTC', 2), amount: 1 } });
    expect(body.data.lnInvoiceCreateOnBehalfOfRecipient.errors[0].code).toBe('RECEIVE_DISABLED');
  });
});

describe('onChainAddressCurrent', () => {
  const query = 'mutation A($input: OnChainAddressCurrentInput!) { onChainAddressCurrent(input: $input) { address errors { message code } } }';

  it('gives the same regtest address each time; needs RECEIVE; refused when wound down', async () => {
    const first = await h.gql(query, { input: { walletId: h.wallet('BTC') } }, h.key('RECEIVE'));
    expect(first.body.data.onChainAddressCurrent.address).toMatch(/^bcrt1q[a-z0-9]{38}$/);
    const second = await h.gql(query, { input: { walletId: h.wallet('BTC') } }, h.key('READ+RECEIVE'));
    expect(second.body.data.onChainAddressCurrent.address).toBe(first.body.data.onChainAddressCurrent.address);
    const readOnly = await h.gql(query, { input: { walletId: h.wallet('BTC') } }, h.key('READ'));
    expect(readOnly.body.data.onChainAddressCurrent).toEqual({ address: null, errors: [expect.objectContaining({ message: expect.stringMatching(/not authorized to execute mutations/) })] });
    const woundDown = await h.gql(query, { input: { walletId: h.wallet('BTC', 2) } }, h.key('READ+RECEIVE', 2));
    expect(woundDown.body.data.onChainAddressCurrent.errors[0].code).toBe('RECEIVE_DISABLED');
  });
});

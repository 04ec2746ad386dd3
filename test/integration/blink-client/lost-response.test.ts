import bolt11 from 'bolt11';
import type { BlinkConnection } from '../../../connection-string/types';
import { createBlinkClient, deriveExternalId, type BlinkClient } from '../../../src/adapters/blink';
import { isBlinkError, type BlinkInvoice, type BlinkInvoiceAmount, type BlinkInvoiceRequest } from '../../../src/app/blink-port';
import type { InvoiceId } from '../../../src/domain/ids';
import type { Sats, UsdCents } from '../../../src/domain/money/units';
import { startFixture, type Fixture, type Stats } from './sandbox-fixture';

/**
 * Invoice creation when Blink created the invoice but its answer was lost (the sandbox's
 * `lostInvoiceResponses` fault), over real HTTP. The client retries with the same external id, Blink
 * refuses it as taken, and then:
 * - a key that can READ recovers the invoice it created by paging `me.defaultAccount.invoices`;
 * - a key that cannot (RECEIVE only, or no key at all) creates the invoice again under a fresh
 *   external id. The first invoice is then an orphan: its BOLT11 existed only in the lost response, so
 *   the gateway never stores it and the checkout never shows it to a payer; it stays unpaid in the
 *   merchant's wallet until it expires. Exactly one payable invoice reaches the order.
 */
let fixture: Fixture;
let serial = 0;
const invoiceId = () => `Lost${process.pid}x${serial++}` as InvoiceId;
const sats = (n: number): BlinkInvoiceAmount => ({ currency: 'BTC', sats: n as Sats });

beforeAll(async () => { fixture = await startFixture(); });
afterEach(async () => { await fixture.control('reset', {}); });
afterAll(async () => { await fixture.close(); });

interface ControlInvoice { paymentHash: string; paymentRequest: string; externalId: string; status: string; walletId: string; expiresAt: number }
/** The sandbox's invoices for one order: its external id and the fresh ones derived from it (`…_1`). */
const invoicesOf = async (externalId: string): Promise<ControlInvoice[]> =>
  ((await fixture.control('invoices')) as { invoices: ControlInvoice[] }).invoices
    .filter((invoice) => invoice.externalId === externalId || invoice.externalId.startsWith(`${externalId}_`));
const stats = async () => ((await fixture.control('stats')) as Stats).byOperation;

function expectInvoice(result: BlinkInvoice | unknown): BlinkInvoice {
  if (isBlinkError(result)) throw new Error(`expected an invoice, got ${result.code}: ${result.message}`);
  return result as BlinkInvoice;
}

function request(amount: BlinkInvoiceAmount, currency: 'BTC' | 'USD' = 'BTC'): BlinkInvoiceRequest {
  return { invoiceId: invoiceId(), walletId: fixture.walletId(currency), amount, memo: 'Order 9', expiresInMinutes: currency === 'USD' ? 5 : 60 };
}

/** Blink-side invoices created by someone else (another shop on the same wallet) between our tries. */
async function createOthers(connection: BlinkConnection, count: number, currency: 'BTC' | 'USD'): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    expectInvoice(await fixture.client.createInvoice(connection, {
      invoiceId: invoiceId(), walletId: fixture.walletId(currency), amount: currency === 'BTC' ? sats(1 + index) : { currency: 'USD', cents: (1 + index) as UsdCents },
    }));
  }
}

describe('a key that can READ recovers the invoice the lost try created', () => {
  it.each([
    ['socket-destroyed', 'BTC', sats(2_100), 'lnInvoiceCreate'],
    ['http-502', 'BTC', sats(2_100), 'lnInvoiceCreate'],
    ['http-504', 'BTC', sats(2_100), 'lnInvoiceCreate'],
    ['socket-destroyed', 'USD', { currency: 'USD', cents: 350 as UsdCents }, 'lnUsdInvoiceCreate'],
    ['socket-destroyed', 'BTC', null, 'lnNoAmountInvoiceCreate'],
  ] as const)('%s, %s %j: the same invoice comes back and Blink holds one for the order', async (mode, currency, amount, mutation) => {
    await fixture.control('faults', { lostInvoiceResponses: 1, lostResponseMode: mode });
    const order = request(amount, currency);
    const invoice = expectInvoice(await fixture.client.createInvoice(fixture.keyed('READ+RECEIVE', currency), order));

    const externalId = deriveExternalId(order.invoiceId);
    const held = await invoicesOf(externalId);
    expect(held).toHaveLength(1); // the retry created nothing
    expect(held[0]).toMatchObject({ externalId, status: 'PENDING' });
    expect(invoice).toMatchObject({ paymentHash: held[0]!.paymentHash, paymentRequest: held[0]!.paymentRequest, externalId, status: 'PENDING' });
    expect(bolt11.decode(invoice.paymentRequest).tagsObject.payment_hash).toBe(invoice.paymentHash);
    // Lost try, refused retry, one page of the wallet's invoices; the fault is used up.
    expect(await stats()).toMatchObject({ [mutation]: 2, me: 1 });
    expect(((await fixture.control('faults')) as { lostInvoiceResponses: number }).lostInvoiceResponses).toBe(0);
    expect(fixture.logs.lines.some((line) => line.includes('Blink unavailable, retrying'))).toBe(true);
  });

  describe('when the wallet received more than a page of invoices before the retry', () => {
    let burst: (() => Promise<void>) | null = null;
    let client: BlinkClient;
    beforeAll(() => {
      // The retry waits in `sleep`: the other invoices arrive during that wait, so ours is no longer on the first page.
      client = createBlinkClient({
        timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
        retry: { attempts: 3, baseMs: 1, capMs: 5 },
        sleep: async () => {
          const work = burst;
          burst = null;
          if (work !== null) await work();
        },
      });
    });
    afterAll(async () => { await client.close(); });

    it('pages on (walletIds narrows the scan to the order\'s wallet) and still finds it', async () => {
      const connection = fixture.keyed('READ+RECEIVE');
      burst = async () => {
        await createOthers(connection, 150, 'BTC');
        await createOthers(fixture.keyed('READ+RECEIVE', 'USD'), 60, 'USD'); // other wallet: filtered out by walletIds
      };
      await fixture.control('faults', { lostInvoiceResponses: 1 });
      const order = request(sats(777));
      const invoice = expectInvoice(await client.createInvoice(connection, order));

      const externalId = deriveExternalId(order.invoiceId);
      const held = await invoicesOf(externalId);
      expect(held).toHaveLength(1);
      expect(invoice.paymentHash).toBe(held[0]!.paymentHash);
      expect(invoice.satoshis).toBe(777);
      // 150 newer BTC invoices: page one holds 100 of them, page two the rest and ours (without the
      // walletIds filter the 60 USD invoices would push ours to page three).
      expect((await stats()).me).toBe(2);
    });

    it('gives up after 5 pages (500 newer invoices) and creates a fresh one: the stale one is an orphan', async () => {
      const connection = fixture.keyed('READ+RECEIVE');
      burst = async () => { await createOthers(connection, 500, 'BTC'); };
      await fixture.control('faults', { lostInvoiceResponses: 1 });
      const order = request(sats(778));
      const invoice = expectInvoice(await client.createInvoice(connection, order));

      const externalId = deriveExternalId(order.invoiceId);
      expect(invoice.externalId).toBe(`${externalId}_1`);
      expect((await stats()).me).toBe(5);
      const held = await invoicesOf(externalId);
      expect(held.map((item) => item.externalId).sort()).toEqual([externalId, `${externalId}_1`]);
    });
  });
});

describe('a key that cannot READ gets one payable invoice under a fresh external id', () => {
  it.each([
    ['a RECEIVE-only key', 'RECEIVE', 'lnInvoiceCreate', 1],
    ['no key (keyless, OnBehalfOfRecipient)', null, 'lnInvoiceCreateOnBehalfOfRecipient', 0],
  ] as const)('%s', async (_label, scopes, mutation, reads) => {
    const connection = scopes === null ? fixture.keyless() : fixture.keyed(scopes);
    await fixture.control('faults', { lostInvoiceResponses: 1 });
    const order = request(sats(4_200));
    const invoice = expectInvoice(await fixture.client.createInvoice(connection, order));

    const externalId = deriveExternalId(order.invoiceId);
    expect(invoice.externalId).toBe(`${externalId}_1`);
    const held = await invoicesOf(externalId);
    expect(held).toHaveLength(2);
    const returned = held.find((item) => item.externalId === `${externalId}_1`)!;
    const orphan = held.find((item) => item.externalId === externalId)!;
    expect(invoice).toMatchObject({ paymentHash: returned.paymentHash, paymentRequest: returned.paymentRequest, status: 'PENDING' });
    // The orphan: created by the lost try, never returned to the gateway, so no payer ever sees its
    // BOLT11. It is distinct, unpaid, and lapses on the same schedule as the invoice the order shows.
    expect(orphan.paymentHash).not.toBe(invoice.paymentHash);
    expect(orphan.status).toBe('PENDING');
    expect(Math.abs(orphan.expiresAt - returned.expiresAt)).toBeLessThanOrEqual(1);
    // Lost try, refused retry, (a refused read with a key), the fresh creation.
    expect(await stats()).toMatchObject({ [mutation]: 3 });
    expect((await stats()).me ?? 0).toBe(reads);
    if (scopes !== null) {
      expect(fixture.logs.lines.some((line) => line.includes('not recovered') && line.includes('blink-missing-scope'))).toBe(true);
    }
  });
});

import { BlinkError } from '../../../../src/app/blink-port';
import { ValidationError } from '../../../../src/app/errors';
import { priceInvoice, type PricePlan } from '../../../../src/app/invoices/price-invoice';
import { formatDecimal, parseCurrencyCode, parseDecimal, type CurrencyCode, type Decimal } from '../../../../src/domain/money';
import { connection, fakeBlink } from './fakes';

const dec = (text: string): Decimal => parseDecimal(text) as Decimal;
const cur = (text: string): CurrencyCode => parseCurrencyCode(text) as CurrencyCode;
const rateOf = (plan: PricePlan) => (plan.rate === null || plan.rate === 'from-bolt11' ? plan.rate : formatDecimal(plan.rate));

describe('priceInvoice: what Blink is asked for, with at most one conversion', () => {
  it.each([
    // amount, currency, wallet, Blink amount, conversions, rate
    ['0.00012345', 'BTC', 'BTC', { currency: 'BTC', sats: 12_345 }, 0, '1'],
    ['0.000000011', 'BTC', 'BTC', { currency: 'BTC', sats: 2 }, 0, '1'],
    ['10.4', 'SATS', 'BTC', { currency: 'BTC', sats: 11 }, 0, '100000000'],
    ['12.345', 'USD', 'USD', { currency: 'USD', cents: 1235 }, 0, 'from-bolt11'],
    ['25', 'USD', 'BTC', { currency: 'BTC', sats: 25_000 }, 1, '100000'],
    ['9.20', 'EUR', 'BTC', { currency: 'BTC', sats: 10_000 }, 1, '92000'],
    ['9.20', 'EUR', 'USD', { currency: 'USD', cents: 1000 }, 1, '92000'],
    ['0.0001', 'BTC', 'USD', { currency: 'USD', cents: 1000 }, 1, '1'],
  ] as const)('%s %s on a %s wallet', async (amount, currency, wallet, expected, conversions, rate) => {
    const { blink, calls } = fakeBlink();
    const plan = await priceInvoice(blink, connection, { amount: dec(amount), currency: cur(currency), walletCurrency: wallet });
    if (plan instanceof Error) throw plan;
    expect(plan.blinkAmount).toEqual(expected);
    expect(calls.filter((call) => call.op === 'convert')).toHaveLength(conversions);
    expect(rateOf(plan)).toBe(rate);
  });

  it('sats are never fewer than the fiat amount is worth at the quoted price', async () => {
    const { blink } = fakeBlink({ btcUsd: 97_123.45 });
    for (const amount of ['0.01', '0.99', '13.37', '250.5', '9999.99']) {
      const plan = await priceInvoice(blink, connection, { amount: dec(amount), currency: cur('USD'), walletCurrency: 'BTC' });
      if (plan instanceof Error || plan.blinkAmount?.currency !== 'BTC' || plan.rate === null || plan.rate === 'from-bolt11') throw new Error('unexpected plan');
      const worth = (plan.blinkAmount.sats / 1e8) * Number(formatDecimal(plan.rate));
      expect(worth).toBeGreaterThanOrEqual(Number(amount) - 1e-9);
    }
  });

  it('a top-up asks for no amount; fiat top-ups get one quote for their rate, BTC ones none', async () => {
    const { blink, calls } = fakeBlink();
    const btc = await priceInvoice(blink, connection, { amount: null, currency: cur('BTC'), walletCurrency: 'BTC' });
    expect(btc).toEqual({ blinkAmount: null, rate: expect.anything(), dueCents: null });
    expect(calls).toHaveLength(0);
    const eur = await priceInvoice(blink, connection, { amount: null, currency: cur('EUR'), walletCurrency: 'USD' });
    if (eur instanceof Error) throw eur;
    expect(eur.blinkAmount).toBeNull();
    expect(Number(rateOf(eur))).toBeCloseTo(92_000, 0);
    expect(calls).toHaveLength(1);
  });

  it('0 is refused (a Lightning invoice needs an amount); a currency Blink cannot price is a 422 on currency', async () => {
    const { blink } = fakeBlink();
    const zero = await priceInvoice(blink, connection, { amount: dec('0'), currency: cur('SATS'), walletCurrency: 'BTC' });
    expect(zero).toBeInstanceOf(ValidationError);
    expect((zero as ValidationError).problems[0]?.path).toBe('amount');
    const unknown = await priceInvoice(blink, connection, { amount: dec('1'), currency: cur('XYZ'), walletCurrency: 'BTC' });
    expect((unknown as ValidationError).problems).toEqual([{ path: 'currency', message: expect.stringContaining('Blink cannot price XYZ') }]);
  });

  it('Blink failing during the quote is passed on as is (the caller maps it)', async () => {
    const failure = new BlinkError('blink-unavailable', 'timeout');
    const { blink } = fakeBlink({ fail: failure });
    expect(await priceInvoice(blink, connection, { amount: dec('1'), currency: cur('EUR'), walletCurrency: 'BTC' })).toBe(failure);
  });

  it('more than Blink accepts is a 422 on amount', async () => {
    const { blink } = fakeBlink();
    const plan = await priceInvoice(blink, connection, { amount: dec('1000000'), currency: cur('BTC'), walletCurrency: 'BTC' });
    expect((plan as ValidationError).problems[0]).toEqual({ path: 'amount', message: expect.stringContaining('more than Blink accepts') });
  });
});

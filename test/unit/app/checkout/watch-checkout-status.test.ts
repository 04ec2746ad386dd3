import type { CheckoutStatusUpdate } from '../../../../src/app/checkout/checkout-view';
import { EXPIRED_GRACE_MS, isFinal, watchCheckoutStatus } from '../../../../src/app/checkout/watch-checkout-status';
import { InvoiceNotFoundError } from '../../../../src/app/invoices/errors';
import { memoryCheckout, storedInvoice, T0 } from './fixtures';

const options = (signal: AbortSignal, seen: CheckoutStatusUpdate[]) => ({
  signal, onStatus: (update: CheckoutStatusUpdate) => seen.push(update), safetyIntervalMs: 60_000, maxDurationMs: 600_000,
});

/** Resolves once `seen` has `count` updates. */
async function until(seen: unknown[], count: number): Promise<void> {
  while (seen.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('watchCheckoutStatus', () => {
  it('reports the status at once, re-reads on a signal, reports the change and ends when final', async () => {
    const memory = memoryCheckout(storedInvoice());
    const seen: CheckoutStatusUpdate[] = [];
    const watching = watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', options(new AbortController().signal, seen));
    await until(seen, 1);
    expect(seen[0]?.status).toBe('unpaid');
    memory.update({ status: 'Settled' });
    memory.feed.ring('Inv1nvoice1d');
    expect(await watching).toBe('final');
    expect(seen.map((update) => update.status)).toEqual(['unpaid', 'paid']);
    expect(memory.feed.count()).toBe(0);
  });

  it('a signal without a change reports nothing new', async () => {
    const memory = memoryCheckout(storedInvoice());
    const seen: CheckoutStatusUpdate[] = [];
    const stop = new AbortController();
    const watching = watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', options(stop.signal, seen));
    await until(seen, 1);
    const readsBefore = memory.reads;
    memory.feed.ring('Inv1nvoice1d');
    while (memory.reads === readsBefore) await new Promise((resolve) => setTimeout(resolve, 1));
    stop.abort();
    expect(await watching).toBe('stopped');
    expect(seen).toHaveLength(1);
    expect(memory.feed.count()).toBe(0);
  });

  it('a signal that arrives while the invoice is being read is not lost', async () => {
    const memory = memoryCheckout(storedInvoice());
    const seen: CheckoutStatusUpdate[] = [];
    const findById = memory.deps.invoices.findById;
    let first = true;
    memory.deps.invoices.findById = async (id) => {
      const found = await findById(id);
      if (first) {
        first = false;
        memory.update({ status: 'Invalid' });
        memory.feed.ring('Inv1nvoice1d');
      }
      return found;
    };
    expect(await watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', options(new AbortController().signal, seen))).toBe('final');
    expect(seen.map((update) => update.status)).toEqual(['unpaid', 'invalid']);
  });

  it('re-reads by itself at the expiry: an unpaid invoice turns expired without any write or signal', async () => {
    // The clock stands at T0 for the first read and moves past the expiry for the next one, however
    // slowly the machine runs (a real clock made the first read see it expired on a busy machine).
    let now = T0;
    const memory = memoryCheckout(storedInvoice({ expirationTime: new Date(T0.getTime() + 30) }), () => now);
    const findById = memory.deps.invoices.findById;
    let reads = 0;
    memory.deps.invoices.findById = async (id) => {
      reads += 1;
      if (reads === 2) now = new Date(T0.getTime() + 31);
      return findById(id);
    };
    const seen: CheckoutStatusUpdate[] = [];
    const stop = new AbortController();
    const watching = watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', options(stop.signal, seen));
    await until(seen, 2);
    stop.abort();
    await watching;
    expect(seen.map((update) => update.status)).toEqual(['unpaid', 'expired']);
  });

  it('re-reads every safety interval even when no signal comes (a lost notification)', async () => {
    const memory = memoryCheckout(storedInvoice(), () => new Date(T0.getTime() - 1));
    const seen: CheckoutStatusUpdate[] = [];
    const watching = watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', { ...options(new AbortController().signal, seen), safetyIntervalMs: 5 });
    await until(seen, 1);
    memory.update({ status: 'Settled' });
    expect(await watching).toBe('final');
    expect(seen.map((update) => update.status)).toEqual(['unpaid', 'paid']);
  });

  it('stops after maxDurationMs (the browser reconnects)', async () => {
    const memory = memoryCheckout(storedInvoice(), () => new Date(T0.getTime() - 1));
    const seen: CheckoutStatusUpdate[] = [];
    expect(await watchCheckoutStatus(memory.deps, 'Inv1nvoice1d', { ...options(new AbortController().signal, seen), maxDurationMs: 0 })).toBe('timeout');
  });

  it('an unknown or malformed id ends at once with not-found, subscribing nothing', async () => {
    const memory = memoryCheckout(storedInvoice());
    for (const id of ['Unknown1', 'a b']) {
      expect(await watchCheckoutStatus(memory.deps, id, options(new AbortController().signal, []))).toBeInstanceOf(InvoiceNotFoundError);
    }
    expect(memory.feed.count()).toBe(0);
  });
});

describe('isFinal', () => {
  const expirationTime = T0;
  it.each([
    ['paid', T0, true], ['invalid', T0, true], ['unpaid', T0, false], ['processing', T0, false],
    ['expired', T0, false], ['expired', new Date(T0.getTime() + EXPIRED_GRACE_MS), true],
  ] as const)('%s at +%s', (status, now, expected) => {
    expect(isFinal({ status, expirationTime }, now)).toBe(expected);
  });
});

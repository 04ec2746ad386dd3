import type { StoredInvoice } from '../../../src/app/ports';
import { watchJobId } from '../../../src/app/settlement/jobs';
import { eventTypes, startWorld, sleep, SUBSCRIPTION_ONLY, type World } from './harness';

/** Workers in this process, against a real sandbox, Postgres and Redis. */
describe('settlement watching', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  const statusQueries = async () => {
    const stats = await world.control('/sandbox/stats') as { byOperation: Record<string, number> };
    return stats.byOperation.lnInvoicePaymentStatusByHash ?? 0;
  };

  it('settles an invoice paid through the subscription (no polling)', async () => {
    world = await startWorld(SUBSCRIPTION_ONLY);
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId);
    // The subscription is up once its reconciliation has asked about the invoice.
    await world.until(async () => (await statusQueries()) > 0);
    const before = await statusQueries();
    await world.pay(invoice);
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Settled');
    expect(await statusQueries()).toBe(before);
    const types = eventTypes(await world.events(invoice.id));
    expect(types.filter((type) => type === 'InvoicePaymentSettled')).toHaveLength(1);
    expect(types.filter((type) => type === 'InvoiceSettled')).toHaveLength(1);
  });

  it('settles an invoice paid while the subscription is down, by polling', async () => {
    world = await startWorld();
    world.sandbox.faults({ refuseWebsockets: true });
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId);
    await world.pay(invoice);
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Settled');
    expect(await statusQueries()).toBeGreaterThan(0);
  });

  it('settles an invoice paid while the websocket was dropped, through the reconciliation on reconnect', async () => {
    world = await startWorld(SUBSCRIPTION_ONLY);
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId);
    await world.until(async () => (await statusQueries()) > 0); // the socket is up
    const watchJob = () => world.queues.watch.getJob(watchJobId(invoice.id));
    const ranBefore = (await watchJob())?.processedOn ?? 0;
    world.sandbox.faults({ refuseWebsockets: true });
    await world.control('/sandbox/drop-websockets', {});
    // The drop wakes the invoice's watch job (it may ask Blink once). Pay once it has run and is asleep
    // again (polling every 10 min here): only the reconciliation on reconnect can see the payment then.
    await world.until(async () => {
      const job = await watchJob();
      return (job?.processedOn ?? 0) > ranBefore && (await job?.getState()) === 'delayed';
    });
    await world.pay(invoice);
    await sleep(300);
    expect((await world.invoice(invoice.id)).status).toBe('New');
    world.sandbox.faults({ refuseWebsockets: false });
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Settled');
  });

  it('records a payment in the grace window after the expiration as paid late', async () => {
    world = await startWorld();
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId, { expiresInMs: 800 });
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Expired');
    await world.pay(invoice);
    await world.until(async () => (await world.invoice(invoice.id)).additionalStatus === 'PaidLate');
    const types = eventTypes(await world.events(invoice.id));
    expect(types.filter((type) => type === 'InvoiceExpired')).toHaveLength(1);
    expect(types).toContain('InvoicePaidAfterExpiration');
  });

  it('expires a never-paid invoice exactly once', async () => {
    world = await startWorld();
    const storeId = await world.addStore();
    await world.startWorkers();
    await world.startWorkers(); // two sets of workers race for it
    const invoice = await world.newInvoice(storeId, { expiresInMs: 500 });
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Expired');
    await sleep(1500); // several sweeps and watch checks later
    const types = eventTypes(await world.events(invoice.id));
    expect(types).toEqual(['InvoiceCreated', 'InvoiceExpired']);
  });

  it('keeps every invoice while Blink is down and settles those paid meanwhile once it is back', async () => {
    world = await startWorld();
    const storeId = await world.addStore();
    await world.startWorkers();
    const [paidA, paidB, unpaid] = [await world.newInvoice(storeId), await world.newInvoice(storeId), await world.newInvoice(storeId, { expiresInMs: 300 })];
    world.sandbox.faults({ errorRate: 1, refuseWebsockets: true });
    await world.control('/sandbox/drop-websockets', {});
    await world.pay(paidA!);
    await world.pay(paidB!);
    await sleep(1500);
    // Nothing could be asked: nothing changed on a guess, not even the invoice past its expiration.
    for (const invoice of [paidA!, paidB!, unpaid!]) expect((await world.invoice(invoice.id)).status).toBe('New');
    world.sandbox.faults({ errorRate: 0, refuseWebsockets: false });
    await world.until(async () => (await world.invoice(paidA!.id)).status === 'Settled'
      && (await world.invoice(paidB!.id)).status === 'Settled' && (await world.invoice(unpaid!.id)).status === 'Expired');
  });

  it('settles a keyless store\'s invoice through its per-invoice subscription', async () => {
    world = await startWorld(SUBSCRIPTION_ONLY);
    const storeId = await world.addStore('keyless');
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId);
    await world.until(async () => {
      const stats = await world.control('/sandbox/stats') as { subscriptions: Record<string, number> };
      return Object.values(stats.subscriptions).some((count) => count > 0);
    });
    await world.pay(invoice);
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Settled');
  });

  it('settles a keyless store\'s invoice by polling when websockets are refused', async () => {
    world = await startWorld();
    world.sandbox.faults({ refuseWebsockets: true });
    const storeId = await world.addStore('keyless');
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId);
    await world.pay(invoice);
    await world.until(async () => (await world.invoice(invoice.id)).status === 'Settled');
  });
});

describe('settlement of top-up (no-amount) invoices', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  const expectSettledWith = async (id: StoredInvoice['id'], sats: number) => {
    await world.until(async () => (await world.invoice(id)).status === 'Settled');
    const invoice = await world.invoice(id);
    expect(invoice.paidSats).toBe(sats);
    expect(invoice.payments.map((payment) => payment.sats)).toEqual([sats]);
  };

  it('records the amount myUpdates reports for the payment', async () => {
    world = await startWorld(SUBSCRIPTION_ONLY);
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId, { topUp: true });
    expect(invoice.type).toBe('TopUp');
    await world.until(async () => {
      const stats = await world.control('/sandbox/stats') as { byOperation: Record<string, number> };
      return (stats.byOperation.lnInvoicePaymentStatusByHash ?? 0) > 0;
    });
    const reads = async () => ((await world.control('/sandbox/stats')) as { byOperation: Record<string, number> }).byOperation.me ?? 0;
    const readsBefore = await reads();
    await world.pay(invoice, 1234);
    await expectSettledWith(invoice.id, 1234);
    // The update carried the amount: no transaction lookup was needed.
    expect(await reads()).toBe(readsBefore);
  });

  it('reads the amount from the wallet\'s transaction when polling finds it paid', async () => {
    world = await startWorld();
    world.sandbox.faults({ refuseWebsockets: true });
    const storeId = await world.addStore();
    await world.startWorkers();
    const invoice = await world.newInvoice(storeId, { topUp: true });
    await world.pay(invoice, 777);
    await expectSettledWith(invoice.id, 777);
  });
});

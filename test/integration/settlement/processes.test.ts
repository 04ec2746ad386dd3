import type { StoredInvoice } from '../../../src/app/ports';
import { subscriptionJobId } from '../../../src/app/settlement/jobs';
import { deleteRedisKeys } from '../../support/services';
import { eventTypes, startWorld, SUBSCRIPTION_ONLY, type World } from './harness';

/** `blink-gateway worker` processes, spawned: several at once, one killed, Redis emptied under them. */
describe('worker processes', () => {
  let world: World;
  afterEach(async () => { await world?.close(); });

  const ownerOf = async (storeId: Parameters<typeof subscriptionJobId>[0]) => {
    const job = await world.queues.subscription.getJob(subscriptionJobId(storeId));
    return job && (await job.getState()) === 'active' ? job.processedBy ?? null : null;
  };

  it('settles each invoice exactly once with two workers, and another takes the subscription over after kill -9', async () => {
    world = await startWorld(SUBSCRIPTION_ONLY);
    const storeId = await world.addStore();
    const workers = [world.spawnWorker(), world.spawnWorker()];
    const invoices: StoredInvoice[] = [];
    for (let index = 0; index < 6; index += 1) invoices.push(await world.newInvoice(storeId));
    await world.until(async () => (await ownerOf(storeId)) !== null);
    for (const invoice of invoices) await world.pay(invoice);
    await world.until(async () => {
      for (const invoice of invoices) if ((await world.invoice(invoice.id)).status !== 'Settled') return false;
      return true;
    });
    for (const invoice of invoices) {
      const types = eventTypes(await world.events(invoice.id));
      expect(types.filter((type) => type === 'InvoicePaymentSettled')).toHaveLength(1);
      expect(types.filter((type) => type === 'InvoiceSettled')).toHaveLength(1);
    }

    const owner = (await ownerOf(storeId))!;
    const victim = workers.find((worker) => owner.endsWith(`:${worker.child.pid}`))!;
    const survivor = workers.find((worker) => worker !== victim)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const late = await world.newInvoice(storeId);
    await world.pay(late); // while nobody holds the websocket: the new owner's reconciliation finds it
    await world.until(async () => (await ownerOf(storeId))?.endsWith(`:${survivor.child.pid}`) === true);
    await world.until(async () => (await world.invoice(late.id)).status === 'Settled');

    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  });

  it('loses nothing when Redis is emptied mid-flight: every invoice still settles or expires', async () => {
    world = await startWorld();
    const storeId = await world.addStore();
    world.spawnWorker();
    const paid = [await world.newInvoice(storeId), await world.newInvoice(storeId)];
    const unpaid = [await world.newInvoice(storeId, { expiresInMs: 1500 }), await world.newInvoice(storeId, { expiresInMs: 1500 })];
    await world.until(async () => (await ownerOf(storeId)) !== null);
    // FLUSHALL for this test's keys only: other test files share this Redis under their own prefixes.
    await deleteRedisKeys(world.config.QUEUE_PREFIX);
    for (const invoice of paid) await world.pay(invoice);
    await world.until(async () => {
      const states = await Promise.all([...paid, ...unpaid].map(async (invoice) => (await world.invoice(invoice.id)).status));
      return states.join() === 'Settled,Settled,Expired,Expired';
    });
  });
});

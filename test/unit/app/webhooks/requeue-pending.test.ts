import type { PendingDelivery } from '../../../../src/app/webhooks/ports';
import { requeuePendingDeliveries } from '../../../../src/app/webhooks/requeue-pending';
import type { DeliveryId } from '../../../../src/domain/ids';

const NOW = new Date('2026-01-01T00:00:00Z');

it('queues every pending delivery due within the horizon, page by page, and nothing else', async () => {
  const rows: PendingDelivery[] = Array.from({ length: 7 }, (_, i) => ({
    id: `D${i}` as DeliveryId, nextAttemptAt: new Date(NOW.getTime() + (i - 3) * 30_000),
  }));
  const queued: PendingDelivery[][] = [];
  const count = await requeuePendingDeliveries({
    clock: { now: () => NOW },
    queue: { enqueue: async (batch) => { queued.push([...batch]); } },
    deliveries: {
      listPendingDue: async (dueBefore, limit, after) => rows
        .filter((row) => row.nextAttemptAt < dueBefore)
        .filter((row) => after === undefined || row.nextAttemptAt > after.at || (row.nextAttemptAt.getTime() === after.at.getTime() && row.id > after.id))
        .slice(0, limit),
    },
  }, { horizonMs: 60_000, batchSize: 2 });
  // Due before now + 60 s: the 3 overdue, the one due now and the one in 30 s.
  expect(count).toBe(5);
  expect(queued.map((batch) => batch.map((row) => row.id))).toEqual([['D0', 'D1'], ['D2', 'D3'], ['D4']]);
});

/** Deliveries older than 60 days keep only their type, as BTCPay prunes them (called by the sweeper). */
import type { Clock } from '../ports';
import type { DeliveryRepository } from './ports';

export const DELIVERY_RETENTION_MS = 60 * 24 * 3_600_000;

/** Returns how many deliveries were pruned. */
export async function pruneWebhookDeliveries(
  deps: { readonly deliveries: Pick<DeliveryRepository, 'prune'>; readonly clock: Clock },
): Promise<number> {
  return deps.deliveries.prune(new Date(deps.clock.now().getTime() - DELIVERY_RETENTION_MS));
}

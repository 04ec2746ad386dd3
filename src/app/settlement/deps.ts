import type { BlinkPort } from '../blink-port';
import type { Clock, InvoiceRepository, SecretSealer, StoreRepository } from '../ports';
import type { OpenedConnections } from '../stores/store-connection';
import type { WatchTiming } from './policy';
import type { SettlementLog, SettlementState, WatchQueries } from './ports';

/** Everything the settlement use cases share. */
export interface SettlementDeps {
  readonly invoices: InvoiceRepository;
  readonly stores: StoreRepository;
  readonly sealer: SecretSealer;
  /** Stores' connections already unsealed in this process (see store-connection.ts). */
  readonly openedConnections?: OpenedConnections;
  readonly clock: Clock;
  readonly blink: Pick<BlinkPort, 'paymentStatuses' | 'receivedAmount' | 'convert'>;
  readonly watch: WatchQueries;
  readonly state: SettlementState;
  readonly timing: WatchTiming;
  readonly log: SettlementLog;
  /**
   * Batched checks in flight, per store, in this process: watch jobs of one store that come due
   * together share one Blink request instead of racing each other.
   */
  readonly inflight?: Map<string, Promise<unknown>>;
}

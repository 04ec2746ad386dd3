/**
 * One dedicated connection that LISTENs on a channel and comes back by itself after a failure
 * (1 s doubling to 10 s). Notifications sent while nobody listened are gone, so `onConnected` runs
 * after every (re)connect: the caller re-reads whatever it may have missed.
 */
import { Client } from 'pg';
import type { Logger } from '../log';

export interface ChannelListenerOptions {
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** A fixed identifier (it is interpolated into LISTEN). */
  readonly channel: string;
  /** Names the listener in log lines. */
  readonly purpose: string;
  /** Payloads that are ids (`[A-Za-z0-9_-]{1,64}`); anything else is ignored. */
  readonly onId: (id: string) => void;
  readonly onConnected: () => void | Promise<void>;
}

export interface ChannelListener {
  /** Resolves once the first LISTEN is in place. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CHANNEL = /^[a-z_][a-z0-9_]*$/;

export function listenToChannel(options: ChannelListenerOptions): ChannelListener {
  if (!CHANNEL.test(options.channel)) throw new Error(`bug: ${options.channel} is not a channel name`);
  const { logger, purpose } = options;
  let closed = false;
  let client: Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });

  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
    next.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined && ID.test(message.payload)) options.onId(message.payload);
    });
    next.on('error', (error) => {
      logger.warn(`${purpose} lost its connection`, { error: error.message });
      reconnectLater(next);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
    } catch (error) {
      logger.warn(`${purpose} could not connect`, { error: String(error) });
      reconnectLater(next);
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    failures = 0;
    markReady();
    try {
      await options.onConnected();
    } catch (error) {
      logger.warn(`${purpose}: catching up after connect failed`, { error: String(error) });
    }
  };

  const reconnectLater = (failed: Client): void => {
    if (client === failed) client = null;
    failed.end().catch(() => undefined);
    if (closed || retryTimer !== null) return;
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, Math.min(1_000 * 2 ** (failures - 1), 10_000));
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

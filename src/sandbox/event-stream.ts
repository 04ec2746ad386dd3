/**
 * A push-based AsyncIterableIterator for subscription resolvers: `push` queues a value, the consumer
 * pulls; `return()` (the client unsubscribed or the socket closed) runs the cleanup once.
 */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
}

export function createEventStream<T>(onClose: () => void): EventStream<T> {
  const queued: T[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let closed = false;

  const close = (): Promise<IteratorResult<T>> => {
    if (!closed) {
      closed = true;
      onClose();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  };

  return {
    push(value: T) {
      if (closed) return;
      const resolve = waiting.shift();
      if (resolve !== undefined) resolve({ value, done: false });
      else queued.push(value);
    },
    next() {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift() as T, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: close,
    throw(error?: unknown) {
      void close();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

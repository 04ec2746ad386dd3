/**
 * Turns many concurrent single calls into few bulk calls: inputs that arrive while the bulk calls in
 * flight are busy wait and leave together in the next one. Under light load each call goes out at
 * once on its own (one event-loop turn later); under heavy load the batches grow by themselves, up to
 * `maxBatch`. Why: a webhook worker makes a hundred attempts at a time, and one statement for fifty
 * of them costs Postgres about what one statement for one does.
 */
export interface MicroBatchOptions<I, O> {
  /** One output per input, in the inputs' order. A rejection rejects every call of the batch. */
  readonly run: (inputs: readonly I[]) => Promise<readonly O[]>;
  /** Inputs with the same key never share a batch (a later one waits for the next). */
  readonly keyOf?: (input: I) => string;
  readonly maxBatch: number;
  /** Bulk calls running at once. @defaultValue 2 */
  readonly maxInFlight?: number;
}

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

export function createMicroBatch<I, O>(options: MicroBatchOptions<I, O>): (input: I) => Promise<O> {
  const maxInFlight = options.maxInFlight ?? 2;
  let waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const take = (): Waiting<I, O>[] => {
    if (options.keyOf === undefined) return waiting.splice(0, options.maxBatch);
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    for (const item of waiting) {
      const key = options.keyOf(item.input);
      if (batch.length < options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(item);
      } else {
        rest.push(item);
      }
    }
    waiting = rest;
    return batch;
  };

  const pump = (): void => {
    scheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = take();
      inFlight += 1;
      options.run(batch.map((item) => item.input)).then(
        (outputs) => batch.forEach((item, index) => item.resolve(outputs[index]!)),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      ).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return (input) => new Promise<O>((resolve, reject) => {
    waiting.push({ input, resolve, reject });
    // Wait for the rest of this event-loop turn: calls made together leave together.
    if (!scheduled && inFlight < maxInFlight) {
      scheduled = true;
      setImmediate(pump);
    }
  });
}

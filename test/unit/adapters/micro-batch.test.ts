import { createMicroBatch } from '../../../src/adapters/micro-batch';

/** A bulk call that records its batches and answers each input doubled, once released. */
function recordingRun() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (inputs: readonly number[]) => {
    batches.push([...inputs]);
    await new Promise<void>((open) => gates.push(open));
    return inputs.map((input) => input * 2);
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.splice(0).forEach((open) => open());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { run, batches, releaseAll };
}

describe('createMicroBatch', () => {
  it('sends calls made together in one bulk call and answers each its own output', async () => {
    const { run, batches, releaseAll } = recordingRun();
    const call = createMicroBatch({ run, maxBatch: 100 });
    const answers = Promise.all([1, 2, 3].map(call));
    await new Promise((resolve) => setImmediate(resolve));
    await releaseAll();
    expect(await answers).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('while the bulk calls in flight are busy, later calls wait and leave together, at most maxBatch at a time', async () => {
    const { run, batches, releaseAll } = recordingRun();
    const call = createMicroBatch({ run, maxBatch: 3, maxInFlight: 1 });
    const first = call(0);
    await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all([1, 2, 3, 4, 5].map(call));
    await releaseAll();
    expect(await first).toBe(0);
    expect(await later).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('never puts two inputs with the same key in one batch', async () => {
    const { run, batches, releaseAll } = recordingRun();
    const call = createMicroBatch({ run, maxBatch: 10, keyOf: (input: number) => String(input % 2) });
    const answers = Promise.all([1, 3, 2, 5].map(call));
    await new Promise((resolve) => setImmediate(resolve));
    await releaseAll();
    expect(await answers).toEqual([2, 6, 4, 10]);
    expect(batches).toEqual([[1, 2], [3], [5]]);
  });

  it('a failed bulk call rejects every call of its batch, and the next batch still runs', async () => {
    let calls = 0;
    const call = createMicroBatch<number, number>({
      maxBatch: 10,
      run: async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error('postgres away');
        return inputs;
      },
    });
    const failed = [call(1), call(2)].map((promise) => promise.then(() => 'ok', (error: Error) => error.message));
    expect(await Promise.all(failed)).toEqual(['postgres away', 'postgres away']);
    expect(await call(3)).toBe(3);
  });
});

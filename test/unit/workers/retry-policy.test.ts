import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { blinkErrorCodes } from '../../../src/app/blink-port';
import { actionForFailure, applyAction, jitteredBackoff, type SettlementFailureCode } from '../../../workers/retry-policy';

const timing = { rateLimitPauseMs: 60_000, refusedKeyRetryMs: 300_000 };
const now = new Date(Date.UTC(2026, 0, 1));

describe('actionForFailure', () => {
  const table: Array<[SettlementFailureCode, string]> = [
    ['blink-unavailable', 'retry'], ['blink-protocol-error', 'retry'], ['blink-receive-disabled', 'retry'],
    ['blink-rate-limited', 'delay'], ['blink-paused', 'delay'], ['blink-invalid-key', 'delay'], ['blink-missing-scope', 'delay'],
    ['blink-invalid-input', 'fail'], ['watch-connection-unavailable', 'fail'], ['settlement-refused', 'fail'],
  ];
  it.each(table)('%s → %s', (code, kind) => {
    expect(actionForFailure({ code, message: 'm' }, timing, now).kind).toBe(kind);
  });

  it('maps every Blink error code', () => {
    for (const code of blinkErrorCodes) expect(() => actionForFailure({ code, message: 'm' }, timing, now)).not.toThrow();
  });

  it('keeps invoices of a refused key for a later try, and delays (never pauses the queue) on rate limiting', () => {
    expect(actionForFailure({ code: 'blink-invalid-key', message: 'm' }, timing, now)).toEqual({ kind: 'delay', until: new Date(now.getTime() + 300_000) });
    expect(actionForFailure({ code: 'blink-rate-limited', message: 'm' }, timing, now)).toEqual({ kind: 'delay', until: new Date(now.getTime() + 60_000) });
    const until = new Date(now.getTime() + 12_345);
    expect(actionForFailure({ code: 'blink-paused', message: 'm', until }, timing, now)).toEqual({ kind: 'delay', until });
  });
});

describe('jitteredBackoff', () => {
  it('grows exponentially to the cap, in the upper half of each ceiling', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => jitteredBackoff(attempt, { baseMs: 1_000, capMs: 5_000 }, () => 0))).toEqual([500, 1_000, 2_000, 2_500, 2_500]);
    expect([1, 2, 3, 4, 10].map((attempt) => jitteredBackoff(attempt, { baseMs: 1_000, capMs: 5_000 }, () => 1))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });
});

describe('applyAction', () => {
  const job = () => {
    const moves: number[] = [];
    return { moves, job: { moveToDelayed: async (ts: number) => { moves.push(ts); } } as unknown as Job };
  };

  it('re-delays with DelayedError, fails with UnrecoverableError, retries with an Error', async () => {
    const delayed = job();
    await expect(applyAction(delayed.job, 't', { kind: 'delay', until: now })).rejects.toBeInstanceOf(DelayedError);
    expect(delayed.moves).toEqual([now.getTime()]);
    await expect(applyAction(job().job, 't', { kind: 'fail', reason: 'r' })).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(applyAction(job().job, 't', { kind: 'retry', reason: 'r' })).rejects.toThrow('r');
    await expect(applyAction(job().job, 't', { kind: 'complete' })).resolves.toBeUndefined();
  });
});

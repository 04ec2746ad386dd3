import { sseEvent, streamCheckoutStatus, DEFAULT_EVENT_STREAM_SETTINGS } from '../../../../src/http/checkout/event-stream';
import type { ResponseSink } from '../../../../src/http/route-kit';
import { captureLogs } from '../../../support/log-capture';
import { memoryCheckout, storedInvoice } from '../../app/checkout/fixtures';

function sink() {
  const closed = new AbortController();
  const written: string[] = [];
  let ended!: () => void;
  const done = new Promise<void>((resolve) => { ended = resolve; });
  const value: ResponseSink = { write: (chunk) => written.push(chunk), end: () => ended(), closed: closed.signal };
  return { value, written, done, disconnect: () => closed.abort() };
}

describe('sseEvent', () => {
  it('one event: name, one data line of JSON, blank line', () => {
    expect(sseEvent('status', { status: 'paid', note: 'a\nb' })).toBe('event: status\ndata: {"status":"paid","note":"a\\nb"}\n\n');
  });
});

describe('streamCheckoutStatus', () => {
  const settings = { ...DEFAULT_EVENT_STREAM_SETTINGS, retryMs: 1500 };

  it('retry hint, the status, each change, end once final, then closes the response', async () => {
    const memory = memoryCheckout(storedInvoice());
    const out = sink();
    streamCheckoutStatus({ ...memory.deps, logger: captureLogs().logger, closing: new AbortController().signal, settings }, 'Inv1nvoice1d', out.value);
    while (out.written.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    memory.update({ status: 'Settled' });
    memory.feed.ring('Inv1nvoice1d');
    await out.done;
    const expirationTime = Math.floor(storedInvoice().expirationTime.getTime() / 1000);
    expect(out.written).toEqual([
      'retry: 1500\n\n',
      sseEvent('status', { status: 'unpaid', expirationTime }),
      sseEvent('status', { status: 'paid', expirationTime }),
      sseEvent('end', {}),
    ]);
    expect(memory.feed.count()).toBe(0);
  });

  it.each(['client', 'server'])('ends without `end` when the %s goes away', async (who) => {
    const memory = memoryCheckout(storedInvoice());
    const out = sink();
    const closing = new AbortController();
    streamCheckoutStatus({ ...memory.deps, logger: captureLogs().logger, closing: closing.signal, settings }, 'Inv1nvoice1d', out.value);
    while (out.written.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    if (who === 'client') out.disconnect();
    else closing.abort();
    await out.done;
    expect(out.written.some((chunk) => chunk.startsWith('event: end'))).toBe(false);
    expect(memory.feed.count()).toBe(0);
  });
});

import Transport from 'winston-transport';
import { BlinkError } from '../../../../src/app/blink-port';
import { createLogger } from '../../../../src/adapters/log';
import { callBlink, readField, readPayload } from '../../../../src/adapters/blink/graphql-call';
import { globalsSchema, invoicePayloadSchema } from '../../../../src/adapters/blink/schemas';
import { fakeDeps, unavailable } from './fake-transport';

const apiKey = 'blink_SecretSecretSecretSecretSecretSecretSecretSecretSecretSecretSecre';
const endpoint = { server: 'https://api.example/graphql', websocketUrl: 'wss://ws.example/graphql', apiKey };
const globalsRequest = { operationName: 'Globals', query: 'query Globals { globals { network } }' };
const readGlobals = (envelope: Parameters<typeof readField>[0]) => readField(envelope, 'globals', globalsSchema, apiKey);

class MemoryTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')]));
    next();
  }
}

describe('callBlink', () => {
  it('retries a query while Blink is unavailable, with backoff, then succeeds', async () => {
    const { deps, sent, waits } = fakeDeps([unavailable(), unavailable(), { data: { globals: { network: 'signet' } } }]);
    await expect(callBlink(deps, endpoint, globalsRequest, readGlobals, { retry: true })).resolves.toEqual({ network: 'signet' });
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([5, 10]); // full jitter with random 0.5: half of 10·2⁰ and 10·2¹
  });

  it('gives up after the configured attempts and returns the failure', async () => {
    const { deps, sent } = fakeDeps([unavailable(), unavailable(), unavailable(), unavailable()]);
    const result = await callBlink(deps, endpoint, globalsRequest, readGlobals, { retry: true });
    expect(result).toBeInstanceOf(BlinkError);
    expect((result as BlinkError).code).toBe('blink-unavailable');
    expect(sent).toHaveLength(3);
  });

  it('sends a mutation once', async () => {
    const { deps, sent } = fakeDeps([unavailable(), unavailable()]);
    await callBlink(deps, endpoint, globalsRequest, readGlobals, { retry: false });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['invalid key', new BlinkError('blink-invalid-key', 'HTTP 401')],
    ['missing scope', { data: null, errors: [{ message: 'Not authorized' }] }],
  ])('does not retry a %s', async (_name, answer) => {
    const { deps, sent } = fakeDeps([answer, answer]);
    await callBlink(deps, endpoint, globalsRequest, readGlobals, { retry: true });
    expect(sent).toHaveLength(1);
  });

  it('logs retries without the API key', async () => {
    const memory = new MemoryTransport();
    const { deps } = fakeDeps([new BlinkError('blink-unavailable', `echo ${apiKey}`), { data: { globals: { network: 'mainnet' } } }]);
    await callBlink({ ...deps, logger: createLogger({ level: 'debug', transports: [memory] }) }, endpoint, globalsRequest, readGlobals, { retry: true });
    expect(memory.lines.length).toBeGreaterThan(0);
    expect(memory.lines.join('\n')).not.toContain(apiKey);
  });
});

describe('readField / readPayload', () => {
  it('treats top-level errors as a failure even beside data', () => {
    const result = readField({ data: { globals: { network: 'mainnet' } }, errors: [{ message: 'Not authorized' }] }, 'globals', globalsSchema, apiKey);
    expect((result as BlinkError).code).toBe('blink-missing-scope');
  });

  it('turns a shape mismatch into a protocol error', () => {
    const result = readField({ data: { globals: { network: 'moon' } } }, 'globals', globalsSchema, apiKey);
    expect((result as BlinkError).code).toBe('blink-protocol-error');
  });

  it('treats a non-empty payload errors list (HTTP 200) as a failure', () => {
    const envelope = { data: { lnInvoiceCreate: { errors: [{ message: 'Memo is too long', code: null }], invoice: null } } };
    const result = readPayload(envelope, 'lnInvoiceCreate', invoicePayloadSchema, apiKey);
    expect(result).toBeInstanceOf(BlinkError);
    expect((result as BlinkError).code).toBe('blink-invalid-input');
    expect((result as BlinkError).message).toBe('Memo is too long');
  });
});

import Transport from 'winston-transport';
import { createLogger, redactSecrets, redactText } from '../../../src/adapters/log';

class MemoryTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')]));
    next();
  }
}

const blinkKey = 'blink_AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789';

describe('redactText', () => {
  it.each([
    ['a Blink key in a sentence', `bad key ${blinkKey} given`, blinkKey],
    ['a connection string', `type=blink;api-key=${blinkKey};wallet-id=w1`, blinkKey],
    ['a connection string with an unusual key', 'type=blink;api-key=not-a-blink-shape;wallet-id=w1', 'not-a-blink-shape'],
    ['a webhook secret', 'secret whsec_c2VjcmV0c2VjcmV0c2VjcmV0', 'whsec_c2VjcmV0'],
    ['a token authorization header', 'Authorization: token 0123456789abcdef0123', '0123456789abcdef0123'],
    ['a bearer authorization header', 'Bearer 0123456789abcdef0123', '0123456789abcdef0123'],
  ])('removes %s', (_name, text, secret) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('keeps text without secrets unchanged', () => {
    expect(redactText('invoice 42 settled')).toBe('invoice 42 settled');
  });
});

describe('redactSecrets', () => {
  it('replaces secret-named properties at any depth and survives cycles', () => {
    const value: Record<string, unknown> = { store: { apiKey: 'abc', name: 'Shop' }, headers: { Authorization: 'x' } };
    value.self = value;
    expect(redactSecrets(value)).toEqual({
      store: { apiKey: '[redacted]', name: 'Shop' },
      headers: { Authorization: '[redacted]' },
      self: '[circular]',
    });
  });

  it('redacts error messages', () => {
    expect(JSON.stringify(redactSecrets(new Error(`401 for ${blinkKey}`)))).not.toContain(blinkKey);
  });
});

describe('createLogger', () => {
  it('never writes a secret, whatever shape it is logged in', () => {
    const memory = new MemoryTransport();
    const logger = createLogger({ level: 'debug', transports: [memory] });
    logger.info(`connecting with ${blinkKey}`);
    logger.warn('store saved', { connection: { apiKey: blinkKey }, raw: `type=blink;api-key=${blinkKey}` });
    logger.error('failed', { error: new Error(`rejected ${blinkKey}`) });
    expect(memory.lines).toHaveLength(3);
    for (const line of memory.lines) expect(line).not.toContain(blinkKey);
    expect(memory.lines[1]).toContain('store saved');
  });

  it('does no formatting work for a line no transport writes, and still writes what a transport asks for', () => {
    let reads = 0;
    // Redaction walks nested objects: a getter there tells whether the line was formatted at all.
    const meta = () => ({ nested: { get probe() { reads += 1; return 'x'; } } });
    const quiet = new MemoryTransport();
    const logger = createLogger({ level: 'warn', transports: [quiet] });
    logger.info('below the level', meta());
    expect(reads).toBe(0);
    expect(quiet.lines).toHaveLength(0);
    logger.warn('at the level', meta());
    expect(reads).toBe(1);
    expect(quiet.lines).toHaveLength(1);

    // A transport with its own, lower level still gets those lines (winston's own rule).
    const verbose = new MemoryTransport({ level: 'debug' });
    createLogger({ level: 'warn', transports: [verbose] }).debug('asked for', meta());
    expect(verbose.lines).toEqual([expect.stringContaining('asked for')]);
  });
});

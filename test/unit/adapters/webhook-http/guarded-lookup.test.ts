import type { LookupAddress } from 'node:dns';
import { ForbiddenAddressError, guardedLookup, type Lookup } from '../../../../src/adapters/webhook-http/guarded-connector';

const resolvingTo = (...addresses: string[]): Lookup => (_host, _options, callback) =>
  callback(null, addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));

function run(lookup: Lookup, allowPrivateNetworks: boolean, all: boolean) {
  return new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) => {
    guardedLookup({ allowPrivateNetworks, connectTimeoutMs: 1_000, lookup })('shop.example', { all }, (error, address, family) =>
      resolve({ error, address, ...(family === undefined ? {} : { family }) }));
  });
}

describe('guardedLookup (the connect-time DNS check)', () => {
  it.each(['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', '::ffff:10.1.2.3', '100.64.0.1', 'fd00::1', '0.0.0.0'])(
    'refuses a name resolving only to %s', async (address) => {
      const result = await run(resolvingTo(address), false, true);
      expect(result.error).toBeInstanceOf(ForbiddenAddressError);
      expect(result.error?.message).toContain(address);
    });

  it('keeps only the public addresses of a mixed answer', async () => {
    const all = await run(resolvingTo('10.0.0.1', '93.184.216.34', '::1'), false, true);
    expect(all).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    const one = await run(resolvingTo('10.0.0.1', '2606:2800:220:1::1'), false, false);
    expect(one).toEqual({ error: null, address: '2606:2800:220:1::1', family: 6 });
  });

  it('allows private networks when the operator says so, never the unspecified address', async () => {
    expect((await run(resolvingTo('127.0.0.1'), true, false)).address).toBe('127.0.0.1');
    expect((await run(resolvingTo('0.0.0.0'), true, false)).error).toBeInstanceOf(ForbiddenAddressError);
  });

  it('passes DNS failures through', async () => {
    const failing: Lookup = (_host, _options, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    expect((await run(failing, false, true)).error?.message).toContain('ENOTFOUND');
  });
});

import type { BlinkApiKey, WalletId } from '../../../connection-string/types';
import { isBlinkError, type ConnectionVerification } from '../../../src/app/blink-port';
import { startFixture, type Fixture, type Stats } from './sandbox-fixture';

let fixture: Fixture;
beforeAll(async () => { fixture = await startFixture(); });
afterAll(async () => { await fixture.close(); });

async function verify(connection: Parameters<Fixture['client']['verifyConnection']>[0]): Promise<ConnectionVerification> {
  const result = await fixture.client.verifyConnection(connection);
  if (isBlinkError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

describe('verifyConnection against the sandbox', () => {
  it('a READ+RECEIVE key: scopes known, wallet owned with its currency, network, not wound down', async () => {
    await expect(verify(fixture.keyed('READ+RECEIVE', 'USD'))).resolves.toEqual({
      keyValid: true,
      scopes: { kind: 'known', scopes: ['READ', 'RECEIVE'] },
      wallet: { id: fixture.walletId('USD'), currency: 'USD', ownedByKeyAccount: true },
      network: 'regtest',
      receiveDisabled: false,
    });
  });

  it('reports WRITE when the key carries it (the caller decides what to do with it)', async () => {
    const result = await verify(fixture.keyed('READ+RECEIVE+WRITE'));
    expect(result.scopes).toEqual({ kind: 'known', scopes: ['READ', 'RECEIVE', 'WRITE'] });
  });

  it('without a wallet id: the account\'s default wallet', async () => {
    const result = await verify({ ...fixture.keyed('READ+RECEIVE'), walletId: undefined });
    expect(result.wallet).toEqual({ id: fixture.walletId('BTC'), currency: 'BTC', ownedByKeyAccount: true });
  });

  it('a wallet of another account: not resolved', async () => {
    const result = await verify({ ...fixture.keyed('READ+RECEIVE'), walletId: fixture.walletId('BTC', 1) });
    expect(result.wallet).toBeNull();
  });

  it.each(['BTC', 'USD'] as const)('a RECEIVE-only key (%s wallet): Receive established by probing, currency probed', async (currency) => {
    const before = (await fixture.control('stats')) as Stats;
    const result = await verify(fixture.keyed('RECEIVE', currency));
    expect(result).toEqual({
      keyValid: true,
      scopes: { kind: 'probed', established: ['RECEIVE'] },
      wallet: { id: fixture.walletId(currency), currency, ownedByKeyAccount: true },
      network: 'regtest',
      receiveDisabled: false,
    });
    const after = (await fixture.control('stats')) as Stats;
    expect((after.byOperation.onChainAddressCurrent ?? 0) - (before.byOperation.onChainAddressCurrent ?? 0)).toBe(1);
  });

  it('a READ-only key: known scopes without RECEIVE', async () => {
    const result = await verify(fixture.keyed('READ'));
    expect(result.scopes).toEqual({ kind: 'known', scopes: ['READ'] });
    expect(result.wallet).toMatchObject({ currency: 'BTC', ownedByKeyAccount: true });
  });

  it('an unknown key: keyValid false (a finding, not an error)', async () => {
    const key = 'blink_NopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNopeNope' as BlinkApiKey;
    const result = await verify({ ...fixture.keyed('READ+RECEIVE'), apiKey: key });
    expect(result).toMatchObject({ keyValid: false, wallet: null, network: 'regtest' });
  });

  it.each([
    ['READ+RECEIVE', { kind: 'known', scopes: ['READ', 'RECEIVE'] }],
    ['RECEIVE', { kind: 'probed', established: ['RECEIVE'] }],
  ])('a wound-down account with a %s key: receiveDisabled', async (scopes, expectedScopes) => {
    const result = await verify({ ...fixture.keyed(scopes, 'BTC', 2), currency: 'BTC' });
    expect(result.scopes).toEqual(expectedScopes);
    expect(result.receiveDisabled).toBe(true);
  });

  it.each(['BTC', 'USD'] as const)('keyless (%s): the wallet and its currency by a keyless probe', async (currency) => {
    await expect(verify(fixture.keyless(currency))).resolves.toEqual({
      keyValid: 'not-applicable',
      scopes: { kind: 'not-applicable' },
      wallet: { id: fixture.walletId(currency), currency, ownedByKeyAccount: 'unknown' },
      network: 'regtest',
      receiveDisabled: false,
    });
  });

  it('keyless with a wallet id that does not exist: wallet null', async () => {
    const result = await verify({ ...fixture.keyless(), walletId: '00000000-0000-4000-8000-000000000000' as WalletId });
    expect(result.wallet).toBeNull();
  });

  it('ln-address: the account\'s default wallet by username', async () => {
    const base = fixture.keyless();
    const result = await verify({ ...base, mode: 'ln-address', lnAddress: 'merchant@blink.sv' });
    expect(result.wallet).toEqual({ id: fixture.walletId('BTC'), currency: 'BTC', ownedByKeyAccount: 'unknown' });
    const unknown = await verify({ ...base, mode: 'ln-address', lnAddress: 'nobody_here@blink.sv' });
    expect(unknown.wallet).toBeNull();
  });
});

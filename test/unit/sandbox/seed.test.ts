import { DEFAULT_SEED, materializeSeed, MULTI_ACCOUNT_SEED, sandboxSeedSchema } from '../../../src/sandbox/seed';

describe('sandboxSeedSchema', () => {
  it('accepts the default and multi-account seeds', () => {
    expect(sandboxSeedSchema.safeParse(DEFAULT_SEED).success).toBe(true);
    expect(sandboxSeedSchema.safeParse(MULTI_ACCOUNT_SEED).success).toBe(true);
  });

  it.each([
    [{ accounts: [] }, 'accounts'],
    [{ accounts: [{ username: 'ab', wallets: [{ currency: 'BTC' }] }] }, 'accounts.0.username'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'EUR' }] }] }, 'accounts.0.wallets.0.currency'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC', id: 'nope' }] }] }, 'accounts.0.wallets.0.id'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC' }], apiKeys: [{ key: 'sk_123', scopes: ['READ'] }] }] }, 'accounts.0.apiKeys.0.key'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC' }], apiKeys: [{ scopes: [] }] }] }, 'accounts.0.apiKeys.0.scopes'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC' }], defaultWalletCurrency: 'USD' }] }, 'accounts.0.defaultWalletCurrency'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC' }] }, { username: 'ABC', wallets: [{ currency: 'BTC' }] }] }, 'accounts.1.username'],
    [{ accounts: [{ username: 'abc', wallets: [{ currency: 'BTC' }], extra: true }] }, 'accounts.0'],
  ])('rejects %j at %s', (seed, path) => {
    const result = sandboxSeedSchema.safeParse(seed);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('materializeSeed', () => {
  it('generates UUID wallet ids and blink_ keys, the BTC wallet as default', () => {
    const [account] = materializeSeed(sandboxSeedSchema.parse(DEFAULT_SEED));
    expect(account!.info.wallets.map((wallet) => wallet.id)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(account!.info.defaultWalletId).toBe(account!.info.wallets[0]!.id);
    expect(account!.info.apiKeys.map((key) => key.key)).toEqual(Array.from({ length: 4 }, () => expect.stringMatching(/^blink_[A-Za-z0-9]{64}$/)));
    expect(new Set(account!.info.apiKeys.map((key) => key.key)).size).toBe(4);
  });

  it('keeps what the seed gives: ids, keys, balances, default currency, wind-down', () => {
    const [account] = materializeSeed(sandboxSeedSchema.parse({ accounts: [{
      id: 'acct-1', username: 'fixed', receiveDisabled: true, defaultWalletCurrency: 'USD',
      wallets: [{ currency: 'BTC', id: '11111111-1111-4111-8111-111111111111', balance: 5 }, { currency: 'USD', id: '22222222-2222-4222-8222-222222222222' }],
      apiKeys: [{ key: 'blink_fixed', scopes: ['READ', 'READ'] }],
    }] }));
    expect(account!.info).toEqual({
      id: 'acct-1', username: 'fixed', receiveDisabled: true, defaultWalletId: '22222222-2222-4222-8222-222222222222',
      wallets: [{ id: '11111111-1111-4111-8111-111111111111', currency: 'BTC' }, { id: '22222222-2222-4222-8222-222222222222', currency: 'USD' }],
      apiKeys: [{ key: 'blink_fixed', scopes: ['READ'] }],
    });
    expect(account!.balances.get('11111111-1111-4111-8111-111111111111')).toBe(5);
  });
});

import { keyRequestFromArgs } from '../../../src/cli/apikey';

describe('apikey create options', () => {
  it.each<[string[], unknown]>([
    [['create', '--admin'], { label: 'admin', permissions: ['unrestricted'] }],
    [['create', '--admin', '--label', 'ops'], { label: 'ops', permissions: ['unrestricted'] }],
    [['create', '--store', 's1', '--permission', 'btcpay.store.cancreateinvoice', '--permission', 'btcpay.store.canviewinvoices:s1'],
      { label: '', storeId: 's1', permissions: ['btcpay.store.cancreateinvoice:s1', 'btcpay.store.canviewinvoices:s1'] }],
    [['create', '--permission', 'btcpay.store.canviewinvoices'], { label: '', permissions: ['btcpay.store.canviewinvoices'] }],
  ])('%j', (args, expected) => {
    expect(keyRequestFromArgs(args)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], 'usage'],
    [['make', '--admin'], 'usage'],
    [['create'], 'at least one --permission'],
    [['create', '--admin', '--store', 's1'], 'cannot be combined'],
    [['create', '--store', 's1', '--permission', 'btcpay.store.cancreateinvoice:s2'], 'another store'],
    [['create', '--store', 's1', '--permission', 'btcpay.server.canmodifyserversettings'], 'not a store permission'],
    [['create', '--store', 's1', '--permission', 'nope'], 'Unknown permission'],
    [['create', '--bogus'], 'bogus'],
  ])('refuses %j', (args, message) => {
    const result = keyRequestFromArgs(args);
    expect(typeof result).toBe('string');
    expect(result).toContain(message);
  });
});

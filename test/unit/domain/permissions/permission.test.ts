import fc from 'fast-check';
import {
  allPolicies,
  formatPermission,
  InvalidPermissionError,
  parsePermission,
  permissionIncludes,
  permissionsGrant,
  storesGranted,
  ungrantedPermissions,
  type Permission,
  type Policy,
} from '../../../../src/domain/permissions';

const p = (text: string): Permission => {
  const parsed = parsePermission(text);
  if (parsed instanceof Error) throw parsed;
  return parsed;
};

describe('parsePermission', () => {
  it.each([
    ['unrestricted', { policy: 'unrestricted' }],
    ['btcpay.store.cancreateinvoice', { policy: 'btcpay.store.cancreateinvoice' }],
    ['btcpay.store.cancreateinvoice:7Hk2abc', { policy: 'btcpay.store.cancreateinvoice', storeId: '7Hk2abc' }],
    ['btcpay.store.webhooks.canmodifywebhooks:s_1-x', { policy: 'btcpay.store.webhooks.canmodifywebhooks', storeId: 's_1-x' }],
  ])('reads %s', (text, expected) => {
    expect(parsePermission(text)).toEqual(expected);
  });

  it.each([
    ['', 'Unknown permission policy'],
    ['btcpay.store.cancreateinvoices', 'Unknown permission policy'],
    ['BTCPAY.STORE.CANCREATEINVOICE', 'Unknown permission policy'],
    ['unrestricted:store1', 'cannot be limited to a store'],
    ['btcpay.server.canmodifyserversettings:s1', 'cannot be limited to a store'],
    ['btcpay.store.cancreateinvoice:', 'Invalid store id'],
    ['btcpay.store.cancreateinvoice:a:b', 'Invalid store id'],
    ['btcpay.store.cancreateinvoice:a b', 'Invalid store id'],
  ])('refuses %j', (text, message) => {
    const parsed = parsePermission(text);
    expect(parsed).toBeInstanceOf(InvalidPermissionError);
    expect((parsed as InvalidPermissionError).message).toContain(message);
  });

  it('formats back what it parsed', () => {
    fc.assert(fc.property(
      fc.constantFrom(...allPolicies.filter((policy) => policy.startsWith('btcpay.store.'))),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      (policy, store) => {
        expect(formatPermission(p(`${policy}:${store}`))).toBe(`${policy}:${store}`);
      },
    ));
  });
});

describe('Greenfield inclusion rules', () => {
  it.each<[string, string, boolean]>([
    ['unrestricted', 'btcpay.store.cancreateinvoice:s1', true],
    ['unrestricted', 'btcpay.server.canmodifyserversettings', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.canviewinvoices', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.cancreateinvoice', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.canmodifyinvoices', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.webhooks.canmodifywebhooks', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.canviewstoresettings', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.cancreatenonapprovedpullpayments', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.canviewpullpayments', true],
    ['btcpay.store.canmodifystoresettings', 'btcpay.server.canmodifyserversettings', false],
    ['btcpay.store.canmodifystoresettings', 'unrestricted', false],
    ['btcpay.store.canmodifyinvoices', 'btcpay.store.canviewinvoices', true],
    ['btcpay.store.canmodifyinvoices', 'btcpay.store.cancreateinvoice', true],
    ['btcpay.store.canmodifyinvoices', 'btcpay.store.cancreatelightninginvoice', true],
    ['btcpay.store.canmodifyinvoices', 'btcpay.store.canviewstoresettings', false],
    ['btcpay.store.canmodifyinvoices', 'btcpay.store.webhooks.canmodifywebhooks', false],
    ['btcpay.store.canviewstoresettings', 'btcpay.store.canviewinvoices', true],
    ['btcpay.store.canviewstoresettings', 'btcpay.store.cancreateinvoice', false],
    ['btcpay.store.canviewstoresettings', 'btcpay.store.canmodifystoresettings', false],
    ['btcpay.store.cancreateinvoice', 'btcpay.store.canviewinvoices', false],
    ['btcpay.store.canviewinvoices', 'btcpay.store.cancreateinvoice', false],
    ['btcpay.store.webhooks.canmodifywebhooks', 'btcpay.store.canviewinvoices', false],
    ['btcpay.store.cancreatepullpayments', 'btcpay.store.canviewpullpayments', true],
    ['btcpay.server.canmodifyserversettings', 'btcpay.server.cancreateuser', true],
    ['btcpay.server.canmodifyserversettings', 'btcpay.store.canviewinvoices', false],
    // store scope
    ['btcpay.store.canmodifystoresettings:s1', 'btcpay.store.cancreateinvoice:s1', true],
    ['btcpay.store.canmodifystoresettings:s1', 'btcpay.store.cancreateinvoice:s2', false],
    ['btcpay.store.canmodifystoresettings:s1', 'btcpay.store.cancreateinvoice', false],
    ['btcpay.store.canmodifystoresettings', 'btcpay.store.cancreateinvoice:s2', true],
    ['btcpay.store.cancreateinvoice:s1', 'btcpay.store.cancreateinvoice:s1', true],
    ['btcpay.store.cancreateinvoice:S1', 'btcpay.store.cancreateinvoice:s1', false],
  ])('%s grants %s: %s', (held, wanted, expected) => {
    expect(permissionIncludes(p(held), p(wanted))).toBe(expected);
  });

  const anyPolicy = fc.constantFrom<Policy>(...allPolicies);
  const anyStore = fc.option(fc.constantFrom('s1', 's2', 's3'), { nil: undefined });
  const anyPermission = fc.tuple(anyPolicy, anyStore).map(([policy, storeId]): Permission =>
    storeId === undefined || !policy.startsWith('btcpay.store.') ? { policy } : { policy, storeId });

  it('is reflexive and transitive; unrestricted grants everything; a scoped key never grants an unscoped permission', () => {
    fc.assert(fc.property(anyPermission, anyPermission, anyPermission, (a, b, c) => {
      expect(permissionIncludes(a, a)).toBe(true);
      expect(permissionIncludes({ policy: 'unrestricted' }, a)).toBe(true);
      if (permissionIncludes(a, b) && permissionIncludes(b, c)) expect(permissionIncludes(a, c)).toBe(true);
      if (a.storeId !== undefined && b.storeId === undefined) expect(permissionIncludes(a, b)).toBe(false);
    }), { numRuns: 2000 });
  });
});

describe('permission sets', () => {
  const held = [p('btcpay.store.canmodifyinvoices:s1'), p('btcpay.store.canviewstoresettings')];

  it('grants when any held permission includes the wanted one', () => {
    expect(permissionsGrant(held, p('btcpay.store.cancreateinvoice:s1'))).toBe(true);
    expect(permissionsGrant(held, p('btcpay.store.canviewinvoices:s9'))).toBe(true);
    expect(permissionsGrant(held, p('btcpay.store.cancreateinvoice:s2'))).toBe(false);
    expect(permissionsGrant([], p('btcpay.store.canviewinvoices'))).toBe(false);
  });

  it('lists what a key may not hand out', () => {
    const requested = [p('btcpay.store.cancreateinvoice:s1'), p('btcpay.store.cancreateinvoice:s2'), p('unrestricted')];
    expect(ungrantedPermissions(held, requested).map(formatPermission))
      .toEqual(['btcpay.store.cancreateinvoice:s2', 'unrestricted']);
  });

  it('says on which stores a policy is granted', () => {
    expect(storesGranted(held, 'btcpay.store.canviewinvoices')).toBe('all');
    expect(storesGranted(held, 'btcpay.store.cancreateinvoice')).toEqual(new Set(['s1']));
    expect(storesGranted(held, 'btcpay.store.canmodifystoresettings')).toEqual(new Set());
    expect(storesGranted([p('unrestricted')], 'btcpay.store.canmodifystoresettings')).toBe('all');
  });
});

/**
 * Greenfield permission policies (the names BTCPay's `Policies` class defines) and the inclusion
 * rules between them (BTCPay's `Permission` policy map). Pure data: the rules live in permission.ts.
 */
export const UNRESTRICTED = 'unrestricted' as const;

export const storePolicies = [
  'btcpay.store.canmodifystoresettings',
  'btcpay.store.canviewstoresettings',
  'btcpay.store.webhooks.canmodifywebhooks',
  'btcpay.store.canviewinvoices',
  'btcpay.store.cancreateinvoice',
  'btcpay.store.canmodifyinvoices',
  'btcpay.store.canviewreports',
  'btcpay.store.canviewpaymentrequests',
  'btcpay.store.canmodifypaymentrequests',
  'btcpay.store.canmanagepullpayments',
  'btcpay.store.canarchivepullpayments',
  'btcpay.store.cancreatepullpayments',
  'btcpay.store.cancreatenonapprovedpullpayments',
  'btcpay.store.canviewpullpayments',
  'btcpay.store.canmanagepayouts',
  'btcpay.store.canviewpayouts',
  'btcpay.store.canuselightningnode',
  'btcpay.store.cancreatelightninginvoice',
  'btcpay.store.canviewlightninginvoice',
] as const;

export const serverPolicies = [
  'btcpay.server.canmodifyserversettings',
  'btcpay.server.canmanageusers',
  'btcpay.server.cancreateuser',
  'btcpay.server.candeleteuser',
  'btcpay.server.canuseinternallightningnode',
  'btcpay.server.cancreatelightninginvoiceinternalnode',
  'btcpay.server.canviewlightninginvoiceinternalnode',
  'btcpay.user.canmodifyprofile',
  'btcpay.user.canviewprofile',
  'btcpay.user.canmanagenotificationsforuser',
  'btcpay.user.canviewnotificationsforuser',
] as const;

export type StorePolicy = (typeof storePolicies)[number];
export type ServerPolicy = (typeof serverPolicies)[number];
export type Policy = typeof UNRESTRICTED | StorePolicy | ServerPolicy;

export const allPolicies: readonly Policy[] = [UNRESTRICTED, ...storePolicies, ...serverPolicies];

/** Direct children: holding the key policy grants each listed one (and, transitively, theirs). */
export const directInclusions: Readonly<Partial<Record<Policy, readonly Policy[]>>> = {
  'btcpay.store.canmodifystoresettings': [
    'btcpay.store.canviewstoresettings',
    'btcpay.store.canmodifyinvoices',
    'btcpay.store.webhooks.canmodifywebhooks',
    'btcpay.store.canmodifypaymentrequests',
    'btcpay.store.canmanagepullpayments',
    'btcpay.store.canmanagepayouts',
    'btcpay.store.canuselightningnode',
  ],
  'btcpay.store.canviewstoresettings': [
    'btcpay.store.canviewinvoices',
    'btcpay.store.canviewpaymentrequests',
    'btcpay.store.canviewreports',
    'btcpay.store.canviewpullpayments',
    'btcpay.store.canviewpayouts',
  ],
  'btcpay.store.canmodifyinvoices': [
    'btcpay.store.canviewinvoices',
    'btcpay.store.cancreateinvoice',
    'btcpay.store.cancreatelightninginvoice',
  ],
  'btcpay.store.canmodifypaymentrequests': ['btcpay.store.canviewpaymentrequests'],
  'btcpay.store.canmanagepullpayments': [
    'btcpay.store.cancreatepullpayments',
    'btcpay.store.canarchivepullpayments',
  ],
  'btcpay.store.cancreatepullpayments': ['btcpay.store.cancreatenonapprovedpullpayments'],
  'btcpay.store.cancreatenonapprovedpullpayments': ['btcpay.store.canviewpullpayments'],
  'btcpay.store.canmanagepayouts': ['btcpay.store.canviewpayouts'],
  'btcpay.store.canuselightningnode': [
    'btcpay.store.canviewlightninginvoice',
    'btcpay.store.cancreatelightninginvoice',
  ],
  'btcpay.server.canmodifyserversettings': [
    'btcpay.server.canuseinternallightningnode',
    'btcpay.server.canmanageusers',
  ],
  'btcpay.server.canmanageusers': ['btcpay.server.cancreateuser', 'btcpay.server.candeleteuser'],
  'btcpay.server.canuseinternallightningnode': [
    'btcpay.server.cancreatelightninginvoiceinternalnode',
    'btcpay.server.canviewlightninginvoiceinternalnode',
  ],
  'btcpay.user.canmodifyprofile': ['btcpay.user.canviewprofile'],
  'btcpay.user.canmanagenotificationsforuser': ['btcpay.user.canviewnotificationsforuser'],
};

const policySet: ReadonlySet<string> = new Set(allPolicies);
export const isPolicy = (value: string): value is Policy => policySet.has(value);
export const isStorePolicy = (value: Policy): value is StorePolicy =>
  (storePolicies as readonly string[]).includes(value);

/** Whether holding `held` grants `wanted` (reflexive, transitive; `unrestricted` grants all). */
export function policyIncludes(held: Policy, wanted: Policy): boolean {
  if (held === UNRESTRICTED || held === wanted) return true;
  const seen = new Set<Policy>();
  const stack: Policy[] = [held];
  while (stack.length > 0) {
    const next = stack.pop() as Policy;
    for (const child of directInclusions[next] ?? []) {
      if (child === wanted) return true;
      if (!seen.has(child)) { seen.add(child); stack.push(child); }
    }
  }
  return false;
}

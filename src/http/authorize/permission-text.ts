/** What each store permission lets an application do, in the operator's words (BTCPay's titles, reworded). */
import type { StorePolicy } from '../../domain/permissions';

export const STORE_POLICY_TEXT: Readonly<Record<StorePolicy, string>> = {
  'btcpay.store.canmodifystoresettings': 'Change the store\'s settings, webhooks and invoices',
  'btcpay.store.canviewstoresettings': 'View the store\'s settings and payment methods',
  'btcpay.store.webhooks.canmodifywebhooks': 'Create, change and delete the store\'s webhooks',
  'btcpay.store.canviewinvoices': 'View invoices',
  'btcpay.store.cancreateinvoice': 'Create invoices',
  'btcpay.store.canmodifyinvoices': 'Create, view and change invoices (e.g. mark one invalid)',
  'btcpay.store.canviewreports': 'View reports',
  'btcpay.store.canviewpaymentrequests': 'View payment requests',
  'btcpay.store.canmodifypaymentrequests': 'Change payment requests',
  'btcpay.store.canmanagepullpayments': 'Manage pull payments (refunds)',
  'btcpay.store.canarchivepullpayments': 'Archive pull payments',
  'btcpay.store.cancreatepullpayments': 'Create pull payments (refunds)',
  'btcpay.store.cancreatenonapprovedpullpayments': 'Ask for refunds (not approved; this gateway refunds from the Blink app)',
  'btcpay.store.canviewpullpayments': 'View pull payments',
  'btcpay.store.canmanagepayouts': 'Manage payouts',
  'btcpay.store.canviewpayouts': 'View payouts',
  'btcpay.store.canuselightningnode': 'Use the store\'s Lightning node',
  'btcpay.store.cancreatelightninginvoice': 'Create Lightning invoices',
  'btcpay.store.canviewlightninginvoice': 'View Lightning invoices',
};

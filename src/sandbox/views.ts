import type { SandboxContext } from './context';
import { MESSAGES, topLevelError } from './errors';
import { pageOfInvoices, type InvoicePage, type PageArgs } from './invoice-connection';
import { invoiceStatus, type AccountRecord, type InvoiceRecord, type SandboxState, type WalletRecord } from './state';

/** Plain objects shaped like Blink's GraphQL types; `__typename` picks the member of an interface or union. */
const seconds = (ms: number) => Math.floor(ms / 1000);

export function walletView(wallet: WalletRecord) {
  return {
    __typename: wallet.currency === 'BTC' ? 'BTCWallet' : 'UsdWallet',
    id: wallet.id,
    accountId: wallet.accountId,
    walletCurrency: wallet.currency,
    balance: wallet.balance,
    pendingIncomingBalance: 0,
    invoices: invoicesResolver([wallet.id]),
  };
}

/** A wallet as its owner reads it: with the transaction a paid invoice of this wallet booked (a list of one, as Blink). */
function walletWithTransactions(state: SandboxState, wallet: WalletRecord) {
  return {
    ...walletView(wallet),
    transactionsByPaymentHash: ({ paymentHash }: { paymentHash: unknown }) => {
      const invoice = typeof paymentHash === 'string' ? state.invoices.get(paymentHash.toLowerCase()) : undefined;
      return invoice?.walletId === wallet.id && invoice.settlement !== null ? [transactionView(state, invoice)] : [];
    },
  };
}

export function publicWalletView(wallet: WalletRecord) {
  return { id: wallet.id, currency: wallet.currency, walletCurrency: wallet.currency };
}

export function accountView(state: SandboxState, account: AccountRecord) {
  const wallets = state.walletsOf(account.info.id);
  const defaultWallet = state.wallets.get(account.info.defaultWalletId);
  if (defaultWallet === undefined) throw new Error(`bug: account ${account.info.id} has no default wallet`);
  return {
    __typename: 'ConsumerAccount',
    id: account.info.id,
    level: 'ONE',
    displayCurrency: 'USD',
    defaultWalletId: defaultWallet.id,
    defaultWallet: publicWalletView(defaultWallet),
    invoices: invoicesResolver(wallets.map((wallet) => wallet.id)),
    wallets: wallets.map((wallet) => walletWithTransactions(state, wallet)),
    walletById: ({ walletId }: { walletId: unknown }) => {
      const wallet = wallets.find((candidate) => candidate.id === walletId);
      if (wallet === undefined) throw topLevelError(MESSAGES.invalidWalletForAccount);
      return walletWithTransactions(state, wallet);
    },
  };
}

export function userView(state: SandboxState, account: AccountRecord) {
  return { id: account.userId, createdAt: seconds(account.createdAt), defaultAccount: accountView(state, account) };
}

export function invoiceView(invoice: InvoiceRecord, now: number) {
  return {
    __typename: invoice.satoshis === null ? 'LnNoAmountInvoice' : 'LnInvoice',
    createdAt: seconds(invoice.createdAt),
    externalId: invoice.externalId,
    paymentHash: invoice.paymentHash,
    paymentRequest: invoice.paymentRequest,
    paymentSecret: invoice.paymentSecret,
    paymentStatus: invoiceStatus(invoice, now),
    satoshis: invoice.satoshis,
  };
}

/** The GraphQL `InvoiceConnection` for a page; nodes are `LnInvoice` or `LnNoAmountInvoice`. */
export function invoiceConnectionView(page: InvoicePage, now: number) {
  const first = page.invoices[0];
  const last = page.invoices[page.invoices.length - 1];
  return {
    edges: page.invoices.map((invoice) => ({ cursor: invoice.paymentHash, node: invoiceView(invoice, now) })),
    pageInfo: {
      startCursor: first?.paymentHash ?? null,
      endCursor: last?.paymentHash ?? null,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
    },
  };
}

/**
 * `invoices` on an account (its `walletIds` argument narrows the account's wallets; ids that are not
 * the account's, or not wallet ids at all, match nothing, as on Blink) or on one wallet (no such
 * argument). READ is enforced where the account is reached (`me`), as Blink's shield does.
 */
function invoicesResolver(ownWalletIds: readonly string[]) {
  return (args: PageArgs & { walletIds?: readonly unknown[] | null }, context: SandboxContext) => {
    const wanted = args.walletIds;
    const walletIds = wanted === undefined || wanted === null ? ownWalletIds : ownWalletIds.filter((id) => wanted.includes(id));
    const page = pageOfInvoices(context.state, new Set(walletIds), args);
    if (page instanceof Error) throw topLevelError(page.message, 'INVALID_INPUT');
    return invoiceConnectionView(page, context.now());
  };
}

/** `LnInvoicePaymentStatus` (query) and the non-error part of its subscription payload. */
export function paymentStatusView(invoice: InvoiceRecord, now: number) {
  const status = invoiceStatus(invoice, now);
  return {
    paymentHash: invoice.paymentHash,
    paymentRequest: invoice.paymentRequest,
    paymentPreimage: status === 'PAID' ? invoice.paymentPreimage : null,
    status,
  };
}

function displayPrice(state: SandboxState, invoice: InvoiceRecord) {
  // Price of one settlement minor unit (sat or cent) in display minor units (USD cents), base/10^offset.
  const centsPerUnit = invoice.walletCurrency === 'BTC' ? state.config.btcUsdPrice / 1_000_000 : 1;
  const offset = 12;
  return { base: Math.round(centsPerUnit * 10 ** offset), offset, currencyUnit: 'MINOR', formattedAmount: String(centsPerUnit) };
}

/** The `Transaction` a paid invoice books in its wallet. */
export function transactionView(state: SandboxState, invoice: InvoiceRecord) {
  const settlement = invoice.settlement;
  if (settlement === null) throw new Error(`bug: invoice ${invoice.paymentHash} is not paid`);
  const counterParty = settlement.counterPartyWalletId;
  const displayCents = invoice.walletCurrency === 'BTC' ? (settlement.credited * state.config.btcUsdPrice) / 1_000_000 : settlement.credited;
  return {
    id: settlement.transactionId,
    createdAt: seconds(settlement.at),
    direction: 'RECEIVE',
    status: 'SUCCESS',
    externalId: invoice.externalId,
    memo: invoice.memo === '' ? null : invoice.memo,
    settlementAmount: settlement.credited,
    settlementFee: 0,
    settlementCurrency: invoice.walletCurrency,
    settlementDisplayAmount: (displayCents / 100).toFixed(2),
    settlementDisplayFee: '0.00',
    settlementDisplayCurrency: 'USD',
    settlementPrice: displayPrice(state, invoice),
    // An invoice is always initiated over LN; a payer inside Blink settles it intraledger (blink-api.md §7).
    initiationVia: { __typename: 'InitiationViaLn', paymentHash: invoice.paymentHash, paymentRequest: invoice.paymentRequest },
    settlementVia: settlement.via === 'intraledger'
      ? { __typename: 'SettlementViaIntraLedger', counterPartyWalletId: counterParty, counterPartyUsername: null, preImage: invoice.paymentPreimage }
      : { __typename: 'SettlementViaLn', preImage: invoice.paymentPreimage },
  };
}

export function lnUpdateView(state: SandboxState, invoice: InvoiceRecord) {
  return {
    __typename: 'LnUpdate',
    paymentHash: invoice.paymentHash,
    walletId: invoice.walletId,
    status: 'PAID',
    transaction: transactionView(state, invoice),
  };
}

/** What `GET /sandbox/invoices` and the control API answer for an invoice. */
export function controlInvoiceView(invoice: InvoiceRecord, now: number) {
  return {
    paymentHash: invoice.paymentHash,
    paymentRequest: invoice.paymentRequest,
    paymentPreimage: invoice.paymentPreimage,
    paymentSecret: invoice.paymentSecret,
    status: invoiceStatus(invoice, now),
    accountId: invoice.accountId,
    walletId: invoice.walletId,
    walletCurrency: invoice.walletCurrency,
    satoshis: invoice.satoshis,
    cents: invoice.cents,
    memo: invoice.memo,
    externalId: invoice.externalId,
    onBehalfOfRecipient: invoice.onBehalfOfRecipient,
    webhookUrl: invoice.webhookUrl,
    createdAt: seconds(invoice.createdAt),
    expiresAt: seconds(invoice.expiresAt),
    paidAt: invoice.settlement === null ? null : seconds(invoice.settlement.at),
    settledVia: invoice.settlement?.via ?? null,
    settledSats: invoice.settlement?.sats ?? null,
  };
}

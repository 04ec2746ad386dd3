import type { InvoiceRecord, SandboxState } from './state';

/**
 * `Account.invoices` and `Wallet.invoices` (an `InvoiceConnection`) as Blink pages them
 * (core/api: `checkedToPaginatedQueryArgs`, `WalletInvoicesRepository.findInvoicesForWallets`):
 * - page size 1–100; `first` and `last` together, or a size out of range, is an INVALID_INPUT error;
 *   neither means `first: 100`;
 * - newest first; the cursor is the invoice's payment hash; `after` keeps invoices older than the
 *   cursor's invoice, `before` newer ones; an unknown cursor is ignored, as Blink's lookup finds nothing;
 * - `first` takes the newest n (`hasNextPage` when more match), `last` the oldest n (`hasPreviousPage`).
 * Blink sorts on a millisecond timestamp; the sandbox sorts on creation order (`state.invoices` is a Map,
 * whose insertion order is creation order), which is the same order without same-timestamp ties.
 */
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

type Page = { size: number; from: 'newest' | 'oldest' };

/** Blink's checks, with its messages, in its order. */
export function checkedPage(args: PageArgs): Page | Error {
  const { first, last } = args;
  if (first && last) return new Error('Cannot use both "first" and "last".');
  const sized = (size: number, from: Page['from']): Page | Error => {
    if (size > MAX_PAGE_SIZE) return new Error(`Requested page size (${size}) is greater than max allowed page size ${MAX_PAGE_SIZE}.`);
    if (size <= 0) return new Error(`Requested page size (${size}) must be greater than 0.`);
    return { size, from };
  };
  if (typeof first === 'number') return sized(first, 'newest');
  if (typeof last === 'number') return sized(last, 'oldest');
  return { size: MAX_PAGE_SIZE, from: 'newest' };
}

export interface InvoicePage {
  invoices: InvoiceRecord[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The page of `walletIds`' invoices that `args` selects, or Blink's error for the arguments. */
export function pageOfInvoices(state: SandboxState, walletIds: ReadonlySet<string>, args: PageArgs): InvoicePage | Error {
  const page = checkedPage(args);
  if (page instanceof Error) return page;
  const created = [...state.invoices.values()];
  // Blink looks cursors up among all invoices, not only the listed wallets'; -1: no such cursor.
  const afterIndex = created.findIndex((invoice) => invoice.paymentHash === args.after);
  const beforeIndex = created.findIndex((invoice) => invoice.paymentHash === args.before);
  const matching = created
    .filter((invoice, index) => walletIds.has(invoice.walletId)
      && (afterIndex < 0 || index < afterIndex)
      && (beforeIndex < 0 || index > beforeIndex))
    .reverse(); // newest first
  if (page.from === 'newest') {
    return { invoices: matching.slice(0, page.size), hasNextPage: matching.length > page.size, hasPreviousPage: false };
  }
  return { invoices: matching.slice(Math.max(0, matching.length - page.size)), hasNextPage: false, hasPreviousPage: matching.length > page.size };
}

import { canReceive, requireAccount, type SandboxContext } from '../context';
import { MESSAGES, payloadError, unexpected, type PayloadError } from '../errors';
import { createInvoice, type CreateInvoiceRequest } from '../invoices';
import { randomOnChainAddress } from '../onchain-address';
import { firstInputError } from '../scalars';
import type { WalletRecord } from '../state';
import { invoiceView } from '../views';

/**
 * Receive mutations. Authed ones run Blink's middleware order: shield (a key is required, top-level
 * "Not authorized"), wallet ownership (payload error), scope (payload error), then input scalars.
 * The OnBehalfOfRecipient variants need no key and go straight to the inputs.
 */
type Input = { input: Record<string, unknown> };
type Kind = CreateInvoiceRequest['kind'];

const failed = (error: PayloadError, resultField: string) => ({ errors: [error], [resultField]: null });

/** The caller's own wallet named by `walletId`, or the payload error Blink's middlewares give. */
function ownWallet(context: SandboxContext, walletId: unknown): WalletRecord | PayloadError {
  const { account, scopes } = requireAccount(context);
  if (walletId instanceof Error) return payloadError(walletId.message);
  const wallet = context.state.wallets.get(String(walletId));
  if (wallet === undefined || wallet.accountId !== account.info.id) return payloadError(MESSAGES.invalidWalletForAccount);
  if (!canReceive(scopes)) return payloadError(MESSAGES.notAuthorizedToMutate);
  return wallet;
}

function invoiceResult(context: SandboxContext, wallet: WalletRecord, kind: Kind, input: Record<string, unknown>, onBehalfOfRecipient: boolean) {
  const inputError = firstInputError(Object.values(input));
  if (inputError !== undefined) return failed(payloadError(inputError.message), 'invoice');
  const now = context.now();
  const invoice = createInvoice(context.state, {
    kind,
    wallet,
    amount: typeof input.amount === 'number' ? input.amount : null,
    memo: input.memo as string | null | undefined,
    expiresIn: input.expiresIn as number | null | undefined,
    externalId: input.externalId as string | null | undefined,
    descriptionHash: input.descriptionHash as string | null | undefined,
    webhookUrl: input.webhookUrl as string | null | undefined,
    onBehalfOfRecipient,
  }, now);
  if ('__typename' in invoice) return failed(invoice, 'invoice');
  return { errors: [], invoice: invoiceView(invoice, now) };
}

function forSelf(kind: Kind) {
  return (_: unknown, { input }: Input, context: SandboxContext) => {
    const wallet = ownWallet(context, input.walletId);
    if ('__typename' in wallet) return failed(wallet, 'invoice');
    return invoiceResult(context, wallet, kind, input, false);
  };
}

function onBehalfOfRecipient(kind: Kind) {
  return (_: unknown, { input }: Input, context: SandboxContext) => {
    const inputError = firstInputError(Object.values(input));
    if (inputError !== undefined) return failed(payloadError(inputError.message), 'invoice');
    const wallet = context.state.wallets.get(String(input.recipientWalletId));
    if (wallet === undefined) return failed(payloadError(unexpected('CouldNotFindWalletFromIdError'), 'UNEXPECTED_CLIENT_ERROR'), 'invoice');
    return invoiceResult(context, wallet, kind, input, true);
  };
}

export const mutationResolvers = {
  lnInvoiceCreate: forSelf('btc'),
  lnUsdInvoiceCreate: forSelf('usd'),
  lnNoAmountInvoiceCreate: forSelf('no-amount'),
  lnInvoiceCreateOnBehalfOfRecipient: onBehalfOfRecipient('btc'),
  lnUsdInvoiceCreateOnBehalfOfRecipient: onBehalfOfRecipient('usd'),
  lnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipient: onBehalfOfRecipient('usd-sats'),
  lnNoAmountInvoiceCreateOnBehalfOfRecipient: onBehalfOfRecipient('no-amount'),

  onChainAddressCurrent: (_: unknown, { input }: Input, context: SandboxContext) => {
    const wallet = ownWallet(context, input.walletId);
    if ('__typename' in wallet) return failed(wallet, 'address');
    const account = context.state.accounts.get(wallet.accountId);
    if (account?.info.receiveDisabled === true) return failed(payloadError(MESSAGES.receiveDisabled, 'RECEIVE_DISABLED'), 'address');
    wallet.onChainAddress ??= randomOnChainAddress(context.state.config.network);
    return { errors: [], address: wallet.onChainAddress };
  },
};

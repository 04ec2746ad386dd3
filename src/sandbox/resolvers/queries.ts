import { randomUUID } from 'node:crypto';
import * as bolt11 from 'bolt11';
import { bolt11Network } from '../bolt11';
import { requireAccount, requireReader, type SandboxContext } from '../context';
import { InputValidationError, invoiceNotFoundMessage, topLevelError } from '../errors';
import { estimateConversion } from '../invoice-rules';
import { paymentStatusView, publicWalletView, userView } from '../views';

/** Query resolvers: authed ones check READ; the rest are public, as on Blink. */
type Args = Record<string, unknown>;
type Input = { input: Record<string, unknown> };

function valueOrThrow<T>(value: T): Exclude<T, InputValidationError> {
  if (value instanceof InputValidationError) throw topLevelError(value.message, 'INVALID_INPUT');
  return value as Exclude<T, InputValidationError>;
}

const SECONDS_PER_DAY = 86_400;

export const queryResolvers = {
  me: (_: unknown, __: Args, context: SandboxContext) => userView(context.state, requireReader(context)),

  authorization: (_: unknown, __: Args, context: SandboxContext) => {
    requireReader(context);
    return { scopes: requireAccount(context).scopes };
  },

  windDown: (_: unknown, __: Args, context: SandboxContext) => {
    const account = requireReader(context);
    if (!account.info.receiveDisabled) return null;
    const created = Math.floor(account.createdAt / 1000);
    return {
      status: 'RECEIVE_DISABLED',
      receiveDisabledAt: created - SECONDS_PER_DAY,
      gateArmsAt: created + 30 * SECONDS_PER_DAY,
      finalDeadline: created + 90 * SECONDS_PER_DAY,
      timezone: 'UTC',
    };
  },

  globals: (_: unknown, __: Args, context: SandboxContext) => ({
    network: context.state.config.network,
    nodesIds: [context.state.config.nodeKey.publicKey],
    lightningAddressDomain: 'sandbox.blink.invalid',
  }),

  accountDefaultWallet: (_: unknown, args: Args, context: SandboxContext) => {
    const username = valueOrThrow(args.username) as string;
    const account = context.state.accountByUsername(username);
    if (account === undefined) throw topLevelError(`Account does not exist for username ${username}`, 'NOT_FOUND');
    const wallets = context.state.walletsOf(account.info.id);
    const wanted = args.walletCurrency;
    const wallet = wanted === undefined || wanted === null
      ? wallets.find((candidate) => candidate.id === account.info.defaultWalletId)
      : wallets.find((candidate) => candidate.currency === wanted);
    if (wallet === undefined) throw topLevelError(`Couldn't find wallet for username ${username} and currency ${String(wanted)}`, 'NOT_FOUND');
    return publicWalletView(wallet);
  },

  currencyConversionEstimation: (_: unknown, args: Args, context: SandboxContext) => {
    const currency = (valueOrThrow(args.currency) as string).toUpperCase();
    const unitsPerUsd = context.state.config.fiatPerUsd[currency];
    if (unitsPerUsd === undefined) throw topLevelError(`Unsupported display currency: ${currency}`, 'INVALID_INPUT');
    const amount = args.amount as number;
    if (!(amount >= 0)) throw topLevelError('Invalid value for amount', 'INVALID_INPUT');
    const estimate = estimateConversion(amount, unitsPerUsd, context.state.config.btcUsdPrice);
    return { id: randomUUID(), timestamp: Math.floor(context.now() / 1000), ...estimate };
  },

  lnInvoicePaymentStatusByHash: (_: unknown, { input }: Input, context: SandboxContext) => {
    const paymentHash = (valueOrThrow(input.paymentHash) as string).toLowerCase();
    const invoice = context.state.invoices.get(paymentHash);
    if (invoice === undefined) throw topLevelError(invoiceNotFoundMessage(paymentHash), 'LIGHTNING_PAYMENT_ERROR');
    return paymentStatusView(invoice, context.now());
  },

  /** Decodes the request only, as Blink does: a foreign invoice is PENDING or EXPIRED, never an error. */
  lnInvoicePaymentStatusByPaymentRequest: (_: unknown, { input }: Input, context: SandboxContext) => {
    const paymentRequest = (valueOrThrow(input.paymentRequest) as string).toLowerCase();
    const invoice = context.state.invoiceByPaymentRequest(paymentRequest);
    if (invoice !== undefined) return paymentStatusView(invoice, context.now());
    let decoded: ReturnType<typeof bolt11.decode>;
    try {
      decoded = bolt11.decode(paymentRequest, bolt11Network(context.state.config.network));
    } catch {
      throw topLevelError('Invalid value for LnPaymentRequest', 'INVOICE_DECODE_ERROR');
    }
    const expired = decoded.timeExpireDate !== undefined && decoded.timeExpireDate * 1000 <= context.now();
    return { paymentHash: decoded.tagsObject.payment_hash ?? null, paymentRequest, paymentPreimage: null, status: expired ? 'EXPIRED' : 'PENDING' };
  },
};

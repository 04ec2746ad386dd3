import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { encodePaymentRequest, randomHex32 } from './bolt11';
import { MESSAGES, payloadError, type PayloadError } from './errors';
import { centsToSats, expiryMinutes, satsToCents, type InvoiceKind } from './invoice-rules';
import { invoiceStatus, type InvoiceRecord, type SandboxState, type WalletRecord } from './state';

/**
 * Invoice creation, payment and expiry: the application layer behind the receive mutations and the
 * control API. Checks run in Blink's order once the caller and wallet are known: wallet currency,
 * wind-down, rate limit, amount, external id.
 */
export interface CreateInvoiceRequest {
  /** btc: `amount` sats into a BTC wallet; usd: `amount` cents into a USD wallet; usd-sats: `amount` sats into a USD wallet. */
  kind: InvoiceKind | 'usd-sats';
  wallet: WalletRecord;
  amount: number | null;
  memo: string | null | undefined;
  expiresIn: number | null | undefined;
  externalId: string | null | undefined;
  descriptionHash?: string | null | undefined;
  webhookUrl?: string | null | undefined;
  onBehalfOfRecipient: boolean;
}

function requiredCurrency(kind: CreateInvoiceRequest['kind']): 'BTC' | 'USD' | null {
  if (kind === 'btc') return 'BTC';
  return kind === 'no-amount' ? null : 'USD';
}

/** Sats and quoted cents for the invoice, or the amount error Blink gives. */
function amounts(request: CreateInvoiceRequest, btcUsdPrice: number): { satoshis: number | null; cents: number | null } | PayloadError {
  const amount = request.amount ?? 0;
  switch (request.kind) {
    case 'no-amount':
      return { satoshis: null, cents: null };
    case 'btc':
      return amount > 0 ? { satoshis: amount, cents: null } : payloadError(MESSAGES.invalidSatAmount, 'INVALID_INPUT');
    case 'usd':
      return amount > 0 ? { satoshis: centsToSats(amount, btcUsdPrice), cents: amount } : payloadError(MESSAGES.invalidUsdAmount, 'INVALID_INPUT');
    case 'usd-sats': {
      if (amount <= 0) return payloadError(MESSAGES.invalidSatAmount, 'INVALID_INPUT');
      const cents = satsToCents(amount, btcUsdPrice);
      return cents >= 1 ? { satoshis: amount, cents } : payloadError(MESSAGES.usdAmountTooLow, 'INVALID_INPUT');
    }
  }
}

export function createInvoice(state: SandboxState, request: CreateInvoiceRequest, now: number): InvoiceRecord | PayloadError {
  const { wallet } = request;
  const currency = requiredCurrency(request.kind);
  if (currency !== null && wallet.currency !== currency) return payloadError(MESSAGES.unsupportedCurrency, 'INVALID_INPUT');
  const account = state.accounts.get(wallet.accountId);
  if (account === undefined) throw new Error(`bug: wallet ${wallet.id} has no account`);
  if (account.info.receiveDisabled) return payloadError(MESSAGES.receiveDisabled, 'RECEIVE_DISABLED');
  const limiter = request.onBehalfOfRecipient ? state.recipientInvoiceLimiter : state.selfInvoiceLimiter;
  if (state.faults.forceRateLimit || !limiter.consume(account.info.id, now)) return payloadError(MESSAGES.tooManyInvoices, 'TOO_MANY_REQUEST');
  const amount = amounts(request, state.config.btcUsdPrice);
  if ('message' in amount) return amount;
  const accountExternalIds = state.externalIds.get(account.info.id) ?? new Set<string>();
  if (request.externalId != null && accountExternalIds.has(request.externalId)) {
    return payloadError(MESSAGES.duplicateExternalId, 'INVALID_INPUT');
  }

  const preimage = randomBytes(32);
  const paymentHash = createHash('sha256').update(preimage).digest('hex');
  const paymentSecret = randomHex32();
  const kind: InvoiceKind = request.kind === 'usd-sats' ? 'usd' : request.kind;
  const minutes = expiryMinutes(kind, wallet.currency, request.expiresIn);
  const memo = request.memo ?? '';
  const paymentRequest = encodePaymentRequest({
    network: state.config.network,
    nodeKey: state.config.nodeKey,
    satoshis: amount.satoshis,
    paymentHash,
    paymentSecret,
    description: memo,
    ...(request.descriptionHash != null ? { descriptionHash: request.descriptionHash.toLowerCase() } : {}),
    timestamp: Math.floor(now / 1000),
    expirySeconds: minutes * 60,
  });
  const externalId = request.externalId ?? paymentHash;
  const invoice: InvoiceRecord = {
    paymentHash,
    paymentPreimage: preimage.toString('hex'),
    paymentSecret,
    paymentRequest,
    walletId: wallet.id,
    accountId: account.info.id,
    walletCurrency: wallet.currency,
    kind,
    satoshis: amount.satoshis,
    cents: amount.cents,
    memo,
    externalId,
    onBehalfOfRecipient: request.onBehalfOfRecipient,
    webhookUrl: request.webhookUrl ?? null,
    createdAt: Math.floor(now / 1000) * 1000, // BOLT11 timestamps are whole seconds; keep expiry consistent
    expiresAt: Math.floor(now / 1000) * 1000 + minutes * 60_000,
    forcedExpired: false,
    settlement: null,
  };
  accountExternalIds.add(externalId);
  state.externalIds.set(account.info.id, accountExternalIds);
  state.invoices.set(paymentHash, invoice);
  return invoice;
}

export interface PayRequest { intraledger: boolean; amountSats?: number | undefined }
export type ControlFailure = { status: 404 | 409 | 422; message: string };

export function payInvoice(state: SandboxState, invoice: InvoiceRecord, request: PayRequest, now: number): InvoiceRecord | ControlFailure {
  const status = invoiceStatus(invoice, now);
  if (status !== 'PENDING') return { status: 409, message: `invoice ${invoice.paymentHash} is ${status}, only a PENDING invoice can be paid` };
  let sats = invoice.satoshis;
  if (sats === null) {
    if (request.amountSats === undefined) return { status: 422, message: 'amountSats: required to pay a no-amount invoice' };
    sats = request.amountSats;
  } else if (request.amountSats !== undefined && request.amountSats !== sats) {
    return { status: 422, message: `amountSats: the invoice asks for exactly ${sats} sats` };
  }
  const credited = invoice.walletCurrency === 'BTC' ? sats : invoice.cents ?? satsToCents(sats, state.config.btcUsdPrice);
  invoice.settlement = {
    at: now,
    via: request.intraledger ? 'intraledger' : 'ln',
    sats,
    credited,
    transactionId: randomUUID().replace(/-/g, '').slice(0, 24),
    counterPartyWalletId: request.intraledger ? randomUUID() : null,
  };
  const wallet = state.wallets.get(invoice.walletId);
  if (wallet !== undefined) wallet.balance += credited;
  state.publish({ kind: 'paid', invoice });
  return invoice;
}

export function expireInvoice(state: SandboxState, invoice: InvoiceRecord, now: number): InvoiceRecord | ControlFailure {
  const status = invoiceStatus(invoice, now);
  if (status === 'PAID') return { status: 409, message: `invoice ${invoice.paymentHash} is PAID and cannot expire` };
  if (status === 'PENDING') {
    invoice.forcedExpired = true;
    state.publish({ kind: 'expired', invoice });
  }
  return invoice;
}

/**
 * What a paid invoice credited to its wallet, read from the receive transaction Blink booked for its
 * payment hash (`Wallet.transactionsByPaymentHash`, READ scope). The status queries and the
 * per-invoice subscription do not carry the amount; a no-amount (top-up) invoice needs it.
 */
import type { WalletId } from '../../../connection-string/types';
import { BlinkError, type BlinkReceivedAmount, type PaymentHash } from '../../app/blink-port';
import { walletTransactionsByHashDocument } from './documents';
import { callBlink, readField, type BlinkEndpoint, type CallDeps } from './graphql-call';
import { walletTransactionsSchema } from './schemas';

export async function receivedAmount(
  deps: CallDeps, endpoint: BlinkEndpoint, walletId: WalletId, paymentHash: PaymentHash,
): Promise<BlinkReceivedAmount | null | BlinkError> {
  const me = await callBlink(deps, endpoint,
    { operationName: 'WalletTransactionsByHash', query: walletTransactionsByHashDocument, variables: { walletId, paymentHash } },
    (envelope) => readField(envelope, 'me', walletTransactionsSchema, endpoint.apiKey), { retry: true });
  if (me instanceof BlinkError) return me;
  const receive = me.defaultAccount.walletById.transactionsByPaymentHash
    .find((transaction) => transaction.direction === 'RECEIVE' && transaction.status === 'SUCCESS');
  if (receive === undefined || !Number.isInteger(receive.settlementAmount) || receive.settlementAmount <= 0) return null;
  return { amount: receive.settlementAmount, currency: receive.settlementCurrency };
}

/**
 * Every GraphQL document the gateway sends to Blink, one named operation each. A contract test
 * validates all of them against Blink's published schema, so a typo fails CI, not a payment.
 * Mutations go one per request: Blink gives each mutation field a complexity of 120 and refuses a
 * request whose total reaches 200.
 */

const INVOICE_FIELDS = 'paymentRequest paymentHash satoshis paymentStatus createdAt externalId';
const NO_AMOUNT_INVOICE_FIELDS = 'paymentRequest paymentHash paymentStatus createdAt externalId';
const PAYLOAD_ERRORS = 'errors { message path code }';

export const accountWalletsDocument = `query AccountWallets {
  me { defaultAccount { id defaultWallet { id currency } wallets { id walletCurrency } } }
}`;

export const authorizationDocument = 'query Authorization { authorization { scopes } }';

export const globalsDocument = 'query Globals { globals { network } }';

export const windDownDocument =
  'query WindDown { windDown { status receiveDisabledAt gateArmsAt finalDeadline timezone } }';

export const accountDefaultWalletDocument = `query AccountDefaultWallet($username: Username!) {
  accountDefaultWallet(username: $username) { id currency }
}`;

export const currencyConversionDocument = `query CurrencyConversionEstimation($amount: Float!, $currency: DisplayCurrency!) {
  currencyConversionEstimation(amount: $amount, currency: $currency) { btcSatAmount usdCentAmount }
}`;

/** Used only to establish the Receive scope of a key that cannot read (see verify-connection.ts). */
export const onChainAddressCurrentDocument = `mutation OnChainAddressCurrent($input: OnChainAddressCurrentInput!) {
  onChainAddressCurrent(input: $input) { address ${PAYLOAD_ERRORS} }
}`;

/** The invoice-creating mutations, keyed by their root field (also the payload's key in `data`). */
export const invoiceMutationDocuments = {
  lnInvoiceCreate: `mutation LnInvoiceCreate($input: LnInvoiceCreateInput!) {
  lnInvoiceCreate(input: $input) { ${PAYLOAD_ERRORS} invoice { ${INVOICE_FIELDS} } }
}`,
  lnUsdInvoiceCreate: `mutation LnUsdInvoiceCreate($input: LnUsdInvoiceCreateInput!) {
  lnUsdInvoiceCreate(input: $input) { ${PAYLOAD_ERRORS} invoice { ${INVOICE_FIELDS} } }
}`,
  lnNoAmountInvoiceCreate: `mutation LnNoAmountInvoiceCreate($input: LnNoAmountInvoiceCreateInput!) {
  lnNoAmountInvoiceCreate(input: $input) { ${PAYLOAD_ERRORS} invoice { ${NO_AMOUNT_INVOICE_FIELDS} } }
}`,
  lnInvoiceCreateOnBehalfOfRecipient: `mutation LnInvoiceCreateOnBehalfOfRecipient($input: LnInvoiceCreateOnBehalfOfRecipientInput!) {
  lnInvoiceCreateOnBehalfOfRecipient(input: $input) { ${PAYLOAD_ERRORS} invoice { ${INVOICE_FIELDS} } }
}`,
  lnUsdInvoiceCreateOnBehalfOfRecipient: `mutation LnUsdInvoiceCreateOnBehalfOfRecipient($input: LnUsdInvoiceCreateOnBehalfOfRecipientInput!) {
  lnUsdInvoiceCreateOnBehalfOfRecipient(input: $input) { ${PAYLOAD_ERRORS} invoice { ${INVOICE_FIELDS} } }
}`,
  lnNoAmountInvoiceCreateOnBehalfOfRecipient: `mutation LnNoAmountInvoiceCreateOnBehalfOfRecipient($input: LnNoAmountInvoiceCreateOnBehalfOfRecipientInput!) {
  lnNoAmountInvoiceCreateOnBehalfOfRecipient(input: $input) { ${PAYLOAD_ERRORS} invoice { ${NO_AMOUNT_INVOICE_FIELDS} } }
}`,
} as const;
export type InvoiceMutation = keyof typeof invoiceMutationDocuments;

/**
 * Blink has no lookup by external id (reference §6.8, §9): after `External id … already exists` the
 * client pages through the wallet's invoices, newest first, to recover the one it created before.
 */
export const walletInvoicesDocument = `query WalletInvoices($walletIds: [WalletId], $first: Int, $after: String) {
  me {
    defaultAccount {
      invoices(first: $first, after: $after, walletIds: $walletIds) {
        pageInfo { hasNextPage endCursor }
        edges { node { __typename paymentRequest paymentHash paymentStatus createdAt externalId ... on LnInvoice { satoshis } } }
      }
    }
  }
}`;

/**
 * Status of many invoices in one request: one aliased field per hash (`h0`, `h1`, …). Each alias
 * costs 2 in Blink's complexity count (the field and `status`), so 99 fit under the limit of 200.
 */
export const STATUS_BATCH_MAX = 99;

export function statusBatchDocument(count: number): string {
  const indexes = Array.from({ length: count }, (_, index) => index);
  const variables = indexes.map((index) => `$h${index}: LnInvoicePaymentStatusByHashInput!`).join(', ');
  const fields = indexes.map((index) => `h${index}: lnInvoicePaymentStatusByHash(input: $h${index}) { status }`);
  return `query LnInvoicePaymentStatusBatch(${variables}) {\n  ${fields.join('\n  ')}\n}`;
}

/** What a paid invoice credited: its receive transaction (a list of one) in the wallet. READ scope. */
export const walletTransactionsByHashDocument = `query WalletTransactionsByHash($walletId: WalletId!, $paymentHash: PaymentHash!) {
  me {
    defaultAccount {
      walletById(walletId: $walletId) {
        transactionsByPaymentHash(paymentHash: $paymentHash) { direction status settlementAmount settlementCurrency }
      }
    }
  }
}`;

export const myUpdatesDocument = `subscription MyUpdates {
  myUpdates {
    ${PAYLOAD_ERRORS}
    update {
      __typename
      ... on LnUpdate {
        status
        transaction {
          direction externalId settlementAmount settlementCurrency
          initiationVia { __typename ... on InitiationViaLn { paymentHash } }
        }
      }
    }
  }
}`;

export const invoiceStatusSubscriptionDocument = `subscription LnInvoicePaymentStatusByHashSub($input: LnInvoicePaymentStatusByHashInput!) {
  lnInvoicePaymentStatusByHash(input: $input) { ${PAYLOAD_ERRORS} paymentHash paymentPreimage status }
}`;

/**
 * The sandbox's GraphQL SDL: a subset of Blink's public schema (../shared/blink/schema.graphql).
 * Every type, field, argument and input field below exists in Blink's schema with the same type; a unit
 * test proves it. Unions keep all of Blink's members so that documents written for Blink (which may
 * spread fragments on any member) validate here too.
 */
export const SANDBOX_SDL = /* GraphQL */ `
type Query {
  accountDefaultWallet(username: Username!, walletCurrency: WalletCurrency): PublicWallet!
  authorization: Authorization!
  currencyConversionEstimation(amount: Float!, currency: DisplayCurrency!): CurrencyConversionEstimation!
  globals: Globals
  lnInvoicePaymentStatusByHash(input: LnInvoicePaymentStatusByHashInput!): LnInvoicePaymentStatus!
  lnInvoicePaymentStatusByPaymentRequest(input: LnInvoicePaymentStatusByPaymentRequestInput!): LnInvoicePaymentStatus!
  me: User
  windDown: AccountWindDown
}

type Mutation {
  lnInvoiceCreate(input: LnInvoiceCreateInput!): LnInvoicePayload!
  lnInvoiceCreateOnBehalfOfRecipient(input: LnInvoiceCreateOnBehalfOfRecipientInput!): LnInvoicePayload!
  lnNoAmountInvoiceCreate(input: LnNoAmountInvoiceCreateInput!): LnNoAmountInvoicePayload!
  lnNoAmountInvoiceCreateOnBehalfOfRecipient(input: LnNoAmountInvoiceCreateOnBehalfOfRecipientInput!): LnNoAmountInvoicePayload!
  lnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipient(input: LnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipientInput!): LnInvoicePayload!
  lnUsdInvoiceCreate(input: LnUsdInvoiceCreateInput!): LnInvoicePayload!
  lnUsdInvoiceCreateOnBehalfOfRecipient(input: LnUsdInvoiceCreateOnBehalfOfRecipientInput!): LnInvoicePayload!
  onChainAddressCurrent(input: OnChainAddressCurrentInput!): OnChainAddressPayload!
}

type Subscription {
  lnInvoicePaymentStatusByHash(input: LnInvoicePaymentStatusByHashInput!): LnInvoicePaymentStatusPayload!
  myUpdates: MyUpdatesPayload!
}

scalar CentAmount
scalar DisplayCurrency
scalar EndpointUrl
scalar Hex32Bytes
scalar LnPaymentPreImage
scalar LnPaymentRequest
scalar LnPaymentSecret
scalar Memo
scalar Minutes
scalar OnChainAddress
scalar OnChainTxHash
scalar PaymentHash
scalar SafeInt
scalar SatAmount
scalar SignedAmount
scalar SignedDisplayMajorAmount
scalar Timestamp
scalar TxExternalId
scalar Username
scalar WalletId

enum AccountLevel { ONE THREE TWO ZERO }
enum InvoicePaymentStatus { EXPIRED PAID PENDING }
enum Network { mainnet regtest signet testnet }
enum Scope { READ RECEIVE WRITE }
enum TxDirection { RECEIVE SEND }
enum TxNotificationType { IntraLedgerPayment IntraLedgerReceipt LigtningReceipt OnchainPayment OnchainReceipt OnchainReceiptPending }
enum TxStatus { FAILURE PENDING SUCCESS }
enum WalletCurrency { BTC USD }
enum WindDownStatus { GATED_CLOSED PRE_CUTOFF RECEIVE_DISABLED }

interface Error {
  code: String
  message: String!
  path: [String]
}

type GraphQLApplicationError implements Error {
  code: String
  message: String!
  path: [String]
}

type User {
  createdAt: Timestamp!
  defaultAccount: Account!
  id: ID!
}

interface Account {
  defaultWallet: PublicWallet!
  defaultWalletId: WalletId! @deprecated(reason: "Shifting property to 'defaultWallet.id'")
  displayCurrency: DisplayCurrency!
  id: ID!
  invoices(after: String, before: String, first: Int, last: Int, walletIds: [WalletId]): InvoiceConnection
  level: AccountLevel!
  walletById(walletId: WalletId!): Wallet!
  wallets: [Wallet!]!
}

type ConsumerAccount implements Account {
  defaultWallet: PublicWallet!
  defaultWalletId: WalletId! @deprecated(reason: "Shifting property to 'defaultWallet.id'")
  displayCurrency: DisplayCurrency!
  id: ID!
  invoices(after: String, before: String, first: Int, last: Int, walletIds: [WalletId]): InvoiceConnection
  level: AccountLevel!
  walletById(walletId: WalletId!): Wallet!
  wallets: [Wallet!]!
}

interface Wallet {
  accountId: ID!
  balance: SignedAmount!
  id: ID!
  invoices(after: String, before: String, first: Int, last: Int): InvoiceConnection
  pendingIncomingBalance: SignedAmount!
  transactionsByPaymentHash(paymentHash: PaymentHash!): [Transaction!]!
  walletCurrency: WalletCurrency!
}

type BTCWallet implements Wallet {
  accountId: ID!
  balance: SignedAmount!
  id: ID!
  invoices(after: String, before: String, first: Int, last: Int): InvoiceConnection
  pendingIncomingBalance: SignedAmount!
  transactionsByPaymentHash(paymentHash: PaymentHash!): [Transaction!]!
  walletCurrency: WalletCurrency!
}

type UsdWallet implements Wallet {
  accountId: ID!
  balance: SignedAmount!
  id: ID!
  invoices(after: String, before: String, first: Int, last: Int): InvoiceConnection
  pendingIncomingBalance: SignedAmount!
  transactionsByPaymentHash(paymentHash: PaymentHash!): [Transaction!]!
  walletCurrency: WalletCurrency!
}

type PublicWallet {
  currency: WalletCurrency!
  id: ID!
  walletCurrency: WalletCurrency! @deprecated(reason: "Shifting property to 'currency'")
}

type Authorization {
  scopes: [Scope!]!
}

type Globals {
  lightningAddressDomain: String!
  network: Network!
  nodesIds: [String!]!
}

type AccountWindDown {
  finalDeadline: Timestamp!
  gateArmsAt: Timestamp!
  receiveDisabledAt: Timestamp!
  status: WindDownStatus!
  timezone: String!
}

type CurrencyConversionEstimation {
  btcSatAmount: SatAmount!
  id: ID!
  timestamp: Timestamp!
  usdCentAmount: CentAmount!
}

interface Invoice {
  createdAt: Timestamp!
  externalId: TxExternalId!
  paymentHash: PaymentHash!
  paymentRequest: LnPaymentRequest!
  paymentSecret: LnPaymentSecret!
  paymentStatus: InvoicePaymentStatus!
}

type LnInvoice implements Invoice {
  createdAt: Timestamp!
  externalId: TxExternalId!
  paymentHash: PaymentHash!
  paymentRequest: LnPaymentRequest!
  paymentSecret: LnPaymentSecret!
  paymentStatus: InvoicePaymentStatus!
  satoshis: SatAmount!
}

type LnNoAmountInvoice implements Invoice {
  createdAt: Timestamp!
  externalId: TxExternalId!
  paymentHash: PaymentHash!
  paymentRequest: LnPaymentRequest!
  paymentSecret: LnPaymentSecret!
  paymentStatus: InvoicePaymentStatus!
}

type InvoiceConnection {
  edges: [InvoiceEdge!]
  pageInfo: PageInfo!
}

type InvoiceEdge {
  cursor: String!
  node: Invoice!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type LnInvoicePayload {
  errors: [Error!]!
  invoice: LnInvoice
}

type LnNoAmountInvoicePayload {
  errors: [Error!]!
  invoice: LnNoAmountInvoice
}

input LnInvoiceCreateInput {
  amount: SatAmount!
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  walletId: WalletId!
}

input LnUsdInvoiceCreateInput {
  amount: CentAmount!
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  walletId: WalletId!
}

input LnNoAmountInvoiceCreateInput {
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  walletId: WalletId!
}

input LnInvoiceCreateOnBehalfOfRecipientInput {
  amount: SatAmount!
  descriptionHash: Hex32Bytes
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  recipientWalletId: WalletId!
  webhookUrl: EndpointUrl
}

input LnUsdInvoiceCreateOnBehalfOfRecipientInput {
  amount: CentAmount!
  descriptionHash: Hex32Bytes
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  recipientWalletId: WalletId!
  webhookUrl: EndpointUrl
}

input LnUsdInvoiceBtcDenominatedCreateOnBehalfOfRecipientInput {
  amount: SatAmount!
  descriptionHash: Hex32Bytes
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  recipientWalletId: WalletId!
  webhookUrl: EndpointUrl
}

input LnNoAmountInvoiceCreateOnBehalfOfRecipientInput {
  expiresIn: Minutes
  externalId: TxExternalId
  memo: Memo
  recipientWalletId: WalletId!
  webhookUrl: EndpointUrl
}

input LnInvoicePaymentStatusByHashInput {
  paymentHash: PaymentHash!
}

input LnInvoicePaymentStatusByPaymentRequestInput {
  paymentRequest: LnPaymentRequest!
}

type LnInvoicePaymentStatus {
  paymentHash: PaymentHash
  paymentPreimage: LnPaymentPreImage
  paymentRequest: LnPaymentRequest
  status: InvoicePaymentStatus
}

type LnInvoicePaymentStatusPayload {
  errors: [Error!]!
  paymentHash: PaymentHash
  paymentPreimage: LnPaymentPreImage
  paymentRequest: LnPaymentRequest
  status: InvoicePaymentStatus
}

input OnChainAddressCurrentInput {
  walletId: WalletId!
}

type OnChainAddressPayload {
  address: OnChainAddress
  errors: [Error!]!
}

type MyUpdatesPayload {
  errors: [Error!]!
  me: User
  update: UserUpdate
}

union UserUpdate = IntraLedgerUpdate | LnUpdate | OnChainUpdate | Price | RealtimePrice

type LnUpdate {
  paymentHash: PaymentHash! @deprecated(reason: "Deprecated in favor of transaction")
  status: InvoicePaymentStatus!
  transaction: Transaction!
  walletId: WalletId! @deprecated(reason: "Deprecated in favor of transaction")
}

type IntraLedgerUpdate {
  transaction: Transaction!
  txNotificationType: TxNotificationType!
}

type OnChainUpdate {
  transaction: Transaction!
  txNotificationType: TxNotificationType!
}

type Price {
  base: SafeInt!
  currencyUnit: String!
  formattedAmount: String!
  offset: Int!
}

interface PriceInterface {
  base: SafeInt!
  currencyUnit: String! @deprecated(reason: "Deprecated due to type renaming")
  offset: Int!
}

type PriceOfOneSatInMinorUnit implements PriceInterface {
  base: SafeInt!
  currencyUnit: String! @deprecated(reason: "Deprecated due to type renaming")
  offset: Int!
}

type PriceOfOneUsdCentInMinorUnit implements PriceInterface {
  base: SafeInt!
  currencyUnit: String! @deprecated(reason: "Deprecated due to type renaming")
  offset: Int!
}

type PriceOfOneSettlementMinorUnitInDisplayMinorUnit implements PriceInterface {
  base: SafeInt!
  currencyUnit: String! @deprecated(reason: "Deprecated due to type renaming")
  formattedAmount: String! @deprecated(reason: "Deprecated please use \`base / 10^offset\`")
  offset: Int!
}

type RealtimePrice {
  btcSatPrice: PriceOfOneSatInMinorUnit!
  id: ID!
  timestamp: Timestamp!
  usdCentPrice: PriceOfOneUsdCentInMinorUnit!
}

type Transaction {
  createdAt: Timestamp!
  direction: TxDirection!
  externalId: TxExternalId
  id: ID!
  initiationVia: InitiationVia!
  memo: Memo
  settlementAmount: SignedAmount!
  settlementCurrency: WalletCurrency!
  settlementDisplayAmount: SignedDisplayMajorAmount!
  settlementDisplayCurrency: DisplayCurrency!
  settlementDisplayFee: SignedDisplayMajorAmount!
  settlementFee: SignedAmount!
  settlementPrice: PriceOfOneSettlementMinorUnitInDisplayMinorUnit!
  settlementVia: SettlementVia!
  status: TxStatus!
}

union InitiationVia = InitiationViaIntraLedger | InitiationViaLn | InitiationViaOnChain

type InitiationViaIntraLedger {
  counterPartyUsername: Username
  counterPartyWalletId: WalletId
}

type InitiationViaLn {
  paymentHash: PaymentHash!
  paymentRequest: LnPaymentRequest!
}

type InitiationViaOnChain {
  address: OnChainAddress!
}

union SettlementVia = SettlementViaIntraLedger | SettlementViaLn | SettlementViaOnChain

type SettlementViaIntraLedger {
  counterPartyUsername: Username
  counterPartyWalletId: WalletId
  preImage: LnPaymentPreImage
}

type SettlementViaLn {
  preImage: LnPaymentPreImage
}

type SettlementViaOnChain {
  arrivalInMempoolEstimatedAt: Timestamp
  transactionHash: OnChainTxHash
  vout: Int
}
`;

import { z } from 'zod';
import { parsePaymentHash } from '../../domain/ids';
import { parseSats, parseUsdCents } from '../../domain/money/units';

/**
 * Zod schemas for everything Blink sends back. Only the fields the gateway reads are checked; extra
 * fields pass. A response that fails these becomes `blink-protocol-error`, never a crash further in.
 */

export const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).nullish(),
  /** Blink's Node server puts the code at the top level; graphql-js (websockets) under `extensions`. */
  code: z.string().nullish(),
  extensions: z.looseObject({ code: z.unknown().optional() }).nullish(),
});
export type GraphqlError = z.infer<typeof graphqlErrorSchema>;

export const envelopeSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(graphqlErrorSchema).nullish(),
});
export type GraphqlEnvelope = z.infer<typeof envelopeSchema>;

/** Payload errors (`errors: [Error!]!` inside a mutation payload): `code` is often null. */
export const payloadErrorSchema = z.object({
  message: z.string(),
  path: z.array(z.string()).nullish(),
  code: z.string().nullish(),
});
export type PayloadError = z.infer<typeof payloadErrorSchema>;

/** Blink's amount scalars serialize as JSON numbers; numeric strings are accepted as well. */
const integerAmount = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
/** A zod step that brands with one of the domain's `parseX` functions (which return an error value). */
function branded<I, R>(parse: (input: I) => R) {
  return (input: I, ctx: z.RefinementCtx): Exclude<R, Error> => {
    const result = parse(input);
    if (!(result instanceof Error)) return result as Exclude<R, Error>;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  };
}

const statusSchema = z.enum(['PENDING', 'PAID', 'EXPIRED']);
const paymentHashSchema = z.string().transform(branded(parsePaymentHash));
const satsSchema = integerAmount.transform(branded(parseSats));
const centsSchema = integerAmount.transform(branded(parseUsdCents));
const currencySchema = z.enum(['BTC', 'USD']);

export const invoiceSchema = z.object({
  paymentRequest: z.string().min(1),
  paymentHash: paymentHashSchema,
  satoshis: satsSchema.nullish(),
  paymentStatus: statusSchema,
  /** Unix seconds. */
  createdAt: z.number(),
  externalId: z.string(),
});

export const invoicePayloadSchema = z.object({
  errors: z.array(payloadErrorSchema),
  invoice: invoiceSchema.nullish(),
});

export const addressPayloadSchema = z.object({
  errors: z.array(payloadErrorSchema),
  address: z.string().nullish(),
});

export const statusFieldSchema = z.object({ status: statusSchema });

export const accountWalletsSchema = z.object({
  defaultAccount: z.object({
    id: z.string(),
    defaultWallet: z.object({ id: z.string(), currency: currencySchema }),
    wallets: z.array(z.object({ id: z.string(), walletCurrency: currencySchema })),
  }),
});

export const authorizationSchema = z.object({ scopes: z.array(z.enum(['READ', 'RECEIVE', 'WRITE'])) });

export const globalsSchema = z.object({ network: z.enum(['mainnet', 'testnet', 'signet', 'regtest']) }).nullable();

export const windDownSchema = z
  .object({ status: z.enum(['PRE_CUTOFF', 'RECEIVE_DISABLED', 'GATED_CLOSED']) })
  .nullable();

export const publicWalletSchema = z.object({ id: z.string(), currency: currencySchema });

export const conversionSchema = z.object({ btcSatAmount: satsSchema, usdCentAmount: centsSchema });

export const walletInvoicesSchema = z.object({
  defaultAccount: z.object({
    invoices: z
      .object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
        edges: z.array(z.object({ node: invoiceSchema })).nullish(),
      })
      .nullish(),
  }),
});

export const invoiceStatusUpdateSchema = z.object({
  errors: z.array(payloadErrorSchema).nullish(),
  paymentHash: paymentHashSchema.nullish(),
  paymentPreimage: z.string().nullish(),
  status: statusSchema.nullish(),
});

export const myUpdatesPayloadSchema = z.object({
  errors: z.array(payloadErrorSchema).nullish(),
  update: z
    .looseObject({
      __typename: z.string(),
      status: statusSchema.optional(),
      transaction: z
        .object({
          direction: z.enum(['RECEIVE', 'SEND']),
          externalId: z.string().nullish(),
          settlementAmount: z.number().finite().optional(),
          settlementCurrency: currencySchema.optional(),
          initiationVia: z.looseObject({ __typename: z.string(), paymentHash: paymentHashSchema.optional() }),
        })
        .optional(),
    })
    .nullish(),
});

/** `me` of WalletTransactionsByHash: the receive (and, for a sent payment, send) transactions of one hash. */
export const walletTransactionsSchema = z.object({
  defaultAccount: z.object({
    walletById: z.object({
      transactionsByPaymentHash: z.array(z.object({
        direction: z.enum(['RECEIVE', 'SEND']),
        status: z.enum(['FAILURE', 'PENDING', 'SUCCESS']),
        settlementAmount: z.number().finite(),
        settlementCurrency: currencySchema,
      })),
    }),
  }),
});

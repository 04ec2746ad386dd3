/** Zod schemas of the invoice endpoints' bodies, paths and queries (Greenfield's names and messages). */
import { z } from 'zod';
import { canonicalPaymentMethodId, canonicalPaymentMethodIds, PAYMENT_METHOD_ID_PATTERN } from '../../domain/invoice/payment-method-id';
import { INVOICE_STATUSES, MANUAL_STATUSES, type InvoiceStatus } from '../../domain/invoice/status';
import { InvalidAmountError, parseGreenfieldAmount } from '../../domain/money/amount';
import { parseCurrencyCode } from '../../domain/money/currency';
import { speedPolicies } from '../../domain/store/store-settings';

/** `BTC_LN`, `btc-ln`, the LNURL forms and BTCPay's legacy names all become `BTC-LN` (payment-method-id.ts). */
const paymentMethodId = z.string().max(50).regex(PAYMENT_METHOD_ID_PATTERN, { message: 'Invalid PaymentMethodId' }).transform(canonicalPaymentMethodId);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Postgres refuses NUL characters and lone surrogates; refusing them here keeps them a 422, not a 500. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes(String.fromCharCode(0)) && !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every(storable);
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([key, item]) => storable(key) && storable(item));
  return true;
}

const amount = z.unknown().optional().transform((value, ctx) => {
  const parsed = parseGreenfieldAmount(value);
  if (parsed instanceof InvalidAmountError) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed;
});

const currency = z.string({ message: 'currency must be a currency code such as USD, EUR, BTC or SATS' }).max(10).nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined || value.trim() === '') return null;
    const parsed = parseCurrencyCode(value);
    if (parsed instanceof Error) {
      ctx.addIssue({ code: 'custom', message: `${parsed.message}: use BTC, SATS or a 3-letter currency code such as USD or EUR` });
      return z.NEVER;
    }
    return parsed;
  });

const TOLERANCE = 'PaymentTolerance can only be between 0 and 100 percent';

export const invoiceCheckoutRequest = z.object({
  speedPolicy: z.enum(speedPolicies, { message: `speedPolicy must be one of ${speedPolicies.join(', ')}` }).nullish(),
  // `["BTC_LN", "BTC-LNURL"]` is one method here: listed once.
  paymentMethods: z.array(paymentMethodId).max(20).nullish().transform((ids) => (ids === null || ids === undefined ? ids : canonicalPaymentMethodIds(ids))),
  defaultPaymentMethod: paymentMethodId.nullish(),
  expirationMinutes: z.number({ message: 'expirationMinutes must be a number of minutes' }).positive({ message: 'Expiration time must be at least 30 seconds' }).max(1e6).nullish(),
  monitoringMinutes: z.number({ message: 'monitoringMinutes must be a number of minutes' }).int().min(0).max(1e6).nullish(),
  paymentTolerance: z.number({ message: TOLERANCE }).min(0, { message: TOLERANCE }).max(100, { message: TOLERANCE }).nullish(),
  redirectURL: z.string().max(2000).nullish(),
  redirectAutomatically: z.boolean().nullish(),
  requiresRefundEmail: z.boolean().nullish(),
  defaultLanguage: z.string().max(20).nullish(),
  checkoutType: z.string().max(20).nullish(),
  lazyPaymentMethods: z.boolean().nullish(),
});

const metadata = z.record(z.string(), z.unknown(), { message: 'metadata must be a JSON object' });
const storableText = { code: 'custom', message: 'Text must not contain NUL characters or unpaired UTF-16 surrogates' } as const;

export const createInvoiceRequest = z.object({
  amount,
  currency,
  metadata: metadata.nullish().transform((value) => value ?? {}),
  checkout: invoiceCheckoutRequest.nullish().transform((value) => value ?? {}),
  receipt: z.object({ enabled: z.boolean().nullish(), showQR: z.boolean().nullish(), showPayments: z.boolean().nullish() }).nullish()
    .transform((value) => value ?? {}),
  additionalSearchTerms: z.array(z.string().max(200)).max(50).nullish().transform((value) => value ?? []),
}).superRefine((body, ctx) => {
  // Checked on the parsed body: unknown fields are dropped first.
  if (!storable(body)) ctx.addIssue(storableText);
});

/** Greenfield's `UpdateInvoiceRequest`: the new metadata, whole. */
export const updateInvoiceRequest = z.object({ metadata }).superRefine((body, ctx) => {
  if (!storable(body)) ctx.addIssue({ ...storableText, path: ['metadata'] });
});

export const markInvoiceRequest = z.object({
  status: z.enum(MANUAL_STATUSES, { message: 'status must be Settled or Invalid' }),
});

export const storeInvoiceParams = z.object({ storeId: z.string().max(200), invoiceId: z.string().max(200) });
export const invoiceParams = z.object({ invoiceId: z.string().max(200) });
export const storeParams = z.object({ storeId: z.string().max(200) });

const booleanQuery = z.enum(['true', 'false', 'True', 'False'], { message: 'must be true or false' })
  .optional().transform((value) => value?.toLowerCase() === 'true');
/** `?x=a&x=b` and `?x[]=a` both reach us; one value is a string, several an array. */
const stringList = <T extends z.ZodType<unknown, string>>(item: T) => z.union([item, z.array(item).max(100)]).optional()
  .transform((value): z.output<T>[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value as z.output<T>]));
const unixSeconds = z.string().regex(/^\d{1,11}$/, { message: 'must be a unix time in seconds' }).optional()
  .transform((value) => (value === undefined ? undefined : new Date(Number(value) * 1000)));
const count = (max: number) => z.string().regex(/^\d{1,9}$/, { message: 'must be a whole number' }).optional()
  .transform((value) => (value === undefined ? undefined : Math.min(Number(value), max)));
const status = z.string().transform((value, ctx): InvoiceStatus => {
  const found = INVOICE_STATUSES.find((known) => known.toLowerCase() === value.toLowerCase());
  if (found === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be one of ${INVOICE_STATUSES.join(', ')}` });
    return z.NEVER;
  }
  return found;
});

/** At most this many invoices per page (BTCPay has no cap; a shop paging with skip/take never notices). */
export const MAX_TAKE = 1000;

export const listInvoicesQuery = z.object({
  orderId: stringList(z.string().max(200)),
  'orderId[]': stringList(z.string().max(200)),
  status: stringList(status),
  'status[]': stringList(status),
  startDate: unixSeconds,
  endDate: unixSeconds,
  skip: count(1e9),
  take: count(MAX_TAKE),
  textSearch: z.string().max(200).optional(),
  includeArchived: booleanQuery,
  includePaymentMethods: booleanQuery,
}).superRefine((query, ctx) => {
  if (query.startDate && query.endDate && query.startDate > query.endDate) {
    ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'startDate should not be above endDate' });
  }
});

export const paymentMethodsQuery = z.object({
  onlyAccountedPayments: booleanQuery,
  includeSensitive: booleanQuery,
});

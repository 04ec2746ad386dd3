import { z } from 'zod';
import { DEFAULT_MEMO_TEMPLATE, MAX_MEMO_TEMPLATE_LENGTH } from '../invoice/memo';
import type { StoreId } from './store-id';

/**
 * A store's settings: the subset of Greenfield's `StoreData` the gateway uses, with BTCPay's
 * defaults and validation messages (GreenfieldStoresController). Durations are seconds on the wire,
 * as in Greenfield.
 */
export const speedPolicies = ['HighSpeed', 'MediumSpeed', 'LowMediumSpeed', 'LowSpeed'] as const;
export type SpeedPolicy = (typeof speedPolicies)[number];

export interface StoreSettings {
  readonly name: string;
  readonly website: string | null;
  readonly defaultCurrency: string;
  readonly invoiceExpirationSeconds: number;
  readonly monitoringExpirationSeconds: number;
  readonly speedPolicy: SpeedPolicy;
  /** BTCPay's `lightningDescriptionTemplate`: the BOLT11 memo, see domain/invoice/memo.ts. */
  readonly lightningDescriptionTemplate: string;
  /** Percent of the amount an invoice may be underpaid and still count as paid. */
  readonly paymentTolerance: number;
}

export interface Store extends StoreSettings {
  readonly id: StoreId;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const storeDefaults: Omit<StoreSettings, 'name'> = {
  website: null,
  defaultCurrency: 'USD',
  invoiceExpirationSeconds: 15 * 60,
  monitoringExpirationSeconds: 24 * 60 * 60,
  speedPolicy: 'MediumSpeed',
  lightningDescriptionTemplate: DEFAULT_MEMO_TEMPLATE,
  paymentTolerance: 0,
};

const MAX_MINUTES = 34560;

const name = z.string({ message: 'Name is missing' }).trim()
  .min(1, { message: 'Name is missing' })
  .max(50, { message: 'Name can only be between 1 and 50 characters' });

const website = z.string({ message: 'Website is not a valid url' }).trim().max(500, { message: 'Website is too long' }).nullable()
  .transform((value) => (value === null || value === '' ? null : value))
  .refine((value) => value === null || isAbsoluteHttpUrl(value), { message: 'Website is not a valid url' });

const currency = z.string({ message: 'DefaultCurrency must be a currency code such as USD, EUR or BTC' }).trim()
  .regex(/^[A-Za-z]{3,10}$/, { message: 'DefaultCurrency must be a currency code such as USD, EUR or BTC' })
  .transform((value) => value.toUpperCase());

const seconds = (minMinutes: number, message: string) =>
  z.number({ message }).int({ message }).min(minMinutes * 60, { message }).max(MAX_MINUTES * 60, { message });

/** Every field optional: `POST` fills the gaps with `storeDefaults`, `PUT` with the current values. */
export const storeSettingsFields = {
  name,
  website,
  defaultCurrency: currency,
  invoiceExpiration: seconds(1, `InvoiceExpiration can only be between 1 and ${MAX_MINUTES} mins (in seconds: 60 to ${MAX_MINUTES * 60})`),
  monitoringExpiration: seconds(10, `MonitoringExpiration can only be between 10 and ${MAX_MINUTES} mins (in seconds: 600 to ${MAX_MINUTES * 60})`),
  speedPolicy: z.enum(speedPolicies, { message: `SpeedPolicy must be one of ${speedPolicies.join(', ')}` }),
  lightningDescriptionTemplate: z.string({ message: 'LightningDescriptionTemplate must be a string' })
    .max(MAX_MEMO_TEMPLATE_LENGTH, { message: `LightningDescriptionTemplate can be at most ${MAX_MEMO_TEMPLATE_LENGTH} characters` }),
  paymentTolerance: z.number({ message: 'PaymentTolerance can only be between 0 and 100 percent' })
    .min(0, { message: 'PaymentTolerance can only be between 0 and 100 percent' })
    .max(100, { message: 'PaymentTolerance can only be between 0 and 100 percent' }),
};

/** `POST /api/v1/stores` body; `name` is required. Unknown Greenfield fields are ignored, as BTCPay ignores unknown JSON. */
export const createStoreSchema = z.object({
  ...storeSettingsFields,
  website: storeSettingsFields.website.optional(),
  defaultCurrency: storeSettingsFields.defaultCurrency.optional(),
  invoiceExpiration: storeSettingsFields.invoiceExpiration.optional(),
  monitoringExpiration: storeSettingsFields.monitoringExpiration.optional(),
  speedPolicy: storeSettingsFields.speedPolicy.optional(),
  lightningDescriptionTemplate: storeSettingsFields.lightningDescriptionTemplate.nullish(),
  paymentTolerance: storeSettingsFields.paymentTolerance.optional(),
});

/** `PUT /api/v1/stores/{storeId}` body: a field that is absent keeps its current value. */
export const updateStoreSchema = createStoreSchema.partial();

export type CreateStoreRequest = z.output<typeof createStoreSchema>;
export type UpdateStoreRequest = z.output<typeof updateStoreSchema>;

export const newStoreSettings = (request: CreateStoreRequest): StoreSettings =>
  updatedStoreSettings({ ...storeDefaults, name: request.name }, request);

/** `current` with every field the request names replaced. */
export function updatedStoreSettings(current: StoreSettings, request: UpdateStoreRequest): StoreSettings {
  const template = request.lightningDescriptionTemplate;
  return {
    name: request.name ?? current.name,
    website: request.website === undefined ? current.website : request.website,
    defaultCurrency: request.defaultCurrency ?? current.defaultCurrency,
    invoiceExpirationSeconds: request.invoiceExpiration ?? current.invoiceExpirationSeconds,
    monitoringExpirationSeconds: request.monitoringExpiration ?? current.monitoringExpirationSeconds,
    speedPolicy: request.speedPolicy ?? current.speedPolicy,
    // null or '' restores BTCPay's default: an empty BOLT11 memo tells the payer nothing.
    lightningDescriptionTemplate: template === undefined
      ? current.lightningDescriptionTemplate
      : template === null || template === '' ? DEFAULT_MEMO_TEMPLATE : template,
    paymentTolerance: request.paymentTolerance ?? current.paymentTolerance,
  };
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

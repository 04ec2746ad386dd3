/** Webhook use cases: create, read, list, update, delete (Greenfield's `/api/v1/stores/{storeId}/webhooks`). */
import { newWebhookId, type StoreId, type WebhookId } from '../../domain/ids';
import {
  generateWebhookSecret, parseWebhookUrl, type AuthorizedEvents, type InvalidWebhookUrlError,
} from '../../domain/webhook';
import type { Clock, SecretSealer, StoreRepository } from '../ports';
import { StoreNotFoundError } from '../stores/errors';
import { WebhookNotFoundError } from './errors';
import type { StoredWebhook, WebhookRepository } from './ports';

export interface WebhookDeps {
  readonly webhooks: WebhookRepository;
  readonly stores: Pick<StoreRepository, 'findById'>;
  readonly sealer: SecretSealer;
  readonly clock: Clock;
  /** Cryptographically random bytes (ids and generated secrets). */
  readonly randomBytes: (size: number) => Uint8Array;
}

export interface WebhookSettings {
  readonly url: string;
  /** Empty or absent: generated on create, kept on update. */
  readonly secret?: string | null | undefined;
  readonly enabled: boolean;
  readonly automaticRedelivery: boolean;
  readonly authorizedEvents: AuthorizedEvents;
}

/** The sealed secret only opens on its own webhook's row. */
export const webhookSecretContext = (id: WebhookId): string => `webhook:${id}`;

type Failure = StoreNotFoundError | WebhookNotFoundError | InvalidWebhookUrlError;

/** The new webhook and its secret in clear: the only time the secret is shown. */
export async function createWebhook(
  deps: WebhookDeps, storeId: StoreId, settings: WebhookSettings,
): Promise<{ readonly webhook: StoredWebhook; readonly secret: string } | Failure> {
  const url = parseWebhookUrl(settings.url);
  if (url instanceof Error) return url;
  if ((await deps.stores.findById(storeId)) === null) return new StoreNotFoundError();
  const id = newWebhookId(deps.randomBytes(16));
  const secret = nonEmpty(settings.secret) ?? generateWebhookSecret(deps.randomBytes(32));
  const now = deps.clock.now();
  const webhook: StoredWebhook = {
    id, storeId, url, sealedSecret: deps.sealer.seal(secret, webhookSecretContext(id)),
    enabled: settings.enabled, automaticRedelivery: settings.automaticRedelivery,
    authorizedEvents: settings.authorizedEvents, disabledReason: null, createdAt: now, updatedAt: now,
  };
  await deps.webhooks.insert(webhook);
  return { webhook, secret };
}

export async function getWebhook(
  deps: Pick<WebhookDeps, 'webhooks'>, storeId: StoreId, id: WebhookId,
): Promise<StoredWebhook | WebhookNotFoundError> {
  return (await deps.webhooks.findById(storeId, id)) ?? new WebhookNotFoundError();
}

export async function listWebhooks(
  deps: Pick<WebhookDeps, 'webhooks' | 'stores'>, storeId: StoreId,
): Promise<StoredWebhook[] | StoreNotFoundError> {
  if ((await deps.stores.findById(storeId)) === null) return new StoreNotFoundError();
  return deps.webhooks.list(storeId);
}

/** Every field is replaced; an empty secret keeps the old one (BTCPay's rule). */
export async function updateWebhook(
  deps: WebhookDeps, storeId: StoreId, id: WebhookId, settings: WebhookSettings,
): Promise<StoredWebhook | Failure> {
  const url = parseWebhookUrl(settings.url);
  if (url instanceof Error) return url;
  const current = await deps.webhooks.findById(storeId, id);
  if (current === null) return new WebhookNotFoundError();
  const secret = nonEmpty(settings.secret);
  const updated: StoredWebhook = {
    ...current, url, enabled: settings.enabled, automaticRedelivery: settings.automaticRedelivery,
    authorizedEvents: settings.authorizedEvents,
    sealedSecret: secret === null ? current.sealedSecret : deps.sealer.seal(secret, webhookSecretContext(id)),
    // Turning a webhook back on clears the reason it was turned off.
    disabledReason: settings.enabled ? null : current.disabledReason,
    updatedAt: deps.clock.now(),
  };
  return (await deps.webhooks.update(updated)) ? updated : new WebhookNotFoundError();
}

export async function deleteWebhook(
  deps: Pick<WebhookDeps, 'webhooks'>, storeId: StoreId, id: WebhookId,
): Promise<true | WebhookNotFoundError> {
  return (await deps.webhooks.delete(storeId, id)) ? true : new WebhookNotFoundError();
}

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;

/** Webhook failures, with Greenfield's codes and wording (btcpay-greenfield.md §f). */

export class WebhookNotFoundError extends Error {
  override readonly name = 'WebhookNotFoundError';
  readonly code = 'webhook-not-found';
  constructor() {
    super('The webhook was not found');
  }
}

export class WebhookDeliveryNotFoundError extends Error {
  override readonly name = 'WebhookDeliveryNotFoundError';
  readonly code = 'webhookdelivery-not-found';
  constructor() {
    super('The webhook delivery was not found');
  }
}

/** Deliveries older than 60 days keep only their type: there is nothing left to send again. */
export class WebhookDeliveryPrunedError extends Error {
  override readonly name = 'WebhookDeliveryPrunedError';
  readonly code = 'webhookdelivery-pruned';
  constructor() {
    super("This webhook delivery has been pruned, so it can't be redelivered");
  }
}

-- Merchant webhooks (Greenfield StoreWebhookData), their deliveries (the outbox) and every attempt.
--
-- A delivery row is written in the same transaction as the invoice change that causes it, with the
-- exact body it will send; the BullMQ job (id = delivery id) is only a wake-up call. Redis can be
-- flushed: `requeuePendingDeliveries` rebuilds the jobs from the pending rows here.
CREATE TABLE webhooks (
  id                   text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  store_id             text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  url                  text NOT NULL CHECK (url ~ '^https?://'),
  -- The secret only exists sealed: AES-256-GCM under GATEWAY_SECRET, bound to the webhook id.
  secret_sealed        text NOT NULL CHECK (secret_sealed LIKE 'v1.%'),
  enabled              boolean NOT NULL,
  automatic_redelivery boolean NOT NULL,
  events_everything    boolean NOT NULL,
  specific_events      text[] NOT NULL DEFAULT '{}',
  -- Why the gateway turned it off by itself (HTTP 410 from the receiver); NULL otherwise.
  disabled_reason      text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX webhooks_store ON webhooks (store_id, created_at, id);

CREATE TABLE webhook_deliveries (
  id                   text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  webhook_id           text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  store_id             text NOT NULL,
  -- The first delivery's id: Standard Webhooks' `webhook-id`, the receiver's idempotency key.
  original_delivery_id text NOT NULL,
  is_redelivery        boolean NOT NULL,
  -- The invoice event (invoice_events.id) that caused a first delivery; redeliveries keep it.
  invoice_event_id     bigint,
  event_type           text NOT NULL,
  status               text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When the next attempt is due; NULL once the delivery is delivered or failed.
  next_attempt_at      timestamptz,
  created_at           timestamptz NOT NULL,
  last_attempt_at      timestamptz,
  last_http_code       integer,
  last_record_status   text CHECK (last_record_status IN ('HttpSuccess', 'HttpError', 'Failed')),
  last_error           text,
  -- The exact bytes sent on every attempt; after 60 days reduced to {"type": …} (pruned = true).
  body                 bytea NOT NULL,
  pruned               boolean NOT NULL DEFAULT false,
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_unpruned ON webhook_deliveries (created_at) WHERE NOT pruned;
-- One first delivery per webhook and event, so writing the outbox twice for an event is harmless.
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, invoice_event_id)
  WHERE NOT is_redelivery AND invoice_event_id IS NOT NULL;

CREATE TABLE webhook_delivery_attempts (
  delivery_id   text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt       integer NOT NULL CHECK (attempt >= 1),
  attempted_at  timestamptz NOT NULL,
  record_status text NOT NULL CHECK (record_status IN ('HttpSuccess', 'HttpError', 'Failed')),
  http_code     integer,
  latency_ms    integer NOT NULL CHECK (latency_ms >= 0),
  error         text,
  -- The first 1 KiB of the receiver's response body.
  response_head bytea,
  PRIMARY KEY (delivery_id, attempt)
);

-- Invoices (Greenfield InvoiceData), their Lightning payments, their events, and Idempotency-Key records.
--
-- An invoice row is written only after Blink returned its BOLT11, in the same transaction as its
-- InvoiceCreated event: there is never a row without `bolt11`. Every later change (settle, expire,
-- mark) locks the row (SELECT … FOR UPDATE) and writes the new state and its events together.
CREATE TABLE invoices (
  id                      text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  store_id                text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  type                    text NOT NULL CHECK (type IN ('Standard', 'TopUp')),
  status                  text NOT NULL CHECK (status IN ('New', 'Processing', 'Settled', 'Expired', 'Invalid')),
  additional_status       text NOT NULL CHECK (additional_status IN ('None', 'PaidLate', 'PaidPartial', 'Marked', 'Invalid', 'PaidOver')),
  currency                text NOT NULL,
  -- As the shop sent it (numeric keeps the written scale: 12.50 stays 12.50); NULL for a top-up.
  amount                  numeric CHECK (amount >= 0),
  -- Price of 1 BTC in `currency` used at creation (Greenfield's payment-method `rate`); NULL when unknown.
  rate                    numeric CHECK (rate > 0),
  order_id                text,
  metadata                jsonb NOT NULL DEFAULT '{}',
  checkout                jsonb NOT NULL,
  receipt                 jsonb NOT NULL DEFAULT '{}',
  additional_search_terms text[] NOT NULL DEFAULT '{}',
  -- Lower-cased id, order id, metadata strings and search terms, for `textSearch`.
  search_text             text NOT NULL DEFAULT '',
  archived                boolean NOT NULL DEFAULT false,
  wallet_id               text NOT NULL,
  wallet_currency         text NOT NULL CHECK (wallet_currency IN ('BTC', 'USD')),
  -- The BOLT11's amount in sats (NULL: no-amount top-up); cents credited to a USD wallet (NULL on BTC wallets).
  due_sats                bigint CHECK (due_sats >= 0),
  due_cents               bigint CHECK (due_cents >= 0),
  paid_sats               bigint NOT NULL DEFAULT 0 CHECK (paid_sats >= 0),
  bolt11                  text NOT NULL CHECK (bolt11 <> ''),
  payment_hash            text NOT NULL UNIQUE CHECK (payment_hash ~ '^[0-9a-f]{64}$'),
  blink_external_id       text NOT NULL,
  memo                    text NOT NULL DEFAULT '',
  created_time            timestamptz NOT NULL,
  expiration_time         timestamptz NOT NULL,
  monitoring_expiration   timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL
);
CREATE INDEX invoices_store_created ON invoices (store_id, created_time DESC, id DESC);
CREATE INDEX invoices_store_order ON invoices (store_id, order_id) WHERE order_id IS NOT NULL;
-- The open invoices the settlement workers and the sweeper watch.
CREATE INDEX invoices_open ON invoices (expiration_time) WHERE status = 'New';

-- Recorded Lightning payments; `id` is the payment hash (BTCPay's Lightning payment id), counted once.
CREATE TABLE invoice_payments (
  invoice_id    text NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  id            text NOT NULL CHECK (id ~ '^[0-9a-f]{64}$'),
  received_time timestamptz NOT NULL,
  sats          bigint NOT NULL CHECK (sats >= 0),
  destination   text NOT NULL,
  status        text NOT NULL DEFAULT 'Settled' CHECK (status IN ('Invalid', 'Processing', 'Settled')),
  PRIMARY KEY (invoice_id, id)
);

-- Every Greenfield event an invoice emitted, in order (`id`). Webhook deliveries (the outbox) are
-- written from these rows in the same transaction that writes them.
CREATE TABLE invoice_events (
  id          bigserial PRIMARY KEY,
  invoice_id  text NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  store_id    text NOT NULL,
  type        text NOT NULL,
  -- The event's own fields (src/domain/invoice/events.ts `invoiceEventSchema`), type included.
  data        jsonb NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX invoice_events_invoice ON invoice_events (invoice_id, id);

-- `Idempotency-Key` on invoice creation: the first request with a key claims it (invoice_id NULL
-- while Blink is asked); the invoice insert completes it in the same transaction. Kept 24 h.
CREATE TABLE idempotency_keys (
  store_id     text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  key          text NOT NULL,
  request_hash text NOT NULL,
  invoice_id   text REFERENCES invoices (id) ON DELETE CASCADE,
  claimed_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (store_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Stores (Greenfield StoreData subset) and each store's Blink connection (the BTC-LN payment method).
CREATE TABLE stores (
  id                             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  name                           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
  website                        text,
  default_currency               text NOT NULL,
  invoice_expiration_seconds     integer NOT NULL CHECK (invoice_expiration_seconds > 0),
  monitoring_expiration_seconds  integer NOT NULL CHECK (monitoring_expiration_seconds > 0),
  speed_policy                   text NOT NULL,
  lightning_description_template text NOT NULL,
  payment_tolerance              double precision NOT NULL DEFAULT 0 CHECK (payment_tolerance BETWEEN 0 AND 100),
  created_at                     timestamptz NOT NULL DEFAULT now(),
  updated_at                     timestamptz NOT NULL DEFAULT now()
);

-- One Blink connection per store. The API key is only ever stored inside `connection_sealed`:
-- the canonical connection string, AES-256-GCM under GATEWAY_SECRET (`v1.<kid>.<iv>.<tag>.<ct>`,
-- the key id tells which secret sealed it, for rotation), bound to the store id.
CREATE TABLE store_blink_connections (
  store_id            text PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
  enabled             boolean NOT NULL,
  mode                text NOT NULL CHECK (mode IN ('api-key', 'keyless', 'ln-address')),
  access              text NOT NULL CHECK (access IN ('read-receive', 'receive-only', 'write', 'keyless')),
  server              text NOT NULL,
  connection_sealed   text NOT NULL CHECK (connection_sealed LIKE 'v1.%'),
  connection_redacted text NOT NULL,
  -- What verification established when the connection was registered:
  wallet_id           text NOT NULL,
  wallet_currency     text NOT NULL CHECK (wallet_currency IN ('BTC', 'USD')),
  scopes              text[] NOT NULL,
  scopes_source       text NOT NULL CHECK (scopes_source IN ('reported', 'probed', 'none')),
  network             text NOT NULL CHECK (network IN ('mainnet', 'testnet', 'signet', 'regtest')),
  notes               text[] NOT NULL DEFAULT '{}',
  warnings            text[] NOT NULL DEFAULT '{}',
  verified_at         timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);

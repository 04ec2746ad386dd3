-- Gateway API keys (Greenfield API keys). Only the SHA-256 of a key is stored; the key itself is
-- shown once, when it is created. `schema_migrations` is created by the runner (src/adapters/db/migrate.ts)
-- before any migration runs, since it records them.
CREATE TABLE api_keys (
  key_hash    text PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  label       text NOT NULL DEFAULT '',
  -- Greenfield permission strings as granted: 'policy' or 'policy:storeId'.
  permissions text[] NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);

import type { Pool } from 'pg';
import type { ApiKeyHash, ApiKeyRepository, StoredApiKey } from '../../app/ports';

interface ApiKeyRow {
  key_hash: string;
  label: string;
  permissions: string[];
  created_at: Date;
}

const toStoredApiKey = (row: ApiKeyRow): StoredApiKey => ({
  hash: row.key_hash as ApiKeyHash,
  label: row.label,
  permissions: row.permissions,
  createdAt: row.created_at,
});

export function createApiKeyRepository(pool: Pool): ApiKeyRepository {
  return {
    async insert(key) {
      await pool.query(
        'INSERT INTO api_keys (key_hash, label, permissions, created_at) VALUES ($1, $2, $3, $4)',
        [key.hash, key.label, key.permissions, key.createdAt],
      );
    },
    async findByHash(hash) {
      // Named: parsed and planned once per connection (every authenticated request on a cache miss).
      const result = await pool.query<ApiKeyRow>({
        name: 'api-key-by-hash', text: 'SELECT key_hash, label, permissions, created_at FROM api_keys WHERE key_hash = $1', values: [hash],
      });
      const row = result.rows[0];
      return row === undefined ? null : toStoredApiKey(row);
    },
    async deleteByHash(hash) {
      const result = await pool.query('DELETE FROM api_keys WHERE key_hash = $1', [hash]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}

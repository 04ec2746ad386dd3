import type { Pool } from 'pg';
import { createApiKeyRepository } from '../../../src/adapters/db/api-key-repository';
import { migrate } from '../../../src/adapters/db/migrate';
import { createPool, dropDatabase, ensureDatabase } from '../../../src/adapters/db/pool';
import { hashApiKey } from '../../../src/app/api-keys/key-material';
import { assertPostgresAnswers, freshDatabaseUrl } from '../../support/services';

// Real services on a shared 2-core machine: jest's testTimeout in a project config is not applied.
jest.setTimeout(60_000);

describe('api key repository', () => {
  const url = freshDatabaseUrl();
  let pool: Pool;

  beforeAll(async () => {
    await assertPostgresAnswers();
    await ensureDatabase(url);
    pool = createPool(url);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await dropDatabase(url);
  });

  it('stores, finds and deletes keys by hash', async () => {
    const repo = createApiKeyRepository(pool);
    const key = {
      hash: hashApiKey('bgk_one'), label: 'shop', permissions: ['btcpay.store.cancreateinvoice:s1', 'btcpay.store.canviewinvoices:s1'],
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
    };
    await repo.insert(key);
    expect(await repo.findByHash(key.hash)).toEqual(key);
    expect(await repo.findByHash(hashApiKey('bgk_two'))).toBeNull();
    await expect(repo.insert(key)).rejects.toThrow();
    expect(await repo.deleteByHash(key.hash)).toBe(true);
    expect(await repo.deleteByHash(key.hash)).toBe(false);
    expect(await repo.findByHash(key.hash)).toBeNull();
  });

  it('refuses to store anything but a SHA-256 hex hash', async () => {
    const repo = createApiKeyRepository(pool);
    await expect(repo.insert({
      hash: 'bgk_plaintext_key' as ReturnType<typeof hashApiKey>, label: '', permissions: [], createdAt: new Date(),
    })).rejects.toThrow(/check constraint/);
  });
});

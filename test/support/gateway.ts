import { randomBytes } from 'node:crypto';
import { dropDatabase } from '../../src/adapters/db/pool';
import { loadConfig, type Config } from '../../src/config';
import { startApiServer, type ApiServer } from '../../src/server/api-server';
import { captureLogs, type LogCapture } from './log-capture';
import { assertPostgresAnswers, deleteRedisKeys, freshDatabaseUrl, freshRedisPrefix, redisUrl } from './services';

/**
 * The whole HTTP API as `blink-gateway api` builds it, on port 0, with its own database
 * (`bg_test_<random>`, dropped on close), its own Redis prefix (keys deleted on close), an
 * `ADMIN_API_KEY`, and every log line captured.
 */
export interface TestGateway {
  readonly url: string;
  readonly server: ApiServer;
  readonly config: Config;
  readonly adminKey: string;
  readonly logs: LogCapture;
  /** `fetch` relative to the gateway, with `token <key>` auth when a key is given. */
  request(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  await assertPostgresAnswers();
  const adminKey = `bgk_admin_${randomBytes(24).toString('base64url')}`;
  const databaseUrl = freshDatabaseUrl();
  const prefix = freshRedisPrefix();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'silly',
    ...env,
  });
  const logs = captureLogs();
  const server = await startApiServer(config, logs.logger);
  return {
    url: server.url,
    server,
    config,
    adminKey,
    logs,
    request(path, init = {}) {
      const { key, json, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (key !== undefined) merged.set('authorization', `token ${key}`);
      if (json !== undefined) merged.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, { ...rest, headers: merged, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    },
    async close() {
      await server.close();
      await dropDatabase(databaseUrl);
      await deleteRedisKeys(prefix);
    },
  };
}

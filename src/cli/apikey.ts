import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createApiKeyRepository } from '../adapters/db/api-key-repository';
import { createStoreRepository } from '../adapters/db/store-repository';
import { createLogger } from '../adapters/log';
import { createApiKey } from '../app/api-keys/create-api-key';
import { loadConfig, type Config } from '../config';
import { isStorePolicy, parsePermission, UNRESTRICTED } from '../domain/permissions';
import { parseStoreId } from '../domain/store/store-id';
import { prepareDatabase } from '../server/api-server';
import { EXIT_FAILURE, EXIT_OK, printError, type CliCommand, configOrExit } from './io';

const USAGE = `usage:
  blink-gateway apikey create --admin [--label <label>]
  blink-gateway apikey create --store <storeId> --permission <policy> [--permission <policy> …] [--label <label>]
  blink-gateway apikey create --permission <policy> [--permission …] [--label <label>]   (every store)
Prints the new key on stdout, once: it is stored only as a hash.`;

interface KeyRequest {
  readonly label: string;
  readonly permissions: string[];
  readonly storeId?: string;
}

/** Reads the options into the permissions to grant, or a usage error message. */
export function keyRequestFromArgs(args: readonly string[]): KeyRequest | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        admin: { type: 'boolean' },
        store: { type: 'string' },
        permission: { type: 'string', multiple: true },
        label: { type: 'string' },
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'create') return USAGE;
  const requested = values.permission ?? [];
  const label = values.label ?? '';
  if (values.admin === true) {
    if (values.store !== undefined || requested.length > 0) return '--admin cannot be combined with --store or --permission';
    return { label: label || 'admin', permissions: [UNRESTRICTED] };
  }
  if (requested.length === 0) return `give --admin or at least one --permission\n\n${USAGE}`;
  if (values.store === undefined) return { label, permissions: requested };
  const permissions: string[] = [];
  for (const text of requested) {
    const permission = parsePermission(text);
    if (permission instanceof Error) return permission.message;
    if (!isStorePolicy(permission.policy)) return `"${text}" is not a store permission`;
    if (permission.storeId !== undefined && permission.storeId !== values.store) {
      return `"${text}" names another store than --store ${values.store}`;
    }
    permissions.push(`${permission.policy}:${values.store}`);
  }
  return { label, permissions, storeId: values.store };
}

/** Whether a store exists, for store-scoped keys. */
export type StoreExists = (pool: Pool, storeId: string) => Promise<boolean>;

export interface ApiKeyCommandDeps {
  readonly readConfig: () => Config;
  readonly storeExists: StoreExists;
}

async function openDatabase(config: Config): Promise<Pool | Error> {
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  try {
    return await prepareDatabase(config, logger);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function apiKeyCommand(deps: ApiKeyCommandDeps): CliCommand {
  return async (args, io) => {
    const request = keyRequestFromArgs(args);
    if (typeof request === 'string') return printError(io, request);
    const config = configOrExit(io, deps.readConfig);
    if (typeof config === 'number') return config;
    const pool = await openDatabase(config);
    if (pool instanceof Error) {
      io.stderr.write(`error: ${pool.message}\n`);
      return EXIT_FAILURE;
    }
    try {
      if (request.storeId !== undefined && !(await deps.storeExists(pool, request.storeId))) {
        return printError(io, `no store with id "${request.storeId}"`);
      }
      const created = await createApiKey(
        { apiKeys: createApiKeyRepository(pool), clock: { now: () => new Date() } },
        null,
        { label: request.label, permissions: request.permissions },
      );
      if (created instanceof Error) return printError(io, created.message);
      io.stdout.write(`${created.apiKey}\n`);
      io.stderr.write(`created API key "${created.label}" with ${created.permissions.join(', ')}; it is shown only this once\n`);
      return EXIT_OK;
    } finally {
      await pool.end();
    }
  };
}

/** A store-scoped key is only minted for a store that exists. */
export const storeExistsInDatabase: StoreExists = async (pool, storeId) => {
  const id = parseStoreId(storeId);
  return id !== null && (await createStoreRepository(pool).findById(id)) !== null;
};

export const run: CliCommand = apiKeyCommand({ readConfig: () => loadConfig(), storeExists: storeExistsInDatabase });

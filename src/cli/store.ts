/**
 * `blink-gateway store create --name <name> [--connection-string -]`: creates a store and, with
 * `--connection-string -`, registers its Blink connection read from stdin (so the key stays out of
 * shell history and `ps`), exactly as `PUT …/payment-methods/BTC-LN` does. Prints the store id.
 * The composition root for these use cases on the command line.
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createBlinkClient } from '../adapters/blink';
import { createSecretBox, secretFromBase64 } from '../adapters/crypto/secret-box';
import { newStoreId } from '../adapters/crypto/random-id';
import { createStoreRepository } from '../adapters/db/store-repository';
import { createLogger, type Logger } from '../adapters/log';
import type { ConnectionVerifier } from '../app/blink-port';
import { ValidationError } from '../app/errors';
import type { Clock, SecretSealer } from '../app/ports';
import { registerStoreConnection } from '../app/stores/register-store-connection';
import { createStore, deleteStore } from '../app/stores/stores';
import { loadConfig, type Config } from '../config';
import { createStoreSchema } from '../domain/store/store-settings';
import { prepareDatabase } from '../server/api-server';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printError, readAll, type CliCommand, type CliIo, configOrExit } from './io';

const USAGE = `usage: blink-gateway store create --name <name> [--connection-string -] [--website <url>] [--default-currency <code>]

Creates a store and prints its id. With --connection-string -, the Blink connection string is read
from stdin, verified with Blink and stored (the API key encrypted under GATEWAY_SECRET), as
PUT /api/v1/stores/{storeId}/payment-methods/BTC-LN does; if it is refused, no store is created.
`;

interface StoreCreateRequest {
  readonly name: string;
  readonly website?: string;
  readonly defaultCurrency?: string;
  readonly readConnectionString: boolean;
}

export function storeRequestFromArgs(args: readonly string[]): StoreCreateRequest | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'connection-string': { type: 'string' },
        website: { type: 'string' },
        'default-currency': { type: 'string' },
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'create') return USAGE;
  if (values.name === undefined) return `--name is required\n\n${USAGE}`;
  const source = values['connection-string'];
  if (source !== undefined && source !== '-') {
    // A key on the command line ends up in shell history and in `ps`: refuse it rather than leak it.
    return '--connection-string takes only "-": pipe the string on stdin so the API key stays out of shell history';
  }
  return {
    name: values.name,
    ...(values.website === undefined ? {} : { website: values.website }),
    ...(values['default-currency'] === undefined ? {} : { defaultCurrency: values['default-currency'] }),
    readConnectionString: source === '-',
  };
}

export interface StoreCommandDeps {
  readonly readConfig: () => Config;
  readonly openDatabase: (config: Config, logger: Logger) => Promise<Pool>;
  readonly verifier: (config: Config, logger: Logger) => ConnectionVerifier & { close(): Promise<void> };
  readonly clock: Clock;
}

export function storeCommand(deps: StoreCommandDeps): CliCommand {
  return async (args, io) => {
    if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const request = storeRequestFromArgs(args);
    if (typeof request === 'string') return printError(io, request);
    const settings = createStoreSchema.safeParse({ name: request.name, website: request.website, defaultCurrency: request.defaultCurrency });
    if (!settings.success) return printError(io, settings.error.issues.map((issue) => issue.message).join('; '));
    const config = configOrExit(io, deps.readConfig);
    if (typeof config === 'number') return config;
    let sealer: SecretSealer | undefined;
    if (request.readConnectionString) {
      if (config.GATEWAY_SECRET === undefined) {
        return printError(io, 'GATEWAY_SECRET is not set: the Blink API key is stored encrypted under it (create one with: openssl rand -base64 32)');
      }
      sealer = createSecretBox({ current: secretFromBase64(config.GATEWAY_SECRET) });
    }
    const connectionString = request.readConnectionString ? stripLineEnd(await readAll(io.stdin)) : undefined;
    const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
    let pool: Pool;
    try {
      pool = await deps.openDatabase(config, logger);
    } catch (error) {
      io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILURE;
    }
    const stores = createStoreRepository(pool);
    try {
      const store = await createStore({ stores, clock: deps.clock, newStoreId }, settings.data);
      if (connectionString !== undefined && sealer !== undefined) {
        const code = await registerConnection({ deps, config, logger, io, stores, sealer, storeId: store.id, connectionString });
        if (code !== EXIT_OK) {
          await deleteStore({ stores }, store.id);
          return code;
        }
      }
      io.stdout.write(`${store.id}\n`);
      return EXIT_OK;
    } finally {
      await pool.end();
    }
  };
}

interface RegisterContext {
  readonly deps: StoreCommandDeps;
  readonly config: Config;
  readonly logger: Logger;
  readonly io: CliIo;
  readonly stores: ReturnType<typeof createStoreRepository>;
  readonly sealer: SecretSealer;
  readonly storeId: Parameters<typeof registerStoreConnection>[1]['storeId'];
  readonly connectionString: string;
}

async function registerConnection(context: RegisterContext): Promise<number> {
  const { deps, config, logger, io } = context;
  const verifier = deps.verifier(config, logger);
  try {
    const result = await registerStoreConnection(
      {
        stores: context.stores, clock: deps.clock, verifier, sealer: context.sealer,
        policy: { allowWriteScope: config.BLINK_ALLOW_WRITE_SCOPE },
      },
      { storeId: context.storeId, config: context.connectionString },
    );
    if (result instanceof ValidationError) {
      io.stderr.write(`error: ${result.problems.map((problem) => problem.message).join('; ')}\n`);
      return EXIT_USAGE;
    }
    if (result instanceof Error) {
      io.stderr.write(`error: ${result.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr.write(`Blink connection: ${result.config}\n`);
    io.stderr.write(`wallet ${result.blink.walletId} (${result.blink.walletCurrency}), ${result.blink.access}, ${result.blink.network}\n`);
    for (const note of [...result.blink.notes, ...result.blink.warnings]) io.stderr.write(`note: ${note}\n`);
    return EXIT_OK;
  } finally {
    await verifier.close();
  }
}

const stripLineEnd = (text: string): string => text.replace(/\r?\n$/, '');

export const run: CliCommand = storeCommand({
  readConfig: () => loadConfig(),
  openDatabase: prepareDatabase,
  verifier: (config, logger) => createBlinkClient({
    timeouts: {
      connectMs: config.BLINK_CONNECT_TIMEOUT_MS,
      headersMs: config.BLINK_HEADERS_TIMEOUT_MS,
      bodyMs: config.BLINK_BODY_TIMEOUT_MS,
    },
    logger,
  }),
  clock: { now: () => new Date() },
});

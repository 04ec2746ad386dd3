import { createLogger } from '../adapters/log';
import { loadConfig, type Config } from '../config';
import { prepareDatabase } from '../server/api-server';
import { EXIT_FAILURE, EXIT_OK, printError, type CliCommand, configOrExit } from './io';

/** `blink-gateway migrate`: creates the database when missing and applies pending migrations. */
export function migrateCommand(readConfig: () => Config): CliCommand {
  return async (args, io) => {
    if (args.length > 0) return printError(io, 'usage: blink-gateway migrate (takes no options)');
    const config = configOrExit(io, readConfig);
    if (typeof config === 'number') return config;
    const logger = createLogger({ level: config.LOG_LEVEL });
    try {
      const pool = await prepareDatabase(config, logger);
      await pool.end();
      io.stdout.write('database is up to date\n');
      return EXIT_OK;
    } catch (error) {
      io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILURE;
    }
  };
}

export const run: CliCommand = migrateCommand(() => loadConfig());

import { createLogger } from '../adapters/log';
import { loadConfig, type Config } from '../config';
import { startApiServer } from '../server/api-server';
import { EXIT_FAILURE, EXIT_OK, printError, type CliCommand, configOrExit } from './io';

/**
 * `blink-gateway api`: serves the HTTP API (applying pending migrations first) until SIGTERM or
 * SIGINT, then stops accepting requests, lets in-flight ones finish and closes its connections.
 */
export function apiCommand(readConfig: () => Config): CliCommand {
  return async (args, io) => {
    if (args.length > 0) return printError(io, 'usage: blink-gateway api (configured through the environment)');
    const config = configOrExit(io, readConfig);
    if (typeof config === 'number') return config;
    const logger = createLogger({ level: config.LOG_LEVEL });
    try {
      const server = await startApiServer(config, logger);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      logger.info('shutting down', { signal });
      await server.close();
      logger.info('stopped');
      return EXIT_OK;
    } catch (error) {
      logger.error('the API could not start', { error });
      return EXIT_FAILURE;
    }
  };
}

export const run: CliCommand = apiCommand(() => loadConfig());

import { createLogger } from '../adapters/log';
import { loadConfig, type Config } from '../config';
import { startWorkers } from '../../workers/main';
import { EXIT_FAILURE, EXIT_OK, printError, type CliCommand, configOrExit } from './io';

/**
 * `blink-gateway worker`: runs every worker (settlement watching, subscriptions, sweeper) until
 * SIGTERM or SIGINT, then stops taking jobs, finishes the ones in flight, closes the websockets and
 * exits (within about 10 s). Any number of these may share one Redis and Postgres.
 */
export function workerCommand(readConfig: () => Config): CliCommand {
  return async (args, io) => {
    if (args.length > 0) return printError(io, 'usage: blink-gateway worker (configured through the environment)');
    const config = configOrExit(io, readConfig);
    if (typeof config === 'number') return config;
    if (config.GATEWAY_SECRET === undefined) {
      return printError(io, 'GATEWAY_SECRET is required: workers open the stores\' sealed Blink connections with it');
    }
    const logger = createLogger({ level: config.LOG_LEVEL });
    try {
      const workers = await startWorkers(config, logger);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      logger.info('shutting down', { signal });
      await workers.close();
      return EXIT_OK;
    } catch (error) {
      logger.error('the workers could not start', { error });
      return EXIT_FAILURE;
    }
  };
}

export const run: CliCommand = workerCommand(() => loadConfig());

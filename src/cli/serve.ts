import { createLogger, type Logger } from '../adapters/log';
import { isSandboxMode, loadConfig, type Config } from '../config';
import { startApiServer } from '../server/api-server';
import { startWorkers } from '../../workers/main';
import { createDemoStore, createExampleInvoice, enterSandboxMode } from '../server/sandbox-mode';
import { configOrExit, EXIT_FAILURE, EXIT_OK, printError, type CliCommand, type CliIo } from './io';
import { sandboxWelcome } from './sandbox-welcome';

/**
 * `blink-gateway serve` (what `npm start` runs): the HTTP API in one process. Configured, it is the real
 * gateway; with no GATEWAY_SECRET outside production it starts in sandbox mode (DESIGN.md §6).
 */
export const run: CliCommand = async (args, io) => {
  if (args.length > 0) return printError(io, 'usage: blink-gateway serve (configured through the environment)');
  const config = configOrExit(io, loadConfig);
  if (typeof config === 'number') return config;
  if (config.GATEWAY_SECRET === undefined && config.NODE_ENV === 'production') {
    return printError(io, 'GATEWAY_SECRET is required in production (create one with: openssl rand -base64 32)');
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  try {
    return await serve(config, logger, io);
  } catch (error) {
    logger.error('the gateway could not start', { error });
    return EXIT_FAILURE;
  }
};

async function serve(config: Config, logger: Logger, io: CliIo): Promise<number> {
  const sandboxMode = isSandboxMode(config) ? await enterSandboxMode(config, logger) : undefined;
  const effective = sandboxMode?.config ?? config;
  const server = await startApiServer(effective, logger).catch(async (error: unknown) => {
    await sandboxMode?.sandbox.close();
    throw error;
  });
  // The workers (settlement watching, webhook delivery) run in this process too (issue 6).
  const workers = await startWorkers(effective, logger).catch(async (error: unknown) => {
    await server.close();
    await sandboxMode?.sandbox.close();
    throw error;
  });
  const stop = async () => {
    await Promise.all([workers.close(), server.close()]);
    await sandboxMode?.sandbox.close();
  };
  const publicUrl = effective.PUBLIC_URL ?? server.url;
  if (sandboxMode === undefined) {
    logger.info('blink-gateway started', { mode: 'configured', url: publicUrl });
  } else {
    // A demo store that cannot be set up must not leave a process running with nothing to show.
    const welcome = await (async () => {
      const demo = await createDemoStore(server.url, sandboxMode);
      const example = await createExampleInvoice(server.url, demo);
      return sandboxWelcome({ url: publicUrl, mode: sandboxMode, demo, example });
    })().catch(async (error: unknown) => {
      await stop();
      throw error;
    });
    logger.info('blink-gateway started', { mode: 'sandbox', url: publicUrl });
    io.stdout.write(welcome);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info('shutting down', { signal });
  await stop();
  logger.info('stopped');
  return EXIT_OK;
}

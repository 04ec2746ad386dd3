import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import winston from 'winston';
import { z } from 'zod';
import { createLogger } from '../adapters/log';
import { DEFAULT_SANDBOX_PORT, sandboxSeedSchema, startSandbox, type SandboxSeed } from '../sandbox';
import { EXIT_FAILURE, EXIT_OK, printError, type CliCommand, type CliIo } from './io';

/**
 * `blink-gateway sandbox [--port N] [--host H] [--seed file.json] [--network regtest|signet|testnet|mainnet]`:
 * runs the Blink sandbox, prints one `sandbox-ready` JSON line on stdout (logs go to stderr), and runs
 * until SIGINT or SIGTERM.
 */
const USAGE = 'usage: blink-gateway sandbox [--port N] [--host H] [--seed file.json] [--network regtest|signet|testnet|mainnet]';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_SANDBOX_PORT),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.string().min(1).optional(),
  network: z.enum(['mainnet', 'testnet', 'signet', 'regtest']).default('regtest'),
});

async function readSeed(path: string): Promise<SandboxSeed | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `cannot read seed file ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `seed file ${path} is not valid JSON`;
  }
  const parsed = sandboxSeedSchema.safeParse(json);
  if (!parsed.success) {
    return `seed file ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`;
  }
  return parsed.data;
}

function parseCommandLine(args: readonly string[]): z.infer<typeof argsSchema> | string {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, network: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const parsed = argsSchema.safeParse(values);
    return parsed.success ? parsed.data : `${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}\n${USAGE}`;
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)}\n${USAGE}`;
  }
}

export const run: CliCommand = async (args: readonly string[], io: CliIo) => {
  const options = parseCommandLine(args);
  if (typeof options === 'string') return printError(io, options);
  const seed = options.seed === undefined ? undefined : await readSeed(options.seed);
  if (typeof seed === 'string') return printError(io, seed);
  // stdout carries only the ready line, so every log level goes to stderr.
  const logger = createLogger({
    level: 'info',
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] })],
  });
  let sandbox;
  try {
    sandbox = await startSandbox({ port: options.port, host: options.host, network: options.network, logger, ...(seed ? { seed } : {}) });
  } catch (error) {
    io.stderr.write(`error: the sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout.write(`${JSON.stringify({ event: 'sandbox-ready', graphqlUrl: sandbox.graphqlUrl, wsUrl: sandbox.wsUrl, accounts: sandbox.accounts })}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info('sandbox shutting down', { signal });
  await sandbox.close();
  return EXIT_OK;
};

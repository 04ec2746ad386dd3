/**
 * Runs the HTTP API (`startApiServer`, as `blink-gateway api` does) in its own process, so a
 * benchmark's load generator does not share the gateway's event loop. Argument: JSON environment for
 * `loadConfig`. Prints one JSON line (`{"event":"gateway-ready","url":…}`) and exits when stdin closes.
 */
import { createLogger } from '../../src/adapters/log';
import { loadConfig } from '../../src/config';
import { startApiServer } from '../../src/server/api-server';

async function main(): Promise<void> {
  const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const server = await startApiServer(config, createLogger({ level: config.LOG_LEVEL }));
  process.stdout.write(`${JSON.stringify({ event: 'gateway-ready', url: server.url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

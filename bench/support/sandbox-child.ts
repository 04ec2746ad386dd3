/**
 * Runs a Blink sandbox in its own process so a benchmark's client and server do not share an event
 * loop. Prints one JSON line (`{"event":"sandbox-ready",…}`) and exits when stdin closes.
 * Argument: JSON options for `startSandbox` (e.g. `{"invoiceRateLimitPerMinute":1000000000}`).
 */
import { startSandbox } from '../../src/sandbox';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
  const sandbox = await startSandbox({ ...options, port: 0 });
  process.stdout.write(`${JSON.stringify({ event: 'sandbox-ready', graphqlUrl: sandbox.graphqlUrl, wsUrl: sandbox.wsUrl, url: sandbox.url, accounts: sandbox.accounts })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

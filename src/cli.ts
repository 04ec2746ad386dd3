#!/usr/bin/env node
/**
 * `blink-gateway <command>`: the composition root for every command. Each command lives in
 * `src/cli/<command>.ts`, builds what it needs, and returns its exit code.
 */
import { redactText } from './adapters/log';
import { EXIT_USAGE, type CliCommand, type CliIo } from './cli/io';

const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  serve: { summary: 'run the gateway (sandbox mode with an embedded Blink sandbox when GATEWAY_SECRET is unset)', load: async () => (await import('./cli/serve.js')).run },
  api: { summary: 'serve the HTTP API (applies pending migrations first)', load: async () => (await import('./cli/api.js')).run },
  worker: { summary: 'run the workers: settlement watching (websocket, polling, sweeper) and webhook delivery', load: async () => (await import('./cli/worker.js')).run },
  apikey: { summary: 'create a gateway API key (apikey create --admin | --store <id> --permission …)', load: async () => (await import('./cli/apikey.js')).run },
  migrate: { summary: 'create the database if missing and apply pending migrations', load: async () => (await import('./cli/migrate.js')).run },
  connection: { summary: 'parse a Blink connection string (prints JSON, key redacted)', load: async () => (await import('./cli/connection.js')).run },
  store: { summary: 'create a store (and register its Blink connection from stdin); prints the store id', load: async () => (await import('./cli/store.js')).run },
  demo: { summary: 'the whole story in sandbox mode: store, webhook, invoice, payment, then the webhooks received with their signatures checked', load: async () => (await import('./cli/demo.js')).run },
  sandbox: { summary: 'run the Blink sandbox (a local Blink-compatible server; prints a ready JSON line)', load: async () => (await import('./cli/sandbox.js')).run },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`);
  return `usage: blink-gateway <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr.write(`error: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return (await command.load())(args, io);
}

if (require.main === module) {
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      // A bug, not an expected failure: show the message, with any secret in it redacted.
      process.stderr.write(`error: ${redactText(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 1;
    },
  );
}

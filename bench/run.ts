/**
 * `npm run bench [-- name…]`: runs the benchmarks (all, or the named ones) and prints their tables.
 * Not part of `npm test`; timing goals live here, never in tests.
 */
import { arch, cpus, platform, totalmem } from 'node:os';
import { runBlinkClientBench } from './blink-client';
import { runGatewayInvoicesBench } from './gateway-invoices';
import { runSettlementBench } from './settlement';
import { runWebhooksBench } from './webhooks';

const benches: Record<string, () => Promise<void>> = {
  'blink-client': runBlinkClientBench,
  'gateway-invoices': runGatewayInvoicesBench,
  settlement: runSettlementBench,
  webhooks: runWebhooksBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);
    process.exit(2);
  }
  const cores = cpus();
  console.log(`machine: ${cores.length} cores (${cores[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, `
    + `${platform()}/${arch()}, node ${process.version}`);
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    console.log(`\n== ${name}`);
    await benches[name]!();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

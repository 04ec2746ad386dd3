import type { DemoStore, ExampleInvoice, SandboxMode } from '../server/sandbox-mode';

/**
 * What `npm start` prints in sandbox mode: the keys (ephemeral, sandbox only) and the three commands
 * of a first payment, each on one line so it can be copied whole. The create command carries the
 * Idempotency-Key and body the welcome's invoice was created with, so it answers that very invoice:
 * the checkout link and pay command printed below it are literally its own (test/e2e/serve-sandbox).
 */
export interface WelcomeInput {
  /** The gateway's public base URL. */
  readonly url: string;
  readonly mode: SandboxMode;
  readonly demo: DemoStore;
  readonly example: ExampleInvoice;
}

export function sandboxWelcome({ url, mode, demo, example }: WelcomeInput): string {
  const create = [
    `curl -s -X POST ${url}/api/v1/stores/${demo.storeId}/invoices`,
    `-H 'Authorization: token ${demo.storeKey}'`,
    "-H 'Content-Type: application/json'",
    `-H 'Idempotency-Key: ${example.idempotencyKey}'`,
    `-d '${example.body}'`,
  ].join(' ');
  const pay = (reference: string) =>
    `curl -s -X POST ${mode.sandbox.url}/sandbox/pay -H 'Content-Type: application/json' -d '${reference}'`;
  return `
blink-gateway is running in SANDBOX MODE at ${url}
(no GATEWAY_SECRET set: an embedded Blink sandbox stands in for Blink; nothing here is real money,
 and every key below is new at each start)

  Blink sandbox      ${mode.sandbox.graphqlUrl}
  admin API key      ${mode.adminKey}
  demo store         ${demo.storeId}
  store API key      ${demo.storeKey}

1. Create an invoice for 5 USD, as a shop does:

  ${create}

   It answers the invoice as JSON. Its checkoutLink is the page the buyer pays from; open it:

  ${example.checkoutLink}

   (The Idempotency-Key header makes this curl answer the invoice prepared for you at start, which
   expires 15 minutes after it; without the header, each run creates a new invoice.)

2. Pay it in the sandbox, as the buyer's wallet would:

  ${pay(`{"paymentHash":"${example.paymentHash}"}`)}

   For any other invoice, paste the invoice text its checkout page shows (Copy button):

  ${pay('{"paymentRequest":"<BOLT11>"}')}

3. Within a second or two the checkout page shows the payment received, and the shop sees the
   invoice's status turn to "Settled":

  curl -s ${url}/api/v1/stores/${demo.storeId}/invoices/${example.id} -H 'Authorization: token ${demo.storeKey}'

See every webhook a shop receives, signatures checked: npm run demo
Set GATEWAY_SECRET (openssl rand -base64 32) to run the real gateway. Stop with Ctrl-C.
`;
}

/**
 * The words the merchant reads when registering a Blink connection. The first few are BTCPay's Blink
 * plugin messages, verbatim (reference/btcpay-greenfield.md §a.4); the others are ours. None may
 * contain an API key: they are built from wallet ids, currencies and network names only.
 */
import type { BlinkConnection, BlinkWalletCurrency, WalletId } from '../../../connection-string/types';
import type { ConnectionFacts } from './connection-facts';
import type { ConnectionAccess } from './connection-policy';

const DASHBOARD = 'In the Blink dashboard (https://dashboard.blink.sv, API Keys), create a key with the Read and Receive scopes only, then paste the BTCPay connection string it shows.';

export const refusalMessages = {
  // BTCPay's own messages.
  invalidKey: 'Invalid server or api key',
  invalidWallet: 'Invalid wallet id',
  noDefaultWallet: 'The wallet-id is not set and no default wallet is set',
  wrongNetwork: (actual: string, expected: string) => `The wallet is not on the right network (${actual} instead of ${expected})`,
  wrongCurrency: (walletCurrency: BlinkWalletCurrency) => `Invalid currency (it should be ${walletCurrency})`,
  // Ours.
  noDefaultWalletReceiveOnly: 'The wallet-id is not set and no default wallet is set: a key without the Read scope cannot look up the account\'s default wallet, so add wallet-id=<your wallet id> (the Blink dashboard\'s BTCPay connection string includes it).',
  writeScope: `This Blink API key has the Write scope, which can spend the wallet's funds; the gateway only receives payments, so it refuses keys that can spend. ${DASHBOARD} (The gateway's operator can allow Write keys with BLINK_ALLOW_WRITE_SCOPE=true.)`,
  readOnly: `This Blink API key cannot receive payments: it has the Read scope but not Receive. ${DASHBOARD}`,
  cannotReceive: (walletId: string) => `This Blink API key cannot receive payments into wallet ${walletId}: Blink refused it (the key lacks the Receive scope, or the wallet belongs to another account). ${DASHBOARD}`,
  receiveDisabled: 'This Blink account can no longer receive payments: Blink has disabled receiving for it (RECEIVE_DISABLED, the account wind-down). Connect a Blink account that can still receive.',
  unresolvedLnAddress: (address: string) => `The Blink lightning address '${address}' does not lead to a Blink wallet this gateway can invoice: use a connection with api-key= (Read and Receive scopes) or wallet-id= instead.`,
} as const;

interface NoteInput {
  readonly connection: BlinkConnection;
  readonly facts: ConnectionFacts;
  readonly access: ConnectionAccess;
  readonly walletId: WalletId;
  readonly walletCurrency: BlinkWalletCurrency;
}

/** What the merchant should know about the accepted connection, most important first. */
export function connectionNotes(input: NoteInput): string[] {
  const { facts, walletId } = input;
  const notes = [accessNote(input)];
  if (input.connection.mode !== 'ln-address' && input.connection.walletId === undefined) {
    notes.push(`No wallet-id was given: invoices go to the account's default wallet, ${walletId} (${input.walletCurrency}), stored now so later changes of the default do not move them.`);
  }
  if (input.access !== 'keyless' && facts.wallet?.ownedByKeyAccount === 'unknown') {
    notes.push(`The gateway could not check that wallet ${walletId} belongs to this key's account (that needs the Read scope); Blink refuses to create invoices if it does not.`);
  }
  if (facts.receiveDisabled === 'unknown') {
    notes.push('The gateway could not check whether Blink has disabled receiving for this account (the wind-down); invoice creation will fail with RECEIVE_DISABLED if it has.');
  }
  if (input.walletCurrency === 'USD') {
    notes.push('USD (Stablesats) wallet: each invoice is priced in sats when it is created and Blink credits the equivalent dollars when it is paid; Blink lets USD-wallet invoices live at most 5 minutes.');
  }
  return notes;
}

function accessNote(input: NoteInput): string {
  switch (input.access) {
    case 'read-receive':
      return 'Read and Receive scopes (recommended): the gateway creates invoices, checks the wallet and watches the account for payments; the key cannot spend.';
    case 'receive-only':
      return `Receive-only key, the most private choice: the gateway can create invoices in wallet ${input.walletId} but cannot read the account (no balance, no transaction history), so each payment is confirmed by its invoice's status.${input.facts.scopes.kind === 'probed' && !input.facts.scopes.established.includes('WRITE') ? ' Blink does not tell a key without Read whether it also has Write: make sure this key was created with Receive only.' : ''}`;
    case 'write':
      return 'This key has the Write scope: anyone holding it can spend from the wallet. It was accepted only because BLINK_ALLOW_WRITE_SCOPE=true; a key with the Read and Receive scopes is safer.';
    case 'keyless':
      return keylessNote(input);
  }
}

function keylessNote(input: NoteInput): string {
  const origin = input.connection.mode === 'ln-address'
    ? `Lightning address ${input.connection.lnAddress}, resolved to wallet ${input.walletId}`
    : `Keyless connection to wallet ${input.walletId}`;
  return `${origin}: invoices are created through Blink's public API on the wallet's behalf and no secret is stored. Without a key the gateway cannot check that the wallet is yours (payments go to whichever wallet this names: double-check it), cannot read the account or cancel invoices, and confirms each payment by its invoice's status.`;
}

import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Sandbox seeds: the accounts, wallets and API keys a sandbox starts with. A seed file (`--seed`) is
 * parsed with `sandboxSeedSchema`; whatever it leaves out (ids, keys) is generated at start.
 */
export const SCOPES = ['READ', 'RECEIVE', 'WRITE'] as const;
export type Scope = (typeof SCOPES)[number];
export const WALLET_CURRENCIES = ['BTC', 'USD'] as const;
export type WalletCurrency = (typeof WALLET_CURRENCIES)[number];

/** Blink's key shape: `blink_` followed by alphanumerics (64 when Blink makes one). */
const API_KEY_PATTERN = /^blink_[A-Za-z0-9]{1,128}$/;

const apiKeySeedSchema = z.strictObject({
  key: z.string().regex(API_KEY_PATTERN, 'must be blink_ followed by 1 to 128 letters or digits').optional(),
  scopes: z.array(z.enum(SCOPES)).min(1, 'a key needs at least one scope'),
});

const walletSeedSchema = z.strictObject({
  id: z.uuid().optional(),
  currency: z.enum(WALLET_CURRENCIES),
  /** Starting balance in the wallet's minor unit (sats or cents). */
  balance: z.number().int().nonnegative().optional(),
});

const accountSeedSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  username: z.string().regex(/^[A-Za-z0-9_]{3,50}$/, 'must be 3 to 50 letters, digits or _'),
  wallets: z.array(walletSeedSchema).min(1, 'an account needs at least one wallet'),
  /** Currency of the default wallet; the first wallet of that currency is the default. Default: first wallet's. */
  defaultWalletCurrency: z.enum(WALLET_CURRENCIES).optional(),
  apiKeys: z.array(apiKeySeedSchema).default([]),
  /** Blink's receive wind-down: every receive operation answers RECEIVE_DISABLED. */
  receiveDisabled: z.boolean().default(false),
}).refine((account) => account.defaultWalletCurrency === undefined
  || account.wallets.some((wallet) => wallet.currency === account.defaultWalletCurrency), {
  message: 'defaultWalletCurrency names a currency the account has no wallet in',
  path: ['defaultWalletCurrency'],
});

export const sandboxSeedSchema = z.strictObject({
  accounts: z.array(accountSeedSchema).min(1, 'a seed needs at least one account'),
}).superRefine((seed, ctx) => {
  const seen = { usernames: new Set<string>(), keys: new Set<string>(), wallets: new Set<string>(), accounts: new Set<string>() };
  const once = (set: Set<string>, value: string | undefined, what: string, path: (string | number)[]) => {
    if (value === undefined) return;
    if (set.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${what}`, path });
    set.add(value);
  };
  seed.accounts.forEach((account, a) => {
    once(seen.accounts, account.id, 'account id', ['accounts', a, 'id']);
    once(seen.usernames, account.username.toLowerCase(), 'username', ['accounts', a, 'username']);
    account.wallets.forEach((wallet, w) => once(seen.wallets, wallet.id, 'wallet id', ['accounts', a, 'wallets', w, 'id']));
    account.apiKeys.forEach((key, k) => once(seen.keys, key.key, 'API key', ['accounts', a, 'apiKeys', k, 'key']));
  });
});

export type SandboxSeed = z.input<typeof sandboxSeedSchema>;
export type ParsedSandboxSeed = z.output<typeof sandboxSeedSchema>;

/** What the ready line prints for each account, and what `RunningSandbox.accounts` holds. */
export interface SandboxAccountInfo {
  id: string;
  username: string;
  defaultWalletId: string;
  receiveDisabled: boolean;
  wallets: { id: string; currency: WalletCurrency }[];
  apiKeys: { key: string; scopes: Scope[] }[];
}

/** The seed of `blink-gateway sandbox` without `--seed`: one account, a BTC (default) and a USD wallet. */
export const DEFAULT_SEED: SandboxSeed = {
  accounts: [{
    username: 'sandbox_merchant',
    wallets: [{ currency: 'BTC' }, { currency: 'USD' }],
    defaultWalletCurrency: 'BTC',
    apiKeys: [
      { scopes: ['READ', 'RECEIVE'] },
      { scopes: ['RECEIVE'] },
      { scopes: ['READ'] },
      { scopes: ['READ', 'RECEIVE', 'WRITE'] },
    ],
  }],
};

/**
 * A seed for tests that need more than one account: the default merchant, a second account (for "a wallet
 * of another account"), and a wound-down account whose receives are disabled.
 */
export const MULTI_ACCOUNT_SEED: SandboxSeed = {
  accounts: [
    ...DEFAULT_SEED.accounts,
    {
      username: 'other_merchant',
      wallets: [{ currency: 'BTC' }, { currency: 'USD' }],
      apiKeys: [{ scopes: ['READ', 'RECEIVE'] }],
    },
    {
      username: 'wound_down',
      wallets: [{ currency: 'BTC' }, { currency: 'USD' }],
      apiKeys: [{ scopes: ['READ', 'RECEIVE'] }],
      receiveDisabled: true,
    },
  ],
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateApiKey(): string {
  let body = '';
  for (let i = 0; i < 64; i += 1) body += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return `blink_${body}`;
}

export interface MaterializedAccount {
  info: SandboxAccountInfo;
  userId: string;
  balances: Map<string, number>;
}

/** Fills in every id and key the seed left out. */
export function materializeSeed(seed: ParsedSandboxSeed): MaterializedAccount[] {
  return seed.accounts.map((account) => {
    const wallets = account.wallets.map((wallet) => ({ id: wallet.id ?? randomUUID(), currency: wallet.currency, balance: wallet.balance ?? 0 }));
    const defaultCurrency = account.defaultWalletCurrency ?? wallets[0]?.currency;
    const defaultWallet = wallets.find((wallet) => wallet.currency === defaultCurrency) ?? wallets[0];
    if (defaultWallet === undefined) throw new Error('bug: the seed schema requires a wallet per account');
    return {
      userId: randomUUID(),
      balances: new Map(wallets.map((wallet) => [wallet.id, wallet.balance])),
      info: {
        id: account.id ?? randomUUID(),
        username: account.username,
        defaultWalletId: defaultWallet.id,
        receiveDisabled: account.receiveDisabled,
        wallets: wallets.map(({ id, currency }) => ({ id, currency })),
        apiKeys: account.apiKeys.map((key) => ({ key: key.key ?? generateApiKey(), scopes: [...new Set(key.scopes)] })),
      },
    };
  });
}

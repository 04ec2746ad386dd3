import { parseConnectionString, type BlinkConnection, type WalletId } from '../../../../connection-string';
import type { ConnectionFacts } from '../../../../src/domain/store/connection-facts';
import {
  ConnectionRefusal, decideConnection, type AcceptedConnection, type ConnectionRefusalCode,
} from '../../../../src/domain/store/connection-policy';

const KEY = 'blink_0123456789abcdefghijklmnopqrstuvwxyzAbCdEfGhIjKlMnOpQrStUvWxYz01';
const WALLET = 'b5a1d4a8-6c8e-4f86-9e3c-0f2b1c7d9e11' as WalletId;
const OTHER_WALLET = 'c6b2e5b9-7d9f-4a97-8f4d-1a3c2d8e0f22' as WalletId;

function connection(text: string): BlinkConnection {
  const parsed = parseConnectionString(text);
  if (parsed instanceof Error) throw parsed;
  return parsed.connection;
}

const mainnetKey = connection(`type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};wallet-id=${WALLET}`);
const noWalletKey = connection(`type=blink;server=https://api.blink.sv/graphql;api-key=${KEY}`);
const sandboxKey = connection(`type=blink;server=http://127.0.0.1:4455/graphql;allowinsecure=true;api-key=${KEY};wallet-id=${WALLET}`);
const usdDeclared = connection(`type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};wallet-id=${WALLET};currency=USD`);
const keyless = connection(`type=blink;server=https://api.blink.sv/graphql;wallet-id=${WALLET}`);
const lnAddress = connection('type=blink;ln-address=shop@blink.sv');

const ownWallet = { id: WALLET, currency: 'BTC', ownedByKeyAccount: true } as const;
const readReceive: ConnectionFacts = {
  keyValid: true,
  scopes: { kind: 'known', scopes: ['READ', 'RECEIVE'] },
  wallet: ownWallet,
  network: 'mainnet',
  receiveDisabled: false,
};
const receiveOnly: ConnectionFacts = {
  keyValid: true,
  scopes: { kind: 'probed', established: ['RECEIVE'] },
  wallet: { ...ownWallet, ownedByKeyAccount: 'unknown' },
  network: 'mainnet',
  receiveDisabled: 'unknown',
};
const keylessFacts: ConnectionFacts = {
  keyValid: 'not-applicable',
  scopes: { kind: 'not-applicable' },
  wallet: { ...ownWallet, ownedByKeyAccount: 'unknown' },
  network: 'mainnet',
  receiveDisabled: 'unknown',
};

const refuse = { allowWriteScope: false };

function refusal(result: AcceptedConnection | ConnectionRefusal): ConnectionRefusal {
  if (!(result instanceof ConnectionRefusal)) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result;
}
function accepted(result: AcceptedConnection | ConnectionRefusal): AcceptedConnection {
  if (result instanceof ConnectionRefusal) throw new Error(`expected acceptance, got ${result.code}: ${result.message}`);
  return result;
}

describe('decideConnection: refusals', () => {
  const cases: Array<[string, BlinkConnection, ConnectionFacts, ConnectionRefusalCode, string | RegExp]> = [
    ['invalid key', mainnetKey, { ...readReceive, keyValid: false, scopes: { kind: 'known', scopes: [] }, wallet: null }, 'invalid-key', 'Invalid server or api key'],
    ['api.blink.sv reporting signet', mainnetKey, { ...readReceive, network: 'signet' }, 'wrong-network', 'The wallet is not on the right network (TestNet instead of Main)'],
    ['api.blink.sv reporting regtest', mainnetKey, { ...readReceive, network: 'regtest' }, 'wrong-network', 'The wallet is not on the right network (RegTest instead of Main)'],
    ['write scope (reported)', mainnetKey, { ...readReceive, scopes: { kind: 'known', scopes: ['READ', 'RECEIVE', 'WRITE'] } }, 'write-scope', /Write scope.*dashboard\.blink\.sv.*Read and Receive.*BLINK_ALLOW_WRITE_SCOPE=true/],
    ['write scope (probed)', mainnetKey, { ...receiveOnly, scopes: { kind: 'probed', established: ['RECEIVE', 'WRITE'] } }, 'write-scope', /Write scope/],
    ['read-only key', mainnetKey, { ...readReceive, scopes: { kind: 'known', scopes: ['READ'] } }, 'cannot-receive', /cannot receive payments: it has the Read scope but not Receive.*Read and Receive/],
    ['key that can neither read nor receive (or a wallet of another account)', mainnetKey, { ...receiveOnly, scopes: { kind: 'probed', established: [] }, wallet: null }, 'cannot-receive', new RegExp(`cannot receive payments into wallet ${WALLET}: .*lacks the Receive scope, or the wallet belongs to another account`)],
    ['key without Read and no wallet-id to probe', noWalletKey, { ...receiveOnly, scopes: { kind: 'probed', established: [] }, wallet: null }, 'no-default-wallet', /add wallet-id=/],
    ['keyless, receive disabled, currency unknown', keyless, { ...keylessFacts, wallet: null, receiveDisabled: true }, 'receive-disabled', /RECEIVE_DISABLED/],
    ['unknown wallet id', mainnetKey, { ...readReceive, wallet: null }, 'invalid-wallet', 'Invalid wallet id'],
    ['wallet of another account', mainnetKey, { ...readReceive, wallet: { ...ownWallet, ownedByKeyAccount: false } }, 'invalid-wallet', 'Invalid wallet id'],
    ['verifier answered about another wallet', mainnetKey, { ...readReceive, wallet: { ...ownWallet, id: OTHER_WALLET } }, 'invalid-wallet', 'Invalid wallet id'],
    ['no wallet-id and no default wallet', noWalletKey, { ...readReceive, wallet: null }, 'no-default-wallet', 'The wallet-id is not set and no default wallet is set'],
    ['no wallet-id with a receive-only key', noWalletKey, { ...receiveOnly, wallet: null }, 'no-default-wallet', /cannot look up the account's default wallet, so add wallet-id=/],
    ['declared currency differs', usdDeclared, readReceive, 'wrong-currency', 'Invalid currency (it should be BTC)'],
    ['receive disabled (wind-down)', mainnetKey, { ...readReceive, receiveDisabled: true }, 'receive-disabled', /can no longer receive payments.*RECEIVE_DISABLED/],
    ['keyless, unknown wallet', keyless, { ...keylessFacts, wallet: null }, 'invalid-wallet', 'Invalid wallet id'],
    ['keyless, receive disabled', keyless, { ...keylessFacts, receiveDisabled: true }, 'receive-disabled', /RECEIVE_DISABLED/],
    ['lightning address that resolves to no wallet', lnAddress, { ...keylessFacts, wallet: null }, 'unresolved-ln-address', /'shop@blink.sv'/],
  ];

  it.each(cases)('%s', (_name, conn, facts, code, message) => {
    const result = refusal(decideConnection(conn, facts, refuse));
    expect(result.code).toBe(code);
    if (typeof message === 'string') expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
  });

  it('checks the key before anything else, as BTCPay does', () => {
    const facts: ConnectionFacts = { ...readReceive, keyValid: false, network: 'regtest', receiveDisabled: true };
    expect(refusal(decideConnection(mainnetKey, facts, refuse)).code).toBe('invalid-key');
  });

  it('never puts the key in a message', () => {
    const all: ConnectionFacts[] = [readReceive, receiveOnly, { ...readReceive, keyValid: false }, { ...readReceive, network: 'signet' }];
    for (const facts of all) {
      const result = decideConnection(mainnetKey, facts, refuse);
      expect(JSON.stringify(result instanceof Error ? result.message : result)).not.toContain(KEY.slice(6));
    }
  });
});

describe('decideConnection: accepted connections', () => {
  it('Read+Receive key: recommended, no caveats', () => {
    const result = accepted(decideConnection(mainnetKey, readReceive, refuse));
    expect(result).toMatchObject({
      access: 'read-receive', walletId: WALLET, walletCurrency: 'BTC', scopes: ['READ', 'RECEIVE'], scopesSource: 'reported', network: 'mainnet',
    });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/recommended/);
  });

  it('Receive-only key: accepted, with its limits explained', () => {
    const result = accepted(decideConnection(mainnetKey, receiveOnly, refuse));
    expect(result).toMatchObject({ access: 'receive-only', scopes: ['RECEIVE'], scopesSource: 'probed' });
    const notes = result.notes.join('\n');
    expect(notes).toMatch(/most private/);
    expect(notes).toMatch(/cannot read the account/);
    expect(notes).toMatch(/could not check that wallet .* belongs to this key's account/);
    expect(notes).toMatch(/could not check whether Blink has disabled receiving/);
    expect(notes).toMatch(/whether it also has Write/);
  });

  it('Write scope accepted only when the operator allows it, with a warning', () => {
    const facts: ConnectionFacts = { ...readReceive, scopes: { kind: 'known', scopes: ['READ', 'RECEIVE', 'WRITE'] } };
    const result = accepted(decideConnection(mainnetKey, facts, { allowWriteScope: true }));
    expect(result.access).toBe('write');
    expect(result.notes[0]).toMatch(/can spend.*BLINK_ALLOW_WRITE_SCOPE=true/);
  });

  it('a Write key without Receive can still receive (Blink falls back to Write) when allowed', () => {
    const facts: ConnectionFacts = { ...readReceive, scopes: { kind: 'known', scopes: ['READ', 'WRITE'] } };
    expect(accepted(decideConnection(mainnetKey, facts, { allowWriteScope: true })).access).toBe('write');
  });

  it('keyless: accepted, saying what it cannot do', () => {
    const result = accepted(decideConnection(keyless, keylessFacts, refuse));
    expect(result).toMatchObject({ access: 'keyless', scopes: [], scopesSource: 'none', walletId: WALLET });
    expect(result.notes[0]).toMatch(/Keyless connection.*cannot check that the wallet is yours.*cannot read the account or cancel invoices/);
  });

  it('USD wallet: accepted, with the USD caveat', () => {
    const facts: ConnectionFacts = { ...readReceive, wallet: { ...ownWallet, currency: 'USD' } };
    const result = accepted(decideConnection(usdDeclared, facts, refuse));
    expect(result.walletCurrency).toBe('USD');
    expect(result.notes.join('\n')).toMatch(/USD \(Stablesats\) wallet/);
  });

  it('no wallet-id: the resolved default wallet is used and named', () => {
    const facts: ConnectionFacts = { ...readReceive, wallet: { ...ownWallet, id: OTHER_WALLET } };
    const result = accepted(decideConnection(noWalletKey, facts, refuse));
    expect(result.walletId).toBe(OTHER_WALLET);
    expect(result.notes.join('\n')).toContain(`default wallet, ${OTHER_WALLET} (BTC)`);
  });

  it('servers other than api.blink.sv may be on any network (sandbox, staging, self-hosted)', () => {
    expect(accepted(decideConnection(sandboxKey, { ...readReceive, network: 'regtest' }, refuse)).network).toBe('regtest');
  });

  it('a lightning address that resolves to a wallet is treated as keyless', () => {
    const result = accepted(decideConnection(lnAddress, keylessFacts, refuse));
    expect(result.access).toBe('keyless');
    expect(result.notes[0]).toMatch(/Lightning address shop@blink\.sv, resolved to wallet/);
  });
});

/** What parseConnectionString accepts, and the fields it reports. */
import { inspect } from 'node:util';
import {
  ConnectionStringError, describeConnection, parseConnectionString, type ParsedConnection,
} from '../../../connection-string';

const KEY = 'blink_0123456789abcdefghijklmnopqrstuvwxyzAbCd';
const WALLET = '9d4f8a2c-3b7e-4e1a-9c5d-2f6b8e0a1c3d';
const DASHBOARD = `type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};wallet-id=${WALLET}`;

function parsed(text: string): ParsedConnection {
  const result = parseConnectionString(text);
  if (result instanceof ConnectionStringError) throw new Error(`unexpected error for ${text}: ${result.message}`);
  return result;
}

describe('the string Blink’s dashboard prints', () => {
  test('parses to an api-key connection with every field', () => {
    const { connection, warnings } = parsed(DASHBOARD);
    expect(connection).toEqual({
      mode: 'api-key', server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql',
      apiKey: KEY, walletId: WALLET, currency: undefined, allowInsecure: false,
    });
    expect(warnings).toEqual([]);
  });
});

describe('grammar', () => {
  test.each([
    ['empty parts are skipped', `;;type=blink;;api-key=${KEY};;`],
    ['spaces around keys and values are trimmed', ` type = blink ; api-key =  ${KEY}\t`],
    ['keys are case-insensitive', `TYPE=blink;Api-Key=${KEY}`],
    ['line breaks between parts are trimmed', `type=blink;\n api-key=${KEY}\r\n`],
    ['U+0085 and U+3000 are whitespace in .NET', `\u0085type=blink\u3000;api-key=${KEY}`],
  ])('%s', (_name, text) => {
    expect(parsed(text).connection).toMatchObject({ mode: 'api-key', apiKey: KEY });
  });

  test('the first = splits: later ones stay in the value', () => {
    expect(parsed('type=blink;api-key=a=b==').connection).toMatchObject({ apiKey: 'a=b==' });
  });

  test('values keep their case and inner spaces', () => {
    expect(parsed('type=blink;api-key=AbC dEf;wallet-id=WaLLet').connection)
      .toMatchObject({ apiKey: 'AbC dEf', walletId: 'WaLLet' });
  });

  test('no quoting: quotes stay in the value', () => {
    expect(parsed('type=blink;api-key="k"').connection).toMatchObject({ apiKey: '"k"' });
  });

  test('U+FEFF is not .NET whitespace, so it is not trimmed (type≠blink)', () => {
    expect(parseConnectionString(`type=blink\ufeff;api-key=${KEY}`)).toMatchObject({ code: 'unsupported-type' });
  });

  test('unknown keys are ignored, each reported by name only', () => {
    const { connection, warnings } = parsed(`type=blink;api-key=${KEY};label=Shop;apikey=x;=v`);
    expect(connection.mode).toBe('api-key');
    expect(warnings).toEqual([
      "Unknown key 'label' is ignored",
      "Unknown key 'apikey' is ignored (did you mean 'api-key'?)",
      "A part with an empty key ('=…') is ignored",
    ]);
  });
});

describe('server and allowinsecure', () => {
  test('server defaults to Blink mainnet', () => {
    expect(parsed(`type=blink;api-key=${KEY}`).connection)
      .toMatchObject({ server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql' });
  });

  test('allowinsecure=true (any case) accepts an http server; the websocket keeps host and port', () => {
    const { connection, warnings } = parsed(`type=blink;server=http://127.0.0.1:4455/graphql;allowinsecure=TrUe;api-key=${KEY}`);
    expect(connection).toMatchObject({
      server: 'http://127.0.0.1:4455/graphql', websocketUrl: 'ws://127.0.0.1:4455/graphql', allowInsecure: true,
    });
    expect(warnings).toEqual([expect.stringContaining('plain http')]);
  });

  test('.NET OrdinalIgnoreCase: the long s (ſ) matches s', () => {
    expect(parsed(`type=blink;allowinsecure=falſe;api-key=${KEY}`).connection.allowInsecure).toBe(false);
  });

  test('allowinsecure=false with an https server is fine', () => {
    expect(parsed(`type=blink;allowinsecure=false;api-key=${KEY}`).connection.allowInsecure).toBe(false);
  });

  test('an http onion server needs no allowinsecure and gets no warning', () => {
    const { connection, warnings } = parsed(`type=blink;server=http://abcdef.onion/graphql;api-key=${KEY}`);
    expect(connection).toMatchObject({ allowInsecure: false, websocketUrl: 'ws://abcdef.onion/graphql' });
    expect(warnings).toEqual([]);
  });

  test('BTCPay tests EndsWith("onion") literally, so "fakeonion" passes too, with a warning', () => {
    const { connection, warnings } = parsed(`type=blink;server=http://fakeonion/graphql;api-key=${KEY}`);
    expect(connection.server).toBe('http://fakeonion/graphql');
    expect(warnings).toEqual([expect.stringContaining('plain http')]);
  });

  test('scheme is case-insensitive; the server is kept as written', () => {
    expect(parsed(`type=blink;server=HTTPS://API.blink.sv/graphql;api-key=${KEY}`).connection)
      .toMatchObject({ server: 'HTTPS://API.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql' });
  });
});

describe('api-key mode details', () => {
  test('wallet-id is optional', () => {
    expect(parsed(`type=blink;api-key=${KEY}`).connection).toMatchObject({ walletId: undefined });
  });

  test('currency BTC or USD is kept', () => {
    expect(parsed(`${DASHBOARD};currency=USD`).connection.currency).toBe('USD');
    expect(parsed(`${DASHBOARD};currency=BTC`).connection.currency).toBe('BTC');
  });

  test('an empty api-key parses, as in BTCPay, with a warning (Blink refuses it later)', () => {
    const { connection, warnings } = parsed('type=blink;api-key=;wallet-id=w');
    expect(connection).toMatchObject({ mode: 'api-key', apiKey: '', walletId: 'w' });
    expect(warnings).toEqual([expect.stringContaining("'api-key' is empty")]);
  });

  test('an empty wallet-id parses, as in BTCPay, with a warning (Blink refuses it later)', () => {
    const { connection, warnings } = parsed(`type=blink;api-key=${KEY};wallet-id=`);
    expect(connection).toMatchObject({ mode: 'api-key', walletId: '' });
    expect(warnings).toEqual([expect.stringContaining("'wallet-id' is empty")]);
  });

  test('an api-key makes ln-address and username ignored, as in BTCPay', () => {
    const { connection, warnings } = parsed(`type=blink;api-key=${KEY};ln-address=alice@blink.sv;username=bob`);
    expect(connection.mode).toBe('api-key');
    expect(warnings).toEqual([
      expect.stringContaining("'ln-address' is ignored"), expect.stringContaining("'username' is ignored"),
    ]);
  });
});

describe('keyless mode (extension)', () => {
  test('wallet-id without api-key or ln-address is keyless, with the explaining warning', () => {
    const { connection, warnings } = parsed(`type=blink;wallet-id=${WALLET};currency=USD`);
    expect(connection).toEqual({
      mode: 'keyless', walletId: WALLET, server: 'https://api.blink.sv/graphql',
      websocketUrl: 'wss://ws.blink.sv/graphql', allowInsecure: false, currency: 'USD',
    });
    expect(warnings).toEqual([expect.stringContaining('OnBehalfOfRecipient')]);
  });

  test('keyless still obeys the server rules', () => {
    expect(parseConnectionString(`type=blink;server=http://x/graphql;wallet-id=${WALLET}`)).toMatchObject({ code: 'insecure-server' });
  });
});

describe('lightning-address mode', () => {
  test.each([
    ['ln-address', 'type=blink;ln-address=alice@blink.sv', 'alice@blink.sv'],
    ['a bare name gets @blink.sv', 'type=blink;ln-address=alice', 'alice@blink.sv'],
    ['username is an alias', 'type=blink;username=bob', 'bob@blink.sv'],
    ['ln-address wins over username', 'type=blink;ln-address=alice@pay.example;username=bob', 'alice@pay.example'],
    ['inner spaces are not blank parts', 'type=blink;ln-address=al ice', 'al ice@blink.sv'],
  ])('%s', (_name, text, lnAddress) => {
    expect(parsed(text).connection).toMatchObject({ mode: 'ln-address', lnAddress });
  });

  test('server, wallet-id and allowinsecure are not read (even invalid ones), and say so', () => {
    const { connection, warnings } = parsed('type=blink;ln-address=alice;server=nope;wallet-id=w;allowinsecure=maybe;currency=USD');
    expect(connection).toEqual({
      mode: 'ln-address', lnAddress: 'alice@blink.sv', server: 'https://api.blink.sv/graphql',
      websocketUrl: 'wss://ws.blink.sv/graphql', allowInsecure: false, currency: 'USD',
    });
    expect(warnings).toEqual([
      expect.stringContaining("'server' is ignored"), expect.stringContaining("'wallet-id' is ignored"),
      expect.stringContaining("'allowinsecure' is ignored"),
    ]);
  });
});

describe('the parsed connection is safe to print', () => {
  test('JSON.stringify gives the description, never the key', () => {
    const { connection } = parsed(DASHBOARD);
    const json = JSON.stringify({ connection });
    expect(json).not.toContain(KEY);
    expect(JSON.parse(json)).toEqual({ connection: describeConnection(connection) });
  });

  test('util.inspect (console.log) gives the description, never the key', () => {
    const { connection } = parsed(DASHBOARD);
    expect(inspect(connection)).not.toContain(KEY);
    expect(inspect(connection)).toContain('blink_…AbCd');
  });

  test('the connection is frozen', () => {
    const { connection } = parsed(DASHBOARD);
    expect(Object.isFrozen(connection)).toBe(true);
  });
});

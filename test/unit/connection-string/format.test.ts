/** formatConnectionString, the redacted forms, describeConnection and websocketUrlFor. */
import {
  ConnectionStringError, describeConnection, formatConnectionString, parseConnectionString, redactApiKey,
  redactConnectionString, websocketUrlFor, type BlinkConnection,
} from '../../../connection-string';

const KEY = 'blink_0123456789abcdefghijklmnopqrstuvwxyzAbCd';

function connectionOf(text: string): BlinkConnection {
  const result = parseConnectionString(text);
  if (result instanceof ConnectionStringError) throw new Error(result.message);
  return result.connection;
}

describe('formatConnectionString', () => {
  test.each([
    ['canonical order', `wallet-id=w;api-key=${KEY};type=blink`, `type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};wallet-id=w`],
    ['currency kept (BTCPay drops it)', `type=blink;api-key=${KEY};currency=USD`, `type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};currency=USD`],
    ['allowinsecure kept so it parses again',
      `type=blink;allowinsecure=TRUE;server=http://127.0.0.1:4455/graphql;api-key=${KEY}`,
      `type=blink;server=http://127.0.0.1:4455/graphql;api-key=${KEY};allowinsecure=true`],
    ['allowinsecure=false dropped', `type=blink;allowinsecure=false;api-key=${KEY}`, `type=blink;server=https://api.blink.sv/graphql;api-key=${KEY}`],
    ['keyless', 'type=blink;wallet-id=w;currency=BTC', 'type=blink;server=https://api.blink.sv/graphql;wallet-id=w;currency=BTC'],
    ['ln-address (no server)', 'type=blink;username=alice;currency=USD;server=https://x', 'type=blink;ln-address=alice@blink.sv;currency=USD'],
    ['empty api-key', 'type=blink;api-key=', 'type=blink;server=https://api.blink.sv/graphql;api-key='],
    ['empty wallet-id', 'type=blink;api-key=k;wallet-id=', 'type=blink;server=https://api.blink.sv/graphql;api-key=k;wallet-id='],
  ])('%s', (_name, input, expected) => {
    expect(formatConnectionString(connectionOf(input))).toBe(expected);
  });

  test('a value the grammar cannot carry is a bug, not a string', () => {
    const bad = { ...connectionOf('type=blink;wallet-id=w'), walletId: 'a;b' } as BlinkConnection;
    expect(() => formatConnectionString(bad)).toThrow(/wallet-id/);
    const empty = { ...connectionOf('type=blink;wallet-id=w'), walletId: '' } as BlinkConnection;
    expect(() => formatConnectionString(empty)).toThrow(/wallet-id/);
  });
});

describe('redactApiKey', () => {
  test.each([
    [KEY, 'blink_…AbCd'],
    ['blink_short', 'blink_…'],
    ['0123456789abcdefWXYZ', '…WXYZ'],
    ['short', '…'],
    ['blink_', '…'], // `blink_…` would contain the whole key
    ['…', '[redacted]'],
    ['', ''],
  ])('%j → %j', (key, expected) => {
    expect(redactApiKey(key)).toBe(expected);
  });
});

describe('redactConnectionString', () => {
  test('a connection: the canonical form with the key redacted', () => {
    expect(redactConnectionString(connectionOf(`type=blink;api-key=${KEY};wallet-id=w`)))
      .toBe('type=blink;server=https://api.blink.sv/graphql;api-key=blink_…AbCd;wallet-id=w');
  });

  test('raw text, even unparsable: only values of public keys survive', () => {
    expect(redactConnectionString(`type=blink; API-KEY = ${KEY} ;token=abc;apikey=;${KEY};${KEY}=x;wallet-id=w;;server=https://x`))
      .toBe('type=blink; API-KEY =blink_…AbCd;token=…;apikey=;…;…=…;wallet-id=w;;server=https://x');
  });

  test('raw text: a key pasted into a public field is hidden too', () => {
    expect(redactConnectionString(`type=blink;wallet-id=${KEY}`)).toBe('type=blink;wallet-id=…');
  });
});

describe('describeConnection', () => {
  test('api-key', () => {
    expect(describeConnection(connectionOf(`type=blink;api-key=${KEY};currency=BTC`))).toEqual({
      mode: 'api-key', server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql',
      apiKey: 'blink_…AbCd', walletId: null, currency: 'BTC', allowInsecure: false,
    });
  });

  test('keyless', () => {
    expect(describeConnection(connectionOf('type=blink;wallet-id=w'))).toEqual({
      mode: 'keyless', server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql',
      apiKey: null, walletId: 'w', currency: null, allowInsecure: false,
    });
  });

  test('ln-address', () => {
    expect(describeConnection(connectionOf('type=blink;ln-address=alice'))).toEqual({
      mode: 'ln-address', server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql',
      apiKey: null, walletId: null, currency: null, allowInsecure: false, lnAddress: 'alice@blink.sv',
    });
  });
});

describe('websocketUrlFor', () => {
  test.each([
    ['https://api.blink.sv/graphql', false, 'wss://ws.blink.sv/graphql'],
    ['https://api.staging.blink.sv/graphql', false, 'wss://ws.staging.blink.sv/graphql'],
    ['https://api.staging.galoy.io/graphql', false, 'wss://ws.staging.galoy.io/graphql'],
    ['https://myapi.example.com/graphql', false, 'wss://myapi.example.com/graphql'], // BTCPay: myws.example.com
    ['https://api.example.com:8443/graphql?x=1', false, 'wss://ws.example.com:8443/graphql?x=1'],
    ['https://blink.example.com', false, 'wss://blink.example.com/'],
    ['http://localhost:4455/graphql', true, 'ws://localhost:4455/graphql'], // BTCPay: wss://localhost/graphql
    ['http://127.0.0.1:4455/graphqlws', true, 'ws://127.0.0.1:4455/graphqlws'],
    ['http://api.local.test:8080/graphql', true, 'ws://api.local.test:8080/graphql'],
    ['http://[::1]:3000/graphql', true, 'ws://[::1]:3000/graphql'],
    ['http://abc.onion/graphql', false, 'ws://abc.onion/graphql'],
    ['http://api.example.com/graphql', false, 'wss://ws.example.com/graphql'], // never downgrade without permission
  ])('%s (allowInsecure %s) → %s', (server, allowInsecure, expected) => {
    expect(websocketUrlFor(server, allowInsecure)).toBe(expected);
  });
});

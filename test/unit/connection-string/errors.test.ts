/** Every string BTCPay rejects at parse time, with BTCPay's exact message, in BTCPay's order. */
import { ConnectionStringError, parseConnectionString, type ConnectionStringErrorCode } from '../../../connection-string';

const KEY = 'blink_0123456789abcdefghijklmnopqrstuvwxyzAbCd';

const MALFORMED = 'The format of the connectionString should a list of key=value delimited by semicolon';
const UNSUPPORTED = 'Unsupported connection string';
const BAD_SERVER = "The key 'server' should be an URI starting by http:// or https://";
const BAD_INSECURE = "The key 'allowinsecure' should be true or false";
const NOT_HTTPS = "The key 'allowinsecure' is false, but server's Uri is not using https";
const NO_KEY = "The key 'api-key' is not found";
const BAD_CURRENCY = 'Invalid Blink Wallet Currency (Only BTC and USD are supported)';
const NO_ADDRESS = "The key 'ln-address' must be a Blink lightning address (e.g. user@blink.sv)";

const cases: Array<[string, string, ConnectionStringErrorCode, string]> = [
  // grammar (BTCPayServer.Lightning ExtractValues)
  ['part without =', `type=blink;api-key=${KEY};wallet-id`, 'malformed', MALFORMED],
  ['whitespace-only part', `type=blink;api-key=${KEY}; `, 'malformed', MALFORMED],
  ['trailing newline part', `type=blink;api-key=${KEY};\n`, 'malformed', MALFORMED],
  ['whitespace-only string', '   ', 'malformed', MALFORMED],
  ['no-break space part (a .NET whitespace)', 'type=blink;\u00a0;api-key=x', 'malformed', MALFORMED],
  ['duplicate key', `type=blink;api-key=${KEY};api-key=other`, 'duplicate-key', 'Duplicate key api-key'],
  ['duplicate key, case-insensitive', 'type=blink;Wallet-ID=a;wallet-id=b;api-key=k', 'duplicate-key', 'Duplicate key wallet-id'],
  ['duplicate type', 'type=blink;TYPE=blink;api-key=k', 'duplicate-key', 'Duplicate key type'],
  ['the first bad part wins: duplicate before a later malformed part', 'type=blink;a=1;A=2;junk', 'duplicate-key', 'Duplicate key a'],
  ['malformed before duplicate', 'type=blink;junk;a=1;a=2', 'malformed', MALFORMED],
  ['empty string', '', 'missing-type', "The key 'type' is mandatory"],
  ['only separators', ';;;', 'missing-type', "The key 'type' is mandatory"],
  ['no type', `server=https://api.blink.sv/graphql;api-key=${KEY}`, 'missing-type', "The key 'type' is mandatory"],
  // type (the lightning client factory's fall-through)
  ['type is case-sensitive', `type=Blink;api-key=${KEY}`, 'unsupported-type', UNSUPPORTED],
  ['another type', 'type=lnd-rest;server=https://x', 'unsupported-type', UNSUPPORTED],
  ['flash', 'type=flash;server=https://x;token=t', 'unsupported-type', UNSUPPORTED],
  ['empty type', 'type=;api-key=k', 'unsupported-type', UNSUPPORTED],
  ['legacy c-lightning URI', 'tcp://1.2.3.4:9735', 'unsupported-type', UNSUPPORTED],
  ['legacy unix path', '/root/.lightning/lightning-rpc', 'unsupported-type', UNSUPPORTED],
  ['legacy Lightning Charge URI', 'https://api-token:secret@charge.example.com', 'unsupported-type', UNSUPPORTED],
  // custodial path, in the plugin's order
  ['server not a URI', `type=blink;server=api.blink.sv/graphql;api-key=${KEY}`, 'invalid-server', BAD_SERVER],
  ['server empty (does not default)', `type=blink;server=;api-key=${KEY}`, 'invalid-server', BAD_SERVER],
  ['server with another scheme', `type=blink;server=ftp://api.blink.sv;api-key=${KEY}`, 'invalid-server', BAD_SERVER],
  ['server without host', `type=blink;server=https://;api-key=${KEY}`, 'invalid-server', BAD_SERVER],
  ['allowinsecure not a boolean', `type=blink;allowinsecure=yes;api-key=${KEY}`, 'invalid-allowinsecure', BAD_INSECURE],
  ['allowinsecure empty', `type=blink;allowinsecure=;api-key=${KEY}`, 'invalid-allowinsecure', BAD_INSECURE],
  ['http without allowinsecure', `type=blink;server=http://localhost:4455/graphql;api-key=${KEY}`, 'insecure-server', NOT_HTTPS],
  ['http with allowinsecure=false', `type=blink;server=http://localhost:4455/graphql;allowinsecure=False;api-key=${KEY}`, 'insecure-server', NOT_HTTPS],
  ['no api-key, no wallet-id', 'type=blink;server=https://api.blink.sv/graphql', 'missing-api-key', NO_KEY],
  ['no api-key, empty wallet-id', 'type=blink;wallet-id=', 'missing-api-key', NO_KEY],
  ['only type', 'type=blink', 'missing-api-key', NO_KEY],
  ['misnamed api_key', `type=blink;api_key=${KEY}`, 'missing-api-key', NO_KEY],
  ['currency lower-case', `type=blink;api-key=${KEY};currency=usd`, 'invalid-currency', BAD_CURRENCY],
  ['currency unknown', `type=blink;api-key=${KEY};currency=EUR`, 'invalid-currency', BAD_CURRENCY],
  ['currency empty', `type=blink;api-key=${KEY};currency=`, 'invalid-currency', BAD_CURRENCY],
  ['currency on keyless', 'type=blink;wallet-id=w;currency=btc', 'invalid-currency', BAD_CURRENCY],
  // order: each earlier check wins over every later one
  ['server before allowinsecure', 'type=blink;server=nope;allowinsecure=maybe', 'invalid-server', BAD_SERVER],
  ['allowinsecure before https', 'type=blink;server=http://x;allowinsecure=maybe', 'invalid-allowinsecure', BAD_INSECURE],
  ['https before api-key', 'type=blink;server=http://x', 'insecure-server', NOT_HTTPS],
  ['api-key before currency', 'type=blink;currency=eur', 'missing-api-key', NO_KEY],
  // non-custodial path
  ['ln-address empty', 'type=blink;ln-address=', 'missing-ln-address', NO_ADDRESS],
  ['username empty', 'type=blink;username=', 'missing-ln-address', NO_ADDRESS],
  ['empty ln-address wins over username', 'type=blink;ln-address=;username=alice', 'missing-ln-address', NO_ADDRESS],
  ['two @', 'type=blink;ln-address=a@b@blink.sv', 'invalid-ln-address', "The key 'ln-address' is not a valid lightning address ('a@b@blink.sv')"],
  ['blank user', 'type=blink;ln-address=@blink.sv', 'invalid-ln-address', "The key 'ln-address' is not a valid lightning address ('@blink.sv')"],
  ['blank domain', 'type=blink;username=alice@', 'invalid-ln-address', "The key 'ln-address' is not a valid lightning address ('alice@')"],
  ['ln-address currency', 'type=blink;ln-address=alice@blink.sv;currency=Usd', 'invalid-currency', BAD_CURRENCY],
  ['ln-address mode never checks the server', 'type=blink;ln-address=;server=nope', 'missing-ln-address', NO_ADDRESS],
];

describe('parseConnectionString rejects what BTCPay rejects, with its message', () => {
  test.each(cases)('%s', (_name, text, code, message) => {
    const result = parseConnectionString(text);
    expect(result).toBeInstanceOf(ConnectionStringError);
    expect(result).toMatchObject({ code, message });
  });

  test('errors carry a hint but never the key, even when the key is pasted as a key name', () => {
    const texts = [
      `type=blink;${KEY}=1;${KEY}=2`, `type=blink;api_key=${KEY}`, `type=Blink;api-key=${KEY}`,
      `type=blink;api-key=${KEY};currency=usd`, `${KEY}`, `type=blink;server=http://x;api-key=${KEY}`,
    ];
    for (const text of texts) {
      const result = parseConnectionString(text);
      if (!(result instanceof ConnectionStringError)) throw new Error(`expected an error for ${text}`);
      expect(result.hint).toEqual(expect.any(String));
      const shown = `${result.message} ${result.hint} ${JSON.stringify(result)} ${String(result.stack)}`.toLowerCase();
      expect(shown).not.toContain(KEY.toLowerCase());
    }
  });

  test('a pasted key used as a key name is redacted in the duplicate-key message', () => {
    const result = parseConnectionString(`type=blink;${KEY}=1;${KEY}=2`);
    expect(result).toMatchObject({ code: 'duplicate-key', message: 'Duplicate key blink_…abcd' });
  });

  test('hints steer towards the fix', () => {
    expect(parseConnectionString('type=Blink')).toMatchObject({ hint: 'type is case-sensitive: write type=blink' });
    expect(parseConnectionString(`type=blink;apikey=${KEY}`)).toMatchObject({ hint: expect.stringContaining("'apikey'") });
    expect(parseConnectionString('type=blink')).toMatchObject({ hint: expect.stringContaining('wallet-id=') });
    expect(parseConnectionString('type=blink;server=http://localhost:1/graphql;api-key=k'))
      .toMatchObject({ hint: expect.stringContaining('allowinsecure=true') });
  });

  test('an error serialises as {code, message, hint}', () => {
    expect(JSON.parse(JSON.stringify(parseConnectionString('type=blink')))).toEqual({
      code: 'missing-api-key', message: NO_KEY, hint: expect.any(String),
    });
  });
});

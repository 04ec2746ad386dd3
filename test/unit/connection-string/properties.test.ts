/** Property tests: round trips, totality, and that the key never leaks. */
import fc from 'fast-check';
import {
  ConnectionStringError, describeConnection, formatConnectionString, parseConnectionString, redactApiKey,
  redactConnectionString, websocketUrlFor, type BlinkApiKey, type BlinkConnection, type WalletId,
} from '../../../connection-string';

/** A value the grammar can carry: no `;`, no surrounding whitespace (.NET's or JavaScript's). */
const representable = (min: number) =>
  fc.string({ minLength: min, maxLength: 30, unit: 'grapheme' })
    .filter((s) => !s.includes(';') && s.trim() === s && !/^[\u0085\ufeff]|[\u0085\ufeff]$/.test(s));

const realisticKey = fc.stringMatching(/^blink_[A-Za-z0-9]{24,64}$/);
const currency = fc.constantFrom(undefined, 'BTC' as const, 'USD' as const);

const server = fc.record({
  secure: fc.boolean(),
  host: fc.oneof(fc.domain(), fc.constantFrom('api.blink.sv', 'localhost', '127.0.0.1', 'abcdef.onion')),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  path: fc.constantFrom('', '/', '/graphql', '/graphqlws', '/a/b?x=1'),
}).map(({ secure, host, port, path }) => ({
  url: `${secure ? 'https' : 'http'}://${host}${port === undefined ? '' : `:${port}`}${path}`,
  needsAllowInsecure: !secure && !host.endsWith('onion'),
}));

const endpoint = fc.tuple(server, fc.boolean(), currency).map(([{ url, needsAllowInsecure }, insecure, cur]) => {
  const allowInsecure = needsAllowInsecure || insecure;
  return { server: url, websocketUrl: websocketUrlFor(url, allowInsecure), allowInsecure, currency: cur };
});

const connection: fc.Arbitrary<BlinkConnection> = fc.oneof(
  fc.tuple(endpoint, fc.oneof(realisticKey, representable(0)), fc.option(representable(0), { nil: undefined }))
    .map(([base, apiKey, walletId]) => ({
      mode: 'api-key' as const, ...base, apiKey: apiKey as BlinkApiKey, walletId: walletId as WalletId | undefined,
    })),
  fc.tuple(endpoint, representable(1)).map(([base, walletId]) => ({ mode: 'keyless' as const, ...base, walletId: walletId as WalletId })),
  fc.tuple(representable(1), fc.domain(), currency).filter(([user]) => !user.includes('@') && user.trim() !== '')
    .map(([user, domain, cur]) => ({
      mode: 'ln-address' as const, lnAddress: `${user}@${domain}`, server: 'https://api.blink.sv/graphql',
      websocketUrl: 'wss://ws.blink.sv/graphql', allowInsecure: false, currency: cur,
    })),
);

/** Strings shaped like connection strings, with every kind of mistake in reach. */
const segment = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.tuple(
      fc.constantFrom('type', 'TYPE', 'server', 'api-key', 'wallet-id', 'currency', 'allowinsecure', 'ln-address', 'username', 'x', ''),
      fc.constantFrom('blink', 'Blink', 'https://api.blink.sv/graphql', 'http://127.0.0.1:4455/graphql', 'http://x.onion',
        'true', 'FALSE', 'yes', 'BTC', 'usd', 'alice', 'a@b', '@', 'w-1', '', ' ', 'a=b'),
    ).map(([k, v]) => `${k}=${v}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(' ', '', '\n', 'junk', '=', ';') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const connectionLike = fc.array(segment, { maxLength: 8 }).map((parts) => parts.join(';'));
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), connectionLike, fc.constant('type=blink').chain(
  (head) => connectionLike.map((rest) => `${head};${rest}`)));

const isError = (value: unknown): value is ConnectionStringError => value instanceof ConnectionStringError;

describe('properties', () => {
  test('parse(format(c)) gives c back', () => {
    fc.assert(fc.property(connection, (c) => {
      const result = parseConnectionString(formatConnectionString(c));
      if (isError(result)) throw new Error(`${formatConnectionString(c)}: ${result.message}`);
      expect(result.connection).toEqual(c);
    }), { numRuns: 500 });
  });

  test('arbitrary strings never throw: a connection or a ConnectionStringError', () => {
    fc.assert(fc.property(anyString, (text) => {
      const result = parseConnectionString(text);
      if (isError(result)) {
        expect(result.message).not.toBe('');
      } else {
        expect(['api-key', 'keyless', 'ln-address']).toContain(result.connection.mode);
        expect(result.warnings).toEqual(expect.any(Array));
      }
    }), { numRuns: 2000 });
  });

  test('whatever parses, formats to a string that parses to the same connection', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(anyString, (text) => {
      const result = parseConnectionString(text);
      if (isError(result)) return;
      seen.add(result.connection.mode);
      const again = parseConnectionString(formatConnectionString(result.connection));
      expect(isError(again) ? again.message : again.connection).toEqual(result.connection);
    }), { numRuns: 3000 });
    // The generator must reach every mode, or the property above says little.
    expect([...seen].sort()).toEqual(['api-key', 'keyless', 'ln-address']);
  });

  test('no redacted form, description, JSON form, warning or error contains the key', () => {
    const placements = (key: string) => [`api-key=${key}`, ` API-KEY = ${key} `, `${key}=x`, key, `apikey=${key}`, `token=${key}`];
    const withKey = fc.tuple(realisticKey, fc.array(segment, { maxLength: 6 }), fc.nat(), fc.nat())
      .map(([key, parts, at, which]) => {
        const all = placements(key);
        const placed = [...parts];
        placed.splice(at % (parts.length + 1), 0, all[which % all.length] ?? '');
        return { key, text: ['type=blink', ...placed].join(';') };
      });
    fc.assert(fc.property(withKey, ({ key, text }) => {
      const result = parseConnectionString(text);
      const shown = isError(result)
        ? [result.message, result.hint ?? '', JSON.stringify(result)]
        : [JSON.stringify(result.connection), JSON.stringify(describeConnection(result.connection)),
          redactConnectionString(result.connection), ...result.warnings];
      shown.push(redactConnectionString(text));
      for (const output of shown) expect(output.toLowerCase()).not.toContain(key.toLowerCase());
    }), { numRuns: 2000 });
  });

  test('redactApiKey never contains a non-empty key', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (key) => {
      expect(redactApiKey(key)).not.toContain(key);
    }), { numRuns: 2000 });
  });
});

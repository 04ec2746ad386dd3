import { apiKeyFromHeader } from '../../../src/http/middleware/auth';
import { issuePath } from '../../../src/http/route-kit';

describe('Authorization header', () => {
  it.each<[string | undefined, string | undefined]>([
    ['token bgk_abc', 'bgk_abc'],
    ['Token bgk_abc', 'bgk_abc'],
    ['TOKEN   bgk_abc', 'bgk_abc'],
    ['Bearer bgk_abc', 'bgk_abc'],
    ['bearer bgk_abc', 'bgk_abc'],
    ['BEARER\tbgk_abc', 'bgk_abc'],
    ['token bgk_abc trailing', 'bgk_abc'],
    [undefined, undefined],
    ['', undefined],
    ['bgk_abc', undefined],
    ['Basic dXNlcjpwYXNz', undefined],
    ['tokenbgk_abc', undefined],
    ['token ', undefined],
    [' token bgk_abc', undefined],
  ])('%j → %j', (header, key) => {
    expect(apiKeyFromHeader(header)).toBe(key);
  });
});

describe('validation paths', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['label'], 'label'],
    [['permissions', 0], 'permissions[0]'],
    [['checkout', 'expirationMinutes'], 'checkout.expirationMinutes'],
    [['a', 1, 'b', 2], 'a[1].b[2]'],
  ])('%j → %j', (path, expected) => {
    expect(issuePath(path)).toBe(expected);
  });
});

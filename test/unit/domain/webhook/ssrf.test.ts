import { isIP } from 'node:net';
import fc from 'fast-check';
import { classifyIpAddress, isAddressAllowed } from '../../../../src/domain/webhook/ssrf';
import { parseIpv4, parseIpv6 } from '../../../../src/domain/webhook/ip-address';
import { INVALID_URL_MESSAGE, InvalidWebhookUrlError, parseWebhookUrl } from '../../../../src/domain/webhook/url';

describe('classifyIpAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'private'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'reserved'], // Teredo
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:808:808::1', 'public'],
    ['::127.0.0.1', 'reserved'], // deprecated IPv4-compatible
    ['4000::1', 'reserved'],
    ['localhost', 'invalid'],
    ['0177.0.0.1', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['127.1', 'invalid'],
    ['256.0.0.1', 'invalid'],
    ['1.2.3.4.5', 'invalid'],
    ['', 'invalid'],
    ['1::2::3', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
    ['12345::1', 'invalid'],
    ['1:2:3:4:5:6:7::8', 'invalid'],
  ])('%s is %s', (address, expected) => {
    expect(classifyIpAddress(address)).toBe(expected);
  });

  it('parses every address Node formats, and nothing Node rejects', () => {
    fc.assert(fc.property(fc.ipV4(), (address) => parseIpv4(address) !== null));
    fc.assert(fc.property(fc.ipV6(), (address) => parseIpv6(address) !== null));
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => (classifyIpAddress(text) === 'invalid') === (isIP(text) === 0)
      || /^0\d|\.0\d|%|^\[/.test(text))); // we refuse leading zeros; zones and brackets are accepted on purpose
  });

  it('an IPv4-mapped IPv6 address is judged by its IPv4 address', () => {
    fc.assert(fc.property(fc.ipV4(), (v4) => classifyIpAddress(`::ffff:${v4}`) === classifyIpAddress(v4)));
  });
});

describe('isAddressAllowed', () => {
  it.each([
    ['8.8.8.8', false, true],
    ['127.0.0.1', false, false],
    ['10.0.0.1', false, false],
    ['169.254.169.254', false, false],
    ['::1', false, false],
    ['::ffff:127.0.0.1', false, false],
    ['127.0.0.1', true, true],
    ['192.168.1.10', true, true],
    ['fd00::1', true, true],
    ['0.0.0.0', true, false],
    ['224.0.0.1', true, false],
    ['not-an-ip', true, false],
  ])('%s with allowPrivateNetworks=%s → %s', (address, allowPrivateNetworks, expected) => {
    expect(isAddressAllowed(address, { allowPrivateNetworks })).toBe(expected);
  });
});

describe('parseWebhookUrl', () => {
  it.each([
    ['https://shop.example/wc-api/btcpaygf_default', 'https://shop.example/wc-api/btcpaygf_default'],
    ['HTTP://Shop.Example:8080/hook?x=1', 'http://shop.example:8080/hook?x=1'],
    ['  https://shop.example  ', 'https://shop.example/'],
    ['http://127.0.0.1:3000/hook', 'http://127.0.0.1:3000/hook'],
    ['http://[::1]/hook', 'http://[::1]/hook'],
    ['http://0x7f.1/', 'http://127.0.0.1/'], // canonical form, so the address check sees 127.0.0.1
  ])('accepts %j as %j', (input, href) => {
    expect(parseWebhookUrl(input)).toBe(href);
  });

  it.each([
    '', 'shop.example/hook', '/relative', 'ftp://shop.example/', 'javascript:alert(1)', 'file:///etc/passwd',
    'https://user:pass@shop.example/', 'https://user@shop.example/', 'http://', `https://shop.example/${'a'.repeat(2048)}`,
  ])('refuses %j with Greenfield\'s "Invalid Url"', (input) => {
    const result = parseWebhookUrl(input);
    expect(result).toBeInstanceOf(InvalidWebhookUrlError);
    expect(result).toMatchObject({ message: INVALID_URL_MESSAGE, path: 'url', code: 'invalid-url' });
  });
});

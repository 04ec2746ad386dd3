/**
 * Which addresses a webhook may be sent to. The sender checks the address it is about to connect
 * to, after DNS resolution (peers-and-webhooks.md §2.5), so neither a name resolving to 127.0.0.1 nor
 * a DNS rebinding reaches the gateway's own network. Ranges from the IANA special-purpose registries.
 */
import { parseIp } from './ip-address';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'invalid';

type Range4 = readonly [network: string, prefix: number, kind: AddressClass];
type Range6 = readonly [network: bigint, prefix: number, kind: AddressClass];

/** First match wins: more specific ranges come first. */
const IPV4_RANGES: readonly Range4[] = [
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // 169.254.169.254: cloud metadata
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const IPV6_RANGES: readonly Range6[] = [
  [0n, 128, 'unspecified'],
  [1n, 128, 'loopback'],
  [0x0064ff9b0001n << 80n, 48, 'private'], // local-use NAT64
  [0x0100n << 112n, 64, 'reserved'], // discard-only
  [0x20010db8n << 96n, 32, 'documentation'],
  [0x2001n << 112n, 23, 'reserved'], // IETF protocol assignments, Teredo included
  [0xfc00n << 112n, 7, 'unique-local'],
  [0xfe80n << 112n, 10, 'link-local'],
  [0xfec0n << 112n, 10, 'private'], // deprecated site-local
  [0xff00n << 112n, 8, 'multicast'],
];

const MAPPED_V4 = 0xffffn << 32n; // ::ffff:0:0/96
const NAT64 = 0x0064ff9bn << 96n; // 64:ff9b::/96
const SIX_TO_FOUR = 0x2002n << 112n; // 2002::/16
const LOW_32 = 0xffffffffn;

const v4Network = (text: string): number => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

function classifyIpv4(value: number): AddressClass {
  for (const [network, prefix, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - prefix);
    if (Math.floor(value / size) === Math.floor(v4Network(network) / size)) return kind;
  }
  return 'public';
}

const inRange6 = (value: bigint, network: bigint, prefix: number): boolean =>
  value >> BigInt(128 - prefix) === network >> BigInt(128 - prefix);

function classifyIpv6(value: bigint): AddressClass {
  // Forms that carry an IPv4 address reach that address: judge them by it.
  if (inRange6(value, MAPPED_V4, 96) || inRange6(value, NAT64, 96)) return classifyIpv4(Number(value & LOW_32));
  if (inRange6(value, SIX_TO_FOUR, 16)) return classifyIpv4(Number((value >> 80n) & LOW_32));
  for (const [network, prefix, kind] of IPV6_RANGES) if (inRange6(value, network, prefix)) return kind;
  // ::/96 (deprecated IPv4-compatible) and everything outside global unicast 2000::/3.
  if (!inRange6(value, 0x2000n << 112n, 3)) return 'reserved';
  return 'public';
}

/** The class of an IP address; `invalid` for anything that is not one in canonical form. */
export function classifyIpAddress(text: string): AddressClass {
  const ip = parseIp(text);
  if (!ip) return 'invalid';
  return ip.version === 4 ? classifyIpv4(ip.value) : classifyIpv6(ip.value);
}

/** Never reachable over TCP in a useful way, whatever the operator allows. */
const NEVER: ReadonlySet<AddressClass> = new Set(['invalid', 'unspecified', 'multicast', 'broadcast']);

/**
 * Whether the sender may connect to `address`. Only public addresses, unless the operator set
 * `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` (a shop on the same host or LAN).
 */
export function isAddressAllowed(address: string, options: { readonly allowPrivateNetworks: boolean }): boolean {
  const kind = classifyIpAddress(address);
  if (kind === 'public') return true;
  return options.allowPrivateNetworks && !NEVER.has(kind);
}

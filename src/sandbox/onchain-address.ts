import { randomBytes } from 'node:crypto';
import type { SandboxNetwork } from './bolt11';

/**
 * Segwit v0 (P2WPKH) addresses for `onChainAddressCurrent`, valid for the sandbox's network, so a
 * client may parse them; nothing ever arrives on chain. Bech32 per BIP-173.
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

const ADDRESS_HRP: Record<SandboxNetwork, string> = { mainnet: 'bc', testnet: 'tb', signet: 'tb', regtest: 'bcrt' };

function polymod(values: number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    GENERATORS.forEach((generator, i) => { if ((top >>> i) & 1) chk ^= generator; });
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const chars = [...hrp].map((c) => c.charCodeAt(0));
  return [...chars.map((c) => c >> 5), 0, ...chars.map((c) => c & 31)];
}

function toFiveBitWords(bytes: Uint8Array): number[] {
  const words: number[] = [];
  let accumulator = 0;
  let bits = 0;
  for (const byte of bytes) {
    accumulator = (accumulator << 8) | byte;
    bits += 8;
    while (bits >= 5) { bits -= 5; words.push((accumulator >> bits) & 31); }
  }
  if (bits > 0) words.push((accumulator << (5 - bits)) & 31);
  return words;
}

export function bech32Encode(hrp: string, data: number[]): string {
  const values = [...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((word) => CHARSET[word]).join('')}`;
}

export function segwitV0Address(network: SandboxNetwork, program: Uint8Array): string {
  return bech32Encode(ADDRESS_HRP[network], [0, ...toFiveBitWords(program)]);
}

export function randomOnChainAddress(network: SandboxNetwork): string {
  return segwitV0Address(network, randomBytes(20));
}

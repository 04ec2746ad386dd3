import { createECDH, randomBytes } from 'node:crypto';
import * as bolt11 from 'bolt11';

/**
 * Real BOLT11 payment requests, signed with a node key the sandbox generates at start, so any wallet
 * or decoder accepts them (and the payee node key they recover matches `globals.nodesIds`).
 */
export type SandboxNetwork = 'mainnet' | 'testnet' | 'signet' | 'regtest';

/** BOLT11 human-readable prefixes (after `ln`) per network; signet is `tbs`. */
const BOLT11_NETWORKS: Record<SandboxNetwork, { bech32: string; pubKeyHash: number; scriptHash: number; validWitnessVersions: number[] }> = {
  mainnet: { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: [0, 1] },
  testnet: { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  signet: { bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  regtest: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
};

export function bolt11Network(network: SandboxNetwork): (typeof BOLT11_NETWORKS)[SandboxNetwork] {
  return BOLT11_NETWORKS[network];
}

export interface SandboxNodeKey {
  privateKey: Buffer;
  /** Compressed secp256k1 public key, hex: the node id. */
  publicKey: string;
}

export function generateNodeKey(): SandboxNodeKey {
  const ecdh = createECDH('secp256k1');
  ecdh.generateKeys();
  // getPrivateKey() drops leading zero bytes (1 key in 256 comes back shorter); bolt11 needs all 32.
  const privateKey = Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex');
  return { privateKey, publicKey: ecdh.getPublicKey('hex', 'compressed') };
}

export interface PaymentRequestInput {
  network: SandboxNetwork;
  nodeKey: SandboxNodeKey;
  /** null for a no-amount invoice. */
  satoshis: number | null;
  paymentHash: string;
  paymentSecret: string;
  /** The memo; ignored when `descriptionHash` is given. */
  description: string;
  descriptionHash?: string;
  /** Unix seconds. */
  timestamp: number;
  expirySeconds: number;
}

export function encodePaymentRequest(input: PaymentRequestInput): string {
  const tags: bolt11.PaymentRequestObject['tags'] = [
    { tagName: 'payment_hash', data: input.paymentHash },
    { tagName: 'payment_secret', data: input.paymentSecret },
    input.descriptionHash === undefined
      ? { tagName: 'description', data: input.description }
      : { tagName: 'purpose_commit_hash', data: input.descriptionHash },
    { tagName: 'expire_time', data: input.expirySeconds },
    { tagName: 'min_final_cltv_expiry', data: 80 },
    {
      tagName: 'feature_bits',
      data: { word_length: 4, var_onion_optin: { required: true, supported: true }, payment_secret: { required: true, supported: true } },
    },
  ];
  const unsigned = bolt11.encode({
    network: BOLT11_NETWORKS[input.network],
    timestamp: input.timestamp,
    ...(input.satoshis === null ? {} : { satoshis: input.satoshis }),
    tags,
  }, false);
  const signed = bolt11.sign(unsigned, input.nodeKey.privateKey);
  if (signed.paymentRequest === undefined) throw new Error('bug: bolt11.sign returned no payment request');
  return signed.paymentRequest;
}

export function randomHex32(): string {
  return randomBytes(32).toString('hex');
}

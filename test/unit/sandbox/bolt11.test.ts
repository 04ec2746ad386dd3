import bolt11 from 'bolt11';
import { encodePaymentRequest, generateNodeKey, randomHex32, type SandboxNodeKey } from '../../../src/sandbox/bolt11';

/** About 1 key in 256 has a leading zero byte: the case where Node's ECDH hands back 31 bytes. */
function nodeKeyWithLeadingZero(): SandboxNodeKey {
  for (let i = 0; i < 50_000; i += 1) {
    const key = generateNodeKey();
    if (key.privateKey[0] === 0) return key;
  }
  throw new Error('no key with a leading zero byte in 50 000 tries');
}

it('node keys are always 32 bytes, so every generated key can sign', () => {
  for (let i = 0; i < 2_000; i += 1) expect(generateNodeKey().privateKey).toHaveLength(32);
  const nodeKey = nodeKeyWithLeadingZero();
  expect(nodeKey.privateKey).toHaveLength(32);
  const paymentHash = randomHex32();
  const request = encodePaymentRequest({
    network: 'regtest', nodeKey, satoshis: 1_000, paymentHash, paymentSecret: randomHex32(),
    description: 'leading zero', timestamp: 1_800_000_000, expirySeconds: 900,
  });
  const decoded = bolt11.decode(request);
  expect(decoded.payeeNodeKey).toBe(nodeKey.publicKey);
  expect(decoded.tagsObject.payment_hash).toBe(paymentHash);
});

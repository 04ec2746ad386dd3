import { segwitV0Address } from '../../../src/sandbox/onchain-address';

describe('segwitV0Address', () => {
  // BIP-173 test vector: P2WPKH of 751e76e8199196d454941c45d1b3a323f1433bd6.
  const program = Buffer.from('751e76e8199196d454941c45d1b3a323f1433bd6', 'hex');

  it('encodes the BIP-173 mainnet vector', () => {
    expect(segwitV0Address('mainnet', program)).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
  });

  it('encodes the BIP-173 testnet vector, also used for signet', () => {
    expect(segwitV0Address('testnet', program)).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
    expect(segwitV0Address('signet', program)).toBe('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
  });

  it('uses the bcrt prefix on regtest', () => {
    expect(segwitV0Address('regtest', program)).toMatch(/^bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7k[a-z0-9]{6}$/);
  });
});

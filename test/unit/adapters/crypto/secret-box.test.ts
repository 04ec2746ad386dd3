import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createSecretBox, SecretBoxError } from '../../../../src/adapters/crypto/secret-box';

const secretA = randomBytes(32);
const secretB = randomBytes(32);

describe('secret box', () => {
  it('round-trips any text, in the same context', () => {
    const box = createSecretBox({ current: secretA });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (text, context) => {
      expect(box.open(box.seal(text, context), context)).toBe(text);
    }), { numRuns: 200 });
  });

  it('writes v1.<kid>.<iv>.<tag>.<ct> and never the plaintext', () => {
    const box = createSecretBox({ current: secretA });
    const key = 'blink_abcdefghijklmnopqrstuvwxyz0123456789';
    const sealed = box.seal(key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed.split('.')[1]).toBe(box.currentKeyId);
    expect(sealed).not.toContain('blink_');
    expect(Buffer.from(sealed.split('.')[4] as string, 'base64url').toString('utf8')).not.toContain('abcdef');
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox({ current: secretA });
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('detects any altered byte of the IV, tag or ciphertext', () => {
    const box = createSecretBox({ current: secretA });
    const sealed = box.seal('blink_secretsecretsecret');
    fc.assert(fc.property(fc.integer({ min: 2, max: 4 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (part, at, flip) => {
      const parts = sealed.split('.');
      const bytes = Buffer.from(parts[part] as string, 'base64url');
      const index = at % bytes.length;
      bytes[index] = (bytes[index] as number) ^ flip;
      parts[part] = bytes.toString('base64url');
      const opened = box.open(parts.join('.'));
      expect(opened).toBeInstanceOf(SecretBoxError);
      expect((opened as SecretBoxError).code).toBe('tampered');
    }), { numRuns: 200 });
  });

  it('refuses a value opened in another context (a sealed key copied to another store)', () => {
    const box = createSecretBox({ current: secretA });
    const sealed = box.seal('blink_key', 'store:A');
    const opened = box.open(sealed, 'store:B');
    expect(opened).toBeInstanceOf(SecretBoxError);
    expect((opened as SecretBoxError).code).toBe('tampered');
  });

  it('says malformed for values that are not sealed values', () => {
    const box = createSecretBox({ current: secretA });
    for (const bad of ['', 'blink_key', 'v2.a.b.c.d', 'v1.kid.short.tag.ct', 'v1.a.b.c', 'v1.!!.aaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaa.aa']) {
      const opened = box.open(bad);
      expect(opened).toBeInstanceOf(SecretBoxError);
      expect((opened as SecretBoxError).code).toBe('malformed');
    }
  });

  describe('rotation', () => {
    it('opens values sealed with a previous secret and reports them for re-sealing', () => {
      const old = createSecretBox({ current: secretA });
      const sealedOld = old.seal('blink_old');
      const rotated = createSecretBox({ current: secretB, previous: [secretA] });
      expect(rotated.open(sealedOld)).toBe('blink_old');
      expect(rotated.needsReseal(sealedOld)).toBe(true);
      const resealed = rotated.seal('blink_old');
      expect(rotated.needsReseal(resealed)).toBe(false);
      expect(resealed.split('.')[1]).not.toBe(sealedOld.split('.')[1]);
    });

    it('refuses a value sealed with a secret it no longer has, naming the key id', () => {
      const sealedOld = createSecretBox({ current: secretA }).seal('blink_old');
      const rotated = createSecretBox({ current: secretB });
      const opened = rotated.open(sealedOld);
      expect(opened).toBeInstanceOf(SecretBoxError);
      expect((opened as SecretBoxError).code).toBe('unknown-key-id');
      expect((opened as SecretBoxError).message).toContain(sealedOld.split('.')[1]);
    });

    it('does not let a forged key id pick another key', () => {
      const rotated = createSecretBox({ current: secretB, previous: [secretA] });
      const sealed = rotated.seal('blink_x');
      const parts = sealed.split('.');
      parts[1] = createSecretBox({ current: secretA }).currentKeyId;
      const opened = rotated.open(parts.join('.'));
      expect((opened as SecretBoxError).code).toBe('tampered');
    });
  });

  it('refuses secrets that are not 32 bytes (a bug in the caller)', () => {
    expect(() => createSecretBox({ current: randomBytes(16) })).toThrow('32 bytes');
  });
});

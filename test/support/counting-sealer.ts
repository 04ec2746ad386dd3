import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../../src/adapters/crypto/secret-box';
import type { SecretSealer } from '../../src/app/ports';

/** A real secret box under a fresh secret, as a sealer that counts the decryptions it really does. */
export function countingSealer(): SecretSealer & { opens: number } {
  const box = createSecretBox({ current: randomBytes(32) });
  const sealer = {
    opens: 0,
    seal: (plaintext: string, context: string) => box.seal(plaintext, context),
    open: (sealed: string, context: string) => {
      sealer.opens += 1;
      return box.open(sealed, context);
    },
  };
  return sealer;
}

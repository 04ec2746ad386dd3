import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets the gateway must use again later (Blink API keys, webhook secrets):
 * AES-256-GCM under a key derived from `GATEWAY_SECRET`.
 *
 * Sealed form: `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts). `kid` names the secret that
 * sealed it, so the secret can be rotated: put the old one in the `previous` list, start with the new
 * one, re-seal what `needsReseal` reports, then drop the old one. The optional `context` (e.g. the
 * store id) is authenticated data: a sealed value copied to another row does not open there.
 */
export const secretBoxErrorCodes = ['malformed', 'unknown-key-id', 'tampered'] as const;
export type SecretBoxErrorCode = (typeof secretBoxErrorCodes)[number];

/** Why a sealed value did not open. The message never contains the plaintext or a key. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  constructor(readonly code: SecretBoxErrorCode, message: string) {
    super(message);
  }
}

export interface SecretBox {
  /** Encrypts `plaintext`; each call uses a fresh random IV, so sealing twice gives two values. */
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string | SecretBoxError;
  /** True when `sealed` was made with an older secret (or is not ours): re-seal it with `seal`. */
  needsReseal(sealed: string): boolean;
  /** The id of the current secret, as written in sealed values. */
  readonly currentKeyId: string;
}

export interface SecretBoxOptions {
  /** The raw 32-byte secret (GATEWAY_SECRET decoded from base64). */
  readonly current: Uint8Array;
  /** Older secrets, still accepted for opening. */
  readonly previous?: readonly Uint8Array[];
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET_BYTES = 32;

interface KeyEntry {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The encryption key is derived (HKDF) rather than the secret used as is, so the same
 * GATEWAY_SECRET can serve other purposes without key reuse; the key id is a hash under a different
 * label, so publishing it says nothing about the key.
 */
function keyEntryFor(secret: Uint8Array): KeyEntry {
  if (secret.length !== SECRET_BYTES) throw new Error(`a secret-box secret must be ${SECRET_BYTES} bytes`);
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'blink-gateway secret-box v1', 32));
  const id = createHash('sha256').update('blink-gateway secret-box key id\0').update(secret).digest('base64url').slice(0, 8);
  return { id, key };
}

const b64 = (bytes: Buffer): string => bytes.toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const current = keyEntryFor(options.current);
  const keys = new Map<string, KeyEntry>();
  for (const secret of [...(options.previous ?? [])].reverse()) {
    const entry = keyEntryFor(secret);
    keys.set(entry.id, entry);
  }
  keys.set(current.id, current);

  return {
    currentKeyId: current.id,
    seal(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadFor(current.id, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.id, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
    },
    open(sealed, context = '') {
      const parts = splitSealed(sealed);
      if (parts instanceof SecretBoxError) return parts;
      const entry = keys.get(parts.keyId);
      if (entry === undefined) {
        return new SecretBoxError('unknown-key-id', `sealed with a secret this gateway does not have (key id ${parts.keyId}); add it to the previous secrets`);
      }
      return decrypt(entry, parts, context);
    },
    needsReseal(sealed) {
      const parts = splitSealed(sealed);
      return parts instanceof SecretBoxError || parts.keyId !== current.id;
    },
  };
}

interface SealedParts {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

function splitSealed(sealed: string): SealedParts | SecretBoxError {
  const parts = sealed.split('.');
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (parts.length !== 5 || version !== VERSION || keyId === undefined || iv === undefined || tag === undefined
    || ciphertext === undefined || !parts.every((part) => BASE64URL.test(part))) {
    return new SecretBoxError('malformed', 'not a sealed value of the form v1.<kid>.<iv>.<tag>.<ciphertext>');
  }
  const parsed = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url') };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    return new SecretBoxError('malformed', 'the sealed value has a wrong IV or tag length');
  }
  return parsed;
}

function decrypt(entry: KeyEntry, parts: SealedParts, context: string): string | SecretBoxError {
  const decipher = createDecipheriv('aes-256-gcm', entry.key, parts.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadFor(entry.id, context));
  decipher.setAuthTag(parts.tag);
  try {
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // GCM's only failure here is authentication: the value, its context or its key id was altered.
    return new SecretBoxError('tampered', 'the sealed value does not authenticate (altered, or opened in another context)');
  }
}

/** The key id and the caller's context are both authenticated: neither can be swapped. */
const aadFor = (keyId: string, context: string): Buffer => Buffer.from(`${VERSION}.${keyId}.${context}`, 'utf8');

/** GATEWAY_SECRET (base64, 32 bytes) → raw bytes; config.ts has already checked the length. */
export const secretFromBase64 = (text: string): Buffer => Buffer.from(text, 'base64');

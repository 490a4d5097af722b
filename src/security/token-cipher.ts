// Twitch tokens at rest (SPEC §9): AES-256-GCM from node:crypto. Written here rather than taken from a
// library because it is twenty lines of product-specific format (a versioned text column) around one
// standard primitive, and a dependency would add more surface than it removes.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { decodeBase64url } from './base64url.ts';

const VERSION = 'v1';
const KEY_BYTES = 32;
// 96-bit IVs are GCM's native size (NIST SP 800-38D §5.2.1.1); a random one per call is safe far past
// the number of tokens this program will ever encrypt under one key.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a stored token could not be decrypted; GCM cannot tell a wrong key from tampering. */
export type TokenDecryptionReason = 'malformed' | 'unsupported_version' | 'authentication_failed';

/** Thrown when a stored token does not decrypt. The message never contains the input. */
export class TokenDecryptionError extends Error {
  override name = 'TokenDecryptionError';

  constructor(readonly reason: TokenDecryptionReason) {
    super(`stored token could not be decrypted (${reason})`);
  }
}

/**
 * Encrypts short secrets (Twitch tokens) into `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 * The optional associated data (e.g. the channel id) is authenticated, not stored: a ciphertext
 * moved to another row, which passes other associated data, fails to decrypt.
 */
export class TokenCipher {
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new RangeError(`token encryption key must be ${KEY_BYTES} bytes`);
    // A KeyObject holds its own copy and does not print its bytes if the cipher is ever logged.
    this.#key = createSecretKey(key);
  }

  /** Encrypts `plain` with a fresh random IV; `associatedData` must be given again to decrypt. */
  encrypt(plain: string, associatedData = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const encoded = [iv, tag, ciphertext].map((part) => part.toString('base64url'));
    return [VERSION, ...encoded].join('.');
  }

  /** Decrypts a value made by {@link encrypt}; throws {@link TokenDecryptionError} on any failure. */
  decrypt(text: string, associatedData = ''): string {
    const parts = typeof text === 'string' ? text.split('.') : [];
    if (parts.length !== 4) throw new TokenDecryptionError('malformed');
    const [version, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    if (version !== VERSION) throw new TokenDecryptionError('unsupported_version');
    const iv = decodeBase64url(ivText);
    const tag = decodeBase64url(tagText);
    const ciphertext = decodeBase64url(ciphertextText);
    if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !ciphertext) {
      throw new TokenDecryptionError('malformed');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // GCM fails the same way for a wrong key, an edited IV, tag or ciphertext, and other associated data.
      throw new TokenDecryptionError('authentication_failed');
    }
  }
}

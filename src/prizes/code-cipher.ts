// Secret prize codes at rest (SPEC §2.8): encrypted like Twitch tokens (AES-256-GCM, token-cipher.ts),
// but under their own key, derived from TOKEN_ENCRYPTION_KEY with HKDF for this one purpose, so a
// leaked token key and a leaked code key never open each other's data. Duplicates are found through
// a keyed fingerprint (HMAC-SHA256 under a third derived key), never by comparing codes in clear.
import { createHmac, hkdfSync } from 'node:crypto';
import { TokenCipher } from '../security/token-cipher.ts';

const derive = (key: Buffer, label: string) =>
  Buffer.from(hkdfSync('sha256', key, 'kinoyu', `kinoyu prize codes v1: ${label}`, 32));

/** Encrypts, decrypts and fingerprints the secret codes of prizes. */
export class CodeCipher {
  readonly #cipher: TokenCipher;
  readonly #fingerprintKey: Buffer;

  constructor(tokenEncryptionKey: Buffer) {
    this.#cipher = new TokenCipher(derive(tokenEncryptionKey, 'cipher'));
    this.#fingerprintKey = derive(tokenEncryptionKey, 'fingerprint');
  }

  /** 43 base64url characters naming the code without revealing it (same code, same fingerprint). */
  fingerprint(code: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(code, 'utf8').digest('base64url');
  }

  /** The code encrypted, bound to its fingerprint: a secret moved onto another row does not decrypt. */
  encrypt(code: string, fingerprint: string): string {
    return this.#cipher.encrypt(code, `item_code:${fingerprint}`);
  }

  decrypt(secret: string, fingerprint: string): string {
    return this.#cipher.decrypt(secret, `item_code:${fingerprint}`);
  }
}

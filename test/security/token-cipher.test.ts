import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCipher, TokenDecryptionError } from '../../src/security/token-cipher.ts';

const key = randomBytes(32);
const cipher = new TokenCipher(key);
// Only base64url letters, so its base64url form lines up with the ciphertext part if it leaked there.
const ACCESS_TOKEN = 'kpvy3cjboyptmdkiacwr0c16juf1ahThisIsATwitchToken';

/** Edits one part of `v1.iv.tag.ciphertext`, keeping it canonical base64url so GCM itself must refuse. */
function tamper(text: string, part: 1 | 2 | 3, edit: (bytes: Buffer) => void): string {
  const parts = text.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  edit(bytes);
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

function decryptionFailure(run: () => unknown): TokenDecryptionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDecryptionError);
    return error as TokenDecryptionError;
  }
  throw new Error('expected decryption to fail, but it succeeded');
}

describe('TokenCipher', () => {
  it.each([
    ['a Twitch access token', ACCESS_TOKEN],
    ['an empty string', ''],
    ['non-ASCII text', 'ção 🎁 ключ'],
    ['a long value', 'x'.repeat(10_000)],
  ])('round-trips %s', (_name, plain) => {
    expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    expect(cipher.decrypt(cipher.encrypt(plain, '42'), '42')).toBe(plain);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> with a 12-byte IV and a 16-byte tag, all base64url', () => {
    const [version, iv, tag, ciphertext, ...rest] = cipher.encrypt(ACCESS_TOKEN).split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(rest).toEqual([]);
  });

  it('uses a fresh IV for every call, so equal tokens never look equal at rest', () => {
    const outputs = Array.from({ length: 100 }, () => cipher.encrypt(ACCESS_TOKEN));
    expect(new Set(outputs).size).toBe(100);
    expect(new Set(outputs.map((output) => output.split('.')[1])).size).toBe(100);
  });

  it('never contains the plaintext, as text, as base64url or as bytes', () => {
    const output = cipher.encrypt(ACCESS_TOKEN);
    const ciphertextBytes = Buffer.from(output.split('.')[3] ?? '', 'base64url');
    expect(output).not.toContain(ACCESS_TOKEN);
    expect(output).not.toContain(Buffer.from(ACCESS_TOKEN).toString('base64url').slice(0, 20));
    expect(ciphertextBytes.includes(Buffer.from(ACCESS_TOKEN.slice(0, 8)))).toBe(false);
  });

  it.each([
    ['IV', 1 as const],
    ['tag', 2 as const],
    ['ciphertext', 3 as const],
  ])('refuses a value whose %s was edited', (_name, part) => {
    const original = cipher.encrypt(ACCESS_TOKEN, '7');
    for (const position of ['first', 'last'] as const) {
      const edited = tamper(original, part, (bytes) => {
        const index = position === 'first' ? 0 : bytes.length - 1;
        bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      });
      expect(edited).not.toBe(original);
      expect(decryptionFailure(() => cipher.decrypt(edited, '7')).reason).toBe('authentication_failed');
    }
  });

  it('refuses a ciphertext cut short or extended', () => {
    const original = cipher.encrypt(ACCESS_TOKEN);
    const [version, iv, tag, ciphertext = ''] = original.split('.');
    const cut = Buffer.from(ciphertext, 'base64url').subarray(0, -3).toString('base64url');
    const shorter = [version, iv, tag, cut].join('.');
    const longer = `${original}AAAA`;
    expect(decryptionFailure(() => cipher.decrypt(shorter)).reason).toBe('authentication_failed');
    expect(decryptionFailure(() => cipher.decrypt(longer)).reason).toBe('authentication_failed');
  });

  it('refuses an unknown version', () => {
    const original = cipher.encrypt(ACCESS_TOKEN);
    for (const version of ['v2', 'v0', 'V1', '']) {
      const edited = original.replace(/^v1/, version);
      expect(decryptionFailure(() => cipher.decrypt(edited)).reason).toBe('unsupported_version');
    }
  });

  it('refuses a value encrypted under another key', () => {
    const other = new TokenCipher(randomBytes(32));
    const error = decryptionFailure(() => other.decrypt(cipher.encrypt(ACCESS_TOKEN)));
    expect(error.reason).toBe('authentication_failed');
  });

  it('refuses a value moved to another row (other associated data), or read without it', () => {
    const forChannel1 = cipher.encrypt(ACCESS_TOKEN, '1');
    expect(decryptionFailure(() => cipher.decrypt(forChannel1, '2')).reason).toBe('authentication_failed');
    expect(decryptionFailure(() => cipher.decrypt(forChannel1)).reason).toBe('authentication_failed');
    const withoutAad = cipher.encrypt(ACCESS_TOKEN);
    expect(decryptionFailure(() => cipher.decrypt(withoutAad, '1')).reason).toBe('authentication_failed');
  });

  it.each([
    ['empty', ''],
    ['a plain token', ACCESS_TOKEN],
    ['too few parts', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['too many parts', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAA'],
    ['a short IV', 'v1.AAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a short tag', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['characters outside base64url', 'v1.AAAAAAAAAAAAAAA+.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['padding', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA==.AAAA'],
    // 22 characters carry 132 bits for a 128-bit tag: the last character's spare bits must be zero.
    ['a non-canonical tag', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAB.AAAA'],
  ])('refuses a malformed value (%s) without echoing it', (_name, text) => {
    const error = decryptionFailure(() => cipher.decrypt(text));
    expect(error.reason).toBe('malformed');
    if (text !== '') expect(error.message).not.toContain(text);
  });

  it('never puts the input or the plaintext in the error message', () => {
    const original = cipher.encrypt(ACCESS_TOKEN, '1');
    const error = decryptionFailure(() => cipher.decrypt(original, '2'));
    for (const part of original.split('.').slice(1)) expect(error.message).not.toContain(part);
    expect(error.message).not.toContain(ACCESS_TOKEN);
    expect(String(error.stack)).not.toContain(original.split('.')[3]);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new TokenCipher(randomBytes(16))).toThrow(RangeError);
    expect(() => new TokenCipher(randomBytes(33))).toThrow(RangeError);
  });

  it('keeps its own copy of the key', () => {
    const mutable = Buffer.from(key);
    const owned = new TokenCipher(mutable);
    const stored = owned.encrypt(ACCESS_TOKEN);
    mutable.fill(0);
    expect(owned.decrypt(stored)).toBe(ACCESS_TOKEN);
  });
});

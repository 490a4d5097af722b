import { type BinaryLike, createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: BinaryLike) => createHash('sha256').update(value).digest();

/**
 * Whether a secret someone sent equals the expected one, in time that does not depend on where they
 * differ nor on their lengths: both are hashed first, so timingSafeEqual always compares 32 bytes. The one
 * constant-time comparison of the program: keys, tokens and signatures (text or bytes) all go through it.
 */
export function sameSecret(given: BinaryLike, expected: BinaryLike): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether a secret someone sent equals the expected one, in time that does not depend on where they
 * differ nor on their lengths: both are hashed first, so timingSafeEqual always compares 32 bytes.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 4648 §5, no padding): only the canonical encoding of some bytes is accepted,
 * so no two texts decode to the same bytes and unused trailing bits cannot be flipped unnoticed.
 */
export function decodeBase64url(text: string): Buffer | undefined {
  if (!ALPHABET.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

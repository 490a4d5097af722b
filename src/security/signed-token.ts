// Signed, expiring tokens for the OAuth `state`, the Discord connect link, the viewer sign-in and the
// account link (SPEC §2.1, §2.8, §9): an HMAC over a small JSON payload, from node:crypto. Deliberately
// not JWT: a few fixed purposes, one algorithm, no header to negotiate, and a format short enough for a
// link pasted in Discord.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SignedTokenErrorCode } from '../contract/codes.ts';
import { AppError } from '../errors.ts';
import { decodeBase64url } from './base64url.ts';
import { sameSecret } from './constant-time.ts';

/** What a token is for; each purpose has its own key, so one can never pass as another. */
export type TokenPurpose =
  | 'oauth_state'
  | 'discord_link'
  | 'viewer_state'
  | 'viewer_session'
  | 'account_link';
const PURPOSES: readonly TokenPurpose[] = [
  'oauth_state',
  'discord_link',
  // The viewer sign-in of the claim page (SPEC §2.8): its OAuth state, its session cookie, and the
  // account-link URL a Discord user receives.
  'viewer_state',
  'viewer_session',
  'account_link',
];

/** A value carried in a token: short fields such as `g` (Discord guild id) or `r` (return path). */
export type TokenFieldValue = string | number | boolean;
export type TokenFields = Readonly<Record<string, TokenFieldValue>>;

/** What {@link SignedTokens.sign} takes: the purpose and the fields to carry. */
export type TokenClaims = { readonly purpose: TokenPurpose } & TokenFields;

/** A token that verified: its purpose, single-use nonce, expiry and fields. */
export interface VerifiedToken {
  readonly purpose: TokenPurpose;
  /** 16 random bytes, base64url: the key under which the token is spent (nonce-store.ts). */
  readonly nonce: string;
  /** Unix seconds; the token is refused from this second on. */
  readonly expiresAt: number;
  readonly fields: TokenFields;
}

export type { SignedTokenErrorCode };

const MESSAGES: Record<SignedTokenErrorCode, string> = {
  malformed: 'The link or sign-in state is not valid.',
  bad_signature: 'The link or sign-in state is not valid.',
  wrong_purpose: 'The link or sign-in state was not made for this.',
  expired: 'The link or sign-in state has expired; ask for a new one.',
  replayed: 'The link or sign-in state was already used; ask for a new one.',
};

/** A token that must be refused. An expected user error (400); the message never contains the token. */
export class SignedTokenError extends AppError {
  override name = 'SignedTokenError';
  declare readonly code: SignedTokenErrorCode;

  constructor(code: SignedTokenErrorCode) {
    super(400, code, MESSAGES[code]);
  }
}

const RESERVED = new Set(['p', 'n', 'e']);
const NONCE_BYTES = 16;
const SIGNATURE_BYTES = 32;
// Far above any real token (a few hundred characters); keeps hostile input from costing much.
const MAX_TOKEN_LENGTH = 2048;

/**
 * Mints and checks `base64url(json).base64url(hmac-sha256)` tokens. The JSON carries `p` (purpose),
 * `n` (nonce), `e` (expiry, unix seconds) and the caller's fields. Each purpose signs with its own key,
 * derived from SESSION_SECRET with HKDF (RFC 5869) and the purpose as label.
 */
export class SignedTokens {
  readonly #keys: ReadonlyMap<TokenPurpose, Buffer>;

  constructor(secret: string) {
    if (secret.length < 32) throw new RangeError('the token signing secret must be at least 32 characters');
    this.#keys = new Map(PURPOSES.map((purpose) => [purpose, deriveKey(secret, purpose)]));
  }

  /** Signs `claims` into a token valid for `ttlSeconds` from `now`. */
  sign(claims: TokenClaims, ttlSeconds: number, now = new Date()): string {
    const { purpose, ...fields } = claims;
    assertSignable(purpose, fields, ttlSeconds);
    const payload = {
      ...fields,
      p: purpose,
      n: randomBytes(NONCE_BYTES).toString('base64url'),
      e: Math.floor(now.getTime() / 1000) + ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.#mac(purpose, body).toString('base64url')}`;
  }

  /** Checks a token's signature, purpose and expiry; throws {@link SignedTokenError} if any fails. */
  verify(token: string, purpose: TokenPurpose, now = new Date()): VerifiedToken {
    const { body, signature } = splitToken(token);
    if (!this.#signedFor(purpose, body, signature)) {
      // Tells apart a genuine token shown to the wrong endpoint; its payload is still not trusted.
      const other = PURPOSES.some(
        (candidate) => candidate !== purpose && this.#signedFor(candidate, body, signature),
      );
      throw new SignedTokenError(other ? 'wrong_purpose' : 'bad_signature');
    }
    const verified = parsePayload(body);
    if (verified.purpose !== purpose) throw new SignedTokenError('wrong_purpose');
    if (now.getTime() >= verified.expiresAt * 1000) throw new SignedTokenError('expired');
    return verified;
  }

  #mac(purpose: TokenPurpose, body: string): Buffer {
    const key = this.#keys.get(purpose);
    if (!key) throw new TypeError(`unknown token purpose "${purpose}"`);
    return createHmac('sha256', key).update(body, 'utf8').digest();
  }

  #signedFor(purpose: TokenPurpose, body: string, signature: Buffer): boolean {
    return sameSecret(signature, this.#mac(purpose, body));
  }
}

function deriveKey(secret: string, purpose: TokenPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'kinoyu', `kinoyu signed token v1: ${purpose}`, 32));
}

/** Programming errors, not user errors: thrown as TypeError or RangeError. */
function assertSignable(purpose: TokenPurpose, fields: TokenFields, ttlSeconds: number): void {
  if (!PURPOSES.includes(purpose)) throw new TypeError(`unknown token purpose "${purpose}"`);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError('ttlSeconds must be a positive integer');
  }
  for (const [name, value] of Object.entries(fields)) {
    if (RESERVED.has(name)) throw new TypeError(`token field "${name}" is reserved`);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`token field "${name}" must be a finite number`);
    }
  }
}

/** Splits `body.signature`, both strict base64url and the signature of HMAC-SHA256's length. */
function splitToken(token: string): { body: string; signature: Buffer } {
  const parts = typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  const [body, signatureText] = parts;
  const signature = signatureText === undefined ? undefined : decodeBase64url(signatureText);
  if (
    parts.length !== 2 ||
    body === undefined ||
    !decodeBase64url(body) ||
    signature?.length !== SIGNATURE_BYTES
  ) {
    throw new SignedTokenError('malformed');
  }
  return { body, signature };
}

/** Reads a payload whose signature already checked out; a bad shape means a bug, not an attack. */
function parsePayload(body: string): VerifiedToken {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new SignedTokenError('malformed');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new SignedTokenError('malformed');
  }
  const { p, n, e, ...fields } = payload as Record<string, unknown>;
  const fieldsValid = Object.values(fields).every((value) =>
    ['string', 'number', 'boolean'].includes(typeof value),
  );
  if (
    !PURPOSES.includes(p as TokenPurpose) ||
    typeof n !== 'string' ||
    !Number.isInteger(e) ||
    !fieldsValid
  ) {
    throw new SignedTokenError('malformed');
  }
  return { purpose: p as TokenPurpose, nonce: n, expiresAt: e as number, fields: fields as TokenFields };
}

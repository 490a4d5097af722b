import type { Executor } from '../db/executor.ts';
import {
  SignedTokenError,
  type SignedTokens,
  type TokenPurpose,
  type VerifiedToken,
} from './signed-token.ts';

// A spent nonce is kept this long past its token's expiry, so a replica whose clock runs behind the
// one that purges still finds it spent instead of accepting the token again.
const CLOCK_SKEW_MARGIN_MS = 10 * 60 * 1000;

/**
 * Marks `nonce` spent. Resolves true the first time and false on every later call, however many race:
 * the primary key decides, with ON CONFLICT DO NOTHING, so there is no read-then-write window.
 */
export async function spendNonce(
  db: Executor,
  nonce: string,
  purpose: string,
  expiresAt: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('spent_nonces')
    .values({ nonce, purpose, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Whether `nonce` was already spent (a link that would be refused as `replayed`). */
export async function isSpent(db: Executor, nonce: string): Promise<boolean> {
  const row = await db
    .selectFrom('spent_nonces')
    .select('nonce')
    .where('nonce', '=', nonce)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes spent nonces whose `expires_at` is before `now`; returns how many went. */
export async function purgeExpiredNonces(db: Executor, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('spent_nonces').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Verifies a signed token and spends its nonce: the single-use check of SPEC §2.1. Refused tokens
 * never reach the database; a token already spent throws {@link SignedTokenError} `replayed`.
 */
export async function consumeToken(
  db: Executor,
  tokens: SignedTokens,
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
): Promise<VerifiedToken> {
  const verified = tokens.verify(token, purpose, now);
  const keepUntil = new Date(verified.expiresAt * 1000 + CLOCK_SKEW_MARGIN_MS);
  if (!(await spendNonce(db, verified.nonce, purpose, keepUntil))) throw new SignedTokenError('replayed');
  return verified;
}

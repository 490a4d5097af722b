import { describe, expect, it } from 'vitest';
import { consumeToken, purgeExpiredNonces, spendNonce } from '../../src/security/nonce-store.ts';
import { SignedTokenError, SignedTokens } from '../../src/security/signed-token.ts';
import { useWorld } from '../helpers/world.ts';

const tokens = new SignedTokens('a-session-secret-of-at-least-32-characters');
const NOW = new Date('2026-11-20T12:00:00.000Z');
const LATER = new Date(NOW.getTime() + 3_600_000);

describe('spent nonces', () => {
  const world = useWorld({ poolSize: 20 });

  const spentRow = (nonce: string) =>
    world.database.db.selectFrom('spent_nonces').selectAll().where('nonce', '=', nonce).executeTakeFirst();

  it('spends a nonce once: true the first time, false on every later try', async () => {
    expect(await spendNonce(world.database.db, 'nonce-once', 'oauth_state', LATER)).toBe(true);
    expect(await spendNonce(world.database.db, 'nonce-once', 'oauth_state', LATER)).toBe(false);
    expect(await spendNonce(world.database.db, 'nonce-once', 'discord_link', LATER)).toBe(false);
    expect(await spentRow('nonce-once')).toEqual({
      nonce: 'nonce-once',
      purpose: 'oauth_state',
      expires_at: LATER,
    });
  });

  it('spends inside the caller’s transaction: a rollback leaves the nonce unspent', async () => {
    const rollback = new Error('rollback');
    await expect(
      world.database.db.transaction().execute(async (transaction) => {
        expect(await spendNonce(transaction, 'nonce-rolled-back', 'oauth_state', LATER)).toBe(true);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await spendNonce(world.database.db, 'nonce-rolled-back', 'oauth_state', LATER)).toBe(true);
  });

  it('purges only the nonces whose expiry has passed', async () => {
    const expired = new Date(NOW.getTime() - 1);
    await spendNonce(world.database.db, 'purge-expired-1', 'oauth_state', expired);
    await spendNonce(
      world.database.db,
      'purge-expired-2',
      'discord_link',
      new Date(NOW.getTime() - 86_400_000),
    );
    await spendNonce(world.database.db, 'purge-kept', 'oauth_state', NOW);
    expect(await purgeExpiredNonces(world.database.db, NOW)).toBe(2);
    expect(await spentRow('purge-expired-1')).toBeUndefined();
    expect(await spentRow('purge-expired-2')).toBeUndefined();
    expect(await spentRow('purge-kept')).toBeDefined();
    expect(await purgeExpiredNonces(world.database.db, NOW)).toBe(0);
  });

  it('lets a token through once and refuses it when replayed', async () => {
    const token = tokens.sign({ purpose: 'oauth_state', r: '/dashboard' }, 600, NOW);
    const verified = await consumeToken(world.database.db, tokens, token, 'oauth_state', NOW);
    expect(verified.fields).toEqual({ r: '/dashboard' });
    const replay = consumeToken(world.database.db, tokens, token, 'oauth_state', NOW);
    await expect(replay).rejects.toBeInstanceOf(SignedTokenError);
    await expect(replay).rejects.toMatchObject({ code: 'replayed' });
  });

  it('keeps a spent nonce past its token’s expiry, so purging never reopens a live token', async () => {
    const token = tokens.sign({ purpose: 'discord_link', g: '1' }, 600, NOW);
    const { nonce, expiresAt } = await consumeToken(world.database.db, tokens, token, 'discord_link', NOW);
    // A replica whose clock runs a minute ahead purges; one whose clock is behind still sees the token live.
    await purgeExpiredNonces(world.database.db, new Date(expiresAt * 1000 + 60_000));
    expect(await spentRow(nonce)).toMatchObject({ purpose: 'discord_link' });
    const lastValidMoment = new Date(expiresAt * 1000 - 1);
    await expect(
      consumeToken(world.database.db, tokens, token, 'discord_link', lastValidMoment),
    ).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('refuses an invalid token before spending anything', async () => {
    const token = tokens.sign({ purpose: 'discord_link', g: '1' }, 600, NOW);
    const { nonce } = tokens.verify(token, 'discord_link', NOW);
    const expiredAt = new Date(NOW.getTime() + 600_000);
    await expect(
      consumeToken(world.database.db, tokens, token, 'discord_link', expiredAt),
    ).rejects.toMatchObject({
      code: 'expired',
    });
    await expect(consumeToken(world.database.db, tokens, token, 'oauth_state', NOW)).rejects.toMatchObject({
      code: 'wrong_purpose',
    });
    expect(await spentRow(nonce)).toBeUndefined();
    await expect(consumeToken(world.database.db, tokens, token, 'discord_link', NOW)).resolves.toMatchObject({
      nonce,
    });
  });

  it('lets exactly one of 50 concurrent uses of one token through', async () => {
    const token = tokens.sign({ purpose: 'discord_link', g: '42' }, 600, NOW);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => consumeToken(world.database.db, tokens, token, 'discord_link', NOW)),
    );
    const passed = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(passed).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const reason of refused)
      expect(reason).toMatchObject({ name: 'SignedTokenError', code: 'replayed' });
  });

  it('lets 50 different tokens through concurrently, each once', async () => {
    const minted = Array.from({ length: 50 }, () => tokens.sign({ purpose: 'oauth_state' }, 600, NOW));
    const first = await Promise.allSettled(
      minted.map((token) => consumeToken(world.database.db, tokens, token, 'oauth_state', NOW)),
    );
    expect(first.every((result) => result.status === 'fulfilled')).toBe(true);
    const second = await Promise.allSettled(
      minted.map((token) => consumeToken(world.database.db, tokens, token, 'oauth_state', NOW)),
    );
    expect(second.every((result) => result.status === 'rejected')).toBe(true);
  });
});

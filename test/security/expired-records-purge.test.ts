import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ExpiredRecordsPurge } from '../../src/security/expired-records-purge.ts';
import { spendNonce } from '../../src/security/nonce-store.ts';
import { useWorld } from '../helpers/world.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const BEFORE = new Date(NOW.getTime() - 60_000);
const AFTER = new Date(NOW.getTime() + 60_000);

// spent_nonces and dashboard_sessions only grow: the purge main.ts runs hourly deletes what expired.
describe('the purge of expired records', () => {
  const world = useWorld();

  it('deletes expired spent nonces and dashboard sessions, and keeps the live ones', async () => {
    const { db } = world.database;
    const channel = await world.given.channel();
    const sessions = world.services.dashboardSessions;
    await spendNonce(db, 'nonce-expired', 'oauth_state', BEFORE);
    await spendNonce(db, 'nonce-live', 'oauth_state', AFTER);
    await sessions.create('session-expired', { channelId: channel.id, expiresAt: BEFORE });
    await sessions.create('session-live', { channelId: channel.id, expiresAt: AFTER });
    const purge = new ExpiredRecordsPurge({
      db,
      dashboardSessions: sessions,
      logger: pino({ level: 'silent' }),
    });

    expect(await purge.runOnce(NOW)).toEqual({ spentNonces: 1, dashboardSessions: 1 });
    expect(await db.selectFrom('spent_nonces').select('nonce').execute()).toEqual([{ nonce: 'nonce-live' }]);
    expect(await db.selectFrom('dashboard_sessions').select('token_hash').execute()).toEqual([
      { token_hash: 'session-live' },
    ]);
    expect(await purge.runOnce(NOW)).toEqual({ spentNonces: 0, dashboardSessions: 0 });
  });
});

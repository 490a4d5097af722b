import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/bot/api-client.ts';
import type { DiscordLink } from '../../src/bot/api-types.ts';
import { EchoGuard } from '../../src/bot/echo-guard.ts';
import { GuildLinks } from '../../src/bot/guild-links.ts';
import { PostedAnnouncements } from '../../src/bot/posted-announcements.ts';
import { SeenIds } from '../../src/bot/seen-ids.ts';

/** A clock the test moves by hand. */
function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('the bot caches', () => {
  it('SeenIds: true the first time only, forgetting the oldest id past its capacity', () => {
    const seen = new SeenIds(3);
    expect(['a', 'b', 'c'].map((id) => seen.firstTime(id))).toEqual([true, true, true]);
    expect(seen.firstTime('a')).toBe(false);
    expect(seen.firstTime('d')).toBe(true);
    // "a" was the oldest inserted (seeing it again does not make it younger): it is forgotten.
    expect(seen.firstTime('b')).toBe(false);
    expect(seen.firstTime('a')).toBe(true);
  });

  it('PostedAnnouncements: per server, each message once, forgotten when gone, the oldest raffle dropped past capacity', () => {
    const posted = new PostedAnnouncements(2);
    const at = (guildId: string, messageId: string) => ({
      guildId,
      channelId: `c-${guildId}`,
      messageId,
      rerolledPosition: null,
    });
    posted.remember(1, at('g1', 'm1'));
    posted.remember(1, at('g1', 'm1'));
    posted.remember(1, at('g2', 'm2'));
    posted.remember(1, { ...at('g1', 'm3'), rerolledPosition: 2 });
    expect(posted.inGuild(1, 'g1').map((message) => message.messageId)).toEqual(['m1', 'm3']);
    expect(posted.inGuild(1, 'g2').map((message) => message.messageId)).toEqual(['m2']);
    posted.forget(1, 'm1');
    expect(posted.inGuild(1, 'g1').map((message) => message.messageId)).toEqual(['m3']);
    posted.remember(2, at('g1', 'm4'));
    posted.remember(3, at('g1', 'm5'));
    expect(posted.inGuild(1, 'g1')).toEqual([]);
    expect(posted.inGuild(3, 'g1').map((message) => message.messageId)).toEqual(['m5']);
  });

  it('EchoGuard: an expected event is consumed once, and only within its time to live', () => {
    const time = clock();
    const guard = new EchoGuard(30_000, time.now);
    guard.expect('g1', 'session.started', 'loja');
    expect(guard.consume('g2', 'session.started', 'loja')).toBe(false);
    expect(guard.consume('g1', 'session.started', 'loja')).toBe(true);
    expect(guard.consume('g1', 'session.started', 'loja')).toBe(false);
    guard.expect('g1', 'session.stopped', 'loja');
    time.advance(30_001);
    expect(guard.consume('g1', 'session.stopped', 'loja')).toBe(false);
  });

  it('GuildLinks: one lookup per time to live, none kept for an unlinked server, forgotten by channel', async () => {
    const time = clock();
    const lookups: string[] = [];
    const links: Record<string, DiscordLink> = {
      g1: { channel: 'loja' } as DiscordLink,
      g2: { channel: 'loja' } as DiscordLink,
      g3: { channel: 'outra' } as DiscordLink,
    };
    const api = {
      discordLink: async (guildId: string) => {
        lookups.push(guildId);
        return links[guildId] ?? null;
      },
    } as unknown as ApiClient;
    const cache = new GuildLinks(api, 30_000, time.now);
    for (const guildId of ['g1', 'g1', 'g2', 'g3', 'g9', 'g9']) await cache.get(guildId);
    expect(lookups).toEqual(['g1', 'g2', 'g3', 'g9', 'g9']);
    cache.forgetChannel('loja');
    await cache.get('g1');
    await cache.get('g2');
    await cache.get('g3');
    expect(lookups.slice(5)).toEqual(['g1', 'g2']);
    time.advance(30_001);
    await cache.get('g3');
    expect(lookups.slice(7)).toEqual(['g3']);
    cache.forget('g3');
    await cache.get('g3');
    expect(lookups.slice(8)).toEqual(['g3']);
  });
});

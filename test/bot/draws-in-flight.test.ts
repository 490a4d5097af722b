import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../src/bot/api-types.ts';
import { DrawsInFlight } from '../../src/bot/draws-in-flight.ts';

type SnapshotEvent = Extract<PublishedEvent, { type: 'raffle.snapshot' }>;

function snapshot(raffleId: number, requestedByGuild: string | null, channel = 'streamer'): SnapshotEvent {
  return {
    type: 'raffle.snapshot',
    channel,
    channelId: 1,
    raffleId,
    entrantsDigest: 'c'.repeat(64),
    snapshotAt: '2026-12-03T21:00:00.000Z',
    round: 10,
    chainHash: 'f'.repeat(64),
    roundAt: '2026-12-03T21:00:01.000Z',
    trigger: 'command',
    requestedByGuild,
    sessionId: null,
    raffle: {} as SnapshotEvent['raffle'],
    at: '2026-12-03T21:00:00.000Z',
  };
}

// Which draw command an event belongs to while the API has not answered it (commands/draw.ts).
describe('draw commands in flight', () => {
  it('hands a raffle.snapshot to the one draw of that channel waiting in that server', async () => {
    const draws = new DrawsInFlight();
    const draw = draws.begin('guild-1', 'Streamer');
    expect(draws.offerSnapshot(snapshot(7, 'guild-2'))).toBe(false);
    expect(draws.offerSnapshot(snapshot(7, 'guild-1', 'other'))).toBe(false);
    expect(draws.offerSnapshot(snapshot(7, null))).toBe(false);
    expect(draws.offerSnapshot({ ...snapshot(7, 'guild-1'), trigger: 'session' })).toBe(false);
    expect(draws.offerSnapshot(snapshot(7, 'guild-1'))).toBe(true);
    expect((await draw.snapshot).raffleId).toBe(7);
    expect(draw.raffleId).toBe(7);
    draw.end();
    expect(draws.offerSnapshot(snapshot(8, 'guild-1'))).toBe(false);
  });

  it('gives a snapshot to nobody when two draws of one channel wait in one server', () => {
    const draws = new DrawsInFlight();
    draws.begin('guild-1', 'streamer');
    draws.begin('guild-1', 'streamer');
    expect(draws.offerSnapshot(snapshot(7, 'guild-1'))).toBe(false);
  });

  it('holds an event about its raffle until the command has answered, then replays it', () => {
    const draws = new DrawsInFlight();
    const draw = draws.begin('guild-1', 'streamer');
    draw.raffleId = 7;
    const replayed: string[] = [];
    expect(draws.holdUntilAnswered('guild-2', 'streamer', 7, () => replayed.push('other server'))).toBe(
      false,
    );
    expect(draws.holdUntilAnswered('guild-1', 'streamer', 8, () => replayed.push('other raffle'))).toBe(
      false,
    );
    expect(draws.holdUntilAnswered('guild-1', 'streamer', 7, () => replayed.push('drawn'))).toBe(true);
    expect(replayed).toEqual([]);
    draw.end();
    expect(replayed).toEqual(['drawn']);
    expect(draws.holdUntilAnswered('guild-1', 'streamer', 7, () => replayed.push('late'))).toBe(false);
  });

  it('holds an event of its channel while the raffle it draws is not known yet', () => {
    const draws = new DrawsInFlight();
    const draw = draws.begin('guild-1', 'streamer');
    const replayed: number[] = [];
    expect(draws.holdUntilAnswered('guild-1', 'someone_else', 9, () => replayed.push(0))).toBe(false);
    expect(draws.holdUntilAnswered('guild-1', 'STREAMER', 9, () => replayed.push(9))).toBe(true);
    draw.end();
    expect(replayed).toEqual([9]);
  });
});

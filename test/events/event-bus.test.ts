import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus, type KinoYuEvent, type PublishedEvent } from '../../src/events/event-bus.ts';

const reconnectNeeded = (reason: string): KinoYuEvent => ({
  type: 'channel.reconnect_needed',
  channel: 'loja',
  channelId: 1,
  reason,
});

const reasonOf = (event: PublishedEvent) => (event.type === 'channel.reconnect_needed' ? event.reason : '');

describe('the in-process event bus', () => {
  it('numbers each event with an increasing id, stamps its time and delivers it to every subscriber', () => {
    const bus = new EventBus();
    const first: [string, number][] = [];
    const second: [string, number][] = [];
    bus.subscribe((event, id) => first.push([reasonOf(event), id]));
    const unsubscribe = bus.subscribe((event, id) => second.push([reasonOf(event), id]));
    const clockBefore = Date.now();
    bus.publish(reconnectNeeded('a'));
    unsubscribe();
    bus.publish(reconnectNeeded('b'));

    expect(first.map(([reason]) => reason)).toEqual(['a', 'b']);
    expect(second).toEqual([first[0]]);
    const [a, b] = first.map(([, id]) => id);
    // Ids start from the clock, so they keep increasing across a restart of the process.
    expect(a).toBeGreaterThanOrEqual(clockBefore);
    expect(b).toBeGreaterThan(a ?? Number.POSITIVE_INFINITY);
    expect(bus.listenerCount).toBe(1);
  });

  it('keeps ids increasing when events come faster than the clock ticks', () => {
    const bus = new EventBus();
    const ids: number[] = [];
    bus.subscribe((_event, id) => ids.push(id));
    for (let index = 0; index < 500; index += 1) bus.publish(reconnectNeeded(String(index)));
    expect(new Set(ids).size).toBe(500);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('delivers to the other subscribers when one throws, and logs it', () => {
    const lines: string[] = [];
    const bus = new EventBus({ logger: pino({}, { write: (line: string) => lines.push(line) }) });
    const received: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    bus.subscribe((event) => received.push(reasonOf(event)));
    expect(() => bus.publish(reconnectNeeded('still delivered'))).not.toThrow();
    expect(received).toEqual(['still delivered']);
    expect(lines.join('')).toContain('broken listener');
  });

  it('replays the events after an id from a bounded buffer of the last ones', () => {
    const bus = new EventBus({ historySize: 3 });
    const ids: number[] = [];
    bus.subscribe((_event, id) => ids.push(id));
    for (const reason of ['1', '2', '3', '4', '5']) bus.publish(reconnectNeeded(reason));

    const reasons = (lastId: number) => bus.eventsAfter(lastId).map(({ event }) => reasonOf(event));
    expect(reasons(0)).toEqual(['3', '4', '5']);
    expect(reasons(ids[3] ?? 0)).toEqual(['5']);
    expect(reasons(ids[4] ?? 0)).toEqual([]);
    expect(bus.eventsAfter(ids[2] ?? 0).map(({ id }) => id)).toEqual(ids.slice(3));
  });
});

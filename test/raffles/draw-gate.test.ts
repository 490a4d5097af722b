import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { drainDraws } from '../../src/api/drain.ts';
import type { Services } from '../../src/api/services.ts';
import { DrawGate } from '../../src/raffles/draw-gate.ts';

// The door of the asked-for draws on SIGTERM (SPEC §5): closed, it refuses new draws and waits for
// those already inside.
describe('DrawGate', () => {
  it('lets draws through while open', async () => {
    const gate = new DrawGate();
    expect(await gate.pass(async () => 'drawn')).toBe('drawn');
    expect(gate.closed).toBe(false);
  });

  it('waits on close for the draws inside, however they end, and refuses new ones with a 503', async () => {
    const gate = new DrawGate();
    const order: string[] = [];
    let finish: () => void = () => undefined;
    const inside = gate.pass(
      () =>
        new Promise<string>((resolve) => {
          finish = () => {
            order.push('draw finished');
            resolve('drawn');
          };
        }),
    );
    const failing = gate.pass(async () => {
      throw new Error('Twitch failed');
    });
    const closed = gate.close().then(() => order.push('gate closed'));
    await expect(gate.pass(async () => 'late')).rejects.toMatchObject({
      status: 503,
      code: 'shutting_down',
    });
    await expect(failing).rejects.toThrow('Twitch failed');
    expect(order).toEqual([]);
    finish();
    expect(await inside).toBe('drawn');
    await closed;
    expect(order).toEqual(['draw finished', 'gate closed']);
    expect(gate.closed).toBe(true);
  });

  it('closes at once when no draw is inside', async () => {
    const gate = new DrawGate();
    await gate.close();
    expect(gate.closed).toBe(true);
  });

  it('stops waiting for a draw that outlasts the drain budget, and says so', async () => {
    const gate = new DrawGate();
    void gate.pass(() => new Promise(() => undefined));
    const services = {
      draws: { gate },
      scheduler: { stop: async () => undefined },
      claims: { stop: async () => undefined },
      chat: undefined,
    } as unknown as Services;
    const startedAt = performance.now();
    expect(await drainDraws(services, pino({ level: 'silent' }), 100)).toBe(false);
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(gate.closed).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assignPrizes,
  commitmentOf,
  compareByteOrder,
  type DrawItem,
  entrantKey,
  entrantsDigest,
  formatWeight,
  inUserIdOrder,
  rankEntrants,
  replayDraw,
  type Sha256,
  x52,
} from '../../src/raffles/draw-algorithm.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { webCryptoSha256 } from '../../src/raffles/sha256-web.ts';

// Expected values below come from node:crypto (and Python's hashlib for the literals), never from
// the functions under test.
const SEED = `5c0ffee${'0'.repeat(57)}`;
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** x52 straight from its definition: the first 8 bytes as a u64, minus the 8th byte and 4 more bits. */
const referenceX52 = (seed: string, label: string) =>
  createHash('sha256').update(`${seed}:${label}`, 'utf8').digest().readBigUInt64BE(0) >> 12n;
const referenceKey = (seed: string, userId: string, weight: number) =>
  -Math.log((Number(referenceX52(seed, `entrant:${userId}`)) + 0.5) / 2 ** 52) / weight;
const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const seedNumber = (index: number) => sha256Hex(`seed ${index}`);

describe('x52 and the entrant key', () => {
  it('match the known-answer vectors', async () => {
    expect(await x52(SEED, 'entrant:12345', nodeSha256)).toBe(4226627581397674n);
    expect(await x52(SEED, 'item:1', nodeSha256)).toBe(2905038145461367n);
    expect(await x52(SEED, 'entrant:été', nodeSha256)).toBe(2514503303743882n);
    expect(await entrantKey(SEED, '12345', 1, nodeSha256)).toBe(0.06347258121164655);
    expect(await entrantKey(SEED, '12345', 2.5, nodeSha256)).toBe(0.025389032484658618);
    expect(await entrantKey(SEED, 'été', 1, nodeSha256)).toBe(0.5828017037003855);
  });

  it('agrees with a direct node:crypto computation for many labels, and stays below 2^52', async () => {
    for (let index = 0; index < 300; index++) {
      const label = `entrant:${index * 7919}`;
      const value = await x52(seedNumber(index), label, nodeSha256);
      expect(value).toBe(referenceX52(seedNumber(index), label));
      expect(value < 2n ** 52n).toBe(true);
    }
  });

  it('gives the same values with the WebCrypto hash as with node:crypto', async () => {
    for (const userId of ['1', '98765', 'ü', '\u{1F600}']) {
      expect(await entrantKey(SEED, userId, 1.5, webCryptoSha256)).toBe(referenceKey(SEED, userId, 1.5));
    }
    expect(await commitmentOf(SEED, webCryptoSha256)).toBe(sha256Hex(SEED));
  });
});

describe('commitment and entrants digest', () => {
  it('commits to the SHA-256 of the ASCII seed', async () => {
    expect(await commitmentOf(SEED, nodeSha256)).toBe(
      '0782e023fb30b7d531c75765ba3baf03becf9c23582d06ee4d16e7e2f8dfe42d',
    );
  });

  it('hashes "userId TAB weight LF" lines in byte order of user id', async () => {
    const entrants = [
      { userId: '9', weight: 0.25 },
      { userId: '1', weight: 1 },
      { userId: '10', weight: 2.5 },
    ];
    expect(await entrantsDigest(entrants, nodeSha256)).toBe(sha256Hex('1\t1\n10\t2.5\n9\t0.25\n'));
    expect(await entrantsDigest(entrants, nodeSha256)).toBe(
      '92aeb00509df00473e1bf3fe2468ea16d6ccd5a2574d034dc5e926e9bae08086',
    );
  });

  it('hashes non-ASCII ids as UTF-8 in byte order, and an empty list as the empty text', async () => {
    const entrants = [
      { userId: '\u{1F600}', weight: 1 },
      { userId: '\uFFFF', weight: 2 },
    ];
    expect(await entrantsDigest(entrants, nodeSha256)).toBe(sha256Hex('\uFFFF\t2\n\u{1F600}\t1\n'));
    expect(await entrantsDigest([], nodeSha256)).toBe(sha256Hex(''));
  });
});

describe('formatWeight', () => {
  it.each([
    [1, '1'],
    [1.5, '1.5'],
    [2.25, '2.25'],
    [2.5, '2.5'],
    [10, '10'],
    [100, '100'],
    [1000, '1000'],
    [0.05, '0.05'],
    [0.01, '0.01'],
    [0.1 + 0.2, '0.3'],
    [1.1 * 3, '3.3'],
    [0.29, '0.29'],
  ])('writes %s as %s', (weight, text) => {
    expect(formatWeight(weight)).toBe(text);
  });
});

describe('compareByteOrder', () => {
  it('puts U+FFFF before U+1F600, as UTF-8 does and JavaScript < does not', () => {
    expect(utf8Order('\uFFFF', '\u{1F600}')).toBeLessThan(0);
    expect('\u{1F600}' < '\uFFFF').toBe(true);
    expect(compareByteOrder('\uFFFF', '\u{1F600}')).toBeLessThan(0);
    expect(compareByteOrder('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
  });

  it('orders digits as text, prefixes first, and equal strings as equal', () => {
    expect(compareByteOrder('10', '9')).toBeLessThan(0);
    expect(compareByteOrder('a', 'ab')).toBeLessThan(0);
    expect(compareByteOrder('ab', 'ab')).toBe(0);
  });

  it('sorts like a byte comparison of the UTF-8 encodings', () => {
    const pieces = [
      '1',
      '9',
      'a',
      'Z',
      'é',
      '\u07FF',
      '\uD7FF',
      '\uE000',
      '\uFFFF',
      '\u{10000}',
      '\u{1F600}',
    ];
    let state = 12345;
    const pick = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return pieces[state % pieces.length] ?? '';
    };
    const strings = Array.from({ length: 400 }, () => pick() + pick() + (state % 3 === 0 ? pick() : ''));
    expect([...strings].sort(compareByteOrder)).toEqual([...strings].sort(utf8Order));
  });
});

describe('inUserIdOrder', () => {
  const entrant = (userId: string) => ({ userId, login: `u${userId}`, weight: 1 });
  it('gives back the same array when it is in order already', () => {
    const sorted = ['1', '10', '9', 'a', 'é'].map(entrant);
    expect(inUserIdOrder(sorted)).toBe(sorted);
  });

  it('sorts a copy by user id as text (as the primary key orders it) and leaves the input as it was', () => {
    const listed = ['9', 'é', '10', 'a', '1'].map(entrant);
    const before = [...listed];
    const sorted = inUserIdOrder(listed);
    expect(sorted.map((e) => e.userId)).toEqual(['1', '10', '9', 'a', 'é']);
    expect(listed).toEqual(before);
  });
});

describe('rankEntrants', () => {
  it('orders entrants by ascending key, as computed directly from the definition', async () => {
    const entrants = Array.from({ length: 200 }, (_, index) => ({
      userId: String(10_000 + index * 37),
      login: `viewer_${index}`,
      weight: [1, 1.5, 2.25, 0.5][index % 4] ?? 1,
    }));
    const ranked = await rankEntrants(SEED, entrants, nodeSha256);
    const expected = entrants
      .map((entrant) => ({ userId: entrant.userId, key: referenceKey(SEED, entrant.userId, entrant.weight) }))
      .sort((a, b) => a.key - b.key);
    expect(ranked.map((entry) => entry.entrant.userId)).toEqual(expected.map((entry) => entry.userId));
    expect(ranked.map((entry) => entry.key)).toEqual(expected.map((entry) => entry.key));
  });

  it('breaks equal keys by user id in byte order', async () => {
    const constantHash: Sha256 = () => new Uint8Array(32).fill(0x80);
    const ids = ['\u{1F600}', '\uFFFF', 'b', '9', '10'];
    const ranked = await rankEntrants(
      SEED,
      ids.map((userId) => ({ userId, login: userId, weight: 1 })),
      constantHash,
    );
    expect(ranked.map((entry) => entry.entrant.userId)).toEqual([...ids].sort(utf8Order));
    expect(new Set(ranked.map((entry) => entry.key)).size).toBe(1);
  });

  it('lets an entrant of weight 3 come first about three times as often as one of weight 1', async () => {
    const entrants = [
      { userId: '1', login: 'light', weight: 1 },
      { userId: '2', login: 'heavy', weight: 3 },
    ];
    let heavyFirst = 0;
    for (let index = 0; index < 2000; index++) {
      const [first] = await rankEntrants(seedNumber(index), entrants, nodeSha256);
      if (first?.entrant.login === 'heavy') heavyFirst += 1;
    }
    expect(heavyFirst / 2000).toBeGreaterThan(0.72);
    expect(heavyFirst / 2000).toBeLessThan(0.78);
  });
});

const item = (id: number, weight: number, quantity: number | null = null): DrawItem => ({
  id,
  name: `prize ${id}`,
  weight,
  quantity,
});

/** The first seed (of seedNumber) whose r = floor(x52("item:1") × W / 2^52) satisfies a test. */
const findSeed = (total: bigint, accept: (r: bigint) => boolean) => {
  for (let index = 0; ; index++) {
    if (accept((referenceX52(seedNumber(index), 'item:1') * total) >> 52n)) return seedNumber(index);
  }
};

describe('assignPrizes', () => {
  it('computes r exactly where floating point would pick the other prize', async () => {
    // Search a total weight W for which floor(x × W / 2^52) in doubles differs from the exact value.
    const x = referenceX52(SEED, 'item:1');
    let total = 2n ** 48n;
    const exact = () => (x * total) >> 52n;
    const float = () => BigInt(Math.floor((Number(x) * Number(total)) / 2 ** 52));
    while (exact() === float()) total += 1n;
    const r = exact();
    // The first prize covers 0..r exactly: the exact r picks it, a rounded-up r would pick the second.
    const first = float() > r ? r + 1n : r;
    const items = [item(1, Number(first)), item(2, Number(total - first))];
    const [prize] = await assignPrizes(SEED, 1, items, nodeSha256);
    expect(prize?.id).toBe(first > r ? 1 : 2);
    expect(float()).not.toBe(r);
  });

  it('orders prizes by numeric id, so prize 2 comes before prize 10', async () => {
    const items = [item(10, 1), item(2, 1)];
    const low = findSeed(2n, (r) => r === 0n);
    const high = findSeed(2n, (r) => r === 1n);
    expect((await assignPrizes(low, 1, items, nodeSha256))[0]?.id).toBe(2);
    expect((await assignPrizes(high, 1, items, nodeSha256))[0]?.id).toBe(10);
  });

  it('takes a prize out of stock before the next position, and keeps unlimited ones', async () => {
    const seed = findSeed(1_000_001n, (r) => r < 1_000_000n);
    const items = [item(1, 1_000_000, 1), item(2, 1, null)];
    const prizes = await assignPrizes(seed, 3, items, nodeSha256);
    expect(prizes.map((prize) => prize?.id)).toEqual([1, 2, 2]);
  });

  it('gives no prize once every prize is gone, or when there are none', async () => {
    const prizes = await assignPrizes(SEED, 3, [item(1, 5, 1), item(2, 5, 1)], nodeSha256);
    expect(
      prizes
        .slice(0, 2)
        .map((prize) => prize?.id)
        .sort(),
    ).toEqual([1, 2]);
    expect(prizes[2]).toBeNull();
    expect(await assignPrizes(SEED, 2, [], nodeSha256)).toEqual([null, null]);
    expect(await assignPrizes(SEED, 1, [item(1, 5, 0)], nodeSha256)).toEqual([null]);
  });
});

describe('replayDraw', () => {
  const entrants = Array.from({ length: 12 }, (_, index) => ({
    userId: String(500 + index),
    login: `viewer_${index}`,
    weight: 1 + (index % 3),
  }));
  const byKey = entrants
    .map((entrant) => ({ entrant, key: referenceKey(SEED, entrant.userId, entrant.weight) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.entrant.userId);
  const slots = (count: number) => Array.from({ length: count }, (_, index) => ({ position: index + 1 }));

  it('gives positions 1..k to the k smallest keys, with their prizes', async () => {
    const items = [item(1, 3, 1), item(2, 1, null)];
    const replay = await replayDraw(
      { seed: SEED, entrants, items, winners: slots(3), replaced: [] },
      nodeSha256,
    );
    expect(replay.winners.map((slot) => slot.holder?.userId)).toEqual(byKey.slice(0, 3));
    const prizes = await assignPrizes(SEED, 3, items, nodeSha256);
    expect(replay.winners.map((slot) => slot.item)).toEqual(prizes);
    expect(replay.redraws).toEqual([]);
  });

  it('hands a redrawn slot to the next key that never held one, and never back to an earlier holder', async () => {
    const replaced = [{ position: 2 }, { position: 2 }, { position: 1 }];
    const replay = await replayDraw(
      { seed: SEED, entrants, items: [item(7, 1)], winners: slots(3), replaced },
      nodeSha256,
    );
    expect(replay.redraws.map((redraw) => [redraw.previousHolder?.userId, redraw.newHolder?.userId])).toEqual(
      [
        [byKey[1], byKey[3]],
        [byKey[3], byKey[4]],
        [byKey[0], byKey[5]],
      ],
    );
    expect(replay.winners.map((slot) => slot.holder?.userId)).toEqual([byKey[5], byKey[4], byKey[2]]);
    expect(replay.winners.every((slot) => slot.item?.id === 7)).toBe(true);
  });

  it('reports a redraw of a missing position, and one with nobody left', async () => {
    const two = entrants.slice(0, 2);
    const replay = await replayDraw(
      {
        seed: SEED,
        entrants: two,
        items: [],
        winners: slots(2),
        replaced: [{ position: 5 }, { position: 1 }],
      },
      nodeSha256,
    );
    expect(replay.redraws[0]).toMatchObject({ position: 5, previousHolder: null, newHolder: null });
    expect(replay.redraws[1]?.previousHolder).not.toBeNull();
    expect(replay.redraws[1]?.newHolder).toBeNull();
  });

  it('leaves slots beyond the number of entrants empty', async () => {
    const replay = await replayDraw(
      { seed: SEED, entrants: entrants.slice(0, 1), items: [], winners: slots(2), replaced: [] },
      nodeSha256,
    );
    expect(replay.winners.map((slot) => slot.holder?.userId ?? null)).toEqual([entrants[0]?.userId, null]);
  });
});

import type { SnapshotEntrant } from '../src/raffles/raffle-repository.ts';

// Digits of Twitch user ids seen in a busy chat: few very old accounts, most with 8 or 9 digits,
// the newest (since about 2024) with 10. Cumulative shares.
const ID_DIGITS: readonly (readonly [number, number])[] = [
  [6, 0.03],
  [7, 0.1],
  [8, 0.45],
  [9, 0.9],
  [10, 1],
];
// Viewer weights: mostly 1, then subscriber and VIP multipliers (capped at 10). Cumulative shares.
const WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 0.85],
  [1.5, 0.92],
  [2, 0.98],
  [3, 1],
];
const SYLLABLES = [
  'ka',
  'ri',
  'no',
  'yu',
  'zen',
  'mar',
  'lo',
  'vi',
  'tor',
  'pix',
  'el',
  'sa',
  'gam',
  'er',
  'br',
];

/** mulberry32: a small seeded generator, so every run draws from the same chat. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(table: readonly (readonly [T, number])[], roll: number): T {
  for (const [value, upTo] of table) if (roll < upTo) return value;
  const last = table.at(-1);
  if (!last) throw new Error('empty table');
  return last[0];
}

function twitchLogin(random: () => number): string {
  let login = '';
  const parts = 2 + Math.floor(random() * 3);
  for (let part = 0; part < parts; part += 1) login += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  if (random() < 0.3) login += '_';
  if (random() < 0.6) login += String(Math.floor(random() * 10_000));
  return login;
}

/**
 * `count` chatters, as RaffleRepository.snapshotAndDraw takes them: unique numeric user ids of 6 to
 * 10 digits, in no particular order (Helix returns them unsorted), Twitch-like logins, and weights
 * 1, 1.5, 2 or 3.
 */
export function generateEntrants(count: number, seed = count): SnapshotEntrant[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const entrants: SnapshotEntrant[] = [];
  while (entrants.length < count) {
    const digits = pick(ID_DIGITS, random());
    const low = 10 ** (digits - 1);
    const userId = String(low + Math.floor(random() * (10 ** digits - low)));
    if (seen.has(userId)) continue;
    seen.add(userId);
    entrants.push({
      userId,
      login: twitchLogin(random),
      weight: pick(WEIGHTS, random()),
      excludedReason: null,
    });
  }
  return entrants;
}

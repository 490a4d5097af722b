import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random lowercase alphanumeric string: the shape of Twitch client ids, tokens and codes. */
export function randomToken(length: number): string {
  let out = '';
  // 252 is the largest multiple of 36 below 256: rejecting the rest keeps the letters uniform.
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 252 && out.length < length) out += ALPHANUMERIC.charAt(byte % 36);
    }
  }
  return out;
}

/** FNV-1a hash of a string, 32 bits: a cheap, stable seed for deterministic choices. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A deterministic number in [0, 1) for a label: the same label always gives the same number. */
export function unitHash(label: string): number {
  return hashString(label) / 4294967296;
}

/** A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1). */
export type SeededRandom = () => number;

/** Creates a seeded generator: the same seed replays the same sequence, so the fake world is reproducible. */
export function seededRandom(seed: string): SeededRandom {
  let state = hashString(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen by a generator. */
export function pick<T>(random: SeededRandom, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

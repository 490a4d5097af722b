// The draw of SPEC §4 (algorithm kinoyu-es-sha256-v1), re-implemented apart from make_raffle
// (migrations/0002_make_raffle.sql) so that a proof can be checked without trusting the server.
// Pure and platform-free: SHA-256 is injected (node:crypto in the CLI, WebCrypto in the browser).

/** A SHA-256 implementation: synchronous (node:crypto) or asynchronous (WebCrypto). */
export type Sha256 = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** An eligible entrant: Twitch user id, login and weight (> 0, at most two decimals). */
export interface DrawEntrant {
  readonly userId: string;
  readonly login: string;
  readonly weight: number;
}

/** A prize: integer weight, `quantity` null for unlimited. */
export interface DrawItem {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly quantity: number | null;
}

/** An entrant with its Efraimidis–Spirakis key. */
export interface RankedEntrant<E extends DrawEntrant = DrawEntrant> {
  readonly entrant: E;
  readonly key: number;
}

const TWO_POW_52 = 2 ** 52;
const utf8 = new TextEncoder();

/** Lowercase hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

// UTF-16 code units sort like code points (and so like UTF-8 bytes) except that surrogates
// (0xD800-0xDFFF) must come after 0xE000-0xFFFF: shift them above it.
const codePointRank = (unit: number) => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Compares two strings in UTF-8 byte order (PostgreSQL COLLATE "C"), not JavaScript's UTF-16 order. */
export function compareByteOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) < codePointRank(right) ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** Writes a weight as a plain decimal without trailing zeros ('1', '1.5', '2.25'), as trim_scale does. */
export function formatWeight(weight: number): string {
  const cents = Math.round(Math.abs(weight) * 100);
  if (!Number.isSafeInteger(cents)) throw new RangeError(`weight ${weight} cannot be written as a decimal`);
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  const sign = weight < 0 && cents !== 0 ? '-' : '';
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** Hex SHA-256 of the ASCII seed: what is published before the draw. */
export async function commitmentOf(seed: string, sha256: Sha256): Promise<string> {
  return toHex(await sha256(utf8.encode(seed)));
}

/** Hex SHA-256 of the lines `userId \t weight \n`, in byte order of user id. */
export async function entrantsDigest(
  entrants: readonly Pick<DrawEntrant, 'userId' | 'weight'>[],
  sha256: Sha256,
): Promise<string> {
  const sorted = [...entrants].sort((a, b) => compareByteOrder(a.userId, b.userId));
  const text = sorted.map((entrant) => `${entrant.userId}\t${formatWeight(entrant.weight)}\n`).join('');
  return toHex(await sha256(utf8.encode(text)));
}

const x52OfDigest = (digest: Uint8Array): bigint => {
  let value = 0n;
  for (let index = 0; index < 7; index++) value = (value << 8n) | BigInt(digest[index] ?? 0);
  return value >> 4n;
};

/** x52(label): the first 7 bytes of SHA-256(seed ":" label), big-endian, shifted right by 4. */
export async function x52(seed: string, label: string, sha256: Sha256): Promise<bigint> {
  return x52OfDigest(await sha256(utf8.encode(`${seed}:${label}`)));
}

const keyOf = (x: bigint, weight: number) => -Math.log((Number(x) + 0.5) / TWO_POW_52) / weight;

/** The Efraimidis–Spirakis key of an entrant: -ln(u("entrant:" + userId)) / weight. */
export async function entrantKey(
  seed: string,
  userId: string,
  weight: number,
  sha256: Sha256,
): Promise<number> {
  return keyOf(await x52(seed, `entrant:${userId}`, sha256), weight);
}

// A synchronous hash is used as is; an asynchronous one is awaited in batches, so 100,000 entrants
// neither wait for each other one by one nor start 100,000 digests at once.
const HASH_BATCH = 4096;

async function x52All(seed: string, labels: readonly string[], sha256: Sha256): Promise<bigint[]> {
  const values: bigint[] = [];
  for (let start = 0; start < labels.length; start += HASH_BATCH) {
    const digests = labels
      .slice(start, start + HASH_BATCH)
      .map((label) => sha256(utf8.encode(`${seed}:${label}`)));
    for (const digest of await Promise.all(digests)) values.push(x52OfDigest(digest));
  }
  return values;
}

/** Every entrant with its key, smallest key first; equal keys in byte order of user id. */
export async function rankEntrants<E extends DrawEntrant>(
  seed: string,
  entrants: readonly E[],
  sha256: Sha256,
): Promise<RankedEntrant<E>[]> {
  const values = await x52All(
    seed,
    entrants.map((entrant) => `entrant:${entrant.userId}`),
    sha256,
  );
  const ranked = entrants.map((entrant, index) => ({
    entrant,
    key: keyOf(values[index] ?? 0n, entrant.weight),
  }));
  return ranked.sort((a, b) => a.key - b.key || compareByteOrder(a.entrant.userId, b.entrant.userId));
}

/**
 * The prize of each position 1..positions: weighted by integer weight among the prizes still in stock,
 * ascending id, with r = floor(x52("item:" i) × W / 2^52) exact in BigInt; null when none is left.
 */
export async function assignPrizes<I extends DrawItem>(
  seed: string,
  positions: number,
  items: readonly I[],
  sha256: Sha256,
): Promise<(I | null)[]> {
  const stock = [...items].sort((a, b) => a.id - b.id).map((item) => ({ item, left: item.quantity }));
  const labels = Array.from({ length: positions }, (_, index) => `item:${index + 1}`);
  const values = await x52All(seed, labels, sha256);
  return values.map((value) => {
    const available = stock.filter((entry) => entry.left === null || entry.left > 0);
    const total = available.reduce((sum, entry) => sum + BigInt(entry.item.weight), 0n);
    if (total <= 0n) return null;
    const r = (value * total) >> 52n;
    let running = 0n;
    const chosen = available.find((entry) => {
      running += BigInt(entry.item.weight);
      return running > r;
    });
    if (!chosen) return null;
    if (chosen.left !== null) chosen.left -= 1;
    return chosen.item;
  });
}

/** A slot of the recomputed draw: its holder (null when fewer entrants than slots) and its prize. */
export interface ReplayedSlot<E extends DrawEntrant = DrawEntrant, I extends DrawItem = DrawItem> {
  readonly position: number;
  readonly holder: E | null;
  readonly item: I | null;
}

/** A redraw as the seed replays it: who held the slot then, and who takes it (null: nobody left). */
export interface ReplayedRedraw<E extends DrawEntrant = DrawEntrant> {
  readonly position: number;
  readonly previousHolder: E | null;
  readonly newHolder: E | null;
}

/** What a replay needs from a proof: only the number of winners and the positions redrawn count. */
export interface ReplayInput<E extends DrawEntrant = DrawEntrant, I extends DrawItem = DrawItem> {
  readonly seed: string;
  readonly entrants: readonly E[];
  readonly items: readonly I[];
  readonly winners: readonly unknown[];
  readonly replaced: readonly { readonly position: number }[];
}

/** The final holders of positions 1..k with their prizes, and each redraw in order. */
export interface ReplayResult<E extends DrawEntrant = DrawEntrant, I extends DrawItem = DrawItem> {
  readonly winners: ReplayedSlot<E, I>[];
  readonly redraws: ReplayedRedraw<E>[];
}

/**
 * Recomputes a draw: positions 1..k go to the k smallest keys with their prizes, then each redraw
 * (oldest first) gives its slot, prize kept, to the smallest key that never held a slot.
 */
export async function replayDraw<E extends DrawEntrant, I extends DrawItem>(
  input: ReplayInput<E, I>,
  sha256: Sha256,
): Promise<ReplayResult<E, I>> {
  const slots = input.winners.length;
  const ranked = await rankEntrants(input.seed, input.entrants, sha256);
  const prizes = await assignPrizes(input.seed, slots, input.items, sha256);
  const holders = Array.from({ length: slots }, (_, index) => ranked[index]?.entrant ?? null);
  // Everyone who ever held a slot is a prefix of the ranking, so the next one is always ranked[next].
  let next = slots;
  const redraws = input.replaced.map(({ position }) => {
    const previousHolder = holders[position - 1] ?? null;
    const newHolder = previousHolder ? (ranked[next]?.entrant ?? null) : null;
    if (newHolder) {
      holders[position - 1] = newHolder;
      next += 1;
    }
    return { position, previousHolder, newHolder };
  });
  const winners = holders.map((holder, index) => ({
    position: index + 1,
    holder,
    item: prizes[index] ?? null,
  }));
  return { winners, redraws };
}

// JavaScript's own string order: byte order except for characters beyond U+FFFF against U+E000–U+FFFF
// (compareByteOrder), which Twitch's numeric ids never have, and several times faster than
// compareByteOrder (a sort of a million entrants makes twenty million comparisons).
function byUserId(a: { readonly userId: string }, b: { readonly userId: string }): number {
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/**
 * The entrants in user-id order (the primary key's order): the same array when it is in order already
 * (the warm roster keeps its chatters sorted), else a sorted copy. A snapshot written in this order
 * (raffle-repository.ts) lies in primary-key order: the insert is faster (each key goes to the index's
 * rightmost page) and the entrants digest reads the rows without sorting them (migration 0016). Only the
 * rows' physical order depends on it, never a result: the digest orders by bytes whatever the rows' order.
 */
export function inUserIdOrder<T extends { readonly userId: string }>(entrants: readonly T[]): readonly T[] {
  for (let index = 1; index < entrants.length; index += 1) {
    if ((entrants[index - 1] as T).userId > (entrants[index] as T).userId)
      return [...entrants].sort(byUserId);
  }
  return entrants;
}

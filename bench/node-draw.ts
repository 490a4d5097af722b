import { hash } from 'node:crypto';

/** An eligible entrant as loaded from raffle_entrants. */
export interface LoadedEntrant {
  readonly user_id: string;
  readonly weight: number;
}

interface Ranked {
  readonly userId: string;
  readonly key: number;
}

const TWO_TO_52 = 2 ** 52;

/** x52(label) of the draw algorithm (README, "How a draw works"): the first 7 bytes of SHA-256(seed ":" label), big-endian, shifted right by 4. */
function x52(seed: string, label: string): number {
  const digest = hash('sha256', `${seed}:${label}`, 'buffer');
  // 48 bits fit a double exactly; the high nibble of byte 7 completes the 52.
  return digest.readUIntBE(0, 6) * 16 + ((digest[6] ?? 0) >> 4);
}

function before(a: Ranked, b: Ranked): boolean {
  return a.key < b.key || (a.key === b.key && a.userId < b.userId);
}

/**
 * The winners of the draw algorithm computed in Node: Efraimidis–Spirakis keys from SHA-256, the k smallest
 * kept in a small sorted array (k is 10: insertion beats a heap).
 */
export function drawInNode(seed: string, entrants: readonly LoadedEntrant[], winners: number): string[] {
  const best: Ranked[] = [];
  for (const entrant of entrants) {
    const u = (x52(seed, `entrant:${entrant.user_id}`) + 0.5) / TWO_TO_52;
    const candidate = { userId: entrant.user_id, key: -Math.log(u) / entrant.weight };
    const worst = best.at(-1);
    if (best.length === winners && worst && !before(candidate, worst)) continue;
    let index = best.length;
    while (index > 0 && before(candidate, best[index - 1] as Ranked)) index -= 1;
    best.splice(index, 0, candidate);
    if (best.length > winners) best.pop();
  }
  return best.map((ranked) => ranked.userId);
}

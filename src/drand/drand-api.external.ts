// drand's round JSON (https://docs.drand.love/docs/dev-guide/API%20Documentation%20v1/), mapped once into
// the project's BeaconRound. The chain info (`/info`) is read by src/raffles/drand-info.external.ts, which
// `kinoyu verify --trust` shares.
import { z } from 'zod';
import type { BeaconRound } from '../raffles/beacon.ts';

const hex = z.string().regex(/^(?:[0-9a-f]{2})+$/);

/** `GET /{chainHash}/public/{round}`; an unchained round has no `previous_signature` (ignored if sent). */
const roundSchema = z.object({
  round: z.number().int().positive(),
  randomness: hex,
  signature: hex,
});

/** drand's round JSON → {@link BeaconRound}; undefined when it is not that shape. */
export function parseRound(body: unknown): BeaconRound | undefined {
  const parsed = roundSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

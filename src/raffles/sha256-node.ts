import { createHash } from 'node:crypto';
import type { Sha256 } from './draw-algorithm.ts';

/** SHA-256 with node:crypto, synchronous: verifies 100,000 entrants in well under a second. */
export const nodeSha256: Sha256 = (data) => createHash('sha256').update(data).digest();

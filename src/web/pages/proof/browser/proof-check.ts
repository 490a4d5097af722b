import { webCryptoSha256 } from '../../../../raffles/sha256-web.ts';
import { UNVERIFIABLE_CODES, verifyProof } from '../../../../raffles/verify.ts';
import { element, fill } from '../../../browser/dom.ts';
import type { ProofPageData } from '../proof-page-data.ts';
import { trustedChainsOf } from './beacon-section.ts';
import { problemItem } from './problem-item.ts';

/**
 * Runs the verifier of `kinoyu verify` (src/raffles/verify.ts, the same code, bundled) on the proof in the
 * browser with WebCrypto, and writes ✓ or each problem: its code in words, then the verifier's detail.
 */
export async function checkProof(proof: unknown, data: ProofPageData, output: HTMLElement): Promise<boolean> {
  const count = Array.isArray((proof as { entrants?: unknown }).entrants)
    ? (proof as { entrants: unknown[] }).entrants.length
    : 0;
  output.className = 'verify-result running';
  output.replaceChildren(fill(data.text.verifying, { count: count.toLocaleString(data.language) }));
  const result = await verifyProof(proof, webCryptoSha256, { trustedChains: trustedChainsOf(data) });
  if (result.ok) {
    output.className = 'verify-result ok';
    output.replaceChildren(
      element(
        'p',
        { class: 'verdict' },
        element('span', { class: 'mark', 'aria-hidden': 'true' }, '✓'),
        ' ',
        data.text.verified,
      ),
    );
    return true;
  }
  const unverifiable = result.problems.every((problem) => UNVERIFIABLE_CODES.has(problem.code));
  const items = result.problems.map((problem) => problemItem(problem, data));
  output.className = 'verify-result bad';
  output.replaceChildren(
    element(
      'p',
      { class: 'verdict' },
      element('span', { class: 'mark', 'aria-hidden': 'true' }, '✗'),
      ' ',
      unverifiable ? data.text.unverifiable : fill(data.text.differs, { count: result.problems.length }),
    ),
    element('ul', {}, ...items),
  );
  return false;
}

// The beacon step of a §4.1 draw in plain words on the proof page: when the list was frozen, which drand
// round the server had to wait for, why that takes the result out of the operator's hands, and the round's
// BLS signature checked here in the browser by the verifier's own code (src/raffles/verify-beacon.ts).
import { type BeaconChain, drawSeedOf, KNOWN_CHAINS } from '../../../../raffles/beacon.ts';
import { type DrandProof, drandProofSchema, type ProofBeacon } from '../../../../raffles/proof.ts';
import { webCryptoSha256 } from '../../../../raffles/sha256-web.ts';
import {
  type BeaconVerification,
  checkProofBeacon,
  describeBeacon,
} from '../../../../raffles/verify-beacon.ts';
import { byId, element, fill } from '../../../browser/dom.ts';
import type { ProofPageData } from '../proof-page-data.ts';
import { problemItem } from './problem-item.ts';

/** The chains the page checks rounds of besides quicknet: the server's own, when it told the page. */
export function trustedChainsOf(data: ProofPageData): BeaconChain[] {
  return data.serverChain ? [data.serverChain] : [];
}

const mark = (symbol: string) => element('span', { class: 'mark', 'aria-hidden': 'true' }, symbol);

/** The line saying what the check of the round found, and each beacon problem under it. */
function checkResult(check: BeaconVerification, chainHash: string, data: ProofPageData): HTMLElement {
  const text = data.text.beacon;
  const problems = check.problems
    .filter((problem) => problem.code !== 'unknown_chain')
    .map((problem) => problemItem(problem, data));
  const list = problems.length > 0 ? element('ul', {}, ...problems) : null;
  if (check.trust === 'unknown') {
    const line = element('p', {}, mark('?'), ' ', fill(text.unknownChain, { chain: chainHash }));
    return element('div', { id: 'beacon-check', class: 'beacon-check unknown' }, line, list);
  }
  if (check.signature === 'valid') {
    const line = element('p', {}, mark('✓'), ' ', text.signatureValid);
    return element('div', { id: 'beacon-check', class: `beacon-check ${list ? 'bad' : 'ok'}` }, line, list);
  }
  const why = check.signature === 'invalid' ? text.signatureInvalid : text.signatureNotChecked;
  const line = element('p', {}, mark('✗'), ' ', why);
  return element('div', { id: 'beacon-check', class: 'beacon-check bad' }, line, list);
}

/** The paragraphs telling the beacon step of this draw, with its times, digest and round. */
function explanation(
  proof: DrandProof,
  beacon: ProofBeacon,
  snapshotAt: string,
  drawSeed: string | null,
  data: ProofPageData,
): (HTMLElement | null)[] {
  const text = data.text.beacon;
  const facts = describeBeacon(beacon, snapshotAt);
  const time = new Intl.DateTimeFormat(data.language, {
    dateStyle: 'long',
    timeStyle: 'medium',
    timeZone: 'UTC',
  });
  const at = (iso: string) => `${time.format(new Date(iso))} UTC`;
  const seconds = facts.secondsAfterSnapshot?.toLocaleString(data.language) ?? '?';
  // A chain the verifier does not know by heart but the server draws with: the sandbox's local beacon.
  const sandbox = !KNOWN_CHAINS.has(facts.chainHash) && data.serverChain?.chainHash === facts.chainHash;
  return [
    element('h2', {}, text.heading),
    element('p', {}, fill(text.frozen, { snapshotAt: at(snapshotAt), digest: proof.entrantsDigest })),
    element('p', {}, fill(text.waited, { round: facts.round, roundTime: at(facts.roundTime), seconds })),
    facts.chainName ? element('p', {}, text.publicNetwork) : null,
    element('p', {}, text.mixed),
    drawSeed
      ? element(
          'p',
          { class: 'value' },
          element('span', {}, text.drawSeed),
          ' ',
          element('code', { id: 'draw-seed' }, drawSeed),
        )
      : null,
    facts.roundUrl
      ? element(
          'p',
          {},
          element(
            'a',
            { id: 'beacon-round-link', href: facts.roundUrl, rel: 'noopener noreferrer' },
            fill(text.roundLink, { round: facts.round }),
          ),
        )
      : null,
    sandbox ? element('p', { id: 'beacon-sandbox', class: 'notice-inline' }, text.sandbox) : null,
  ];
}

/**
 * Explains the drand round of a §4.1 proof in the #beacon section and checks it; does nothing for a proof
 * without a round (§4, or one that does not parse: the check of the whole proof says what is wrong).
 */
export async function renderBeacon(json: unknown, data: ProofPageData): Promise<void> {
  const parsed = drandProofSchema.safeParse(json);
  if (!parsed.success) return;
  const proof = parsed.data;
  const { beacon, snapshotAt } = proof;
  if (beacon === null || snapshotAt === null) return;
  const section = byId('beacon');
  const status = element(
    'p',
    { id: 'beacon-check', class: 'beacon-check running' },
    data.text.beacon.checking,
  );
  const drawSeed = proof.seed && (await drawSeedOf(proof.seed, beacon.randomness, webCryptoSha256));
  const paragraphs = explanation(proof, beacon, snapshotAt, drawSeed, data);
  section.replaceChildren(...paragraphs.filter((node): node is HTMLElement => node !== null), status);
  section.hidden = false;
  const check = await checkProofBeacon(beacon, snapshotAt, webCryptoSha256, trustedChainsOf(data));
  status.replaceWith(checkResult(check, beacon.chainHash, data));
}

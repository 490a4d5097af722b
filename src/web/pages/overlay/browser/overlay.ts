// The OBS overlay's script: follows the channel's event stream and reveals each draw, one after another.
import type { RaffleDrawnEvent } from '../../../../contract/events.ts';
import { byId } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import type { OverlayPageData } from '../overlay-page-data.ts';
import { followEvents } from './event-connection.ts';
import { NamePool, scrambled } from './name-pool.ts';
import { playReveal, type Reveal } from './overlay-reveal.ts';

/** The part of a `raffle.drawn` event the overlay reads; `at` is when the server published it. */
interface DrawnEvent extends Pick<RaffleDrawnEvent, 'trigger' | 'position'> {
  readonly at: string;
  readonly raffle: Pick<RaffleDrawnEvent['raffle'], 'raffleId' | 'winners' | 'eligibleCount'>;
}

const HOLD_MS = 6000;
const HOLD_WHEN_QUEUED_MS = 3000;
// Above this many entrants the proof is a download of megabytes: the spin then uses the names already known.
const PROOF_SAMPLE_LIMIT = 20_000;
const DEMO_NAMES = ['ana_gamer', 'bruno_plays', 'carla', 'dudinha', 'edu_fps', 'fe_lima', 'gui_br', 'helo'];

const data = readPageData<OverlayPageData>();
const stage = byId('stage');
const pool = new NamePool();
const queue: Reveal[] = [];
let playing = false;
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

async function playQueue(): Promise<void> {
  if (playing) return;
  playing = true;
  for (let reveal = queue.shift(); reveal; reveal = queue.shift()) {
    const known = pool.sample(12, reveal.login);
    const spinNames =
      known.length >= 4 ? known : Array.from({ length: 9 }, () => scrambled(reveal.login.length));
    await playReveal(stage, reveal, {
      spinNames,
      texts: data.text,
      reducedMotion: reducedMotion.matches,
      holdMs: queue.length > 0 ? HOLD_WHEN_QUEUED_MS : HOLD_MS,
    });
  }
  playing = false;
}

/** Learns some of the draw's entrants from its public proof, for the spins to come. */
async function learnNames(raffleId: number): Promise<void> {
  const response = await fetch(`/api/v1/raffles/${raffleId}/proof`);
  if (!response.ok) return;
  const proof = (await response.json()) as { entrants?: { login: string }[] };
  const entrants = proof.entrants ?? [];
  pool.add(
    Array.from(
      { length: Math.min(60, entrants.length) },
      () => entrants[Math.floor(Math.random() * entrants.length)]?.login ?? '',
    ).filter(Boolean),
  );
}

function onDrawn(event: DrawnEvent): void {
  // When the draw was published (right after its commit) and when it reached the page: the reveal
  // timing is measured from them (test/browser/overlay.test.ts).
  document.body.dataset.lastDrawPublishedAt = String(Date.parse(event.at));
  document.body.dataset.lastDrawArrivedAt = String(Date.now());
  const winners = event.raffle.winners.filter(
    (winner) => event.trigger !== 'reroll' || winner.position === event.position,
  );
  for (const winner of winners) queue.push({ login: winner.login, prize: winner.itemName });
  void playQueue();
  pool.add(event.raffle.winners.map((winner) => winner.login));
  if ((event.raffle.eligibleCount ?? 0) <= PROOF_SAMPLE_LIMIT) {
    learnNames(event.raffle.raffleId).catch((error: unknown) => console.warn('names not learnt', error));
  }
}

followEvents({
  url: data.eventsUrl,
  types: ['raffle.drawn'],
  onEvent: (_type, event) => onDrawn(event as DrawnEvent),
  onState: (state) => {
    document.body.dataset.connection = state;
  },
});

if (data.demo) {
  pool.add(DEMO_NAMES);
  let round = 0;
  const demo = () => {
    const prize = data.text.demoPrizes[round % data.text.demoPrizes.length] ?? null;
    queue.push({ login: DEMO_NAMES[(round * 3) % DEMO_NAMES.length] ?? 'kinoyu', prize });
    round += 1;
    void playQueue();
  };
  demo();
  setInterval(demo, HOLD_MS + 2500);
}

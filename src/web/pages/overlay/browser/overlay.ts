// The OBS overlay's script: follows the channel's event stream and reveals each draw, one after another;
// then follows each winner's claim window (restarted after downtime too), and shows the running entry count while entries are open.
// A draw with public randomness (SPEC §4.1) first waits for its drand round: a line counts down to it.

import type { EventType } from '../../../../contract/event-types.ts';
import type { KinoYuEvent, RaffleDrawnEvent } from '../../../../contract/events.ts';
import { byId } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import type { OverlayPageData } from '../overlay-page-data.ts';
import { BeaconBoard } from './beacon-board.ts';
import { ClaimBoard } from './claim-board.ts';
import { EntryCounter } from './entry-counter.ts';
import { followEvents } from './event-connection.ts';
import { NamePool, scrambled } from './name-pool.ts';
import { playReveal, type Reveal } from './overlay-reveal.ts';

/** The part of a `raffle.drawn` event the overlay reads; `at` is when the server published it. */
interface DrawnEvent extends Pick<RaffleDrawnEvent, 'trigger' | 'position' | 'replaced'> {
  readonly at: string;
  readonly raffle: Pick<RaffleDrawnEvent['raffle'], 'raffleId' | 'winners' | 'eligibleCount' | 'beacon'>;
}

const HOLD_MS = 6000;
const HOLD_WHEN_QUEUED_MS = 3000;
// Above this many entrants the proof is a download of megabytes: the spin then uses the names already known.
const PROOF_SAMPLE_LIMIT = 20_000;
const DEMO_NAMES = ['ana_gamer', 'bruno_plays', 'carla', 'dudinha', 'edu_fps', 'fe_lima', 'gui_br', 'helo'];

const data = readPageData<OverlayPageData>();
const stage = byId('stage');
const pool = new NamePool();
const claims = new ClaimBoard(byId('claims'), data.text);
const beacons = new BeaconBoard(byId('beacon-waits'), data.text);
const entries = new EntryCounter(byId('entries'), data.text, document.documentElement.lang || 'pt-BR');
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
  // A redraw (by a moderator, or because nobody claimed) reveals only the slot it drew again.
  const redraw = event.trigger === 'reroll' || event.trigger === 'unclaimed';
  const winners = event.raffle.winners.filter((winner) => !redraw || winner.position === event.position);
  const { raffleId } = event.raffle;
  beacons.drawn(raffleId);
  if (event.trigger === 'unclaimed' && event.replaced && event.position !== null) {
    claims.end({ raffleId, position: event.position, ...event.replaced }, 'unclaimed');
  }
  for (const winner of winners) {
    const holder = { raffleId, position: winner.position, userId: winner.userId, login: winner.login };
    const waits = winner.claim?.state === 'awaiting_claim';
    if (waits) claims.expect(holder, winner.claim?.deadline ?? null);
    queue.push({
      login: winner.login,
      prize: winner.itemName,
      round: event.raffle.beacon?.round ?? null,
      onRevealed: waits ? () => claims.show(holder) : undefined,
    });
  }
  void playQueue();
  pool.add(event.raffle.winners.map((winner) => winner.login));
  if ((event.raffle.eligibleCount ?? 0) <= PROOF_SAMPLE_LIMIT) {
    learnNames(event.raffle.raffleId).catch((error: unknown) => console.warn('names not learnt', error));
  }
}

type EventOf<T extends KinoYuEvent['type']> = Extract<KinoYuEvent, { type: T }>;
type ClaimEnded = Pick<
  EventOf<'raffle.claimed' | 'raffle.forfeited'>,
  'raffleId' | 'position' | 'userId' | 'login'
>;

function onEvent(type: string, event: unknown): void {
  switch (type) {
    case 'raffle.snapshot': {
      const snapshot = event as EventOf<'raffle.snapshot'>;
      // A session tick's list is frozen a few seconds ahead: it is drawn at its due time, if later.
      const dueAt = snapshot.raffle.dueAt ? Date.parse(snapshot.raffle.dueAt) : 0;
      const drawAt = new Date(Math.max(Date.parse(snapshot.roundAt), dueAt)).toISOString();
      beacons.waiting(snapshot.raffleId, snapshot.round, drawAt);
      break;
    }
    case 'raffle.voided':
      beacons.voided((event as EventOf<'raffle.voided'>).raffleId);
      break;
    case 'raffle.drawn':
      onDrawn(event as DrawnEvent);
      break;
    case 'raffle.claimed':
      claims.end(event as ClaimEnded, 'claimed');
      break;
    case 'raffle.forfeited':
      claims.end(event as ClaimEnded, 'forfeited');
      break;
    case 'raffle.claim_restarted': {
      const restarted = event as EventOf<'raffle.claim_restarted'>;
      claims.restart(restarted, restarted.deadline);
      break;
    }
    case 'entries.opened':
      entries.opened((event as EventOf<'entries.opened'>).keyword);
      break;
    case 'entries.updated':
      entries.updated((event as EventOf<'entries.updated'>).count);
      break;
    case 'entries.closed':
      entries.closed((event as EventOf<'entries.closed'>).count);
      break;
  }
}

followEvents({
  url: data.eventsUrl,
  types: [
    'raffle.snapshot',
    'raffle.drawn',
    'raffle.voided',
    'raffle.claimed',
    'raffle.forfeited',
    'raffle.claim_restarted',
    'entries.opened',
    'entries.updated',
    'entries.closed',
  ] satisfies EventType[],
  onEvent,
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

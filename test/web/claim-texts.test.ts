import { describe, expect, it } from 'vitest';
import type { ProofClaim } from '../../src/raffles/proof.ts';
import { countdownText } from '../../src/web/browser/countdown.ts';
import { claimStatus, firstMessageText } from '../../src/web/pages/dashboard/browser/claim-status.ts';
import { raffleState } from '../../src/web/pages/dashboard/browser/raffle-state.ts';
import { dashboardMessages } from '../../src/web/pages/dashboard/messages/index.ts';
import { beaconLine } from '../../src/web/pages/overlay/browser/beacon-line.ts';
import { claimLine } from '../../src/web/pages/overlay/browser/claim-line.ts';
import { overlayMessages } from '../../src/web/pages/overlay/messages/index.ts';
import { slotStories } from '../../src/web/pages/proof/browser/slot-story.ts';
import { proofMessages } from '../../src/web/pages/proof/messages/index.ts';

// The pure renderers behind the claim windows on the dashboard, the overlay and the proof page, and the
// overlay's line for a draw waiting for its drand round.

const NOW = Date.parse('2026-11-25T20:15:00.000Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const clock = (iso: string) => iso.slice(11, 19);

describe('countdownText', () => {
  it('counts seconds under a minute and minutes:seconds above, rounding up, never below 0', () => {
    expect(countdownText(42_000)).toBe('42 s');
    expect(countdownText(41_001)).toBe('42 s');
    expect(countdownText(60_000)).toBe('1:00');
    expect(countdownText(65_500)).toBe('1:06');
    expect(countdownText(3_600_000)).toBe('60:00');
    expect(countdownText(-5000)).toBe('0 s');
  });
});

describe('the dashboard’s claim status', () => {
  const text = dashboardMessages['pt-BR'].client;
  const claim = (state: 'awaiting_claim' | 'claimed' | 'forfeited', extra = {}) => ({
    state,
    deadline: at(42),
    claimedAt: null,
    firstMessage: null,
    firstMessageAt: null,
    ...extra,
  });

  it('counts down to the deadline while the window runs', () => {
    expect(claimStatus(claim('awaiting_claim'), NOW, text, clock)).toEqual({
      phase: 'awaiting',
      text: 'aguardando resgate: 42 s',
    });
    expect(claimStatus(claim('awaiting_claim'), NOW + 10_000, text, clock).text).toBe(
      'aguardando resgate: 32 s',
    );
  });

  it('says a redraw is coming once the deadline passed without news', () => {
    expect(claimStatus(claim('awaiting_claim'), NOW + 43_000, text, clock)).toEqual({
      phase: 'late',
      text: 'o prazo acabou: sorteando de novo…',
    });
  });

  it('says when it was claimed, and that a forfeited prize went back to stock', () => {
    expect(claimStatus(claim('claimed', { claimedAt: at(21) }), NOW, text, clock)).toEqual({
      phase: 'claimed',
      text: '✓ resgatou às 20:15:21',
    });
    expect(claimStatus(claim('forfeited'), NOW, text, clock).text).toBe(
      'não resgatado: o prêmio voltou ao estoque',
    );
  });

  it('quotes the winner’s first chat message, or says they have not chatted', () => {
    expect(firstMessageText(claim('awaiting_claim'), text, clock)).toBe(
      'Ainda não falou no chat desde o sorteio.',
    );
    const spoke = claim('awaiting_claim', { firstMessage: 'eu ganhei?', firstMessageAt: at(3) });
    expect(firstMessageText(spoke, dashboardMessages.en.client, clock)).toBe(
      'First chat message: “eu ganhei?” at 20:15:03',
    );
  });
});

describe('the overlay’s claim line', () => {
  it('waits with a countdown, then tells the outcome, in each language', () => {
    const pt = overlayMessages['pt-BR'];
    const slot = { login: 'ana', deadline: at(90), state: 'waiting' as const };
    expect(claimLine(slot, NOW, pt)).toEqual({ text: 'aguardando @ana…', countdown: '1:30' });
    expect(claimLine(slot, NOW, overlayMessages.en)).toEqual({
      text: 'waiting for @ana…',
      countdown: '1:30',
    });
    expect(claimLine({ ...slot, state: 'claimed' }, NOW, pt)).toEqual({
      text: '✓ @ana resgatou!',
      countdown: null,
    });
    expect(claimLine({ ...slot, state: 'unclaimed' }, NOW, pt).text).toBe('@ana não resgatou a tempo');
    expect(claimLine({ ...slot, state: 'forfeited' }, NOW, pt).text).toBe('@ana: não resgatado');
  });
});

describe('the proof page’s slot stories', () => {
  const text = proofMessages['pt-BR'].client;
  const winner = (
    position: number,
    login: string,
    claim: ProofClaim | null | undefined,
    itemName: string | null = 'skin dourada',
  ) => ({
    position,
    userId: `${position}00`,
    login,
    itemId: itemName === null ? null : 1,
    itemName,
    ...(claim === undefined ? {} : { claim }),
  });

  it('tells the replaced holders in order, with why, then the claim of the holder now', () => {
    const stories = slotStories(
      {
        winners: [
          winner(2, 'dani', { state: 'forfeited', deadline: at(10), claimedAt: null }),
          winner(1, 'bia', { state: 'claimed', deadline: at(70), claimedAt: at(21) }),
          winner(3, 'caio', { state: 'awaiting_claim', deadline: at(60), claimedAt: null }, 'chave'),
        ],
        replaced: [
          { position: 1, userId: '9', login: 'ana', reason: 'reroll' },
          { position: 2, userId: '8', login: 'edu', reason: 'unclaimed' },
          { position: 1, userId: '7', login: 'fe', reason: 'unclaimed' },
        ],
      },
      text,
      clock,
    );
    expect(stories).toEqual([
      {
        position: 1,
        title: '#1 skin dourada:',
        steps: [
          '@ana foi trocado(a) por um novo sorteio',
          '@fe não resgatou a tempo',
          '@bia resgatou às 20:15:21',
        ],
      },
      {
        position: 2,
        title: '#2 skin dourada:',
        steps: ['@edu não resgatou a tempo', '@dani também não resgatou: o prêmio voltou ao estoque'],
      },
      { position: 3, title: '#3 chave:', steps: ['@caio tem até 20:16:00 para resgatar'] },
    ]);
  });

  it('has nothing to tell without claims or redraws, and reads proofs made before claims', () => {
    expect(slotStories({ winners: [winner(1, 'ana', null)], replaced: [] }, text, clock)).toEqual([]);
    const old = slotStories(
      {
        winners: [winner(1, 'bia', undefined, null), winner(2, 'caio', undefined)],
        replaced: [{ position: 1, userId: '9', login: 'ana' }],
      },
      proofMessages.en.client,
      clock,
    );
    expect(old).toEqual([{ position: 1, title: '#1:', steps: ['@ana was replaced by a redraw', '@bia'] }]);
  });
});

describe('the overlay’s drand round line', () => {
  const text = overlayMessages['pt-BR'];
  it('counts down to the round, then waits without a countdown once its time has passed', () => {
    const draw = { round: 4242, drawAt: at(3.2), state: 'waiting' as const };
    expect(beaconLine(draw, NOW, text)).toEqual({
      text: 'aguardando a rodada 4242 do drand…',
      countdown: '4 s',
    });
    expect(beaconLine({ ...draw, drawAt: at(-1) }, NOW, text).countdown).toBeNull();
  });
  it('says a void draw plainly, in both languages', () => {
    const draw = { round: 1, drawAt: at(0), state: 'voided' as const };
    expect(beaconLine(draw, NOW, text).text).toBe('sorteio anulado: a rodada do drand não chegou');
    expect(beaconLine(draw, NOW, overlayMessages.en).text).toBe('draw void: the drand round never came');
  });
});

describe('the dashboard’s raffle state line', () => {
  const text = dashboardMessages['pt-BR'].client;
  const beacon = { chainHash: 'c', round: 7, roundAt: at(2.5), randomness: null };
  it('counts down to a pending raffle’s round, and waits without a countdown once it is due', () => {
    const pending = { status: 'pending' as const, reason: null, dueAt: null };
    expect(raffleState({ ...pending, beacon }, NOW, text)).toEqual({
      phase: 'waiting',
      text: 'Aguardando a rodada 7 do drand (sorteio em 3 s)…',
    });
    const late = { ...beacon, roundAt: at(-1) };
    expect(raffleState({ ...pending, beacon: late }, NOW, text)?.text).toBe(
      'Aguardando a rodada 7 do drand…',
    );
    expect(raffleState({ ...pending, beacon: null }, NOW, text)?.phase).toBe('pending');
  });
  it('counts down to a session tick’s due time when it comes after the round', () => {
    const tick = { status: 'pending' as const, reason: null, beacon, dueAt: at(9) };
    expect(raffleState(tick, NOW, text)?.text).toBe('Aguardando a rodada 7 do drand (sorteio em 9 s)…');
  });
  it('names the round of a drawn raffle, says nothing more without one, and gives a void one’s reason', () => {
    const drawn = { status: 'drawn' as const, reason: null, dueAt: null };
    expect(raffleState({ ...drawn, beacon: { ...beacon, randomness: 'ab' } }, NOW, text)?.text).toBe(
      'rodada 7 do drand',
    );
    expect(raffleState({ ...drawn, beacon: null }, NOW, text)).toBeNull();
    const voided = { status: 'void' as const, reason: 'beacon_unavailable' as const, beacon, dueAt: null };
    expect(raffleState(voided, NOW, dashboardMessages.en.client)?.text).toBe(
      'Void: the drand round did not come within 2 minutes (the seed stays secret).',
    );
  });
});

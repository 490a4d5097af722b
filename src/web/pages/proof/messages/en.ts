import type { ExclusionReason, VoidReason } from '../../../../contract/raffles.ts';
import type { ProofMessages } from './pt-BR.ts';

// The proof page's texts in English. Typed as the pt-BR ones, so a missing or extra key fails the typecheck.

export const proofEn: ProofMessages = {
  title: (raffleId: number) => `Proof of raffle #${raffleId}`,
  heading: (raffleId: number) => `Raffle #${raffleId}`,
  channel: 'Channel',
  drawnAt: 'Drawn at',
  createdAt: 'Created at',
  eligible: 'Entrants',
  excludedCount: 'Excluded',
  pendingHeading: 'Not drawn yet',
  pendingBody:
    'This raffle has not been drawn yet. The commitment below is already published: the seed it hides is revealed after the draw, and then anyone can check it.',
  waitingHeading: (round: number) => `Waiting for drand round ${round}`,
  waitingFrozen: (snapshotAt: string) =>
    `The entrant list was frozen on ${snapshotAt}, with the digest below: it no longer changes.`,
  waitingRound: (round: number, roundAt: string) =>
    `The draw waits for drand round ${round}, which comes out on ${roundAt}. Nobody knows that round's value before it comes out, not even whoever runs the server. When it arrives, the draw happens, the seed is revealed and this page updates itself.`,
  waitingLate: (round: number, roundAt: string) =>
    `The draw waits for drand round ${round}, which was due on ${roundAt} and has not reached the server yet. It keeps trying; if the round has not come within 2 minutes, the draw is void and the seed is never revealed. This page updates itself.`,
  voidRound: (round: number, roundAt: string) =>
    `The round it waited for: drand round ${round}, due on ${roundAt}.`,
  voidHeading: 'Nobody was drawn',
  voidReasons: {
    no_eligible_entrants: 'There was no eligible entrant in the chat.',
    no_prizes_left: 'No prize was left in stock.',
    interrupted:
      'The draw was interrupted before it happened (the server stopped). Its seed stays secret, so nobody can replay it.',
    beacon_unavailable:
      'The public drand round this draw was waiting for could not be fetched within 2 minutes, so it was never drawn. Its seed stays secret.',
  } satisfies Record<VoidReason, string>,
  winners: 'Winners',
  position: 'Position',
  viewer: 'Viewer',
  prize: 'Prize',
  noPrize: '—',
  verifyHeading: 'Check it yourself',
  verifyIntro:
    'The button redoes the whole draw here in your browser, with the same computation as the KinoYu verifier, without trusting the server.',
  verifyButton: 'Verify',
  verifyCli: 'In a terminal:',
  howHeading: 'How this draw was made',
  commitment: 'Commitment',
  entrantsDigest: 'Entrant list digest',
  seed: 'Seed',
  steps: {
    commitment:
      'Before the draw, KinoYu made a random secret seed and published its commitment: the SHA-256 of the seed. Once published, the seed cannot be swapped without everyone noticing.',
    frozen:
      'The entrant list was frozen: one line <code>id⇥weight</code> per person, in id order, and the SHA-256 of that list was recorded. A list edited afterwards no longer matches it.',
    revealed:
      'After the draw, the seed was revealed. Anyone can check that its SHA-256 is the commitment published before.',
    keys: 'Each entrant gets a key computed from the seed and their id: <code>u = SHA-256(seed + ":entrant:" + id)</code> (the first 52 bits, as a number between 0 and 1) and <code>key = −ln(u) ÷ weight</code>. More weight tends to give a smaller key; the smallest keys win, in order.',
    prizes:
      'The prize of each position <code>i</code> comes from <code>SHA-256(seed + ":item:" + i)</code>, drawn by weight among the prizes still in stock.',
  },
  prizes: 'Prizes',
  weight: 'Weight',
  quantity: 'Quantity',
  chance: 'Chance',
  entrants: 'Entrants',
  excluded: 'Left out of the draw',
  reason: 'Reason',
  replaced: 'Claims and redraws',
  userId: 'Twitch id',
  downloadJson: 'Download the full proof (JSON)',
  client: {
    loading: 'Loading the proof…',
    loadFailed: 'The proof could not be loaded. Please reload the page.',
    verifying: 'Checking {count} entrants…',
    verified: 'Everything matches: the draw redone in your browser gives exactly this result.',
    differs: 'The proof does not match: {count} problem(s).',
    unverifiable: 'This proof cannot be checked:',
    unlimited: 'unlimited',
    none: 'None.',
    showMore: 'Show more',
    shown: 'Showing {shown} of {total}.',
    search: 'Search by login',
    noMatches: 'Nobody with that login.',
    storySlot: '#{position} {prize}:',
    storySlotNoPrize: '#{position}:',
    storyUnclaimed: '@{login} did not claim in time',
    storyReroll: '@{login} was replaced by a redraw',
    storyReplaced: '@{login} was replaced by a redraw',
    storyHolder: '@{login}',
    storyClaimed: '@{login} claimed at {time}',
    storyAwaiting: '@{login} has until {time} to claim',
    storyForfeited: '@{login} did not claim either: the prize went back to stock',
    problems: {
      malformed: 'The proof is malformed',
      unknown_algorithm: 'Unknown algorithm',
      seed_not_revealed: 'The seed is not revealed yet',
      bad_seed: 'The seed is not valid',
      commitment_mismatch: 'The seed does not match the published commitment',
      entrants_not_sorted: 'The entrants are not in order',
      duplicate_entrant: 'An entrant is listed twice',
      bad_weight: 'Invalid weight',
      excluded_is_entrant: 'An excluded viewer is also listed as an entrant',
      entrants_digest_mismatch: 'The entrant list does not match the published digest',
      bad_item: 'Invalid prize',
      bad_position: 'Invalid position',
      duplicate_winner: 'Someone holds more than one position',
      winner_mismatch: 'The winner does not match',
      prize_mismatch: 'The prize does not match',
      replaced_mismatch: 'A redraw does not match',
      bad_snapshot_at: 'The time the list was frozen is not valid',
      unknown_chain: 'Unknown randomness chain',
      unsupported_beacon_scheme: 'The round’s signature scheme is not supported',
      beacon_chain_mismatch: 'The round’s chain is not the one the proof names',
      beacon_randomness_mismatch: 'The randomness does not match the round’s signature',
      beacon_bad_signature: 'The round’s signature does not verify',
      beacon_round_mismatch: 'Not the round the freeze time calls for',
    },
    beacon: {
      heading: 'The public drand round',
      frozen: 'The entrant list was frozen at {snapshotAt}, with digest {digest}.',
      waited:
        'Then the server had to wait for drand round {round}, published at {roundTime}: {seconds} s after the freeze. Nobody could know that round’s value before it came out.',
      publicNetwork:
        'drand is a public randomness beacon: each round is produced jointly by the independent members of the League of Entropy and signed by them, and anyone can check it.',
      mixed:
        'The draw’s randomness mixes the server’s seed with that round’s value: drawSeed = SHA-256(seed + ":" + the round’s value), and the steps below use drawSeed where they say seed. Since the list was frozen before the round existed, not even whoever runs the server, who knows the seed, could steer the result by editing the list.',
      drawSeed: 'Draw seed (drawSeed)',
      roundLink: 'See round {round} at drand',
      checking: 'Checking the round’s signature…',
      signatureValid: 'The round’s BLS signature, checked in your browser: valid.',
      signatureInvalid: 'The round’s BLS signature, checked in your browser: invalid.',
      signatureNotChecked: 'The round’s signature could not be checked:',
      sandbox:
        'This draw used a local test beacon (sandbox), not the public drand network: its key belongs to this server, so it does not prove fairness against the operator.',
      unknownChain:
        'This chain cannot be checked here: the proof uses chain {chain}, which this page does not know (it knows quicknet, drand’s public chain).',
    },
    excludedReasons: {
      broadcaster: 'channel owner',
      app_account: 'app account',
      bot: 'known bot',
      moderator: 'moderator',
      blocklist: 'blocklist',
      cooldown: 'won recently (cooldown)',
      max_wins: 'session win limit',
      inactive: 'did not chat recently',
      account_too_new: 'Twitch account too new',
      not_following: 'not following the channel',
      follow_too_recent: 'followed too recently',
      unchecked: 'Twitch could not check the entry',
      not_present: 'no longer in chat at the draw',
    } satisfies Record<ExclusionReason, string>,
  },
};

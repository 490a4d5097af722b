import type { OverlayMessages } from './pt-BR.ts';

// The overlay's texts in English. Typed as the pt-BR ones, so a missing or extra key fails the typecheck.

export const overlayEn: OverlayMessages = {
  title: 'Overlay',
  winnerLabel: 'Winner!',
  wins: 'wins',
  demoPrizes: ['golden skin', 'rare key', 'silver skin'],
  claimWaiting: 'waiting for @{login}…',
  claimClaimed: '✓ @{login} claimed!',
  claimUnclaimed: '@{login} did not claim in time',
  claimForfeited: '@{login}: not claimed',
  beaconWaiting: 'waiting for drand round {round}…',
  beaconVoided: 'draw void: the drand round never came',
  revealRound: 'drand round {round}',
  entriesOpen: 'Entries open',
  entriesHint: 'type {keyword} in chat',
  entriesClosed: 'Entries closed',
  entriesCount: '{count} entered',
  forbiddenTitle: 'Overlay unavailable',
  forbiddenHeading: 'This overlay link is not valid',
  forbiddenBody:
    'The key in the address is wrong or was changed. Copy the overlay address again from the KinoYu dashboard.',
};

// The overlay's texts in Brazilian Portuguese, the default language (SPEC §1). This catalogue defines
// the keys: en.ts must have exactly the same ones, or the typecheck fails.

export const overlayPtBR = {
  title: 'Overlay',
  winnerLabel: 'Vencedor(a)!',
  wins: 'ganhou',
  demoPrizes: ['skin dourada', 'chave rara', 'skin prata'],
  claimWaiting: 'aguardando @{login}…',
  claimClaimed: '✓ @{login} resgatou!',
  claimUnclaimed: '@{login} não resgatou a tempo',
  claimForfeited: '@{login}: não resgatado',
  beaconWaiting: 'aguardando a rodada {round} do drand…',
  beaconVoided: 'sorteio anulado: a rodada do drand não chegou',
  revealRound: 'rodada {round} do drand',
  entriesOpen: 'Inscrições abertas',
  entriesHint: 'digite {keyword} no chat',
  entriesClosed: 'Inscrições encerradas',
  entriesCount: '{count} inscritos',
  forbiddenTitle: 'Overlay indisponível',
  forbiddenHeading: 'Este link de overlay não vale',
  forbiddenBody:
    'A chave do endereço está errada ou foi trocada. Copie de novo o endereço do overlay no painel da KinoYu.',
};

/** The overlay's texts, as every language has them. */
export type OverlayMessages = typeof overlayPtBR;

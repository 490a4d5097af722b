import type { ExclusionReason, VoidReason } from '../../../../contract/raffles.ts';
import type { VerifyProblemCode } from '../../../../raffles/verify.ts';

// The proof page's texts in Brazilian Portuguese, the default language (SPEC §1). This catalogue defines
// the keys: en.ts must have exactly the same ones, or the typecheck fails. Texts with `{name}` are filled
// in by the page's script; functions are used on the server only.

export const proofPtBR = {
  title: (raffleId: number) => `Prova do sorteio #${raffleId}`,
  heading: (raffleId: number) => `Sorteio #${raffleId}`,
  channel: 'Canal',
  drawnAt: 'Sorteado em',
  createdAt: 'Criado em',
  eligible: 'Participantes',
  excludedCount: 'Excluídos',
  pendingHeading: 'Ainda não sorteado',
  pendingBody:
    'Este sorteio ainda não aconteceu. O compromisso abaixo já está publicado: a semente que ele esconde será revelada depois do sorteio, e aí qualquer um poderá conferir.',
  waitingHeading: (round: number) => `Aguardando a rodada ${round} do drand`,
  waitingFrozen: (snapshotAt: string) =>
    `A lista de participantes foi congelada em ${snapshotAt}, com o resumo abaixo: ela não muda mais.`,
  waitingRound: (round: number, roundAt: string) =>
    `O sorteio espera a rodada ${round} do drand, que sai em ${roundAt}. Ninguém conhece o valor dessa rodada antes de ela sair, nem quem opera o servidor. Quando ela chegar, o sorteio acontece, a semente é revelada e esta página se atualiza sozinha.`,
  waitingLate: (round: number, roundAt: string) =>
    `O sorteio espera a rodada ${round} do drand, que devia ter saído em ${roundAt} e ainda não chegou ao servidor. Ele tenta de novo; se a rodada não chegar em 2 minutos, o sorteio é anulado sem revelar a semente. Esta página se atualiza sozinha.`,
  voidRound: (round: number, roundAt: string) =>
    `Rodada esperada: ${round} do drand, que devia ter saído em ${roundAt}.`,
  voidHeading: 'Ninguém foi sorteado',
  voidReasons: {
    no_eligible_entrants: 'Não havia nenhum participante elegível no chat.',
    no_prizes_left: 'Não havia mais prêmios em estoque.',
    interrupted:
      'O sorteio foi interrompido antes de acontecer (o servidor parou). A semente continua secreta, para que ninguém possa refazê-lo.',
    beacon_unavailable:
      'A rodada pública do drand que este sorteio esperava não pôde ser obtida em 2 minutos, então ele nunca foi sorteado. A semente continua secreta.',
  } satisfies Record<VoidReason, string> as Record<string, string>,
  winners: 'Vencedores',
  position: 'Posição',
  viewer: 'Espectador',
  prize: 'Prêmio',
  noPrize: '—',
  verifyHeading: 'Confira você mesmo',
  verifyIntro:
    'O botão refaz o sorteio inteiro aqui no seu navegador, com a mesma conta do verificador da KinoYu, sem confiar no servidor.',
  verifyButton: 'Verificar',
  verifyCli: 'No terminal:',
  howHeading: 'Como este sorteio foi feito',
  commitment: 'Compromisso',
  entrantsDigest: 'Resumo da lista',
  seed: 'Semente',
  steps: {
    commitment:
      'Antes do sorteio, a KinoYu gerou uma semente secreta aleatória e publicou o seu compromisso: o SHA-256 da semente. Depois de publicado, a semente não pode mais ser trocada sem que todos percebam.',
    frozen:
      'A lista de participantes foi congelada: uma linha <code>id⇥peso</code> por pessoa, em ordem de id, e o SHA-256 dessa lista ficou registrado. Uma lista editada depois não bate mais com ele.',
    revealed:
      'Depois do sorteio, a semente foi revelada. Qualquer um pode conferir que o SHA-256 dela é o compromisso publicado antes.',
    keys: 'Cada participante recebe uma chave calculada da semente e do seu id: <code>u = SHA-256(semente + ":entrant:" + id)</code> (os primeiros 52 bits, como número entre 0 e 1) e <code>chave = −ln(u) ÷ peso</code>. Quem tem mais peso tende a ter chave menor; as menores chaves ganham, na ordem.',
    prizes:
      'O prêmio de cada posição <code>i</code> sai de <code>SHA-256(semente + ":item:" + i)</code>, sorteado pelo peso entre os prêmios ainda em estoque.',
  },
  prizes: 'Prêmios',
  weight: 'Peso',
  quantity: 'Quantidade',
  chance: 'Chance',
  entrants: 'Participantes',
  excluded: 'Excluídos do sorteio',
  reason: 'Motivo',
  replaced: 'Resgates e novos sorteios',
  userId: 'Id na Twitch',
  downloadJson: 'Baixar a prova completa (JSON)',
  client: {
    loading: 'Carregando a prova…',
    loadFailed: 'Não foi possível carregar a prova. Recarregue a página.',
    verifying: 'Verificando {count} participantes…',
    verified: 'Tudo confere: o sorteio refeito no seu navegador dá exatamente este resultado.',
    differs: 'A prova não confere: {count} problema(s).',
    unverifiable: 'Não dá para verificar esta prova:',
    unlimited: 'ilimitada',
    none: 'Nenhum.',
    showMore: 'Mostrar mais',
    shown: 'Mostrando {shown} de {total}.',
    search: 'Procurar pelo login',
    noMatches: 'Ninguém com esse login.',
    storySlot: '#{position} {prize}:',
    storySlotNoPrize: '#{position}:',
    storyUnclaimed: '@{login} não resgatou a tempo',
    storyReroll: '@{login} foi trocado(a) por um novo sorteio',
    storyReplaced: '@{login} foi substituído(a) por um novo sorteio',
    storyHolder: '@{login}',
    storyClaimed: '@{login} resgatou às {time}',
    storyAwaiting: '@{login} tem até {time} para resgatar',
    storyForfeited: '@{login} também não resgatou: o prêmio voltou ao estoque',
    problems: {
      malformed: 'A prova está malformada',
      unknown_algorithm: 'Algoritmo desconhecido',
      seed_not_revealed: 'A semente ainda não foi revelada',
      bad_seed: 'A semente não é válida',
      commitment_mismatch: 'A semente não corresponde ao compromisso publicado',
      entrants_not_sorted: 'Os participantes não estão em ordem',
      duplicate_entrant: 'Participante repetido',
      bad_weight: 'Peso inválido',
      excluded_is_entrant: 'Um excluído também aparece como participante',
      entrants_digest_mismatch: 'A lista de participantes não corresponde ao resumo publicado',
      bad_item: 'Prêmio inválido',
      bad_position: 'Posição inválida',
      duplicate_winner: 'Alguém ocupa mais de uma posição',
      winner_mismatch: 'O vencedor não confere',
      prize_mismatch: 'O prêmio não confere',
      replaced_mismatch: 'Um novo sorteio não confere',
      bad_snapshot_at: 'A hora do congelamento da lista não é válida',
      unknown_chain: 'Cadeia de aleatoriedade desconhecida',
      unsupported_beacon_scheme: 'Esquema de assinatura da rodada não suportado',
      beacon_chain_mismatch: 'A cadeia da rodada não é a que a prova diz',
      beacon_randomness_mismatch: 'A aleatoriedade não corresponde à assinatura da rodada',
      beacon_bad_signature: 'A assinatura da rodada não confere',
      beacon_round_mismatch: 'Não é a rodada que o horário do congelamento exige',
    } satisfies Record<VerifyProblemCode, string>,
    beacon: {
      heading: 'A rodada pública do drand',
      frozen: 'A lista de participantes foi congelada em {snapshotAt}, com o resumo {digest}.',
      waited:
        'Depois disso, o servidor teve de esperar a rodada {round} do drand, publicada em {roundTime}: {seconds} s depois do congelamento. Ninguém podia conhecer o valor dessa rodada antes de ela sair.',
      publicNetwork:
        'O drand é um farol de aleatoriedade pública: cada rodada é produzida em conjunto pelos membros independentes da League of Entropy e assinada por eles, e qualquer um pode conferi-la.',
      mixed:
        'A aleatoriedade do sorteio mistura a semente do servidor com o valor dessa rodada: drawSeed = SHA-256(semente + ":" + valor da rodada), e as contas abaixo usam drawSeed onde se lê semente. Como a lista já estava congelada antes de a rodada existir, nem quem opera o servidor, que conhece a semente, poderia direcionar o resultado editando a lista.',
      drawSeed: 'Semente do sorteio (drawSeed)',
      roundLink: 'Ver a rodada {round} no drand',
      checking: 'Conferindo a assinatura da rodada…',
      signatureValid: 'Assinatura BLS da rodada conferida no seu navegador: válida.',
      signatureInvalid: 'Assinatura BLS da rodada conferida no seu navegador: inválida.',
      signatureNotChecked: 'A assinatura da rodada não pôde ser conferida:',
      sandbox:
        'Este sorteio usou um beacon de teste local (sandbox), não a rede pública do drand: a chave dele pertence a este servidor, então ele não prova que o sorteio foi justo contra quem opera o servidor.',
      unknownChain:
        'Não dá para conferir esta cadeia aqui: a prova usa a cadeia {chain}, que esta página não conhece (ela conhece a quicknet, a cadeia pública do drand).',
    },
    excludedReasons: {
      broadcaster: 'dono do canal',
      app_account: 'conta do app',
      bot: 'bot conhecido',
      moderator: 'moderador',
      blocklist: 'lista de bloqueio',
      cooldown: 'ganhou há pouco (intervalo de espera)',
      max_wins: 'limite de vitórias na sessão',
      inactive: 'não falou no chat recentemente',
      account_too_new: 'conta da Twitch muito nova',
      not_following: 'não segue o canal',
      follow_too_recent: 'segue o canal há pouco tempo',
      unchecked: 'a Twitch não conseguiu verificar a inscrição',
      not_present: 'não estava mais no chat na hora do sorteio',
    } satisfies Record<ExclusionReason, string> as Record<string, string>,
  },
};

/** The proof page's texts, as every language has them. */
export type ProofMessages = typeof proofPtBR;

/** The texts a proof page's script receives (plain strings, sent as page data). */
export type ProofClientText = ProofMessages['client'];

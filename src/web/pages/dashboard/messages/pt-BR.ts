import type { ConnectionState } from '../../../../contract/channels.ts';
import type { EntryRefusalReason } from '../../../../contract/entries.ts';
import type { LedgerState } from '../../../../contract/prizes.ts';
import type { ClaimState, DrawTrigger, EntryMode } from '../../../../contract/raffles.ts';
import type { StopReason } from '../../../../contract/sessions.ts';
import type { ChannelSettings } from '../../../../contract/settings.ts';
import type { DashboardErrorTexts } from './error-codes.ts';

// The dashboard's texts in Brazilian Portuguese, the default language (SPEC §1). This catalogue defines
// the keys: en.ts must have exactly the same ones, or the typecheck fails. Texts with `{name}` are filled
// in by the page's script.

export const dashboardPtBR = {
  title: 'Painel',
  welcome: {
    title: 'Sorteios justos no chat da Twitch',
    heading: 'Sorteios no chat da Twitch, justos e verificáveis',
    intro:
      'A KinoYu sorteia prêmios entre quem está no seu chat: um sorteio agora ou um a cada intervalo, com pesos para inscritos e VIPs. Cada resultado vem com uma prova que qualquer pessoa confere.',
    login: 'Entrar com a Twitch',
    loginHelp: 'Você autoriza a KinoYu no seu canal e volta direto para o painel.',
    sandbox:
      'Modo sandbox: este servidor não tem credenciais da Twitch, então usa uma Twitch simulada, com contas e espectadores de mentira. O login funciona do mesmo jeito — é só clicar em Autorizar.',
    standIn: 'A Twitch deste servidor é uma simulação local (TWITCH_MOCK_URL).',
    features: [
      'Prêmios com peso e quantidade — cole uma lista como <code>skin dourada:50, chave:5x2</code>.',
      'Sessão automática: um sorteio a cada intervalo, com contagem regressiva ao vivo.',
      'Chances mostradas antes de sortear, para cada prêmio e cada tipo de espectador.',
      'Overlay para o OBS e anúncios no Discord e no chat da Twitch.',
    ],
  },
  header: {
    logout: 'Sair',
    connection: 'Conexão com a Twitch',
    reconnect: 'Reconectar a Twitch',
    states: {
      connected: 'Conectado',
      not_connected: 'Não conectado',
      reconnect_needed: 'Precisa reconectar',
      disconnected: 'Desconectado',
    } satisfies Record<ConnectionState, string> as Record<string, string>,
    reconnectHelp: 'A Twitch recusou o acesso da KinoYu. Reconecte para voltar a sortear.',
  },
  overlay: {
    heading: 'Overlay do OBS',
    help: 'Adicione este endereço no OBS como "Navegador" (fonte de navegador). Quem tem o link vê os sorteios do seu canal: se ele vazar, gere outro.',
    label: 'Endereço do overlay',
    copy: 'Copiar',
    regenerate: 'Gerar novo endereço',
  },
  discord: {
    heading: 'Discord',
    none: 'Nenhum servidor do Discord ligado. No seu servidor, use <code>!conectar</code> para ligar.',
    server: 'Servidor',
    announcements: 'Canal de anúncios',
    language: 'Idioma',
  },
  prizes: {
    heading: 'Prêmios',
    help: 'O peso é a chance relativa: um prêmio de peso 50 sai cinco vezes mais que um de peso 10. A quantidade vazia significa ilimitado.',
    name: 'Nome',
    weight: 'Peso',
    quantity: 'Quantidade',
    chance: 'Chance',
    actions: 'Ações',
    add: 'Adicionar',
    pasteLabel: 'Colar uma lista',
    pasteHelp:
      'Formato do chat: <code>nome:peso</code> separados por vírgula; <code>x2</code> para 2 unidades, <code>x*</code> para ilimitado.',
    pastePlaceholder: 'skin dourada:50, skin prata:30x2, chave:5x*',
    pasteButton: 'Adicionar lista',
    clear: 'Remover todos',
  },
  odds: {
    heading: 'Chances do próximo sorteio',
    help: 'Para um sorteio de um vencedor entre quem está no chat agora. Intervalo de espera e limite de vitórias são aplicados na hora do sorteio.',
    refresh: 'Atualizar',
  },
  rules: {
    heading: 'Regras',
    save: 'Salvar regras',
    fields: {
      cooldownMinutes: {
        label: 'Intervalo de espera (minutos)',
        help: 'Quem ganhou há menos tempo que isso não participa. 0 desliga.',
      },
      maxWinsPerSession: {
        label: 'Vitórias por pessoa na sessão',
        help: 'Vazio = sem limite.',
      },
      excludeModerators: { label: 'Excluir moderadores', help: 'Moderadores não participam.' },
      activeChattersMinutes: {
        label: 'Só quem falou nos últimos (minutos)',
        help: 'Vazio = todos no chat participam.',
      },
      subscriberTier1Multiplier: {
        label: 'Peso de inscritos nível 1',
        help: 'Multiplica a chance (1 a 10).',
      },
      subscriberTier2Multiplier: {
        label: 'Peso de inscritos nível 2',
        help: 'Multiplica a chance (1 a 10).',
      },
      subscriberTier3Multiplier: {
        label: 'Peso de inscritos nível 3',
        help: 'Multiplica a chance (1 a 10).',
      },
      vipMultiplier: {
        label: 'Peso de VIPs',
        help: 'Multiplica a chance (1 a 10), junto com o de inscrito.',
      },
      sessionIntervalSeconds: {
        label: 'Intervalo padrão da sessão (segundos)',
        help: 'Tempo entre os sorteios automáticos.',
      },
      sessionChance: {
        label: 'Chance de sortear a cada intervalo',
        help: 'De 0 a 1: 1 sorteia sempre, 0,5 em metade das vezes (como o bot original).',
      },
      sessionMaxDraws: {
        label: 'Máximo de sorteios por sessão',
        help: 'A sessão para sozinha depois disso. Vazio = sem limite.',
      },
      stopWhenOffline: {
        label: 'Parar quando a live acabar',
        help: 'Encerra a sessão se o canal ficar offline.',
      },
      claimEnabled: {
        label: 'Exigir resgate no chat',
        help: 'O vencedor precisa digitar a palavra no chat a tempo, senão o prêmio é sorteado de novo.',
      },
      claimWord: { label: 'Palavra de resgate', help: 'O que o vencedor digita no chat.' },
      claimSeconds: { label: 'Tempo para resgatar (segundos)', help: 'De 5 a 3600.' },
      claimMaxRedraws: {
        label: 'Novos sorteios se ninguém resgatar',
        help: 'De 0 a 20. Depois disso o prêmio volta ao estoque.',
      },
      entryMode: {
        label: 'Quem participa',
        help: 'Todos no chat, ou só quem digitar a palavra de inscrição enquanto as inscrições estão abertas.',
      },
      entryKeyword: {
        label: 'Palavra de inscrição',
        help: 'O que o espectador digita no chat para entrar (padrão ao abrir as inscrições).',
      },
      entryRequiresPresence: {
        label: 'Inscrito precisa estar no chat na hora do sorteio',
        help: 'Quem se inscreveu e saiu do chat fica de fora (o motivo aparece na prova).',
      },
      minAccountAgeDays: {
        label: 'Idade mínima da conta na Twitch (dias)',
        help: 'Contas mais novas têm a inscrição recusada. 0 desliga.',
      },
      minFollowDays: {
        label: 'Seguindo o canal há pelo menos (dias)',
        help: 'Mais de 0 também exige seguir o canal. 0 desliga.',
      },
      publicRandomness: {
        label: 'Aleatoriedade pública (drand)',
        help: 'O sorteio também depende de uma rodada do drand sorteada depois de a lista ser congelada: nem quem roda o servidor consegue escolher o resultado. Cada sorteio espera a rodada (alguns segundos).',
      },
    } satisfies Record<keyof ChannelSettings, { label: string; help: string }> as Record<
      string,
      { label: string; help: string }
    >,
    choices: {
      chat: 'Todos no chat',
      keyword: 'Quem digitar a palavra de inscrição',
    } satisfies Record<EntryMode, string> as Record<string, string>,
  },
  session: {
    heading: 'Sessão automática',
    help: 'Um prêmio a cada intervalo, para uma pessoa do chat. Para sozinha quando os prêmios acabam.',
    interval: 'Intervalo (segundos)',
    chance: 'Chance por intervalo (0 a 1)',
    maxDraws: 'Máximo de sorteios (vazio = sem limite)',
    start: 'Iniciar sessão',
    stop: 'Parar sessão',
  },
  draw: {
    heading: 'Sorteio agora',
    winners: 'Vencedores',
    button: 'Sortear agora',
  },
  entries: {
    heading: 'Inscrições',
    help: 'Com as inscrições abertas, quem digitar a palavra no chat entra no sorteio (uma vez só). As regras contra contas novas valem na hora da inscrição.',
    modeNote:
      'Hoje todos no chat participam dos sorteios. Para sortear só entre os inscritos, escolha "Quem digitar a palavra de inscrição" em Regras → Quem participa.',
    keyword: 'Palavra (opcional)',
    open: 'Abrir inscrições',
    close: 'Fechar inscrições',
    entrants: 'Inscritos',
    refused: 'Recusados',
    pending: 'Aguardando a Twitch verificar',
    more: 'Carregar mais',
  },
  claims: {
    heading: 'Resgates',
    help: 'Com o resgate ligado nas regras, cada vencedor precisa digitar a palavra de resgate no chat antes do prazo. Aqui aparece quem ainda falta, com a primeira mensagem dele no chat depois do sorteio.',
  },
  codes: {
    heading: 'Códigos secretos',
    help: 'Chaves de jogo, vale-presentes: cada código é uma unidade do prêmio, e só o vencedor vê o seu, na página /resgatar (ou por mensagem no Discord, se vinculou a conta). Depois de salvos, os códigos não aparecem mais aqui.',
    prize: 'Prêmio',
    unused: 'Não usados',
    total: 'Total',
    label: 'Códigos, um por linha',
    placeholder: 'AAAA-BBBB-CCCC\nDDDD-EEEE-FFFF',
    save: 'Salvar códigos',
  },
  ledger: {
    heading: 'Prêmios dados',
    help: 'Cada unidade de prêmio sorteada: quem ganhou, se resgatou e se o código já foi entregue.',
    export: 'Exportar CSV',
    raffle: 'Sorteio',
    position: 'Posição',
    winner: 'Vencedor',
    prize: 'Prêmio',
    state: 'Situação',
    wonAt: 'Sorteado em',
    more: 'Carregar mais',
  },
  history: {
    heading: 'Histórico',
    more: 'Carregar mais',
  },
  client: {
    loading: 'Carregando…',
    saved: 'Salvo.',
    failed: 'Algo deu errado: {message}',
    unlimited: 'ilimitado',
    remove: 'Remover',
    removeNamed: 'Remover {name}',
    weightOf: 'Peso de {name}',
    quantityOf: 'Quantidade de {name}',
    noPrizes: 'Nenhum prêmio ainda. Adicione abaixo.',
    confirmClear: 'Remover todos os prêmios?',
    confirmRegenerate: 'O endereço atual do overlay vai parar de funcionar. Continuar?',
    copied: 'Copiado!',
    chattersNow: '{count} pessoas no chat podem ganhar (peso total {total}).',
    chattersEmpty: 'Ninguém elegível no chat agora.',
    chattersUnavailable: 'Não foi possível ler o chat: {message}',
    group: 'Quem',
    groupChance: 'Chance de ganhar',
    multiplier: 'Peso',
    groups: {
      viewer: 'Espectador comum',
      tier1: 'Inscrito nível 1',
      tier2: 'Inscrito nível 2',
      tier3: 'Inscrito nível 3',
      vip: 'VIP',
    },
    prizeOdds: 'Prêmio do próximo sorteio',
    sessionActive: 'Em andamento: {draws} sorteio(s) feitos.',
    sessionInactive: 'Nenhuma sessão em andamento.',
    sessionStopped: 'Última sessão parou: {reason}.',
    stopReasons: {
      stopped_by_user: 'parada por você',
      no_prizes_left: 'os prêmios acabaram',
      max_draws_reached: 'chegou ao máximo de sorteios',
      stream_offline: 'a live acabou',
      channel_not_connected: 'o canal não está conectado',
      twitch_reconnect_needed: 'a Twitch precisa ser reconectada',
    } satisfies Record<StopReason, string> as Record<string, string>,
    nextDraw: 'Próximo sorteio em {time}',
    nextDrawNow: 'Sorteando…',
    drawResult: 'Resultado do sorteio #{id}',
    noWinners: 'Ninguém foi sorteado.',
    noPrize: 'sem prêmio',
    proof: 'prova',
    reroll: 'Sortear de novo',
    rerollPosition: 'Sortear de novo a posição {position} ({login})',
    historyEmpty: 'Nenhum sorteio ainda.',
    raffleLine: '#{id} · {time}',
    triggers: {
      command: 'sorteio',
      session: 'sessão',
      reroll: 'novo sorteio',
      unclaimed: 'novo sorteio (não resgatado)',
      dashboard: 'sorteio pelo painel',
    } satisfies Record<DrawTrigger, string> as Record<string, string>,
    entriesNone: 'Nenhuma inscrição aberta ainda.',
    entriesOpen: 'Abertas desde {time}: quem digitar {keyword} no chat entra.',
    entriesClosed: 'Fechadas às {time} (palavra {keyword}).',
    entriesCounts: '{count} inscritos · {refused} recusados · {pending} aguardando verificação',
    entriesEmpty: 'Ninguém.',
    entriesKeywordDefault: 'padrão: {keyword}',
    refusalReasons: {
      broadcaster: 'dono do canal',
      app_account: 'conta do app',
      bot: 'bot conhecido',
      blocklist: 'está na lista de bloqueio',
      account_too_new: 'conta da Twitch nova demais',
      not_following: 'não segue o canal',
      follow_too_recent: 'segue o canal há pouco tempo',
    } satisfies Record<EntryRefusalReason, string> as Record<string, string>,
    claimsEmpty: 'Nenhum resgate nos sorteios recentes.',
    claimAwaiting: 'aguardando resgate: {time}',
    claimDeadlinePassed: 'o prazo acabou: sorteando de novo…',
    claimClaimed: '✓ resgatou às {time}',
    claimForfeited: 'não resgatado: o prêmio voltou ao estoque',
    claimFirstMessage: 'Primeira mensagem no chat: “{message}” às {time}',
    claimNoMessage: 'Ainda não falou no chat desde o sorteio.',
    claimReplaced: 'no lugar de {logins}, que não resgatou',
    claimSlot: '#{id} · posição {position}',
    claimBadges: {
      awaiting_claim: 'aguardando resgate',
      claimed: '✓ resgatado',
      forfeited: 'não resgatado',
    } satisfies Record<ClaimState, string> as Record<string, string>,
    codesCount: '{count} código(s) na lista',
    codesNone: 'Nenhum prêmio ainda. Adicione um prêmio para receber códigos.',
    codesNoCodes: '—',
    codesEmpty: 'Cole pelo menos um código.',
    codesTooMany: 'No máximo {max} códigos de cada vez: esta lista tem {count}.',
    codesSaved: '{added} código(s) salvo(s). {unused} não usado(s) em {prize}.',
    codesQuantityNote: 'A quantidade deste prêmio é o número de códigos não usados.',
    ledgerEmpty: 'Nenhum prêmio dado ainda.',
    ledgerHasCode: 'com código',
    ledgerStates: {
      awaiting_claim: 'aguardando resgate',
      claimed: 'resgatado',
      delivered: 'entregue',
      forfeited: 'não resgatado',
    } satisfies Record<LedgerState, string> as Record<string, string>,
    ledgerStateAt: '{state} · {time}',
    liveClaimed: '{winner} resgatou o prêmio!',
    liveClaimRestarted: 'O tempo de {winner} para resgatar recomeçou (o servidor ficou fora do ar).',
    liveUnclaimed: '{replaced} não resgatou: novo sorteio, {winner} ganhou',
    liveForfeited: '{winner} não resgatou: o prêmio voltou ao estoque',
    liveEntriesOpened: 'Inscrições abertas: {keyword}',
    liveEntriesClosed: 'Inscrições fechadas: {count} inscritos',
    liveDraw: 'Novo sorteio: {winner} ganhou {prize}',
    liveDrawNoPrize: 'Novo sorteio: {winner} ganhou',
    live: 'Ao vivo',
    offline: 'Reconectando…',
    errors: {
      csrf_invalid: 'Sua sessão do painel mudou. Recarregue a página.',
      unauthorized: 'Você saiu do painel. Entre de novo.',
      no_prizes_left: 'Não há prêmios em estoque.',
      no_eligible_entrants: 'Ninguém elegível no chat agora.',
      session_already_active: 'Já existe uma sessão em andamento.',
      no_active_session: 'Não há sessão em andamento.',
      channel_not_connected: 'O canal não está conectado à Twitch.',
      twitch_reconnect_needed: 'Reconecte a Twitch para continuar.',
      twitch_unavailable: 'A Twitch não respondeu. Tente de novo.',
      beacon_unavailable:
        'Nenhum servidor do drand respondeu: nada foi sorteado. Tente de novo daqui a pouco.',
      prize_exists: 'Já existe um prêmio com esse nome.',
      entries_already_open: 'As inscrições já estão abertas.',
      entries_not_open: 'As inscrições não estão abertas.',
      no_entry_window: 'Modo palavra-chave: abra as inscrições primeiro.',
      reconnect_for_follow_rules: 'Reconecte a Twitch para ativar as regras de tempo de follow.',
      slot_forfeited: 'Esse prêmio não foi resgatado e voltou ao estoque.',
      duplicate_codes:
        'Algum código se repete na lista ou já estava salvo para este prêmio. Nenhum código foi adicionado.',
      prize_has_codes:
        'Este prêmio tem códigos secretos: a quantidade é o número de códigos ainda não usados. Adicione códigos para aumentá-la.',
      prize_delivered: 'O código deste prêmio já foi entregue ao vencedor: não dá mais para mudá-lo.',
    } satisfies DashboardErrorTexts as Record<string, string>,
  },
};

/** The dashboard's texts, as every language has them. */
export type DashboardMessages = typeof dashboardPtBR;
/** The texts the dashboard script receives (plain strings, sent as page data). */
export type DashboardClientText = DashboardMessages['client'];

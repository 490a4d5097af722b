import type { LedgerState } from '../../../../contract/prizes.ts';

// The claim page's texts (`/resgatar`, SPEC §2.8) in Brazilian Portuguese, the default language (SPEC
// §1). This catalogue defines the keys: en.ts must have exactly the same ones, or the typecheck fails.
// Texts with `{name}` are filled in by the page's script; functions are used on the server only.

export const claimPtBR = {
  title: 'Resgatar prêmios',
  signedOut: {
    heading: 'Resgate os seus prêmios',
    intro:
      'Ganhou um sorteio numa live da Twitch? Entre com a sua conta da Twitch para ver os prêmios que você ganhou e pegar os códigos.',
    login: 'Entrar com a Twitch',
    help: 'A KinoYu só fica sabendo quem você é: não pede nenhuma permissão na sua conta.',
  },
  hello: (name: string) => `Olá, ${name}`,
  signedInAs: (login: string) => `Conectado(a) como ${login} na Twitch.`,
  logout: 'Sair',
  prizesHeading: 'Seus prêmios',
  client: {
    loading: 'Carregando os seus prêmios…',
    loadFailed: 'Não foi possível carregar os seus prêmios. Recarregue a página.',
    signedOut: 'Sua sessão da Twitch acabou. Recarregue a página e entre de novo.',
    emptyHeading: 'Nenhum prêmio por aqui ainda',
    emptyBody:
      'Quando você ganhar um sorteio de um canal que usa a KinoYu, o prêmio aparece nesta página — com o código, se ele tiver um.',
    wonIn: '{channel} · {time}',
    badges: {
      awaiting_claim: 'Falta resgatar',
      claimed: 'Pronto',
      delivered: 'Entregue',
      forfeited: 'Perdido',
    } satisfies Record<LedgerState, string> as Record<string, string>,
    awaiting: 'Digite {word} no chat de {channel} até {time} para resgatar.',
    awaitingLeft: 'Falta {left}.',
    awaitingOver: 'O prazo acabou.',
    awaitingPlain: 'Aguardando o resgate no chat de {channel}.',
    codeAfterClaim: 'O código aparece aqui assim que você resgatar.',
    claimedWithCode: 'Resgatado! O seu código está pronto.',
    claimedNoCode: 'Resgatado! {channel} vai entregar este prêmio.',
    deliveredWithCode: 'Entregue. Você pode ver o código de novo quando quiser.',
    deliveredNoCode: 'Entregue.',
    forfeited: 'Não foi resgatado a tempo: o prêmio voltou para o canal.',
    reveal: 'Mostrar código',
    codeLabel: 'Seu código',
    copy: 'Copiar',
    copied: 'Copiado!',
    copyFallback: 'O código está selecionado: copie com Ctrl+C (ou toque e segure).',
    proof: 'Ver a prova do sorteio',
    failed: 'Algo deu errado: {message}',
    errors: {
      not_deliverable: 'Este código ainda não pode ser mostrado. Recarregue a página.',
      raffle_not_found: 'Este prêmio não é seu.',
      viewer_not_logged_in: 'Sua sessão da Twitch acabou. Recarregue a página e entre de novo.',
      csrf_invalid: 'Sua sessão mudou. Recarregue a página.',
      rate_limited: 'Muitas tentativas seguidas. Espere um pouco e tente de novo.',
    } as Record<string, string>,
  },
};

/** The claim page's texts, as every language has them. */
export type ClaimMessages = typeof claimPtBR;

/** The texts the claim page's script receives (plain strings, sent as page data). */
export type ClaimClientText = ClaimMessages['client'];

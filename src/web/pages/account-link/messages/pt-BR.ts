// The account-link page's texts (`/vincular`, SPEC §2.8) in Brazilian Portuguese, the default language
// (SPEC §1). This catalogue defines the keys: en.ts must have exactly the same ones, or the typecheck
// fails. Texts with `{name}` are filled in by the page's script; functions are used on the server only.

export const accountLinkPtBR = {
  title: 'Vincular Discord e Twitch',
  invalid: {
    title: 'Link inválido',
    heading: 'Este link não vale mais',
    body: 'O link de vinculação está errado, já foi usado ou expirou (ele vale 15 minutos). Nada foi mudado. Peça outro no Discord com !vincular.',
  },
  heading: 'Vincular sua conta do Discord',
  /** The Discord account named by the link: its username when the bot sent one, and its id. */
  discordAccount: 'Conta do Discord',
  unnamedDiscord: 'sem nome',
  twitchAccount: 'Conta da Twitch',
  signedOutIntro:
    'Você vai vincular a conta do Discord abaixo à sua conta da Twitch. Assim, quando ganhar um sorteio, você é mencionado(a) no anúncio e recebe o código por mensagem no Discord.',
  signedOutLogin: 'Entrar com a Twitch',
  warning:
    'Só continue se foi você quem pediu este link no Discord. Nunca use um link que outra pessoa mandou.',
  expires: (time: string) => `O link vale até ${time}.`,
  confirmQuestion: (discord: string, twitch: string) => `Vincular o Discord ${discord} à Twitch ${twitch}?`,
  confirm: 'Vincular',
  otherTwitch: 'Usar outra conta da Twitch',
  client: {
    linking: 'Vinculando…',
    done: 'Pronto! O Discord {discord} está vinculado à Twitch {twitch}. Quando você ganhar, o código chega por mensagem no Discord — e fica sempre na página de resgate.',
    claimPageLink: 'Ver os meus prêmios',
    failed: 'Algo deu errado: {message}',
    errors: {
      malformed: 'Este link está errado. Peça outro no Discord com !vincular.',
      bad_signature: 'Este link está errado. Peça outro no Discord com !vincular.',
      wrong_purpose: 'Este link não é de vinculação. Peça outro no Discord com !vincular.',
      expired:
        'Este link expirou (ele vale 15 minutos). Nada foi mudado. Peça outro no Discord com !vincular.',
      replayed: 'Este link já foi usado. Nada foi mudado. Peça outro no Discord com !vincular.',
      viewer_not_logged_in: 'Sua sessão da Twitch acabou. Recarregue a página e entre de novo.',
      csrf_invalid: 'Sua sessão mudou. Recarregue a página.',
      rate_limited: 'Muitas tentativas seguidas. Espere um pouco e tente de novo.',
    } as Record<string, string>,
  },
};

/** The account-link page's texts, as every language has them. */
export type AccountLinkMessages = typeof accountLinkPtBR;

/** The texts the account-link page's script receives (plain strings, sent as page data). */
export type AccountLinkClientText = AccountLinkMessages['client'];

import type { ViewerLoginResult } from '../../../twitch/viewer-login.ts';

// The texts every page shares, in Brazilian Portuguese, the default language (SPEC §1): the layout's and
// the not-found page's. This catalogue defines the keys: en.ts must have exactly the same ones, or the
// typecheck fails. Each page keeps its own texts in its folder (pages/<page>/messages/).

export const sitePtBR = {
  common: {
    siteName: 'KinoYu',
    languageSwitch: 'Idioma',
    languageNames: { 'pt-BR': 'Português', en: 'English' },
  },
  notFound: {
    title: 'Página não encontrada',
    heading: 'Não achamos esta página',
    body: 'O endereço pode estar errado ou o item não existe mais.',
    raffleHeading: 'Sorteio não encontrado',
    raffleBody: (raffleId: string) => `Não existe sorteio com o número ${raffleId}. Confira o link.`,
  },
  /** Why a viewer's "Entrar com a Twitch" did not sign them in (`?signin=` on the page it came back to). */
  viewerSignIn: {
    denied: 'Você cancelou a entrada com a Twitch. Quando quiser, é só tentar de novo.',
    invalid_state: 'A entrada com a Twitch demorou demais ou foi aberta duas vezes. Tente de novo.',
    exchange_failed: 'A Twitch não confirmou quem você é. Tente de novo daqui a pouco.',
  } satisfies Record<Exclude<ViewerLoginResult['outcome'], 'signed_in'>, string> as Record<string, string>,
};

/** The shape every language's shared texts have: the keys of the pt-BR ones. */
export type SiteMessages = typeof sitePtBR;

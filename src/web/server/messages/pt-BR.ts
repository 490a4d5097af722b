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
};

/** The shape every language's shared texts have: the keys of the pt-BR ones. */
export type SiteMessages = typeof sitePtBR;

// The web pages' texts in Brazilian Portuguese, the default language (SPEC §1). This catalogue defines
// the keys: en.ts must have exactly the same ones, or the typecheck fails.

export const ptBR = {
  common: {
    siteName: 'KinoYu',
    languageSwitch: 'Idioma',
    languageNames: { 'pt-BR': 'Português', en: 'English' },
  },
  notFound: {
    title: 'Página não encontrada',
    heading: 'Não achamos esta página',
    body: 'O endereço pode estar errado ou o item não existe mais.',
  },
};

/** The shape every catalogue has: the keys of the pt-BR one. */
export type Messages = typeof ptBR;

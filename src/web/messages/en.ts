import type { Messages } from './pt-BR.ts';

// The web pages' texts in English. Typed as the pt-BR catalogue, so a missing or extra key fails the typecheck.

export const en: Messages = {
  common: {
    siteName: 'KinoYu',
    languageSwitch: 'Language',
    languageNames: { 'pt-BR': 'Português', en: 'English' },
  },
  notFound: {
    title: 'Page not found',
    heading: 'We could not find this page',
    body: 'The address may be wrong, or the thing it named no longer exists.',
  },
};

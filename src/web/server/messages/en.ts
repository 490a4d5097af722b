import type { SiteMessages } from './pt-BR.ts';

// The texts every page shares, in English. Typed as the pt-BR ones, so a missing or extra key fails the typecheck.

export const siteEn: SiteMessages = {
  common: {
    siteName: 'KinoYu',
    languageSwitch: 'Language',
    languageNames: { 'pt-BR': 'Português', en: 'English' },
  },
  notFound: {
    title: 'Page not found',
    heading: 'We could not find this page',
    body: 'The address may be wrong, or the thing it named no longer exists.',
    raffleHeading: 'Raffle not found',
    raffleBody: (raffleId: string) => `There is no raffle number ${raffleId}. Please check the link.`,
  },
  viewerSignIn: {
    denied: 'You cancelled the Twitch sign-in. Try again whenever you like.',
    invalid_state: 'The Twitch sign-in took too long or was opened twice. Please try again.',
    exchange_failed: 'Twitch did not confirm who you are. Please try again in a moment.',
  },
};

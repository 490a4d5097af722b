import type { ConnectMessages } from './pt-BR.ts';

// The connect pages' texts in English; typed like the pt-BR ones, so a missing outcome fails the typecheck.

export const connectEn: ConnectMessages = {
  connected: {
    title: 'Twitch connected',
    heading: 'All set!',
    body: ({ channel, linkedToDiscord }) =>
      `The channel <strong>${channel}</strong> is connected to KinoYu${
        linkedToDiscord ? ' and linked to your Discord server' : ''
      }. You can close this tab.`,
  },
  denied: {
    title: 'Connection cancelled',
    heading: 'Connection cancelled',
    body: () => 'You did not authorize KinoYu on Twitch, so nothing changed. Try again whenever you like.',
  },
  invalid_link: {
    title: 'Invalid link',
    heading: 'This link is no longer valid',
    body: () =>
      'It expired, was already used, or is not from KinoYu. Nothing changed: ask for a new one with <code>!conectar</code> in Discord or log in from the dashboard.',
  },
  exchange_failed: {
    title: 'Connection failed',
    heading: 'Twitch did not confirm the connection',
    body: () => 'Nothing changed. Please try again in a moment.',
  },
};

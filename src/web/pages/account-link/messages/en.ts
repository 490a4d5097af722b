import type { AccountLinkMessages } from './pt-BR.ts';

// The account-link page's texts in English. Typed as the pt-BR ones, so a missing or extra key fails
// the typecheck.

export const accountLinkEn: AccountLinkMessages = {
  title: 'Link Discord and Twitch',
  invalid: {
    title: 'Invalid link',
    heading: 'This link no longer works',
    body: 'The link is wrong, was already used or has expired (it lasts 15 minutes). Nothing was changed. Ask for a new one in Discord with !vincular.',
  },
  heading: 'Link your Discord account',
  discordAccount: 'Discord account',
  unnamedDiscord: 'no name',
  twitchAccount: 'Twitch account',
  signedOutIntro:
    'You are about to link the Discord account below to your Twitch account. Then, when you win a raffle, you are mentioned in the announcement and get the code by Discord DM.',
  signedOutLogin: 'Sign in with Twitch',
  warning:
    'Only go on if you asked for this link in Discord yourself. Never use a link someone else sent you.',
  expires: (time: string) => `The link works until ${time}.`,
  confirmQuestion: (discord: string, twitch: string) => `Link Discord ${discord} to Twitch ${twitch}?`,
  confirm: 'Link them',
  otherTwitch: 'Use another Twitch account',
  client: {
    linking: 'Linking…',
    done: 'Done! Discord {discord} is linked to Twitch {twitch}. When you win, the code comes by Discord DM — and it is always on the claim page.',
    claimPageLink: 'See my prizes',
    failed: 'Something went wrong: {message}',
    errors: {
      malformed: 'This link is wrong. Ask for a new one in Discord with !vincular.',
      bad_signature: 'This link is wrong. Ask for a new one in Discord with !vincular.',
      wrong_purpose: 'This is not an account link. Ask for a new one in Discord with !vincular.',
      expired:
        'This link has expired (it lasts 15 minutes). Nothing was changed. Ask for a new one in Discord with !vincular.',
      replayed:
        'This link was already used. Nothing was changed. Ask for a new one in Discord with !vincular.',
      viewer_not_logged_in: 'Your Twitch session ended. Reload the page and sign in again.',
      csrf_invalid: 'Your session changed. Please reload the page.',
      rate_limited: 'Too many tries in a row. Wait a moment and try again.',
    },
  },
};

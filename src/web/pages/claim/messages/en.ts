import type { LedgerState } from '../../../../contract/prizes.ts';
import type { ClaimMessages } from './pt-BR.ts';

// The claim page's texts in English. Typed as the pt-BR ones, so a missing or extra key fails the typecheck.

export const claimEn: ClaimMessages = {
  title: 'Collect your prizes',
  signedOut: {
    heading: 'Collect your prizes',
    intro:
      'Won a raffle on a Twitch stream? Sign in with your Twitch account to see the prizes you won and get their codes.',
    login: 'Sign in with Twitch',
    help: 'KinoYu only learns who you are: it asks for no permission on your account.',
  },
  hello: (name: string) => `Hi, ${name}`,
  signedInAs: (login: string) => `Signed in as ${login} on Twitch.`,
  logout: 'Sign out',
  prizesHeading: 'Your prizes',
  client: {
    loading: 'Loading your prizes…',
    loadFailed: 'Your prizes could not be loaded. Please reload the page.',
    signedOut: 'Your Twitch session ended. Reload the page and sign in again.',
    emptyHeading: 'No prizes here yet',
    emptyBody:
      'When you win a raffle of a channel that uses KinoYu, the prize shows up on this page — with its code, if it has one.',
    wonIn: '{channel} · {time}',
    badges: {
      awaiting_claim: 'Claim it',
      claimed: 'Ready',
      delivered: 'Delivered',
      forfeited: 'Lost',
    } satisfies Record<LedgerState, string>,
    awaiting: "Type {word} in {channel}'s chat by {time} to claim it.",
    awaitingLeft: '{left} left.',
    awaitingOver: 'The time is up.',
    awaitingPlain: "Waiting for your claim in {channel}'s chat.",
    codeAfterClaim: 'The code shows up here as soon as you claim it.',
    claimedWithCode: 'Claimed! Your code is ready.',
    claimedNoCode: 'Claimed! {channel} will hand this prize over.',
    deliveredWithCode: 'Delivered. You can see the code again whenever you like.',
    deliveredNoCode: 'Delivered.',
    forfeited: 'It was not claimed in time: the prize went back to the channel.',
    reveal: 'Show code',
    codeLabel: 'Your code',
    copy: 'Copy',
    copied: 'Copied!',
    copyFallback: 'The code is selected: copy it with Ctrl+C (or touch and hold).',
    proof: 'See the proof of the draw',
    failed: 'Something went wrong: {message}',
    errors: {
      not_deliverable: 'This code cannot be shown yet. Please reload the page.',
      raffle_not_found: 'This prize is not yours.',
      viewer_not_logged_in: 'Your Twitch session ended. Reload the page and sign in again.',
      csrf_invalid: 'Your session changed. Please reload the page.',
      rate_limited: 'Too many tries in a row. Wait a moment and try again.',
    },
  },
};

import type { Language } from '../../server/language.ts';
import type { AccountLinkClientText } from './messages/index.ts';

/** What the account-link page hands its script (as JSON in the page). */
export interface AccountLinkPageData {
  readonly language: Language;
  /** The signed link from the address, sent back with the confirmation. */
  readonly link: string;
  /** Sent as X-CSRF-Token with the confirmation and the sign-out. */
  readonly csrfToken: string;
  /** The claim page's address, named in the success message. */
  readonly claimPageUrl: string;
  readonly text: AccountLinkClientText;
}

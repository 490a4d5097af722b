import type { Language } from '../../server/language.ts';
import type { ClaimClientText } from './messages/index.ts';

/** What the claim page hands its script (as JSON in the page): the session's CSRF token and the texts. */
export interface ClaimPageData {
  readonly language: Language;
  /** Sent as X-CSRF-Token with the reveal and the sign-out. */
  readonly csrfToken: string;
  readonly text: ClaimClientText;
}

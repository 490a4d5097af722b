import { ApiError } from '../../../browser/api-error.ts';
import { fill } from '../../../browser/dom.ts';
import type { ClaimPageData } from '../claim-page-data.ts';

/** A refusal in the viewer's words: the catalogue's text for its code, else the API's message. */
export function describeError(text: ClaimPageData['text'], error: unknown): string {
  if (error instanceof ApiError)
    return text.errors[error.code] ?? fill(text.failed, { message: error.message });
  return fill(text.failed, { message: error instanceof Error ? error.message : String(error) });
}

// The account-link page's script (`/vincular`, SPEC §2.8): the confirmation spends the link and links
// the Discord account to the Twitch viewer signed in; "another Twitch account" signs out first.
import type { z } from 'zod';
import type { accountLinkedSchema } from '../../../../contract/prizes.ts';
import { ApiError } from '../../../browser/api-error.ts';
import { byId, element, fill } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import { viewerApi } from '../../../browser/viewer-api.ts';
import type { AccountLinkPageData } from '../account-link-page-data.ts';

/** What the confirmation answers. */
type AccountLinked = z.infer<typeof accountLinkedSchema>;

const data = readPageData<AccountLinkPageData>();
const api = viewerApi(data.csrfToken);
const result = byId('link-result');
const confirm = byId<HTMLButtonElement>('link-confirm');
const other = byId<HTMLButtonElement>('link-other-twitch');

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return data.text.errors[error.code] ?? fill(data.text.failed, { message: error.message });
  }
  return fill(data.text.failed, { message: error instanceof Error ? error.message : String(error) });
}

confirm.addEventListener('click', async () => {
  confirm.disabled = true;
  other.disabled = true;
  result.className = '';
  result.textContent = data.text.linking;
  try {
    const linked = await api.post<AccountLinked>('/api/v1/viewer/account-link', { link: data.link });
    byId('link-question').hidden = true;
    result.className = 'ok';
    result.dataset.outcome = 'linked';
    result.replaceChildren(
      element(
        'span',
        {},
        fill(data.text.done, {
          discord: linked.discordUsername ?? linked.discordUserId,
          twitch: linked.twitchLogin,
        }),
      ),
      ' ',
      element('a', { href: data.claimPageUrl }, data.text.claimPageLink),
    );
  } catch (error) {
    // A used or expired link stays refused: the question goes, the reason stays.
    const final = error instanceof ApiError && error.status === 400;
    byId('link-question').hidden = final;
    result.className = 'error';
    result.dataset.outcome = final ? 'refused' : 'failed';
    result.textContent = describeError(error);
    confirm.disabled = final;
    other.disabled = false;
  }
});

other.addEventListener('click', async () => {
  other.disabled = true;
  await api.post('/auth/twitch/viewer/logout').catch((error: unknown) => console.warn(error));
  window.location.reload();
});

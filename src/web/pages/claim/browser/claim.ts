// The claim page's script (`/resgatar`, SPEC §2.8): lists the signed-in viewer's prizes, reveals and
// copies their codes, counts down running claim windows, and signs out.
import type { ViewerPrizes } from '../../../../contract/prizes.ts';
import { ApiError } from '../../../browser/api-error.ts';
import { byId } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import { viewerApi } from '../../../browser/viewer-api.ts';
import type { ClaimPageData } from '../claim-page-data.ts';
import { prizeCard, showTimeLeft } from './prize-card.ts';

const data = readPageData<ClaimPageData>();
const api = viewerApi(data.csrfToken);
const status = byId('prizes-status');
const list = byId('prize-list');

/** Whether a claim window runs: the list is then read again every few seconds, to show the claim. */
let waiting = false;

async function loadPrizes(): Promise<void> {
  try {
    const { prizes } = await api.get<ViewerPrizes>('/api/v1/viewer/prizes');
    waiting = prizes.some((prize) => prize.state === 'awaiting_claim');
    list.replaceChildren(...prizes.map((prize) => prizeCard(prize, api, data)));
    byId('prizes-empty').hidden = prizes.length > 0;
    status.textContent = '';
    status.hidden = true;
  } catch (error) {
    console.warn('the prizes could not be loaded', error);
    status.hidden = false;
    status.classList.add('error');
    const signedOut = error instanceof ApiError && error.code === 'viewer_not_logged_in';
    status.textContent = signedOut ? data.text.signedOut : data.text.loadFailed;
  }
}

/** Counts running claim windows down; when one ends, the list is read again (claimed, or redrawn). */
function tickCountdowns(): void {
  let ended = false;
  for (const node of list.querySelectorAll<HTMLElement>('.countdown[data-deadline]')) {
    if (!showTimeLeft(node, data)) {
      node.removeAttribute('data-deadline');
      ended = true;
    }
  }
  if (ended) window.setTimeout(() => void loadPrizes(), 2000);
}

const logout = byId<HTMLButtonElement>('logout');
logout.addEventListener('click', async () => {
  logout.disabled = true;
  await api.post('/auth/twitch/viewer/logout').catch((error: unknown) => console.warn(error));
  window.location.assign(window.location.pathname + window.location.search);
});

await loadPrizes();
window.setInterval(tickCountdowns, 1000);
window.setInterval(() => {
  if (waiting) void loadPrizes();
}, 5000);

// A coded prize's code: "Mostrar código" asks the API for it (the first reveal records the delivery),
// then shows it in a monospace box with "Copiar".

import type { z } from 'zod';
import type { revealedCodeSchema } from '../../../../contract/prizes.ts';
import { element } from '../../../browser/dom.ts';
import type { ViewerApi } from '../../../browser/viewer-api.ts';
import type { ClaimPageData } from '../claim-page-data.ts';
import { describeError } from './claim-errors.ts';

/** What the reveal answers. */
export type RevealedCode = z.infer<typeof revealedCodeSchema>;

// The codes this page revealed, by slot: the list is read again while claim windows run, and a code
// already on screen stays there. Only in this tab's memory, never stored.
const revealedCodes = new Map<string, string>();

/** Selects the code's text, for a browser that refuses the clipboard: the viewer copies it by hand. */
function selectText(node: Node): void {
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.selectNodeContents(node);
  selection.removeAllRanges();
  selection.addRange(range);
}

function shownCode(code: string, data: ClaimPageData): HTMLElement {
  const text = data.text;
  const value = element('code', { class: 'code-value', 'data-testid': 'prize-code' }, code);
  const status = element('p', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = element('button', { type: 'button', class: 'copy' }, text.copy);
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      copy.textContent = text.copied;
      copy.dataset.copied = 'true';
      status.textContent = text.copied;
      window.setTimeout(() => {
        copy.textContent = text.copy;
        delete copy.dataset.copied;
      }, 4000);
    } catch {
      // No clipboard here (plain http, a permission refused, an old browser): select it for a manual copy.
      selectText(value);
      status.textContent = text.copyFallback;
    }
  });
  return element(
    'div',
    { class: 'code-shown' },
    element('p', { class: 'code-label' }, text.codeLabel),
    element('div', { class: 'code-row' }, value, copy),
    status,
  );
}

/**
 * The code part of a prize card: the reveal button, then the code. `onRevealed` hears the delivery
 * time, as the first reveal makes the prize `delivered`.
 */
export function codeBox(
  path: string,
  api: ViewerApi,
  data: ClaimPageData,
  onRevealed: (revealed: RevealedCode) => void,
): HTMLElement {
  const box = element('div', { class: 'code-box' });
  const known = revealedCodes.get(path);
  if (known !== undefined) {
    box.append(shownCode(known, data));
    return box;
  }
  const reveal = element('button', { type: 'button', class: 'reveal' }, data.text.reveal);
  const error = element('p', { class: 'error', role: 'alert' });
  reveal.addEventListener('click', async () => {
    reveal.disabled = true;
    error.textContent = '';
    try {
      const revealed = await api.post<RevealedCode>(path, {});
      revealedCodes.set(path, revealed.code);
      box.replaceChildren(shownCode(revealed.code, data));
      onRevealed(revealed);
    } catch (failure) {
      error.textContent = describeError(data.text, failure);
      reveal.disabled = false;
    }
  });
  box.append(reveal, error);
  return box;
}

// The proof page's script: loads the proof JSON, shows its lists, and checks it on demand in the browser.
import type { Proof } from '../../../../raffles/proof.ts';
import { byId, element } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import type { ProofPageData } from '../proof-page-data.ts';
import { renderBeacon } from './beacon-section.ts';
import { checkProof } from './proof-check.ts';
import { renderProofLists } from './proof-lists.ts';

const data = readPageData<ProofPageData>();
const button = byId<HTMLButtonElement>('verify-button');
const output = byId('verify-result');

async function loadProof(): Promise<unknown> {
  const response = await fetch(data.proofUrl, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${data.proofUrl} answered ${response.status}`);
  return response.json();
}

loadProof().then(
  (proof) => {
    // The lists show what the proof says; the check below is what tells whether it adds up.
    try {
      renderProofLists(proof as Proof, data);
    } catch (error) {
      console.warn('the proof lists could not be shown', error);
    }
    renderBeacon(proof, data).catch((error: unknown) => {
      console.warn('the beacon round could not be shown', error);
    });
    button.disabled = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await checkProof(proof, data, output);
      } finally {
        button.disabled = false;
      }
    });
  },
  (error: unknown) => {
    console.warn(error);
    byId('entrant-list').replaceChildren(element('p', { class: 'error' }, data.text.loadFailed));
    output.replaceChildren(element('p', { class: 'error' }, data.text.loadFailed));
  },
);

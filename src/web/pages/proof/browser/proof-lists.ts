import type { Proof, ProofEntrant } from '../../../../raffles/proof.ts';
import { byId, element, fill } from '../../../browser/dom.ts';
import type { ProofHeadings as Headings, ProofPageData } from '../proof-page-data.ts';
import { slotStories } from './slot-story.ts';

// A proof can list 100,000 entrants: the page shows a page of rows at a time and finds a login on demand,
// instead of putting 100,000 rows in the document.
const PAGE_SIZE = 100;

function table(
  headers: string[],
  rows: HTMLTableRowElement[],
  numeric: ReadonlySet<number>,
): HTMLTableElement {
  const head = element(
    'tr',
    {},
    ...headers.map((header, index) => element('th', numeric.has(index) ? { class: 'number' } : {}, header)),
  );
  return element('table', {}, element('thead', {}, head), element('tbody', {}, ...rows));
}

function row(cells: (string | number)[], numeric: ReadonlySet<number>): HTMLTableRowElement {
  return element(
    'tr',
    {},
    ...cells.map((cell, index) => element('td', numeric.has(index) ? { class: 'number' } : {}, cell)),
  );
}

function renderPrizes(proof: Proof, data: ProofPageData, headings: Headings): void {
  const section = byId('prizes');
  if (proof.items.length === 0) return;
  const total = proof.items.reduce((sum, item) => sum + item.weight, 0);
  const percent = new Intl.NumberFormat(data.language, { style: 'percent', maximumFractionDigits: 2 });
  const rows = proof.items.map((item) =>
    row(
      [item.name, item.weight, item.quantity ?? data.text.unlimited, percent.format(item.weight / total)],
      new Set([1, 2, 3]),
    ),
  );
  section
    .querySelector('.list')
    ?.replaceChildren(
      table([headings.prize, headings.weight, headings.quantity, headings.chance], rows, new Set([1, 2, 3])),
    );
  section.hidden = false;
}

function renderExcluded(proof: Proof, data: ProofPageData, headings: Headings): void {
  const list = byId('excluded').querySelector('.list');
  if (proof.excluded.length === 0) {
    list?.replaceChildren(element('p', { class: 'muted' }, data.text.none));
    return;
  }
  const rows = proof.excluded.map((viewer) =>
    row([viewer.login, viewer.userId, data.text.excludedReasons[viewer.reason] ?? viewer.reason], new Set()),
  );
  list?.replaceChildren(table([headings.login, headings.userId, headings.reason], rows, new Set()));
}

function renderSlotStories(proof: Proof, data: ProofPageData): void {
  const time = new Intl.DateTimeFormat(data.language, { timeStyle: 'medium' });
  const stories = slotStories(proof, data.text, (iso) => time.format(new Date(iso)));
  if (stories.length === 0) return;
  const items = stories.map((story) => {
    const steps: (string | HTMLElement)[] = [];
    for (const [index, step] of story.steps.entries()) {
      if (index > 0) steps.push(element('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '));
      steps.push(element('span', { class: 'step' }, step));
    }
    return element(
      'li',
      { 'data-position': String(story.position) },
      element('strong', {}, story.title),
      ' ',
      ...steps,
    );
  });
  byId('replaced').replaceChildren(element('h3', {}, data.headings.replaced), element('ul', {}, ...items));
}

function renderEntrants(proof: Proof, data: ProofPageData, headings: Headings): void {
  const container = byId('entrant-list');
  const search = element('input', {
    type: 'search',
    placeholder: data.text.search,
    'aria-label': data.text.search,
  });
  const body = element('div');
  let matches: readonly ProofEntrant[] = proof.entrants;
  let shown = 0;
  const weight = new Intl.NumberFormat(data.language, { maximumFractionDigits: 2 });

  const more = element('button', { type: 'button', class: 'secondary' }, data.text.showMore);
  const status = element('p', { class: 'muted' });
  const rows = element('tbody');
  const showNext = () => {
    const next = matches.slice(shown, shown + PAGE_SIZE);
    rows.append(
      ...next.map((entrant) =>
        row([entrant.login, entrant.userId, weight.format(entrant.weight)], new Set([2])),
      ),
    );
    shown += next.length;
    status.textContent =
      matches.length === 0
        ? data.text.noMatches
        : fill(data.text.shown, {
            shown: shown.toLocaleString(data.language),
            total: matches.length.toLocaleString(data.language),
          });
    more.hidden = shown >= matches.length;
  };
  const head = table([headings.login, headings.userId, headings.weight], [], new Set([2]));
  head.querySelector('tbody')?.replaceWith(rows);
  body.append(head, status, more);
  more.addEventListener('click', showNext);
  search.addEventListener('input', () => {
    const wanted = search.value.trim().toLowerCase();
    matches = wanted
      ? proof.entrants.filter((entrant) => entrant.login.toLowerCase().includes(wanted))
      : proof.entrants;
    shown = 0;
    rows.replaceChildren();
    showNext();
  });
  container.replaceChildren(search, body);
  showNext();
}

/** Fills the prize, entrant and excluded lists and each slot's claim story of the proof page from the proof. */
export function renderProofLists(proof: Proof, data: ProofPageData): void {
  const { headings } = data;
  renderPrizes(proof, data, headings);
  renderEntrants(proof, data, headings);
  renderExcluded(proof, data, headings);
  renderSlotStories(proof, data);
}

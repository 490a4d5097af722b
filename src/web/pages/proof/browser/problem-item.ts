import type { VerifyProblem } from '../../../../raffles/verify.ts';
import { element } from '../../../browser/dom.ts';
import type { ProofPageData } from '../proof-page-data.ts';

/** One problem the verifier found, as a list item: its code in the reader's words, then its detail. */
export function problemItem(problem: VerifyProblem, data: ProofPageData): HTMLLIElement {
  return element(
    'li',
    { 'data-code': problem.code },
    element('strong', {}, data.text.problems[problem.code]),
    element('br'),
    element('span', { class: 'detail' }, problem.message),
  );
}

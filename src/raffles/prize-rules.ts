import { PRIZE_LIMITS } from '../contract/items.ts';
import { textProblem } from '../contract/text.ts';
import { badRequest } from '../errors.ts';

// Removed from a refused name before it is echoed back in the error.
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/gu;

/** A prize as a user describes it: quantity null means unlimited. */
export interface PrizeInput {
  readonly name: string;
  readonly weight: number;
  readonly quantity: number | null;
}

/** Trims and checks a prize name; throws a 400 naming the problem. */
export function checkPrizeName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name === '') throw badRequest('invalid_prize_name', 'A prize name cannot be empty.', { name });
  const problem = textProblem(name);
  if (problem) {
    throw badRequest('invalid_prize_name', `A prize name ${problem}.`, {
      name: name.replace(UNPRINTABLE, ''),
    });
  }
  if ([...name].length > PRIZE_LIMITS.nameMaxLength) {
    throw badRequest(
      'invalid_prize_name',
      `The prize name "${name.slice(0, 20)}…" is longer than ${PRIZE_LIMITS.nameMaxLength} characters.`,
      { name: name.slice(0, PRIZE_LIMITS.nameMaxLength), maxLength: PRIZE_LIMITS.nameMaxLength },
    );
  }
  return name;
}

/** Checks a weight: an integer from 1 to 1,000,000. */
export function checkPrizeWeight(weight: number, name: string): number {
  if (!Number.isInteger(weight) || weight < PRIZE_LIMITS.weightMin || weight > PRIZE_LIMITS.weightMax) {
    throw badRequest(
      'invalid_prize_weight',
      `The weight of "${name}" must be a whole number from ${PRIZE_LIMITS.weightMin} to 1,000,000.`,
      { name, min: PRIZE_LIMITS.weightMin, max: PRIZE_LIMITS.weightMax },
    );
  }
  return weight;
}

/** Checks a quantity: null (unlimited) or an integer from 0 to 1,000,000. */
export function checkPrizeQuantity(quantity: number | null, name: string): number | null {
  if (quantity === null) return null;
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > PRIZE_LIMITS.quantityMax) {
    throw badRequest(
      'invalid_prize_quantity',
      `The quantity of "${name}" must be a whole number from 0 to 1,000,000, or null (x*) for unlimited.`,
      { name, min: 0, max: PRIZE_LIMITS.quantityMax },
    );
  }
  return quantity;
}

// name, then ':' or ';', then the weight, then optionally x<quantity> or x* (spaces allowed around).
// The name is everything before the LAST separator, so "Jogo: Portal 2:10" names "Jogo: Portal 2".
const ENTRY = /^(?<name>.*)[:;]\s*(?<weight>[^\s:;x×]+)\s*(?:[x×]\s*(?<quantity>[^\s]+))?$/iu;

/**
 * Parses the original's prize list: `skin dourada:50, skin prata:30, chave:5x2` (also `nome;peso`,
 * `x*` for unlimited, commas or new lines between entries). All or nothing: one bad entry rejects
 * the whole list with a message naming it.
 */
export function parsePrizeText(text: string): PrizeInput[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw badRequest(
      'invalid_prize_list',
      'The prize list is empty. Example: skin dourada:50, chave:5x2',
      {},
    );
  }
  if (entries.length > PRIZE_LIMITS.itemsPerText) {
    throw badRequest('invalid_prize_list', `At most ${PRIZE_LIMITS.itemsPerText} prizes at a time.`, {
      max: PRIZE_LIMITS.itemsPerText,
    });
  }
  const prizes = entries.map(parseEntry);
  const seen = new Set<string>();
  for (const prize of prizes) {
    const key = prize.name.toLowerCase();
    if (seen.has(key)) {
      throw badRequest('duplicate_prize', `The prize "${prize.name}" appears twice in the list.`, {
        name: prize.name,
      });
    }
    seen.add(key);
  }
  return prizes;
}

function parseEntry(entry: string): PrizeInput {
  const match = ENTRY.exec(entry);
  if (!match?.groups) {
    throw badRequest(
      'invalid_prize_list',
      `Cannot read "${entry.slice(0, 60)}": write name:weight, for example skin dourada:50 or chave:5x2.`,
      { entry: entry.slice(0, 120) },
    );
  }
  const name = checkPrizeName(match.groups.name ?? '');
  const weightText = match.groups.weight ?? '';
  if (!/^\d+$/.test(weightText)) {
    throw badRequest(
      'invalid_prize_weight',
      `The weight of "${name}" must be a whole number from 1 to 1,000,000, not "${weightText.slice(0, 20)}".`,
      { name, min: PRIZE_LIMITS.weightMin, max: PRIZE_LIMITS.weightMax },
    );
  }
  const weight = checkPrizeWeight(Number(weightText), name);
  const quantityText = match.groups.quantity;
  let quantity: number | null = 1;
  if (quantityText === '*') quantity = null;
  else if (quantityText !== undefined) {
    if (!/^\d+$/.test(quantityText)) {
      throw badRequest(
        'invalid_prize_quantity',
        `The quantity of "${name}" must be a number (x2) or x* for unlimited.`,
        { name, min: 0, max: PRIZE_LIMITS.quantityMax },
      );
    }
    quantity = checkPrizeQuantity(Number(quantityText), name);
  }
  return { name, weight, quantity };
}

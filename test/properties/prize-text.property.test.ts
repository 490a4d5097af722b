import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode, PRIZE_LIMITS, textProblem } from '../../src/contract/index.ts';
import { AppError } from '../../src/errors.ts';
import { parsePrizeText } from '../../src/raffles/prize-rules.ts';

// Any text at all is either a prize list whose every prize keeps the rules, or a 4xx AppError with a
// stable code: never another kind of error, never a prize the database would refuse.
const RUNS = 2_000;

/** Strings built from the characters that break parsers and databases, mixed with ordinary ones. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ':',
        ';',
        ',',
        '\n',
        '\r',
        '\t',
        'x',
        '×',
        '*',
        ' ',
        '\u0000',
        '\u0007',
        '\u202e',
        '\u200b',
        '\u2066',
        '👩‍👧',
        '<b>',
        "'; drop table items; --",
        '@everyone',
      ),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.integer({ min: -5, max: 2_000_000 }).map(String),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** Well-formed entries with hostile names, so the runs reach the name rules and not only the syntax. */
const entryList = fc
  .array(
    fc.tuple(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), hostileText),
      fc.integer({ min: 0, max: 1_100_000 }),
      fc.option(fc.oneof(fc.integer({ min: 0, max: 1_100_000 }).map(String), fc.constant('*'))),
    ),
    { minLength: 1, maxLength: 60 },
  )
  .map((entries) =>
    entries
      .map(([name, weight, quantity]) => `${name}:${weight}${quantity === null ? '' : `x${quantity}`}`)
      .join(', '),
  );

function checkOutcome(text: string): void {
  let prizes: ReturnType<typeof parsePrizeText>;
  try {
    prizes = parsePrizeText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBeGreaterThanOrEqual(400);
    expect(appError.status).toBeLessThan(500);
    expect(isErrorCode(appError.code)).toBe(true);
    return;
  }
  expect(prizes.length).toBeGreaterThan(0);
  expect(prizes.length).toBeLessThanOrEqual(PRIZE_LIMITS.itemsPerText);
  const names = new Set<string>();
  for (const prize of prizes) {
    expect(textProblem(prize.name)).toBeUndefined();
    expect(prize.name).toBe(prize.name.trim());
    expect([...prize.name].length).toBeLessThanOrEqual(PRIZE_LIMITS.nameMaxLength);
    expect(Number.isInteger(prize.weight)).toBe(true);
    expect(prize.weight).toBeGreaterThanOrEqual(PRIZE_LIMITS.weightMin);
    expect(prize.weight).toBeLessThanOrEqual(PRIZE_LIMITS.weightMax);
    if (prize.quantity !== null) {
      expect(Number.isInteger(prize.quantity) && prize.quantity >= 0).toBe(true);
      expect(prize.quantity).toBeLessThanOrEqual(PRIZE_LIMITS.quantityMax);
    }
    expect(names.has(prize.name.toLowerCase())).toBe(false);
    names.add(prize.name.toLowerCase());
  }
}

describe('the prize-list parser, on any input', () => {
  it(`gives valid prizes or a 4xx with a code, for ${RUNS} hostile texts`, () => {
    fc.assert(
      fc.property(hostileText, (text) => checkOutcome(text)),
      { numRuns: RUNS },
    );
  });

  it(`gives valid prizes or a 4xx with a code, for ${RUNS} well-formed lists with hostile names`, () => {
    fc.assert(
      fc.property(entryList, (text) => checkOutcome(text)),
      { numRuns: RUNS },
    );
  });

  it('refuses a NUL, a bidi override and a zero-width-only name with invalid_prize_name', () => {
    for (const name of ['skin\u0000dourada', '\u202eadruod niks', '\u200b\u200b', '\u2066x\u2069']) {
      expect(() => parsePrizeText(`${name}:10`)).toThrow(
        expect.objectContaining({ code: 'invalid_prize_name', status: 400 }),
      );
    }
    expect(parsePrizeText('família 👩‍👧:3')).toEqual([{ name: 'família 👩‍👧', weight: 3, quantity: 1 }]);
  });
});

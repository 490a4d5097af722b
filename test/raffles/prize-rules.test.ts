import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { withChances } from '../../src/raffles/item-service.ts';
import { parsePrizeText } from '../../src/raffles/prize-rules.ts';

describe('the chat form of a prize list', () => {
  it('reads the forms of SPEC §2.2: name:weight, name;weight, xN quantities and x* unlimited', () => {
    expect(parsePrizeText('skin dourada:50, skin prata:30, chave:5x2, vip;7, ouro:3x*')).toEqual([
      { name: 'skin dourada', weight: 50, quantity: 1 },
      { name: 'skin prata', weight: 30, quantity: 1 },
      { name: 'chave', weight: 5, quantity: 2 },
      { name: 'vip', weight: 7, quantity: 1 },
      { name: 'ouro', weight: 3, quantity: null },
    ]);
  });

  it('accepts spaces around the parts, new lines between entries and × for x', () => {
    expect(parsePrizeText('  caneca :  10 x 3 \n camiseta:4×2')).toEqual([
      { name: 'caneca', weight: 10, quantity: 3 },
      { name: 'camiseta', weight: 4, quantity: 2 },
    ]);
  });

  it('keeps a colon inside the name, splitting at the last separator', () => {
    expect(parsePrizeText('Jogo: Portal 2:10')).toEqual([
      { name: 'Jogo: Portal 2', weight: 10, quantity: 1 },
    ]);
  });

  it('keeps accents and emoji in names', () => {
    expect(parsePrizeText('pão de queijo 🧀:1')).toEqual([
      { name: 'pão de queijo 🧀', weight: 1, quantity: 1 },
    ]);
  });

  it.each([
    ['no separator', 'skin dourada 50', 'invalid_prize_list'],
    ['no weight', 'skin:', 'invalid_prize_list'],
    ['no name', ':5', 'invalid_prize_name'],
    ['zero', 'a:0', 'invalid_prize_weight'],
    ['above a million', 'a:1000001', 'invalid_prize_weight'],
    ['decimal', 'a:2.5', 'invalid_prize_weight'],
    ['words', 'a:muito', 'invalid_prize_weight'],
    ['quantity words', 'a:5xdois', 'invalid_prize_quantity'],
    ['dangling x', 'a:5x', 'invalid_prize_list'],
    ['101 characters', `${'a'.repeat(101)}:1`, 'invalid_prize_name'],
    ['the same name twice', 'a:1, A:2', 'duplicate_prize'],
    ['nothing', ' , ', 'invalid_prize_list'],
  ])('refuses %s with a stable code', (_, text, code) => {
    let thrown: unknown;
    try {
      parsePrizeText(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ status: 400, code });
  });

  it('allows exactly 100 characters and a weight of exactly 1,000,000', () => {
    expect(parsePrizeText(`${'a'.repeat(100)}:1000000`)[0]?.weight).toBe(1_000_000);
  });
});

describe('prize chances', () => {
  it('divides each weight by the total of prizes in stock, in percent', () => {
    const chances = withChances([
      { id: 1, name: 'a', weight: 50, quantity: 1 },
      { id: 2, name: 'b', weight: 30, quantity: null },
      { id: 3, name: 'c', weight: 20, quantity: 0 },
    ]).map((item) => item.chance);
    expect(chances).toEqual([62.5, 37.5, 0]);
  });
});

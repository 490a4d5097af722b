import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/bot/command-error.ts';
import { COMMANDS } from '../../src/bot/commands/index.ts';
import { parseRaffleId, parseWinnerCount } from '../../src/bot/parse/counts.ts';
import { formatInterval, parseInterval } from '../../src/bot/parse/interval.ts';
import { codesModalId, parseCodesModalId, splitCodes } from '../../src/bot/render/codes-modal.ts';
import { matchTextCommand } from '../../src/bot/text-command-parser.ts';

function match(content: string) {
  return matchTextCommand(content, COMMANDS);
}

function parsed(content: string): { id: string; args: unknown } {
  const found = match(content);
  if (found?.kind !== 'command') throw new Error(`no command in ${content}`);
  return { id: found.command.id, args: found.command.parseText(found.rest) };
}

describe('session intervals', () => {
  it.each([
    ['30s', 30],
    ['2m', 120],
    ['1h', 3600],
    ['90', 90],
    ['1h30m', 5400],
    ['2 min', 120],
    ['  45S ', 45],
    ['1m30s', 90],
    ['86400', 86_400],
  ])('reads %j as %i seconds', (given, seconds) => {
    expect(parseInterval(given)).toBe(seconds);
  });

  it.each(['0', '0s', '25h', '86401', 'abc', '-5', '1.5m', '30x', '1h30', '', '30s; DROP TABLE sessions'])(
    'refuses %j with a user error',
    (given) => {
      expect(() => parseInterval(given)).toThrow(CommandError);
    },
  );

  it('writes intervals the way people read them', () => {
    expect(formatInterval(45)).toBe('45 s');
    expect(formatInterval(120)).toBe('2 min');
    expect(formatInterval(5430)).toBe('1 h 30 min 30 s');
  });
});

describe('text commands', () => {
  it('reads !sortear with and without a number of winners', () => {
    expect(parsed('!sortear 3')).toEqual({ id: 'draw', args: 3 });
    expect(parsed('!sortear')).toEqual({ id: 'draw', args: 1 });
    expect(parsed('  !SORTEAR   7 ')).toEqual({ id: 'draw', args: 7 });
  });

  it.each([
    '!sortear 0',
    '!sortear 101',
    '!sortear -1',
    '!sortear 1e2',
    '!sortear três',
    '!sortear 2; rm -rf',
  ])('refuses %j', (content) => {
    expect(() => parsed(content)).toThrow(CommandError);
  });

  it('passes a prize list through as typed, new lines included', () => {
    expect(parsed('!itens adicionar skin dourada:50, skin prata:30x2')).toEqual({
      id: 'items.add',
      args: 'skin dourada:50, skin prata:30x2',
    });
    expect(parsed('!itens adicionar\nchave;5x*\nskin: 1')).toEqual({
      id: 'items.add',
      args: 'chave;5x*\nskin: 1',
    });
    expect(() => parsed('!itens adicionar   ')).toThrow(CommandError);
  });

  it('tells the item subcommands apart', () => {
    expect(parsed('!itens').id).toBe('items.list');
    expect(parsed('!itens listar').id).toBe('items.list');
    expect(parsed('!itens remover Skin  Dourada')).toEqual({ id: 'items.remove', args: 'Skin Dourada' });
    expect(parsed('!itens limpar').id).toBe('items.clear');
  });

  it('reads the other commands and their arguments', () => {
    expect(parsed('!iniciar 30s')).toEqual({ id: 'session.start', args: 30 });
    expect(parsed('!iniciar')).toEqual({ id: 'session.start', args: undefined });
    expect(parsed('!verificar #42')).toEqual({ id: 'verify', args: 42 });
    expect(parsed('!idioma en')).toEqual({ id: 'language', args: 'en' });
    expect(parsed('!idioma PT')).toEqual({ id: 'language', args: 'pt-BR' });
    expect(() => parsed('!idioma fr')).toThrow(CommandError);
    expect(parsed('!parar').id).toBe('session.stop');
    expect(parsed('!conectar').id).toBe('connect');
    expect(parsed('!status').id).toBe('status');
    expect(parsed('!ajuda').id).toBe('help');
  });

  it('suggests the command a typo was meant to be', () => {
    expect(match('!sortearr')).toEqual({ kind: 'unknown', given: '!sortearr', suggestion: '!sortear' });
    expect(match('!iniciat 30s')).toMatchObject({ kind: 'unknown', suggestion: '!iniciar' });
    expect(match('!itens adicionarr a:1')).toMatchObject({ kind: 'unknown', suggestion: '!itens adicionar' });
  });

  it("ignores messages that are not ours: no prefix, other bots' commands", () => {
    expect(match('oi, tudo bem?')).toBeNull();
    expect(match('!rank')).toBeNull();
    expect(match('!play never gonna give you up')).toBeNull();
    expect(match('!')).toBeNull();
    expect(match('')).toBeNull();
  });

  it('reads raffle ids and refuses anything else', () => {
    expect(parseRaffleId('17')).toBe(17);
    for (const bad of ['', '0', 'abc', '1.5', '99999999999999999', '<@123>']) {
      expect(() => parseRaffleId(bad)).toThrow(CommandError);
    }
    expect(parseWinnerCount('100')).toBe(100);
  });
});

describe('pasted codes', () => {
  it('takes one code per line, trims each, drops blank lines, whatever the line endings', () => {
    expect(splitCodes('  AAAA-1 \r\n\r\nBBBB-2\rCCCC 3\n\n   \n')).toEqual(['AAAA-1', 'BBBB-2', 'CCCC 3']);
    expect(splitCodes(' \n \n')).toEqual([]);
  });

  it('names the prize in the form id', () => {
    expect(parseCodesModalId(codesModalId(42))).toEqual({ itemId: 42 });
    expect(parseCodesModalId('codes:x')).toBeNull();
    expect(parseCodesModalId('reroll:1:1')).toBeNull();
  });
});

import { DiscordAPIError } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/bot/api-error.ts';
import { CommandError } from '../../src/bot/command-error.ts';
import { discordErrorSummary } from '../../src/bot/discord-error.ts';
import { CATALOGUES } from '../../src/bot/messages/index.ts';
import { replyForError } from '../../src/bot/reply-error.ts';

const SAMPLE = new Proxy(
  {},
  { get: (_target, name) => (name === 'count' || name === 'draws' ? 2 : `<${String(name)}>`) },
);

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(CATALOGUES['pt-BR']).sort();
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(keys);
  });

  it('say something in every language for every key', () => {
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      for (const [key, message] of Object.entries(catalogue)) {
        const text = (message as (parameters: unknown) => string)(SAMPLE);
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(text, `${language} ${key}`).not.toContain('undefined');
      }
    }
  });

  it('are translated, not copied: most English sentences differ from the Portuguese', () => {
    const keys = Object.keys(CATALOGUES['pt-BR']) as (keyof (typeof CATALOGUES)['en'])[];
    const same = keys.filter(
      (key) =>
        (CATALOGUES.en[key] as (p: unknown) => string)(SAMPLE) ===
        (CATALOGUES['pt-BR'][key] as (p: unknown) => string)(SAMPLE),
    );
    expect(same.length).toBeLessThan(keys.length / 10);
  });

  it('keep slash command descriptions within Discord’s 100 characters', () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const [key, message] of Object.entries(catalogue)) {
        if (key.startsWith('slash.'))
          expect((message as () => string)().length, key).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('error replies', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  const reply = (error: unknown, language: 'pt-BR' | 'en' = 'pt-BR') =>
    replyForError(error, CATALOGUES[language], logger, { command: 'test' });

  it.each([
    ['guild_not_linked', 404, '!conectar'],
    ['channel_not_connected', 409, '!conectar'],
    ['twitch_reconnect_needed', 409, 'de novo'],
    ['no_prizes_left', 409, 'prêmios'],
    ['no_eligible_entrants', 409, 'elegível'],
    ['twitch_unavailable', 503, 'Twitch não respondeu'],
    ['api_unreachable', 0, 'não respondeu'],
    ['session_already_active', 409, '!parar'],
    ['no_active_session', 409, 'Não há sessão'],
  ])('answers %s in the server language', (code, status, expected) => {
    expect(reply(new ApiError(status, code, 'english text'))).toContain(expected);
    expect(reply(new ApiError(status, code, 'english text'), 'en')).not.toBe(
      reply(new ApiError(status, code, 'x')),
    );
  });

  it("shows the API's explanation of a malformed prize list, neutralized", () => {
    const text = reply(
      new ApiError(400, 'invalid_prize_weight', 'In "@everyone:abc": the weight must be a number.'),
    );
    expect(text).toContain('Lista de prêmios inválida');
    expect(text).toContain('the weight must be a number');
    expect(text).not.toMatch(/@everyone/);
  });

  it.each([
    ['not_linked', '/sorteio vincular'],
    ['not_slot_holder', 'não é sua'],
    ['claim_closed', 'prazo acabou'],
    ['prize_has_codes', '/itens codigos'],
    ['prize_delivered', 'já foi entregue'],
  ])('answers %s of the prize delivery in its own words', (code, expected) => {
    expect(reply(new ApiError(409, code, 'english text'))).toContain(expected);
  });

  it('never echoes the API message of a duplicate code refusal (it may quote the code)', () => {
    const text = reply(new ApiError(409, 'duplicate_codes', 'AAAA-SECRET-1 is already stored'));
    expect(text).toContain('nada foi adicionado');
    expect(text).not.toContain('AAAA-SECRET-1');
  });

  it('answers the missing permission the bot found itself', () => {
    expect(reply(new CommandError('error.missing_permission'), 'en')).toContain('Manage Server');
  });

  it('answers anything unexpected generically, without the stack, and logs it', () => {
    lines.length = 0;
    const text = reply(new TypeError('cannot read properties of undefined (reading "x")'));
    expect(text).toBe(CATALOGUES['pt-BR']['error.generic']());
    expect(lines.join('\n')).toContain('cannot read properties');
    expect(reply(new ApiError(500, 'internal_error', 'boom'))).toBe(CATALOGUES['pt-BR']['error.generic']());
  });
});

describe('what is logged of a failed Discord request', () => {
  it('keeps the code and status, never the request body (a DM holds a prize code or a private link)', () => {
    const error = new DiscordAPIError(
      { code: 50007, message: 'Cannot send messages to this user' },
      50007,
      403,
      'POST',
      'https://discord.test/api/v10/channels/1/messages',
      { body: { content: 'Seu código: ||KEY-SECRET-1||' } },
    );
    const summary = discordErrorSummary(error);
    expect(summary).toEqual({ discordError: 50007, status: 403, errorName: 'DiscordAPIError[50007]' });
    expect(JSON.stringify(summary)).not.toContain('KEY-SECRET-1');
    expect(JSON.stringify(error.requestBody)).toContain('KEY-SECRET-1');
  });
});

import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { RaffleView } from '../../src/bot/api-types.ts';
import { CATALOGUES } from '../../src/bot/messages/index.ts';
import { neutralize } from '../../src/bot/render/escape.ts';
import { parseRerollButtonId, raffleAnnouncement } from '../../src/bot/render/raffle-announcement.ts';
import { clickableLinks } from './discord-links.ts';

function raffle(winners: RaffleView['winners']): RaffleView {
  return {
    raffleId: 42,
    channel: 'streamer_br',
    status: 'drawn',
    reason: null,
    commitment: 'a'.repeat(12) + 'b'.repeat(52),
    entrantsDigest: 'c'.repeat(64),
    seed: 'd'.repeat(64),
    winnersRequested: winners.length,
    eligibleCount: 1000,
    excludedCount: 3,
    createdAt: new Date().toISOString(),
    drawnAt: new Date().toISOString(),
    winners,
    replaced: [],
    proofUrl: 'http://kinoyu.test/api/v1/raffles/42/proof',
    proofPageUrl: 'http://kinoyu.test/r/42',
  };
}

const winner = (
  position: number,
  itemName: string | null = 'skin dourada',
): RaffleView['winners'][number] => ({
  position,
  userId: String(1000 + position),
  login: `viewer_${position}`,
  itemId: itemName ? 1 : null,
  itemName,
  claim: null,
});

function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0) +
    (embed.footer?.text.length ?? 0)
  );
}

describe('mention neutralization', () => {
  it.each(['@everyone', '@here', '<@123456789012345678>', '<@!123>', '<@&987>', '<#555>', '@EVERYONE'])(
    'breaks %s so it neither pings nor renders',
    (hostile) => {
      const safe = neutralize(`prize ${hostile} now`);
      expect(safe).not.toContain(hostile);
      expect(safe).not.toMatch(/@(everyone|here)|<@|<#/i);
    },
  );

  it('escapes Markdown in names', () => {
    expect(neutralize('**bold** _x_')).toBe('\\*\\*bold\\*\\* \\_x\\_');
  });
});

describe('link neutralization', () => {
  it.each([
    '[Free Nitro](https://discord-gift.example/claim)',
    '[Free Nitro](<https://discord-gift.example/claim>)',
    'skin [a](https://a.example) e [Free Nitro](https://discord-gift.example)',
    '[[Nitro](https://x.example)](https://y.example)',
    'https://discord-gift.example/claim',
    '<https://discord-gift.example/claim>',
    'steam://run/730',
  ])('%s becomes text Discord shows but does not link', (hostile) => {
    const safe = neutralize(hostile);
    expect(clickableLinks(hostile)).not.toEqual([]);
    expect(clickableLinks(safe)).toEqual([]);
    expect(safe.replace(/\u200d|\\/g, '')).toBe(hostile);
  });

  it('keeps the escapes of text a user already escaped', () => {
    expect(clickableLinks(neutralize('\\[Nitro](https://x.example)'))).toEqual([]);
  });
});

describe('the draw announcement', () => {
  const pt = CATALOGUES['pt-BR'];

  it('names winner, prize, raffle id, short commitment and the proof page, with one button per slot', () => {
    const reply = raffleAnnouncement(raffle([winner(1), winner(2, null)]), pt);
    const embed = reply.embeds?.[0]?.toJSON() as APIEmbed;
    expect(embed.description).toContain('viewer\\_1 — skin dourada');
    expect(embed.description).toContain('viewer\\_2');
    expect(embed.url).toBe('http://kinoyu.test/r/42');
    expect(JSON.stringify(embed.fields)).toContain('#42');
    expect(JSON.stringify(embed.fields)).toContain('`aaaaaaaaaaaa`');
    expect(JSON.stringify(embed.fields)).not.toContain('aaaaaaaaaaaab');
    expect(JSON.stringify(embed.fields)).toContain('(http://kinoyu.test/r/42)');
    const buttons = reply.components?.flatMap((row) => row.toJSON().components) ?? [];
    expect(buttons.map((button) => ('custom_id' in button ? button.custom_id : ''))).toEqual([
      'reroll:42:1',
      'reroll:42:2',
    ]);
    expect(buttons[0]).toMatchObject({ label: 'Sortear de novo #1' });
    expect(parseRerollButtonId('reroll:42:2')).toEqual({ raffleId: 42, position: 2 });
    expect(parseRerollButtonId('reroll:42:x')).toBeNull();
  });

  it('neutralizes a prize named @everyone and a hostile login', () => {
    const hostile = { ...winner(1, '@everyone ganhou <@&1>'), login: '<@123456789012345678>' };
    const json = JSON.stringify(raffleAnnouncement(raffle([hostile]), pt).embeds?.[0]?.toJSON());
    expect(json).not.toMatch(/@everyone|<@/);
  });

  it('shows a prize named as a masked link as text: only the proof link is a link', () => {
    const hostile = winner(1, '[Free Nitro](https://discord-gift.example/claim) e https://evil.example');
    const embed = raffleAnnouncement(raffle([hostile]), pt).embeds?.[0]?.toJSON() as APIEmbed;
    const texts = [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).map((f) => f.value)];
    expect(texts.flatMap(clickableLinks)).toEqual(['[Verificar este sorteio](http://kinoyu.test/r/42)']);
    expect(embed.description).toContain('Free Nitro');
  });

  it('fits 100 winners with long prize names in Discord limits: 5 rows of 5 buttons, 6000 characters', () => {
    const winners = Array.from({ length: 100 }, (_, index) => winner(index + 1, `prêmio ${'x'.repeat(90)}`));
    const reply = raffleAnnouncement(raffle(winners), pt);
    const embed = reply.embeds?.[0]?.toJSON() as APIEmbed;
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    expect(embed.description).toContain('e mais');
    expect(reply.components).toHaveLength(5);
    for (const row of reply.components ?? []) expect(row.toJSON().components).toHaveLength(5);
  });

  it('shows who was replaced after a redraw', () => {
    const reply = raffleAnnouncement(raffle([winner(1)]), CATALOGUES.en, {
      replaced: [{ position: 1, login: 'first_holder' }],
    });
    expect(JSON.stringify(reply.embeds?.[0]?.toJSON())).toContain('was ~~first\\\\_holder~~');
  });
});

import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { RaffleView } from '../../src/bot/api-types.ts';
import { CATALOGUES } from '../../src/bot/messages/index.ts';
import { parseClaimButtonId } from '../../src/bot/render/announcement-buttons.ts';
import { voidedAnnouncement, waitingAnnouncement } from '../../src/bot/render/beacon-announcement.ts';
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
    sessionTick: null,
    dueAt: null,
    snapshotAt: null,
    beacon: null,
    winners,
    replaced: [],
    proofUrl: 'http://kinoyu.test/api/v1/raffles/42/proof',
    proofPageUrl: 'http://kinoyu.test/r/42',
    claimPageUrl: 'http://kinoyu.test/resgatar',
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
  hasCode: false,
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
    const redrawn = {
      ...raffle([winner(1)]),
      replaced: [{ position: 1, userId: '9', login: 'first_holder', reason: 'reroll' as const }],
    };
    const reply = raffleAnnouncement(redrawn, CATALOGUES.en);
    expect(JSON.stringify(reply.embeds?.[0]?.toJSON())).toContain('was ~~first\\\\_holder~~');
  });
});

describe('the draw announcement with claim windows', () => {
  const pt = CATALOGUES['pt-BR'];
  const deadline = '2026-11-25T20:16:00.000Z';
  const deadlineSeconds = Date.parse(deadline) / 1000;
  const claim = (
    state: 'awaiting_claim' | 'claimed' | 'forfeited',
  ): RaffleView['winners'][number]['claim'] => ({
    state,
    deadline,
    claimedAt: state === 'claimed' ? deadline : null,
    firstMessage: null,
    firstMessageAt: null,
  });
  const withClaim = (position: number, state: 'awaiting_claim' | 'claimed' | 'forfeited') => ({
    ...winner(position),
    claim: claim(state),
  });
  const describeEmbed = (reply: ReturnType<typeof raffleAnnouncement>) =>
    reply.embeds?.[0]?.toJSON().description ?? '';
  const buttonIdsOf = (reply: ReturnType<typeof raffleAnnouncement>) =>
    (reply.components ?? [])
      .flatMap((row) => row.toJSON().components)
      .map((button) => ('custom_id' in button ? button.custom_id : ''));

  it('tells an awaiting winner to type the claim word, with a live Discord countdown to the deadline', () => {
    const reply = raffleAnnouncement(raffle([withClaim(1, 'awaiting_claim')]), pt, { claimWord: '!claim' });
    const line = describeEmbed(reply);
    expect(line).toContain('viewer\\_1 — skin dourada');
    expect(line).toContain('digite **!claim** no chat da Twitch');
    expect(line).toContain(`<t:${deadlineSeconds}:R>`);
    expect(reply.shows).toEqual({ raffleId: 42, rerolledPosition: null });
  });

  it('says "the claim word" when the word is unknown, and in English for an English server', () => {
    const unknown = describeEmbed(raffleAnnouncement(raffle([withClaim(1, 'awaiting_claim')]), pt));
    expect(unknown).toContain('digite a palavra de resgate no chat da Twitch');
    const english = describeEmbed(
      raffleAnnouncement(raffle([withClaim(1, 'awaiting_claim')]), CATALOGUES.en, { claimWord: '!pegar' }),
    );
    expect(english).toContain('type **!pegar** in Twitch chat');
    expect(english).toContain(`<t:${deadlineSeconds}:R>`);
  });

  it('neutralizes a hostile claim word', () => {
    const line = describeEmbed(
      raffleAnnouncement(raffle([withClaim(1, 'awaiting_claim')]), pt, {
        claimWord: '@everyone [x](https://evil.example)',
      }),
    );
    expect(line).not.toContain('@everyone');
    expect(clickableLinks(line)).toEqual([]);
  });

  it('shows a claimed slot as claimed, with no countdown, and keeps its button', () => {
    const reply = raffleAnnouncement(raffle([withClaim(1, 'claimed')]), pt, { claimWord: '!claim' });
    const line = describeEmbed(reply);
    expect(line).toContain('✅ resgatado');
    expect(line).not.toContain('<t:');
    expect(buttonIdsOf(reply)).toEqual(['reroll:42:1']);
  });

  it('shows a forfeited slot struck through, its prize back in stock, and offers no button for it', () => {
    const reply = raffleAnnouncement(
      raffle([withClaim(1, 'forfeited'), withClaim(2, 'awaiting_claim')]),
      pt,
      {
        claimWord: '!claim',
      },
    );
    const description = describeEmbed(reply);
    expect(description).toContain('~~viewer\\_1~~');
    expect(description).toContain('não resgatado — prêmio voltou ao estoque');
    // The awaiting slot can also be claimed from Discord by its linked holder.
    expect(buttonIdsOf(reply)).toEqual(['claim:42:2', 'reroll:42:2']);
  });

  it('names who did not claim and who got the slot next, in the order of the redraws', () => {
    const redrawn: RaffleView = {
      ...raffle([{ ...withClaim(1, 'awaiting_claim'), login: 'third_one' }]),
      replaced: [
        { position: 1, userId: '1', login: 'first_one', reason: 'unclaimed' },
        { position: 1, userId: '2', login: 'second_one', reason: 'unclaimed' },
      ],
    };
    const fields = JSON.stringify(raffleAnnouncement(redrawn, pt).embeds?.[0]?.toJSON().fields);
    expect(fields).toContain('vaga 1: @first\\\\_one não resgatou — novo sorteio: @second\\\\_one');
    expect(fields).toContain('vaga 1: @second\\\\_one não resgatou — novo sorteio: @third\\\\_one');
  });

  it('fits 100 awaiting winners and 100 unclaimed redraws in Discord limits', () => {
    const winners = Array.from({ length: 100 }, (_, index) => ({
      ...withClaim(index + 1, 'awaiting_claim'),
      itemName: `prêmio ${'x'.repeat(90)}`,
    }));
    const replaced = winners.map((slot) => ({
      position: slot.position,
      userId: `9${slot.position}`,
      login: `anterior_${'y'.repeat(20)}`,
      reason: 'unclaimed' as const,
    }));
    const reply = raffleAnnouncement({ ...raffle(winners), replaced }, pt, { claimWord: 'w'.repeat(50) });
    const embed = reply.embeds?.[0]?.toJSON() as APIEmbed;
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embed.description).toContain(`<t:${deadlineSeconds}:R>`);
  });

  it('breaks a Twitch login that would read as @everyone or @here', () => {
    const redrawn: RaffleView = {
      ...raffle([{ ...withClaim(1, 'awaiting_claim'), login: 'here' }]),
      replaced: [{ position: 1, userId: '1', login: 'everyone', reason: 'unclaimed' }],
    };
    const json = JSON.stringify(raffleAnnouncement(redrawn, pt).embeds?.[0]?.toJSON());
    expect(json).not.toMatch(/@(everyone|here)/);
    expect(json).toContain('everyone');
  });
});

describe('the draw announcement of prizes that reach the winner (codes, mentions, Resgatar)', () => {
  const pt = CATALOGUES['pt-BR'];
  const claimPageUrl = 'http://kinoyu.test/resgatar';
  const coded = (position: number, state: 'awaiting_claim' | 'claimed' | 'forfeited' | null = null) => ({
    ...winner(position),
    hasCode: true,
    claim: state && {
      state,
      deadline: '2026-11-25T20:16:00.000Z',
      claimedAt: null,
      firstMessage: null,
      firstMessageAt: null,
    },
  });
  const withCodes = (winners: RaffleView['winners']): RaffleView => ({ ...raffle(winners), claimPageUrl });
  const buttonIdsOf = (reply: ReturnType<typeof raffleAnnouncement>) =>
    (reply.components ?? [])
      .flatMap((row) => row.toJSON().components)
      .map((button) => ('custom_id' in button ? button.custom_id : ''));
  const recipient = (position: number, discordUserId: string) => ({
    position,
    userId: String(1000 + position),
    discordUserId,
    deliverable: false,
  });

  it('marks a coded prize and tells its winner to collect the code on the claim page', () => {
    const reply = raffleAnnouncement(withCodes([coded(1), winner(2)]), pt);
    const embed = reply.embeds?.[0]?.toJSON() as APIEmbed;
    const [first, second] = (embed.description ?? '').split('\n');
    expect(first).toContain('🎁 com código');
    expect(second).not.toContain('🎁');
    const field = embed.fields?.find((candidate) => candidate.name === 'Código do prêmio');
    expect(field?.value).toContain(claimPageUrl);
    expect(field?.value).toContain('/sorteio vincular');
  });

  it('says nothing of codes when no prize has one', () => {
    const embed = raffleAnnouncement(withCodes([winner(1)]), pt).embeds?.[0]?.toJSON() as APIEmbed;
    expect(JSON.stringify(embed)).not.toContain('resgatar');
  });

  it('mentions linked holders in the content, allowing only their pings', () => {
    const reply = raffleAnnouncement(withCodes([coded(1), winner(2), winner(3)]), pt, {
      recipients: [recipient(1, '111111111111111111'), recipient(3, '333333333333333333')],
    });
    expect(reply.content).toBe('🎉 Parabéns, <@111111111111111111> <@333333333333333333>!');
    expect(reply.mentions).toEqual(['111111111111111111', '333333333333333333']);
    // A mention inside an embed pings nobody: the embed has none.
    expect(JSON.stringify(reply.embeds?.[0]?.toJSON())).not.toContain('<@');
  });

  it('no longer mentions a linked user who lost the slot to a redraw or a forfeit', () => {
    const redrawn = { ...winner(1), userId: 'someone-else' };
    const reply = raffleAnnouncement(withCodes([redrawn, coded(2, 'forfeited')]), pt, {
      recipients: [recipient(1, '111111111111111111'), recipient(2, '222222222222222222')],
    });
    expect(reply.content).toBeUndefined();
    expect(reply.mentions).toBeUndefined();
  });

  it('offers "Resgatar" on slots awaiting their claim only, next to "Sortear de novo"', () => {
    const reply = raffleAnnouncement(
      withCodes([coded(1, 'awaiting_claim'), coded(2, 'claimed'), coded(3, 'forfeited')]),
      pt,
    );
    expect(buttonIdsOf(reply)).toEqual(['claim:42:1', 'reroll:42:1', 'reroll:42:2']);
    const [claim] = reply.components?.[0]?.toJSON().components ?? [];
    expect(claim).toMatchObject({ label: 'Resgatar #1', style: 3 });
    expect(parseClaimButtonId('claim:42:1')).toEqual({ raffleId: 42, position: 1 });
    expect(parseClaimButtonId('reroll:42:1')).toBeNull();
    expect(parseRerollButtonId('claim:42:1')).toBeNull();
  });

  it('keeps to 25 buttons when every slot awaits its claim', () => {
    const winners = Array.from({ length: 30 }, (_, index) => coded(index + 1, 'awaiting_claim'));
    const reply = raffleAnnouncement(withCodes(winners), pt);
    expect(reply.components).toHaveLength(5);
    expect(buttonIdsOf(reply)).toHaveLength(25);
  });
});

describe('the draw announcement with public randomness (SPEC §4.1)', () => {
  const pt = CATALOGUES['pt-BR'];
  const quicknet = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
  const beacon = (chainHash: string) => ({
    chainHash,
    round: 34278112,
    roundAt: '2026-11-25T20:15:00.000Z',
    randomness: 'e'.repeat(64),
  });
  const fieldsOf = (reply: ReturnType<typeof raffleAnnouncement>) => reply.embeds?.[0]?.toJSON().fields ?? [];

  it('links a quicknet round to drand’s relay, the only link besides the proof', () => {
    const reply = raffleAnnouncement({ ...raffle([winner(1)]), beacon: beacon(quicknet) }, pt);
    const field = fieldsOf(reply).find((candidate) => candidate.name === 'Rodada drand');
    expect(field?.value).toBe(`[34278112](https://api.drand.sh/${quicknet}/public/34278112)`);
    expect(fieldsOf(reply).flatMap((candidate) => clickableLinks(candidate.value))).toHaveLength(2);
  });

  it('names the round of any other chain (the sandbox’s local beacon) without a link', () => {
    const reply = raffleAnnouncement({ ...raffle([winner(1)]), beacon: beacon('f'.repeat(64)) }, pt);
    const field = fieldsOf(reply).find((candidate) => candidate.name === 'Rodada drand');
    expect(field?.value).toBe('34278112');
  });

  it('says nothing of drand without public randomness', () => {
    expect(JSON.stringify(fieldsOf(raffleAnnouncement(raffle([winner(1)]), pt)))).not.toContain('drand');
  });

  it('neutralizes a hostile channel and void reason in the waiting and void messages', () => {
    const hostile = { ...raffle([]), channel: '@everyone', status: 'pending' as const };
    const waiting = waitingAnnouncement(hostile, beacon(quicknet), 'c'.repeat(64), pt);
    const waitingJson = JSON.stringify(waiting.embeds?.[0]?.toJSON());
    expect(waitingJson).not.toContain('@everyone');
    expect(waitingJson).toContain('`cccccccccccc`');
    expect(waiting.shows).toEqual({ raffleId: 42, rerolledPosition: null });
    const other = voidedAnnouncement(hostile, '[x](https://evil.example)', pt);
    expect(clickableLinks(other.embeds?.[0]?.toJSON().description ?? '')).toEqual([]);
  });
});

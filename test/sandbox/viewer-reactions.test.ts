import { ApiClient } from '@twurple/api';
import { RefreshingAuthProvider } from '@twurple/auth';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  type FakeTwitch,
  type FakeTwitchOptions,
  type PlannedReaction,
  parseAppAnnouncement,
  startFakeTwitch,
} from '../../src/sandbox/twitch/index.ts';

// Simulated viewers answer the app's own chat lines (SPEC §2.6 claim calls, §2.7 entries opening). The
// answers are planned at once from a seeded random and handed to a scheduler: these tests pass their
// own and type the answers one by one, so nothing waits for a clock.
const QUIET = { minLevel: 'critical' } as const;
const OPENING_PT = 'Sorteio aberto! Digite !participar no chat para entrar.';

const started: FakeTwitch[] = [];

afterAll(async () => {
  delete process.env.TWURPLE_MOCK_API_PORT;
  for (const fake of started) await fake.close();
});

/** A fake whose reactions are collected instead of timed: `planned` in order, `say` types one. */
async function fakeWithCollectedReactions(options: FakeTwitchOptions = {}, seed = 'reactions') {
  const collected: { reaction: PlannedReaction; say: () => void }[] = [];
  const fake = await startFakeTwitch({
    ...options,
    viewerReactions: { seed, schedule: (reaction, say) => collected.push({ reaction, say }) },
  });
  started.push(fake);
  return { fake, collected };
}

/** The app's message: Send Chat Message through twurple, as the broadcaster. */
async function appSays(fake: FakeTwitch, text: string): Promise<void> {
  // twurple reaches a stand-in through this variable, read per request.
  process.env.TWURPLE_MOCK_API_PORT = String(fake.port);
  const token = fake.issueUserToken();
  const authProvider = new RefreshingAuthProvider({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  });
  authProvider.addUser(token.userId, token);
  await new ApiClient({ authProvider, logger: QUIET }).chat.sendChatMessage(token.userId, text);
}

function viewersInChat(fake: FakeTwitch): string[] {
  const channel = fake.channel();
  return channel.chatterIds.filter((id) => id !== '' && !channel.isBot(id));
}

describe('parsing the app announcements', () => {
  it('reads entry openings and claim calls in Portuguese and English, with any word', () => {
    expect(parseAppAnnouncement(OPENING_PT)).toEqual({ kind: 'entry_opened', word: '!participar' });
    expect(parseAppAnnouncement('Giveaway open! Type !sorteio in chat to enter.')).toEqual({
      kind: 'entry_opened',
      word: '!sorteio',
    });
    expect(parseAppAnnouncement('Sorteio aberto! Digite "eu" no chat para entrar.')).toEqual({
      kind: 'entry_opened',
      word: 'eu',
    });
    expect(parseAppAnnouncement('@fulano ganhou skin dourada! Digite !claim em 60 s')).toEqual({
      kind: 'claim_call',
      login: 'fulano',
      word: '!claim',
    });
    expect(parseAppAnnouncement('@Beltrano won! Type !quero within 45 s')).toEqual({
      kind: 'claim_call',
      login: 'beltrano',
      word: '!quero',
    });
    expect(parseAppAnnouncement('@fulano ganhou skin dourada!')).toBeUndefined();
    expect(parseAppAnnouncement('Sorteio encerrado. Obrigado!')).toBeUndefined();
    expect(parseAppAnnouncement('Digite !ajuda para ver os comandos')).toBeUndefined();
  });
});

describe('simulated viewers answering the app', () => {
  it('enter when entries open: a good share of the chat, spread over seconds, in several ways', async () => {
    const { fake, collected } = await fakeWithCollectedReactions();
    const viewers = viewersInChat(fake);
    await appSays(fake, OPENING_PT);
    const reactions = collected.map((entry) => entry.reaction);
    const exact = reactions.filter((reaction) => reaction.text === '!participar');
    const counted = reactions.filter((reaction) => reaction.text.trim().toLowerCase() === '!participar');
    const enteringViewers = new Set(counted.map((reaction) => reaction.chatterId));
    expect(enteringViewers.size).toBeGreaterThan(viewers.length * 0.45);
    expect(enteringViewers.size).toBeLessThan(viewers.length * 0.75);
    expect(counted.length - exact.length).toBeGreaterThan(10);
    expect(counted.some((reaction) => reaction.text !== reaction.text.trim())).toBe(true);
    expect(counted.some((reaction) => /[A-Z]/.test(reaction.text))).toBe(true);
    // A few type it twice, a few type something else.
    expect(counted.length - enteringViewers.size).toBeGreaterThan(0);
    expect(counted.length - enteringViewers.size).toBeLessThan(viewers.length * 0.15);
    const other = reactions.filter((reaction) => reaction.text.trim().toLowerCase() !== '!participar');
    expect(other.length).toBeGreaterThan(0);
    expect(other.length).toBeLessThan(viewers.length * 0.15);
    expect(
      reactions.every((reaction) => reaction.cause === 'entry' && viewers.includes(reaction.chatterId)),
    ).toBe(true);
    const delays = reactions.map((reaction) => reaction.delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_500);
    expect(Math.max(...delays)).toBeGreaterThan(20_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);

    // Typed in time order, they reach the chat as the viewers' own messages.
    const before = fake.chatMessages.length;
    const leaving = collected[0]?.reaction.chatterId ?? '';
    fake.channel().leave(leaving);
    for (const { say } of [...collected].sort((a, b) => a.reaction.delayMs - b.reaction.delayMs)) say();
    const typed = fake.chatMessages.slice(before);
    const fromLeaver = collected.filter((entry) => entry.reaction.chatterId === leaving).length;
    expect(typed).toHaveLength(collected.length - fromLeaver);
    expect(typed.every((message) => message.via === 'chat' && message.chatterId !== leaving)).toBe(true);
  });

  it('claim when named and in chat, after 1-8 s, about seven times in ten; others stay silent', async () => {
    const { fake, collected } = await fakeWithCollectedReactions();
    const viewers = viewersInChat(fake).slice(0, 200);
    for (const id of viewers) {
      const login = fake.world.findById(id)?.login;
      await appSays(fake, `@${login} ganhou skin dourada! Digite !claim em 60 s`);
    }
    const claims = collected.map((entry) => entry.reaction);
    expect(claims.length).toBeGreaterThan(viewers.length * 0.6);
    expect(claims.length).toBeLessThan(viewers.length * 0.8);
    expect(new Set(claims.map((claim) => claim.chatterId)).size).toBe(claims.length);
    for (const claim of claims) {
      expect(claim.cause).toBe('claim');
      expect(claim.text.trim().toLowerCase()).toBe('!claim');
      expect(claim.delayMs).toBeGreaterThanOrEqual(1_000);
      expect(claim.delayMs).toBeLessThanOrEqual(8_000);
    }
    const absent = fake.world.population.at(fake.channel().audienceSize + 50);
    expect(fake.channel().isPresent(absent.id)).toBe(false);
    const count = collected.length;
    await appSays(fake, `@${absent.login} won! Type !claim within 60 s`);
    await appSays(fake, '@ninguem_aqui_123 ganhou! Digite !claim em 60 s');
    expect(collected).toHaveLength(count);
  });

  it('answer the same way for the same seed and chat, and differently for another seed', async () => {
    const plans = async (seed: string) => {
      const { fake, collected } = await fakeWithCollectedReactions({}, seed);
      await appSays(fake, 'Giveaway open! Type !quero in chat to enter.');
      return collected.map(({ reaction }) => `${reaction.chatterId} ${reaction.delayMs} ${reaction.text}`);
    };
    const first = await plans('same');
    expect(await plans('same')).toEqual(first);
    expect(await plans('other')).not.toEqual(first);
  });

  it('stay silent in tests unless switched on; the sandbox switches them on', async () => {
    const quiet = await startFakeTwitch();
    started.push(quiet);
    await appSays(quiet, OPENING_PT);
    expect(quiet.pendingViewerReactions).toBe(0);
    const sandbox = await startFakeTwitch({ sandbox: { churnEveryMs: 3_600_000, chatEveryMs: 3_600_000 } });
    started.push(sandbox);
    await appSays(sandbox, OPENING_PT);
    expect(sandbox.pendingViewerReactions).toBeGreaterThan(100);
    sandbox.stopViewerReactions();
    expect(sandbox.pendingViewerReactions).toBe(0);
  });

  it('type a claim on a timer once switched on, and read it from chat like any viewer', async () => {
    const fake = await startFakeTwitch();
    started.push(fake);
    const winner = fake.world.findById(viewersInChat(fake)[0] ?? '');
    // A scheduler that keeps the order but not the seconds: the test waits for the message itself.
    const scheduled: PlannedReaction[] = [];
    fake.startViewerReactions({
      claimChance: 1,
      schedule: (reaction, say) => {
        scheduled.push(reaction);
        setTimeout(say, 5);
      },
    });
    const before = fake.chatMessages.length;
    await appSays(fake, `@${winner?.login} won skin dourada! Type !claim within 60 s`);
    await vi.waitFor(() =>
      expect(fake.chatMessages.slice(before).find((message) => message.via === 'chat')).toMatchObject({
        chatterLogin: winner?.login,
      }),
    );
    const typed = fake.chatMessages.slice(before).find((message) => message.via === 'chat');
    expect(typed?.text.trim().toLowerCase()).toBe('!claim');
    expect(scheduled).toHaveLength(1);
    // A viewer's own message is not the app's: nobody answers it (answers are planned as it is said).
    fake.typeInChat('kinoyu_sandbox', 'curioso_01', `@${winner?.login} ganhou! Digite !claim em 60 s`);
    expect(scheduled).toHaveLength(1);
  });
});

import { parseAppAnnouncement } from './app-announcements.ts';
import type { ChatMessageRecord, ChatRoom } from './chat-room.ts';
import type { FakeChannel } from './fake-channel.ts';
import type { FakeWorld } from './fake-world.ts';
import { pick, type SeededRandom, seededRandom } from './random.ts';

/** A message a simulated viewer is going to type in answer to the app, and when. */
export interface PlannedReaction {
  readonly cause: 'entry' | 'claim';
  readonly broadcasterId: string;
  readonly chatterId: string;
  readonly chatterLogin: string;
  readonly text: string;
  /** How long after the app's message (ms). */
  readonly delayMs: number;
}

/** Runs a planned reaction: calling `say` types it, if the viewer is still in chat by then. */
export type ReactionScheduler = (reaction: PlannedReaction, say: () => void) => void;

/** How simulated viewers answer the app's chat lines. */
export interface ViewerReactionOptions {
  /** Seed of their choices (default "viewer-reactions"): the same seed and chat, the same answers. */
  readonly seed?: string;
  /** Share of the viewers in chat who type the keyword when entries open (default 0.6). */
  readonly entryShare?: number;
  /** Chance that a winner who is in chat claims (default 0.7). */
  readonly claimChance?: number;
  /** Who runs the planned reactions: real timers by default; a test passes its own to step through them. */
  readonly schedule?: ReactionScheduler;
}

// Entries arrive over the first 45 s, most of them early (the delay is a squared uniform).
const ENTRY_FIRST_MS = 1_500;
const ENTRY_SPREAD_MS = 45_000;
const TYPED_TWICE_SHARE = 0.06;
const OTHER_TEXT_SHARE = 0.06;
/** However big the chat, at most this many viewers answer one opening. */
const MAX_ENTRY_REACTIONS = 1_000;
const CLAIM_FIRST_MS = 1_000;
const CLAIM_LAST_MS = 8_000;
const OTHER_TEXTS = [
  'eu quero!',
  'como participa?',
  'boa sorte galera',
  'entrei?',
  'quero quero quero',
  'me escolhe 🙏',
  'bora!!',
];

/**
 * Simulated viewers who answer the app's own chat lines (sent through Send Chat Message): when entries
 * open, a good share of the chat types the keyword over the next seconds (some in other letter case or
 * with extra spaces, a few twice, a few typing something else); when a claim call names a viewer who is
 * in chat, they type the word after 1-8 s, most of the time. On in the sandbox, off in tests unless
 * switched on.
 */
export class ViewerReactions {
  readonly #timers = new Set<NodeJS.Timeout>();
  #random: SeededRandom = seededRandom('viewer-reactions');
  #options: ViewerReactionOptions = {};
  #stopListening: (() => void) | undefined;

  constructor(
    private readonly world: FakeWorld,
    private readonly chat: ChatRoom,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether viewers answer the app. */
  get running(): boolean {
    return this.#stopListening !== undefined;
  }

  /** Reactions waiting on the default timers. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Starts answering the app's messages (restarting the random choices from the seed). */
  start(options: ViewerReactionOptions = {}): void {
    this.stop();
    this.#options = options;
    this.#random = seededRandom(options.seed ?? 'viewer-reactions');
    this.#stopListening = this.chat.onMessage((message) => this.#answer(message));
  }

  /** Stops answering; reactions waiting on the default timers are dropped. */
  stop(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** What the viewers of that channel would type in answer to a line of the app (uses up random draws). */
  plan(broadcasterId: string, text: string): PlannedReaction[] {
    const announcement = parseAppAnnouncement(text);
    const channel = this.world.findChannel(broadcasterId);
    if (!announcement || !channel) return [];
    return announcement.kind === 'entry_opened'
      ? this.#planEntries(channel, announcement.word)
      : this.#planClaim(channel, announcement);
  }

  #answer(message: ChatMessageRecord): void {
    if (message.via !== 'helix') return;
    try {
      const schedule = this.#options.schedule ?? ((reaction, say) => this.#later(reaction.delayMs, say));
      for (const reaction of this.plan(message.broadcasterId, message.text))
        schedule(reaction, () => this.#say(reaction));
    } catch (error) {
      this.onError(error);
    }
  }

  #planEntries(channel: FakeChannel, word: string): PlannedReaction[] {
    const random = this.#random;
    const share = this.#options.entryShare ?? 0.6;
    const planned: PlannedReaction[] = [];
    for (const chatterId of this.#viewersInChat(channel)) {
      if (planned.length >= MAX_ENTRY_REACTIONS) break;
      const roll = random();
      if (roll >= share + OTHER_TEXT_SHARE) continue;
      const delayMs = Math.round(ENTRY_FIRST_MS + random() ** 2 * ENTRY_SPREAD_MS);
      const entry = (text: string, delay: number) => this.#reaction('entry', channel, chatterId, text, delay);
      if (roll >= share) {
        // Not the keyword: chatter about it, or a typo of it.
        const text = random() < 0.3 ? word.slice(0, -1) : pick(random, OTHER_TEXTS);
        planned.push(entry(text, delayMs));
        continue;
      }
      planned.push(entry(typedLike(word, random), delayMs));
      if (random() < TYPED_TWICE_SHARE)
        planned.push(entry(typedLike(word, random), delayMs + 2_000 + Math.round(random() * 8_000)));
    }
    return planned;
  }

  #planClaim(channel: FakeChannel, call: { login: string; word: string }): PlannedReaction[] {
    const winner = this.world.findByLogin(call.login);
    if (!winner || !channel.isPresent(winner.id)) return [];
    if (this.#random() >= (this.#options.claimChance ?? 0.7)) return [];
    const delayMs = Math.round(CLAIM_FIRST_MS + this.#random() * (CLAIM_LAST_MS - CLAIM_FIRST_MS));
    return [this.#reaction('claim', channel, winner.id, typedLike(call.word, this.#random), delayMs)];
  }

  #viewersInChat(channel: FakeChannel): string[] {
    const broadcasterId = channel.broadcaster.id;
    return channel.chatterIds.filter((id) => id !== '' && id !== broadcasterId && !channel.isBot(id));
  }

  #reaction(
    cause: PlannedReaction['cause'],
    channel: FakeChannel,
    chatterId: string,
    text: string,
    delayMs: number,
  ): PlannedReaction {
    const chatterLogin = this.world.findById(chatterId)?.login ?? chatterId;
    return { cause, broadcasterId: channel.broadcaster.id, chatterId, chatterLogin, text, delayMs };
  }

  // A viewer who left the chat in the meantime says nothing.
  #say(reaction: PlannedReaction): void {
    const channel = this.world.findChannel(reaction.broadcasterId);
    if (!channel?.isPresent(reaction.chatterId)) return;
    this.chat.say({ broadcaster: reaction.broadcasterId, chatter: reaction.chatterId, text: reaction.text });
  }

  #later(delayMs: number, say: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      try {
        say();
      } catch (error) {
        this.onError(error);
      }
    }, delayMs).unref();
    this.#timers.add(timer);
  }
}

/** The word as people type it: mostly as given, sometimes in other letter case or with extra spaces. */
function typedLike(word: string, random: SeededRandom): string {
  const style = random();
  if (style < 0.12) return word.toUpperCase();
  if (style < 0.2) return word.replace(/\p{L}/u, (letter) => letter.toUpperCase());
  if (style < 0.3) return pick(random, [`  ${word}`, `${word}   `, ` ${word} `]);
  return word;
}

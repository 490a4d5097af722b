import type { ChatMessageRecord, ChatRoom } from './chat-room.ts';
import type { ChurnResult } from './fake-channel.ts';
import type { FakeWorld } from './fake-world.ts';
import { pick, seededRandom } from './random.ts';

/** How lively the sandbox is. */
export interface SandboxActivityOptions {
  /** Viewers join and leave every this many ms (default 15 s). */
  readonly churnEveryMs?: number;
  /** A viewer says something every this many ms (default 6 s). */
  readonly chatEveryMs?: number;
}

const PHRASES = [
  'boa noite chat!',
  'salve salve',
  'kkkkkkk',
  'bora sorteio!',
  'GG',
  'que jogada',
  'LUL',
  'alguém ganhou?',
  'quero a skin dourada',
  'primeira vez aqui, oi!',
  'to na torcida',
  'Kappa',
  'F',
  'eita',
  'boa sorte a todos',
  'manda o sorteio!',
  'PogChamp',
  'ahahah',
  'tmj',
  'que stream boa',
  'hello from Portugal',
  'oi oi',
  'hype!!',
] as const;

/** The sandbox's life: viewers coming and going, and chatting, on timers or one step at a time. */
export class SandboxActivity {
  readonly #random = seededRandom('sandbox-chat');
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly world: FakeWorld,
    private readonly chat: ChatRoom,
  ) {}

  /** Whether the timers run. */
  get running(): boolean {
    return this.#timers.length > 0;
  }

  /** Starts the timers (restarting them with new periods if they already run). */
  start(options: SandboxActivityOptions = {}): void {
    this.stop();
    this.#timers = [
      setInterval(() => this.#everyChannel((id) => this.churn(id)), options.churnEveryMs ?? 15_000).unref(),
      setInterval(() => this.#everyChannel((id) => this.chatter(id)), options.chatEveryMs ?? 6_000).unref(),
    ];
  }

  /** Stops the timers. */
  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
  }

  /** One step of viewers joining and leaving a channel (the default channel when none is given). */
  churn(broadcaster?: string): ChurnResult {
    return this.world.channel(broadcaster).churn();
  }

  /** A random viewer of a channel says a random phrase; undefined when the chat is empty. */
  chatter(broadcaster?: string): ChatMessageRecord | undefined {
    const channel = this.world.channel(broadcaster);
    const chatter = channel.randomChatter();
    if (chatter === undefined) return undefined;
    return this.chat.say({ broadcaster: channel.broadcaster.id, chatter, text: pick(this.#random, PHRASES) });
  }

  #everyChannel(step: (broadcasterId: string) => void): void {
    for (const channel of this.world.channels) step(channel.broadcaster.id);
  }
}

import { chatMessageEvent } from './eventsub-frames.external.ts';
import type { EventSubHub } from './eventsub-hub.ts';
import type { FakeWorld } from './fake-world.ts';

/** A chat message to say in a channel. */
export interface ChatMessageInput {
  /** Broadcaster id or login; the default channel when absent. */
  readonly broadcaster?: string;
  /** Chatter id or login (an unknown login becomes a new account); a random viewer in chat when absent. */
  readonly chatter?: string;
  readonly text: string;
  /** The Twitch message id (a fresh UUID when absent). */
  readonly messageId?: string;
  /** How many times EventSub delivers it, with the same message id (at-least-once delivery). Default 1. */
  readonly deliveries?: number;
}

/** A message said in a fake chat. */
export interface ChatMessageRecord {
  readonly messageId: string;
  readonly broadcasterId: string;
  readonly chatterId: string;
  readonly chatterLogin: string;
  readonly text: string;
  readonly time: number;
  /** 'chat' for viewers' messages, 'helix' for Send Chat Message. */
  readonly via: 'chat' | 'helix';
  /** How many notification frames went out for it (all deliveries, all subscribed sockets). */
  readonly framesSent: number;
}

const KEPT_MESSAGES = 10_000;

/** Told about every message said, after it was recorded and delivered. */
export type ChatListener = (message: ChatMessageRecord) => void;

/** The chats of the fake world: says messages, records them, and hands them to EventSub. */
export class ChatRoom {
  readonly #messages: ChatMessageRecord[] = [];
  readonly #listeners = new Set<ChatListener>();

  constructor(
    private readonly world: FakeWorld,
    private readonly eventSub: EventSubHub,
  ) {}

  /** The latest messages (up to 10,000), oldest first. */
  get messages(): readonly ChatMessageRecord[] {
    return this.#messages;
  }

  /** Calls `listener` with every message said from now on; returns the way to stop. */
  onMessage(listener: ChatListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Says a message: the chatter joins the chat if needed (nobody talks from outside it). */
  say(input: ChatMessageInput & { via?: 'chat' | 'helix' }): ChatMessageRecord {
    const channel = this.world.channel(input.broadcaster);
    const chatterId = input.chatter ?? channel.randomChatter();
    if (chatterId === undefined) throw new Error(`nobody is in the chat of ${channel.broadcaster.login}`);
    const chatter = this.world.ensureAccount(chatterId);
    if (chatter.id !== channel.broadcaster.id && input.via !== 'helix') channel.join(chatter.id);
    const event = chatMessageEvent(channel, chatter, input.text, input.messageId);
    let framesSent = this.eventSub.deliverChatMessage(event);
    for (let again = 1; again < (input.deliveries ?? 1); again++)
      framesSent += this.eventSub.redeliver(event.message_id);
    const record: ChatMessageRecord = {
      messageId: event.message_id,
      broadcasterId: channel.broadcaster.id,
      chatterId: chatter.id,
      chatterLogin: chatter.login,
      text: input.text,
      time: Date.now(),
      via: input.via ?? 'chat',
      framesSent,
    };
    this.#messages.push(record);
    if (this.#messages.length > KEPT_MESSAGES) this.#messages.shift();
    for (const listener of this.#listeners) listener(record);
    return record;
  }
}

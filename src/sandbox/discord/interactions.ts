import type { DiscordJson } from './payloads.external.ts';
import type { ChangeWaiters } from './waiting.ts';

/** One answer the bot gave to an interaction, in the order Discord received it. */
export interface InteractionResponse {
  /** `callback` is the initial response; the others come later through the interaction webhook. */
  kind: 'callback' | 'edit_original' | 'followup' | 'edit_followup' | 'delete';
  /** The callback type (4 reply, 5 defer, 6 deferUpdate, 7 update, 9 modal…), for callbacks only. */
  type?: number;
  body: DiscordJson;
  at: number;
}

/** An answer Discord refused (too late, a second callback…), with the error it returned. */
export interface RefusedInteractionResponse extends InteractionResponse {
  status: number;
  code: number;
  message: string;
}

/** An interaction the fake dispatched, and what the bot answered. */
export interface FakeInteraction {
  id: string;
  token: string;
  /** Every accepted response in order: the callback, then webhook edits and follow-ups. */
  responses: InteractionResponse[];
  /** Responses Discord refused, e.g. a callback after the 3-second deadline. */
  refused: RefusedInteractionResponse[];
  /** The id of the message the webhook's `@original` points at, once there is one. */
  readonly originalMessageId: string | undefined;
  /** The first response matching `predicate` (any by default), now or when it arrives. */
  waitForResponse(
    predicate?: (response: InteractionResponse) => boolean,
    timeoutMs?: number,
  ): Promise<InteractionResponse>;
}

/** Where an interaction happened and what it was about. */
export interface InteractionOrigin {
  readonly kind: 'command' | 'component' | 'modal';
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The message whose button was clicked (or whose button opened the modal). */
  readonly componentMessageId?: string;
}

/** The fake's record of one interaction. */
export class InteractionRecord implements FakeInteraction {
  readonly responses: InteractionResponse[] = [];
  readonly refused: RefusedInteractionResponse[] = [];
  readonly dispatchedAt = Date.now();
  acknowledged = false;
  originalMessageId: string | undefined;
  /** A deferred reply still "thinking": the first follow-up replaces it instead of posting anew. */
  originalIsLoading = false;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly origin: InteractionOrigin,
    private readonly waiters: ChangeWaiters,
  ) {}

  waitForResponse(
    predicate: (response: InteractionResponse) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<InteractionResponse> {
    return this.waiters.waitFor(
      () => this.responses.find(predicate),
      timeoutMs,
      `matching response to interaction ${this.id}`,
    );
  }
}

/** The interactions dispatched so far, by id and by token. */
export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  /** Records a newly dispatched interaction. */
  add(record: InteractionRecord): void {
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
  }

  /** The interaction with this id, if its token matches too. */
  find(id: string, token: string): InteractionRecord | undefined {
    const record = this.#byId.get(id);
    return record?.token === token ? record : undefined;
  }

  /** The interaction with this id. */
  byId(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  /** The interaction whose webhook token this is. */
  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }
}

import type { CommandRegistry } from './command-registry.ts';
import type { Dispatcher } from './dispatches.ts';
import type { InteractionRegistry } from './interactions.ts';
import type { FakeState } from './state.ts';
import type { ChangeWaiters } from './waiting.ts';

/** What the REST routes share: the state, the gateway dispatcher and the fake's settings. */
export interface FakeContext {
  readonly state: FakeState;
  readonly dispatcher: Dispatcher;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandRegistry;
  readonly waiters: ChangeWaiters;
  readonly token: string;
  readonly applicationId: string;
  /** How long after dispatch an interaction's first response is accepted (Discord: 3 s). */
  readonly interactionDeadlineMs: number;
  /** The shard count `GET /gateway/bot` recommends. */
  readonly recommendedShards: number;
  /** The gateway's `ws://` URL. */
  gatewayUrl(): string;
}

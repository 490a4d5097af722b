import type { ChatRoom } from './chat-room.ts';
import type { EventSubHub } from './eventsub-hub.ts';
import type { FakeWorld } from './fake-world.ts';
import type { OAuthGrants } from './oauth-grants.ts';
import type { RateLimitBuckets } from './rate-limit.ts';

/** The one application registered with the fake Twitch. */
export interface FakeClient {
  /** At least 30 characters, as the Twitch CLI mock requires of a Client-Id. */
  readonly id: string;
  readonly secret: string;
  /** The name the consent screen shows. */
  readonly name: string;
  /** Accepted redirect URIs (exact match); empty accepts any http(s) URI. */
  readonly redirectUris: readonly string[];
}

/** What every route of the fake can reach. */
export interface FakeContext {
  readonly client: FakeClient;
  readonly world: FakeWorld;
  readonly grants: OAuthGrants;
  readonly buckets: RateLimitBuckets;
  readonly eventSub: EventSubHub;
  readonly chat: ChatRoom;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  readonly baseUrl: () => string;
}

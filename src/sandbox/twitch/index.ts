// The fake Twitch: the built-in sandbox and the stand-in the tests run the real twurple client against.
export { type AppAnnouncement, parseAppAnnouncement } from './app-announcements.ts';
export type { ChatMessageInput, ChatMessageRecord } from './chat-room.ts';
export type { EventSubSessionInfo } from './eventsub-sessions.ts';
export type {
  ChurnResult,
  FakeChannel,
  FakeStream,
  FakeSubscription,
  SetChattersOptions,
} from './fake-channel.ts';
export {
  FAKE_TWITCH_SCOPES,
  FakeTwitch,
  type FakeTwitchOptions,
  type FakeUserToken,
  startFakeTwitch,
} from './fake-twitch.ts';
export {
  type ChannelSeed,
  type DateInput,
  type FakeFollower,
  FakeWorld,
  SANDBOX_CHANNEL,
} from './fake-world.ts';
export type { InjectedFailure } from './fault-switches.ts';
export type { RequestLogEntry } from './request-log.ts';
export type { SandboxActivityOptions } from './sandbox-activity.ts';
export type { FakeAccount } from './viewer-population.ts';
export type { PlannedReaction, ReactionScheduler, ViewerReactionOptions } from './viewer-reactions.ts';

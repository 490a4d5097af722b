// The contract between the API, the bot, the browser scripts and the event streams: every code list,
// schema and type that crosses one of those boundaries, declared once. Browser scripts import the
// files they need with `import type`, so no schema enters their bundles.
export * from './channels.ts';
export * from './chatters.ts';
export * from './codes.ts';
export * from './common.ts';
export * from './connect.ts';
export * from './discord.ts';
export * from './draws.ts';
export * from './entries.ts';
export * from './event-types.ts';
export * from './events.ts';
export * from './health.ts';
export * from './items.ts';
export * from './languages.ts';
export * from './overlay.ts';
export * from './prizes.ts';
export * from './raffle.ts';
export * from './raffles.ts';
export * from './sessions.ts';
export * from './settings.ts';
export * from './text.ts';

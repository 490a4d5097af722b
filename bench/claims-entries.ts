// SPEC §8 for the viewers' side of a giveaway, with the real API services, the real twurple EventSub
// listener and the fake Twitch answering Helix in 20 ms per call:
// - claim latency: a winner's claim word arrives in chat → the slot is `claimed` and committed (the
//   `raffle.claimed` event is published after the commit); target ≤ 500 ms;
// - expiry lateness: a window's deadline → its redraw is committed and published; target ≤ 1 s;
// - entries: 1,000 viewers type the keyword within 10 s with both anti-alt rules on (Get Users and
//   Get Channel Followers through Helix) → each entry decided (its checked_at); target ≤ 500 ms each.
// Run alone with `npm run bench:claims`.
import pino from 'pino';
import { createServices } from '../src/api/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { SANDBOX_CHANNEL, startFakeTwitch } from '../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../src/twitch/twitch-setup.ts';
import { formatMs } from './format.ts';
import { percentile } from './statistics.ts';

const TWITCH_DELAY_MS = 20;
const CLAIM_ROUNDS = 30;
const EXPIRY_ROUNDS = 30;
const ENTRANTS = 1000;
const ENTRY_SPREAD_MS = 10_000;
const CLAIM_TARGET_MS = 500;
const EXPIRY_TARGET_MS = 1000;
const ENTRY_TARGET_MS = 500;

const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Measures the three latencies and returns the Markdown section for bench/RESULTS.md. */
export async function measureClaimsAndEntries(databaseUrl?: string): Promise<string> {
  const database = await openDatabase({ databaseUrl });
  await migrate(database);
  const twitch = await startFakeTwitch();
  const logger = pino({ level: 'silent' });
  const config = loadConfig({
    NODE_ENV: 'test',
    API_TOKEN: 'bench-service-token-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    TWITCH_MOCK_URL: twitch.url,
    TWITCH_CLIENT_ID: twitch.clientId,
    TWITCH_CLIENT_SECRET: twitch.clientSecret,
    LOG_LEVEL: 'silent',
  });
  const services = createServices(
    config,
    database,
    logger,
    await setUpTwitch(config, logger, () => Promise.reject()),
  );
  const claimedAt = new Map<string, number>();
  const redrawnAt = new Map<string, number>();
  services.events.subscribe((event) => {
    if (event.type === 'raffle.claimed')
      claimedAt.set(`${event.raffleId}:${event.position}`, performance.now());
    if (event.type === 'raffle.drawn' && event.trigger === 'unclaimed') {
      redrawnAt.set(`${event.raffleId}:${event.position}`, Date.now());
    }
  });
  try {
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await services.tokenStore.save(channel.id, twitch.issueUserToken());
    twitch.setChatterCount(ENTRANTS, { includeBots: false });
    const listener = services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    await services.claims.start();
    twitch.setDelay(TWITCH_DELAY_MS, '/mock/');
    await services.settings.update(channel.id, {
      cooldownMinutes: 0,
      claimEnabled: true,
      claimSeconds: 3600,
      claimMaxRedraws: 20,
    });
    const draw = async () => {
      const outcome = await services.draws.drawNow({
        login: channel.login,
        channel,
        winners: 1,
        context: { trigger: 'command', requestedByGuild: null },
      });
      if (outcome.kind !== 'drawn') throw new Error(`no draw: ${outcome.kind}`);
      return outcome.result;
    };

    // 1. Claims: the holder types the word; the clock stops when raffle.claimed is published.
    const claimSamples: number[] = [];
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const result = await draw();
      const holder = result.winners[0];
      if (!holder) throw new Error('no winner');
      const startedAt = performance.now();
      twitch.pushChatMessage({ chatter: holder.userId, text: '!claim' });
      const key = `${result.raffleId}:1`;
      await until(() => claimedAt.has(key), 10_000, 'a claim');
      claimSamples.push((claimedAt.get(key) ?? 0) - startedAt);
    }

    // 2. Expiry: windows ending at known moments, one every 150 ms; lateness = redraw published − deadline.
    const deadlines = new Map<string, number>();
    const drawn = [];
    for (let round = 0; round < EXPIRY_ROUNDS; round++) drawn.push(await draw());
    const base = Date.now() + 500;
    for (const [index, result] of drawn.entries()) {
      const deadline = base + index * 150;
      deadlines.set(`${result.raffleId}:1`, deadline);
      await database.db
        .updateTable('raffle_winners')
        .set({ claim_deadline: new Date(deadline) })
        .where('raffle_id', '=', result.raffleId)
        .where('replaced_at', 'is', null)
        .execute();
    }
    await until(() => [...deadlines.keys()].every((key) => redrawnAt.has(key)), 30_000, 'the redraws');
    const expirySamples = [...deadlines].map(([key, deadline]) => (redrawnAt.get(key) ?? 0) - deadline);

    // 3. Entries: 1,000 viewers type the keyword over 10 s with both anti-alt rules on.
    await services.settings.update(channel.id, { minAccountAgeDays: 30, minFollowDays: 7 });
    const opened = await services.entries.open(channel, '!participar', null);
    const windowId = opened.windowId ?? 0;
    const viewers = [...twitch.channel().chatterIds].slice(0, ENTRANTS);
    const typedAt = new Map<string, number>();
    const started = Date.now();
    for (const [index, viewer] of viewers.entries()) {
      const due = started + (index * ENTRY_SPREAD_MS) / viewers.length;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      typedAt.set(viewer, Date.now());
      twitch.pushChatMessage({ chatter: viewer, text: '!participar' });
    }
    const decided = async () => {
      const row = await database.db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('window_id', '=', windowId)
        .where('checked_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.count) >= viewers.length;
    };
    await until(decided, 60_000, 'the entries');
    const entries = await database.db
      .selectFrom('entries')
      .select(['user_id', 'state', 'reason', 'checked_at'])
      .where('window_id', '=', windowId)
      .execute();
    const entrySamples = entries.map(
      (entry) => (entry.checked_at?.getTime() ?? 0) - (typedAt.get(entry.user_id) ?? 0),
    );
    const entered = entries.filter((entry) => entry.state === 'entered').length;
    const refused = entries.length - entered;
    const helixCalls = twitch.requestCount('/mock/users') + twitch.requestCount('/mock/channels/followers');

    const row = (name: string, samples: number[], target: number) => {
      const p50 = percentile(samples, 50);
      const p95 = percentile(samples, 95);
      return `| ${name} | ${formatMs(p50)} ms | ${formatMs(p95)} ms | ${formatMs(Math.max(...samples))} ms | ≤ ${formatMs(target)} ms ${p95 <= target ? '✅' : '❌'} |`;
    };
    return [
      '## Claim windows and keyword entries',
      '',
      `${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}; the real API services and twurple EventSub listener; the fake Twitch answering Helix in ${TWITCH_DELAY_MS} ms per call. Claims: ${CLAIM_ROUNDS} draws, the winner types the word, until \`raffle.claimed\` (published after the commit). Expiry: ${EXPIRY_ROUNDS} windows ending 150 ms apart, until the redraw is published (the pass runs every 250 ms). Entries: ${ENTRANTS.toLocaleString('en')} viewers type the keyword within ${ENTRY_SPREAD_MS / 1000} s with \`minAccountAgeDays\` 30 and \`minFollowDays\` 7 on, until each entry is decided (${entered} entered, ${refused} refused, ${entries.length} recorded of ${viewers.length}; ${helixCalls} Helix calls).`,
      '',
      '| measure | p50 | p95 | max | target (SPEC §8, on p95) |',
      '|---|---|---|---|---|',
      row('claim word in chat → claimed', claimSamples, CLAIM_TARGET_MS),
      row('deadline → redraw published', expirySamples, EXPIRY_TARGET_MS),
      row('keyword in chat → entry decided (anti-alt checks)', entrySamples, ENTRY_TARGET_MS),
      '',
    ].join('\n');
  } finally {
    await services.claims.stop();
    services.chatListener?.stop();
    await services.events.close();
    await twitch.close();
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureClaimsAndEntries(process.env.BENCH_DATABASE_URL));
}

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor/doctor.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { QUICKNET } from '../../src/raffles/beacon.ts';
import { type FakeDiscord, startFakeDiscord } from '../../src/sandbox/discord/index.ts';
import { type LocalBeacon, startLocalBeacon } from '../../src/sandbox/drand/index.ts';
import { type FakeTwitch, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { QUICKNET_INFO, quicknetRoutes, startReplayRelay } from '../helpers/drand.ts';
import { freePort, PROJECT_ROOT } from '../helpers/process.ts';

const SECRETS = {
  API_TOKEN: 'doctor-test-service-token-0123456789',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  SESSION_SECRET: 'doctor-test-session-secret-0123456789abcdef',
};

/** Runs the doctor in-process; its exit code and what it printed. */
async function doctor(
  environment: Record<string, string | undefined>,
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runDoctor(environment, { out: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

// `npx kinoyu doctor` (SPEC §5): a good configuration passes; each kind of fault fails with its fix
// named, against the fake Twitch, the fake Discord, a test database and (when given) a real Redis.
describe('kinoyu doctor', () => {
  let dataDir: string;
  let twitch: FakeTwitch;
  let discord: FakeDiscord;
  let discordWithoutIntent: FakeDiscord;
  let drand: LocalBeacon;
  let databaseUrl: string | undefined;
  let destroyDatabase: () => Promise<void> = async () => {};
  let good: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-doctor-'));
    // A migrated database: a PostgreSQL copy of the template, or a PGlite in DATA_DIR/pglite (closed
    // again, so the doctor can open it).
    const database = await openTestDatabase({ dataDir: path.join(dataDir, 'pglite') });
    databaseUrl = database.url;
    if (databaseUrl) destroyDatabase = () => database.destroy();
    else await database.destroy();
    [twitch, discord, discordWithoutIntent, drand] = await Promise.all([
      startFakeTwitch(),
      startFakeDiscord(),
      startFakeDiscord({ messageContentIntent: false }),
      startLocalBeacon(),
    ]);
    good = {
      NODE_ENV: 'test',
      ...SECRETS,
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1:3999',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      ...(process.env.TEST_REDIS_URL && { REDIS_URL: process.env.TEST_REDIS_URL }),
      TWITCH_CLIENT_ID: twitch.clientId,
      TWITCH_CLIENT_SECRET: twitch.clientSecret,
      TWITCH_MOCK_URL: twitch.url,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      // No test reaches drand's public relays: the local beacon stands in for them.
      DRAND_URLS: drand.url,
      DRAND_CHAIN_HASH: drand.chainHash,
    };
  });
  afterAll(async () => {
    await Promise.all([twitch?.close(), discord?.close(), discordWithoutIntent?.close(), drand?.close()]);
    await destroyDatabase();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes a good configuration, lists the redirect URLs to register, and prints no secret', async () => {
    const { code, output } = await doctor(good);
    expect(output).not.toContain('✗');
    expect(code).toBe(0);
    expect(output).toMatch(/✓ database: .*all \d+ migrations applied/);
    expect(output).toContain('✓ Twitch app: the stand-in');
    expect(output).toContain('http://127.0.0.1:3999/auth/twitch/callback');
    expect(output).toContain('http://127.0.0.1:3999/auth/twitch/viewer/callback');
    expect(output).toContain('Message Content intent on');
    expect(output).toContain(
      `✓ drand beacon: chain ${drand.chainHash.slice(0, 8)}…${drand.chainHash.slice(-4)} from 1 of 1 relay`,
    );
    expect(output).toContain(`✓ ${drand.url}: period 1 s`);
    if (process.env.TEST_REDIS_URL) expect(output).toContain('answers PING');
    for (const secret of [twitch.clientSecret, discord.token, ...Object.values(SECRETS)])
      expect(output).not.toContain(secret);
  });

  it('tells how the bot shards run, with the count Discord recommends', async () => {
    const { code, output } = await doctor({ ...good, DISCORD_SHARDS: 'auto' });
    expect(output).toContain('DISCORD_SHARDS=auto (Discord recommends 1 shard now)');
    expect(code).toBe(0);
  });

  it('lists the migrations not applied yet and how to apply them', async () => {
    const database = await openDatabase(
      databaseUrl ? { databaseUrl, poolSize: 1 } : { pgliteDir: path.join(dataDir, 'pglite') },
    );
    const last = (database: Database) =>
      sql<{
        name: string;
        checksum: string;
      }>`select name, checksum from schema_migrations order by name desc limit 1`
        .execute(database.db)
        .then((result) => result.rows[0]);
    const removed = await last(database);
    if (!removed) throw new Error('the test database has no migrations recorded');
    await sql`delete from schema_migrations where name = ${removed.name}`.execute(database.db);
    // The embedded database has one owner: closed while the doctor looks.
    if (!databaseUrl) await database.close();
    try {
      const { code, output } = await doctor(good);
      expect(code).toBe(1);
      expect(output).toContain(`1 migration(s) are pending: ${removed.name}`);
      expect(output).toContain('fix migrations: run `npx kinoyu migrate`');
    } finally {
      const again = databaseUrl ? database : await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      await sql`insert into schema_migrations (name, checksum) values (${removed.name}, ${removed.checksum})`.execute(
        again.db,
      );
      await again.close();
    }
  });

  it('runs the sandbox and no bot without credentials, which is not a fault', async () => {
    const { TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, TWITCH_MOCK_URL, DISCORD_TOKEN, DRAND_URLS, ...rest } =
      good;
    const { code, output } = await doctor(rest);
    expect(output).toContain('✓ Twitch app: sandbox (no credentials)');
    expect(output).toContain('✓ Discord bot: bot off (no DISCORD_TOKEN)');
    expect(output).toContain('✓ drand beacon: sandbox: KinoYu runs a local beacon');
    expect(code).toBe(0);
  });

  it('says which drand relays answer for the chain, naming one that does not answer', async () => {
    const port = await freePort();
    const { code, output } = await doctor({ ...good, DRAND_URLS: `${drand.url},http://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(output).toContain(
      `✗ drand beacon: chain ${drand.chainHash.slice(0, 8)}…${drand.chainHash.slice(-4)} from 1 of 2 relays`,
    );
    expect(output).toContain(`✓ ${drand.url}: period 1 s`);
    expect(output).toContain(`✗ http://127.0.0.1:${port}: unreachable (ECONNREFUSED)`);
    expect(output).toContain('fix DRAND_URLS: remove or correct the relays marked ✗');
  });

  it('names a relay that serves another chain, or another key for quicknet', async () => {
    const other = await startLocalBeacon();
    const liar = await startReplayRelay({
      ...quicknetRoutes(),
      [`/${QUICKNET.chainHash}/info`]: { body: { ...QUICKNET_INFO, public_key: drand.info.public_key } },
    });
    const honest = await startReplayRelay(quicknetRoutes());
    try {
      const otherChain = await doctor({ ...good, DRAND_URLS: other.url });
      expect(otherChain.code).toBe(1);
      expect(otherChain.output).toContain(`✗ ${other.url}: unknown_chain (HTTP 404)`);
      expect(otherChain.output).toContain('fix DRAND_URLS, DRAND_CHAIN_HASH');
      const quicknet = await doctor({
        ...good,
        DRAND_URLS: `${honest.url},${liar.url}`,
        DRAND_CHAIN_HASH: '',
      });
      expect(quicknet.code).toBe(1);
      expect(quicknet.output).toContain('✗ drand beacon: quicknet (52db9ba7…e971) from 1 of 2 relays');
      expect(quicknet.output).toContain(
        `✓ ${honest.url}: period 3 s, genesis 2023-08-23T15:09:27.000Z, the key KinoYu knows by heart`,
      );
      expect(quicknet.output).toContain(`✗ ${liar.url}: not_the_known_chain (HTTP 200)`);
    } finally {
      await Promise.all([other.close(), liar.close(), honest.close()]);
    }
  });

  it('names a malformed variable and checks nothing that needs the configuration', async () => {
    const { code, output } = await doctor({ ...good, REDIS_URL: 'http://127.0.0.1:6379' });
    expect(code).toBe(1);
    expect(output).toContain('✗ configuration');
    expect(output).toContain('fix REDIS_URL: must be a redis:// or rediss:// URL');
    expect(output).not.toContain('✓ database');
  });

  it('says the database does not answer, naming DATABASE_URL, without its password', async () => {
    const port = await freePort();
    const { code, output } = await doctor({
      ...good,
      DATABASE_URL: `postgres://kinoyu:hunter2secret@127.0.0.1:${port}/kinoyu`,
    });
    expect(code).toBe(1);
    expect(output).toContain(`✗ database: PostgreSQL at postgres://127.0.0.1:${port}/kinoyu does not answer`);
    expect(output).toContain('fix DATABASE_URL');
    expect(output).not.toContain('hunter2secret');
  });

  it('says Redis does not answer, naming REDIS_URL', async () => {
    const port = await freePort();
    const { code, output } = await doctor({ ...good, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(output).toContain(`✗ Redis: redis://127.0.0.1:${port} does not answer`);
    expect(output).toContain('fix REDIS_URL');
  });

  it('says Twitch refused the client id and secret', async () => {
    const { code, output } = await doctor({ ...good, TWITCH_CLIENT_SECRET: 'not-the-secret' });
    expect(code).toBe(1);
    expect(output).toContain('✗ Twitch app: the stand-in');
    expect(output).toContain('refused the client id and secret (403');
    expect(output).toContain('fix TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET');
    expect(output).not.toContain('not-the-secret');
  });

  it('says Discord refused the token, without printing it', async () => {
    const { code, output } = await doctor({ ...good, DISCORD_TOKEN: 'fake.not-the-token' });
    expect(code).toBe(1);
    expect(output).toContain('refused DISCORD_TOKEN (401');
    expect(output).toContain('fix DISCORD_TOKEN');
    expect(output).not.toContain('not-the-token');
  });

  it('says the Message Content intent is off and where to switch it on', async () => {
    const { code, output } = await doctor({
      ...good,
      DISCORD_TOKEN: discordWithoutIntent.token,
      DISCORD_APPLICATION_ID: discordWithoutIntent.applicationId,
      DISCORD_API_URL: discordWithoutIntent.apiUrl,
    });
    expect(code).toBe(1);
    expect(output).toContain('the Message Content intent is off');
    expect(output).toContain('MESSAGE CONTENT INTENT');
  });

  it('refuses a PUBLIC_URL with a path or a trailing slash, and http:// in production', async () => {
    for (const publicUrl of ['http://kinoyu.test/app', 'http://kinoyu.test/', 'kinoyu.test']) {
      const { code, output } = await doctor({ ...good, PUBLIC_URL: publicUrl });
      expect(code).toBe(1);
      expect(output).toContain('✗ PUBLIC_URL');
      expect(output).toContain('fix PUBLIC_URL');
    }
    const production = await doctor({
      ...good,
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://raffles.example.com',
    });
    expect(production.code).toBe(1);
    expect(production.output).toContain('fix PUBLIC_URL: must be https:// in production');
  });

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'says plainly when the embedded database is held by a running KinoYu that does not answer',
    async () => {
      const holder = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      try {
        const port = await freePort();
        const { code, output } = await doctor({
          ...good,
          DATABASE_URL: undefined,
          API_URL: `http://127.0.0.1:${port}`,
        });
        expect(code).toBe(1);
        expect(output).toContain('is in use by another process');
        expect(output).toContain('fix DATA_DIR');
      } finally {
        await holder.close();
      }
    },
  );

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'asks the running KinoYu holding the embedded database whether it is ready',
    async () => {
      const holder = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      // Stands in for the running API's /readyz.
      const api = createServer((request, response) => {
        response.writeHead(request.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'ready', engine: 'pglite', migrations: 9 }));
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = api.address() as AddressInfo;
        const { code, output } = await doctor({ ...good, API_URL: `http://127.0.0.1:${port}` });
        expect(output).toContain('✓ database: the embedded database is open in the running KinoYu');
        expect(output).toContain('says ready, 9 migrations applied');
        expect(code).toBe(0);
      } finally {
        await new Promise((resolve) => api.close(resolve));
        await holder.close();
      }
    },
  );

  it('`npx kinoyu doctor` exits 0 on a good configuration', async () => {
    const child = spawn('npx', ['kinoyu', 'doctor'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...good },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toContain('all good');
    expect(code).toBe(0);
  }, 60_000);
});

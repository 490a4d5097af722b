import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig, readEnvironment } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrator.ts';
import { createLogger } from '../logger.ts';
import { runDoctor } from './doctor/doctor.ts';
import { runVerify } from './verify-command.ts';

const USAGE = `usage:
  kinoyu verify <raffle-id | proof.json | URL> [--trust <chain info file or URL>]
                                                 recompute a draw from its public proof; --trust adds a
                                                 drand chain (its /info JSON) besides public quicknet
  kinoyu migrate                                 apply the database migrations
  kinoyu doctor                                  check the configuration, database, Redis, Twitch and Discord`;

async function runMigrate(): Promise<number> {
  // Like `npm start`: what it creates in DATA_DIR is its owner's only (SPEC §9).
  process.umask(0o077);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: `${config.dataDir}/pglite`,
    logger,
  });
  try {
    const applied = await migrate(database, logger);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'the database is up to date');
    return 0;
  } finally {
    await database.close();
  }
}

/** The `kinoyu` command line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify': {
      if (rest.length === 0) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      // Where a bare raffle id is looked up: API_URL, else the default local API.
      const environment = readEnvironment();
      const apiBaseUrl = (environment.API_URL ?? `http://127.0.0.1:${environment.PORT ?? 3000}`).replace(
        /\/+$/,
        '',
      );
      return runVerify(rest, {
        fetch,
        readFile: (path) => readFile(path, 'utf8'),
        out: (line) => process.stdout.write(`${line}\n`),
        apiBaseUrl,
      });
    }
    case 'migrate':
      return runMigrate();
    case 'doctor':
      return runDoctor(readEnvironment(), { out: (line) => process.stdout.write(`${line}\n`) });
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`kinoyu: ${message}\n`);
    process.exit(error instanceof ConfigError ? 1 : 2);
  },
);

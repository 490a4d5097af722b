import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const devSecretsSchema = z.object({
  apiToken: z.string().min(16),
  tokenEncryptionKey: z.string().refine((value) => Buffer.from(value, 'base64').length === 32),
  sessionSecret: z.string().min(32),
});

/** The three secrets that development and test runs generate for themselves. */
export type DevSecrets = z.infer<typeof devSecretsSchema>;

export const DEV_SECRETS_FILE = 'secrets.json';

/**
 * Outside production, API_TOKEN, TOKEN_ENCRYPTION_KEY and SESSION_SECRET are generated once into
 * `DATA_DIR/secrets.json` (mode 0600) and reused, so encrypted tokens stay readable across restarts.
 */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  return loadOrCreateDataFile(dataDir, DEV_SECRETS_FILE, devSecretsSchema, () => ({
    apiToken: randomBytes(24).toString('base64url'),
    tokenEncryptionKey: randomBytes(32).toString('base64'),
    sessionSecret: randomBytes(32).toString('base64url'),
  }));
}

/**
 * Reads the JSON file `name` of DATA_DIR, or creates it with `create()` (mode 0600, like everything in
 * DATA_DIR: SPEC §9) when it does not exist. Two processes starting together end with the same file.
 * A file that does not match `schema` stops the start with a message naming it.
 */
export function loadOrCreateDataFile<T>(
  dataDir: string,
  name: string,
  schema: z.ZodType<T>,
  create: () => T,
): T {
  const file = path.join(dataDir, name);
  let existing: string | undefined;
  try {
    existing = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing !== undefined) {
    const parsed = schema.safeParse(parseOrUndefined(existing));
    if (!parsed.success) throw new Error(`${file} is damaged: delete it to generate a new one`);
    return parsed.data;
  }
  const created = create();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // 'wx' fails if another process created the file meanwhile; then we read theirs.
  try {
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return loadOrCreateDataFile(dataDir, name, schema, create);
    throw error;
  }
  return created;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON at all: reported as damaged, like a file of the wrong shape.
    return undefined;
  }
}

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
  const file = path.join(dataDir, DEV_SECRETS_FILE);
  let existing: string | undefined;
  try {
    existing = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing !== undefined) {
    const parsed = devSecretsSchema.safeParse(JSON.parse(existing));
    if (!parsed.success) throw new Error(`${file} is damaged: delete it to generate new secrets`);
    return parsed.data;
  }
  const secrets: DevSecrets = {
    apiToken: randomBytes(24).toString('base64url'),
    tokenEncryptionKey: randomBytes(32).toString('base64'),
    sessionSecret: randomBytes(32).toString('base64url'),
  };
  // Owner-only, like everything in DATA_DIR (SPEC §9).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // 'wx' fails if another process created the file meanwhile; then we read theirs.
  try {
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevSecrets(dataDir);
    throw error;
  }
  return secrets;
}

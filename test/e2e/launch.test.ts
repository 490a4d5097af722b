import { execFile } from 'node:child_process';
import { stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { START_ENTRY } from '../../src/start-command.ts';
import { PROJECT_ROOT } from '../helpers/process.ts';

const BUNDLE = path.join(PROJECT_ROOT, 'dist', 'kinoyu.mjs');

/** Runs the launcher with an argument main.ts refuses at once: what it printed, and its exit code. */
async function launchRefused(): Promise<{ output: string; code: number | null }> {
  try {
    await promisify(execFile)(process.execPath, [START_ENTRY, '--only=nothing'], { cwd: PROJECT_ROOT });
    return { output: '', code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number | null };
    return { output: failed.stdout + failed.stderr, code: failed.code };
  }
}

// scripts/launch.mjs, the entry of npm start, start:api and start:bot: it runs the bundle of src/ and
// builds it again when a source is newer.
describe('the launcher of npm start', () => {
  it('rebuilds its bundle when it is older than a source, and runs it as it is otherwise', async () => {
    const main = await stat(path.join(PROJECT_ROOT, 'src', 'main.ts'));
    const past = new Date(main.mtimeMs - 60_000);
    await utimes(BUNDLE, past, past);

    const stale = await launchRefused();
    expect(stale.code).toBe(1);
    expect(stale.output).toContain('building dist/kinoyu.mjs');
    // The bundle ran: main.ts's own message for a bad --only.
    expect(stale.output).toContain('--only must be api or bot, not "nothing"');
    expect((await stat(BUNDLE)).mtimeMs).toBeGreaterThan(main.mtimeMs);

    const fresh = await launchRefused();
    expect(fresh.code).toBe(1);
    expect(fresh.output).not.toContain('building');
    expect(fresh.output).toContain('--only must be api or bot, not "nothing"');
  });
});

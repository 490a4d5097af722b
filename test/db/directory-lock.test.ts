import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDirectory } from '../../src/db/directory-lock.ts';

// The lock of SPEC §5 ("one owner per embedded database"), judged against real processes: a lock left
// by a process that no longer runs is taken over at once; one held by a running process is not.
describe('the embedded database lock', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kinoyu-lock-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** Where an embedded database would be, in a folder of its own. */
  const freshDirectory = async () => path.join(await mkdtemp(path.join(root, 'db-')), 'pglite');

  const lockRecord = (pid: number, processStart?: string) =>
    JSON.stringify({
      pid,
      processStart,
      host: hostname(),
      command: 'node src/main.ts',
      startedAt: '2026-01-01T00:00:00.000Z',
      nonce: `left-by-${pid}`,
    });

  /** The pid of a process that has exited. */
  async function exitedPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    return child.pid ?? 0;
  }

  it('refuses a second lock while the first is held, naming the directory and the process', async () => {
    const directory = await freshDirectory();
    const first = lockDirectory(directory);
    const attempt = () => lockDirectory(directory);
    expect(attempt).toThrow(DatabaseInUseError);
    expect(attempt).toThrow(
      `the embedded database ${directory} is in use by another process: pid ${process.pid}`,
    );
    first.release();
    lockDirectory(directory).release();
    expect(existsSync(`${directory}.lock`)).toBe(false);
  });

  it('takes over a lock whose process has exited (kill -9 leaves it behind)', async () => {
    const directory = await freshDirectory();
    await writeFile(`${directory}.lock`, lockRecord(await exitedPid()));
    const lock = lockDirectory(directory);
    expect(JSON.parse(await readFile(`${directory}.lock`, 'utf8')).pid).toBe(process.pid);
    lock.release();
    // Nothing is left beside it: no draft, no set-aside stale lock.
    expect(await readdir(path.dirname(directory))).toEqual([]);
  });

  it('refuses a lock held by a running process', async () => {
    const directory = await freshDirectory();
    await writeFile(`${directory}.lock`, lockRecord(process.ppid));
    expect(() => lockDirectory(directory)).toThrow(`pid ${process.ppid} (node src/main.ts)`);
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose pid now belongs to a process started at another time',
    async () => {
      const directory = await freshDirectory();
      await writeFile(`${directory}.lock`, lockRecord(process.ppid, '1'));
      lockDirectory(directory).release();
    },
  );

  it('takes over a lock left by an earlier life of its own pid (a container restarted as pid 1)', async () => {
    const directory = await freshDirectory();
    await writeFile(`${directory}.lock`, lockRecord(process.pid));
    lockDirectory(directory).release();
  });

  it('refuses a lock file it did not write, saying what to do', async () => {
    const directory = await freshDirectory();
    await writeFile(`${directory}.lock`, 'hello');
    expect(() => lockDirectory(directory)).toThrow(/is not a KinoYu lock; if no KinoYu process uses/);
  });
});

/**
 * One owner per embedded database (SPEC §5): a lock file beside the PGlite directory, taken before
 * PGlite opens the directory and removed when the database closes.
 *
 * Why not a library: Node has no flock(), and proper-lockfile (the well-kept choice on npm) decides
 * that a lock is stale by its mtime, refreshed by a timer. PGlite runs PostgreSQL on the main thread,
 * so initdb or a long draw (make_raffle on a million entrants takes seconds) stops that timer and a
 * second process would take a live lock; and after kill -9 a restart would wait out the stale period.
 * So, like PostgreSQL's own postmaster.pid, the file names its process, and the lock is stale exactly
 * when that process is gone: `process.kill(pid, 0)` fails with ESRCH, or the pid now belongs to a
 * process started at another time (containers reuse small pids). A restart after kill -9 takes over at
 * once. The file is written whole and then hard-linked into place, so a reader never sees half of it.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** Thrown when another live process holds the embedded database; names the directory and the process. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

/** Who holds a lock: what the lock file says. */
interface Holder {
  readonly pid: number;
  /** Clock ticks after boot at which the process started (Linux /proc), to tell a reused pid. */
  readonly processStart: string | undefined;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
  /** Unique per lock, so a takeover removes exactly the stale file it judged. */
  readonly nonce: string;
}

/** A held lock. */
export interface DirectoryLock {
  /** Removes the lock file if it is still this lock's; safe to call twice. */
  release(): void;
}

// Locks this process holds, so it does not mistake its own lock for a stale one left by its pid.
const heldHere = new Set<string>();

/**
 * Takes the lock of `directory` (the file `<directory>.lock`), or throws {@link DatabaseInUseError}
 * naming the process that holds it. A lock left by a process that no longer runs is taken over.
 */
export function lockDirectory(directory: string): DirectoryLock {
  const lockFile = `${path.resolve(directory)}.lock`;
  const own = ownHolder();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    if (tryCreate(lockFile, own)) return heldLock(lockFile, own);
    const holder = readHolder(lockFile);
    if (holder === undefined) continue; // released meanwhile
    if (isRunning(holder, lockFile)) throw new DatabaseInUseError(inUseMessage(directory, holder, lockFile));
    takeOver(lockFile, holder);
  }
  throw new DatabaseInUseError(`could not take the lock ${lockFile}: other processes keep taking it`);
}

function ownHolder(): Holder {
  return {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    host: hostname(),
    command: [path.basename(process.execPath), ...process.execArgv, ...process.argv.slice(1)]
      .join(' ')
      .slice(0, 300),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
}

/** Writes the lock whole beside its place, then links it in: fails (false) if a lock is there. */
function tryCreate(lockFile: string, own: Holder): boolean {
  const draft = `${lockFile}.${own.nonce}`;
  writeFileSync(draft, `${JSON.stringify(own)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function heldLock(lockFile: string, own: Holder): DirectoryLock {
  heldHere.add(lockFile);
  // A process that exits without closing the database (process.exit after an error) removes it too.
  const release = () => {
    process.off('exit', release);
    heldHere.delete(lockFile);
    if (readHolder(lockFile)?.nonce === own.nonce) unlinkSync(lockFile);
  };
  process.on('exit', release);
  return { release };
}

function readHolder(lockFile: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as Holder;
    if (Number.isInteger(holder.pid) && typeof holder.nonce === 'string') return holder;
  } catch {
    // Reported below: the file is not ours to judge.
  }
  throw new DatabaseInUseError(
    `the lock file ${lockFile} is not a KinoYu lock; if no KinoYu process uses this directory, delete it`,
  );
}

function isRunning(holder: Holder, lockFile: string): boolean {
  // Another machine's process (a shared disk) cannot be checked from here: assume it runs.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(lockFile);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStartTime(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

/** Removes a stale lock, unless another process replaced it since it was read (then puts that back). */
function takeOver(lockFile: string, stale: Holder): void {
  const aside = `${lockFile}.stale-${randomBytes(8).toString('hex')}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readHolder(aside)?.nonce !== stale.nonce) linkSync(aside, lockFile);
  } catch (error) {
    // EEXIST: a third process locked meanwhile; the next attempt reads and judges its lock.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
}

/** The start time of `pid` in clock ticks after boot (field 22 of /proc/<pid>/stat), where /proc exists. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function inUseMessage(directory: string, holder: Holder, lockFile: string): string {
  const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
  const advice =
    holder.host === hostname()
      ? 'stop it first, or give this process another DATA_DIR'
      : `if it no longer runs there, delete ${lockFile}`;
  return (
    `the embedded database ${path.resolve(directory)} is in use by another process: ` +
    `pid ${holder.pid}${where} (${holder.command}), started ${holder.startedAt}; ${advice}`
  );
}

import { CommandError } from '../command-error.ts';

/** The session interval limits of the API (`intervalSeconds`: 1 to 86,400). */
export const INTERVAL_LIMITS = { minSeconds: 1, maxSeconds: 86_400 } as const;

const BARE_SECONDS = /^\d{1,6}$/;
const WITH_UNITS = /^(?:(\d{1,3})\s*h)?\s*(?:(\d{1,5})\s*(?:min|m))?\s*(?:(\d{1,6})\s*(?:seg|sec|s))?$/;

/**
 * Reads a session interval as typed in `!iniciar`: `30s`, `2m`, `1h`, `1h30m`, or a bare number of
 * seconds (`90`). Throws a CommandError for anything else or outside 1 s … 24 h.
 */
export function parseInterval(text: string): number {
  const given = text.trim().toLowerCase();
  const seconds = secondsOf(given);
  if (seconds === undefined || seconds < INTERVAL_LIMITS.minSeconds || seconds > INTERVAL_LIMITS.maxSeconds) {
    throw new CommandError('error.invalid_interval', { given: text.trim().slice(0, 40) });
  }
  return seconds;
}

function secondsOf(given: string): number | undefined {
  if (BARE_SECONDS.test(given)) return Number(given);
  const match = WITH_UNITS.exec(given);
  if (!match || given === '') return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Writes seconds the way people read them: `45 s`, `2 min`, `1 h 30 min`. */
export function formatInterval(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours && `${hours} h`, minutes && `${minutes} min`, seconds && `${seconds} s`].filter(
    Boolean,
  );
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

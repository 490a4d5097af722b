// Pure time texts several pages share (no DOM): unit-tested in test/web/claim-texts.test.ts.

/** "1:05" or "42 s" for a time left in milliseconds (never negative). */
export function countdownText(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

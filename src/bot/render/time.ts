/** A Discord timestamp (`<t:…:R>`): every reader sees "in 30 seconds" in their own language and zone. */
export function relativeTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:R>` : '—';
}

/** A Discord timestamp as a clock time with seconds (`<t:…:T>`), in each reader's own zone. */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:T>` : '—';
}

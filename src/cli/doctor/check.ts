/** One thing to change so that a check passes: the variable (or place) and what to do. */
export interface Fix {
  readonly variable: string;
  readonly advice: string;
}

/** The outcome of one `kinoyu doctor` check: one line, plus what to fix when it failed. */
export interface CheckResult {
  readonly title: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Further lines worth reading when it passed too (the redirect URLs to register). */
  readonly notes?: readonly string[];
  readonly fixes?: readonly Fix[];
}

/** A passing check. */
export function passed(title: string, detail: string, notes?: readonly string[]): CheckResult {
  return { title, ok: true, detail, ...(notes && { notes }) };
}

/** A failing check and what to fix. */
export function failed(title: string, detail: string, ...fixes: Fix[]): CheckResult {
  return { title, ok: false, detail, fixes };
}

/** Rejects after `ms` with a message naming what did not answer, so a silent host cannot hang the doctor. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The reason of a failure in one line; fetch and undici hide it in `cause`. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  const cause = error.cause instanceof Error ? `: ${reasonOf(error.cause)}` : '';
  return `${error.message || error.name}${cause}`;
}

/** `host:port/path` of a URL, without the user name and password it may carry. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

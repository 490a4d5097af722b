import { TwitchHttpError } from './http-io.ts';

/** One page of a list and the cursor to the next one (absent on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly cursor?: string;
}

/** A required query parameter, or a 400 naming it. */
export function requireParam(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new TwitchHttpError(400, `Missing required parameter "${name}"`);
  return value;
}

/** Repeated query parameters (`?id=1&id=2`), at most `max` of them. */
export function listParam(query: URLSearchParams, name: string, max = 100): string[] {
  const values = query.getAll(name).filter(Boolean);
  if (values.length > max)
    throw new TwitchHttpError(400, `The parameter "${name}" may be given at most ${max} times`);
  return values;
}

/** The `first` page size: between 1 and `max`, `fallback` when absent. */
export function pageSize(query: URLSearchParams, max: number, fallback: number): number {
  const raw = query.get('first');
  if (raw === null) return fallback;
  const first = Number(raw);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new TwitchHttpError(
      400,
      `The parameter "first" was malformed: the value must be between 1 and ${max}`,
    );
  }
  return first;
}

// Cursors are opaque to clients; inside they are an offset, so a list that changes between pages can skip
// or repeat an entry, as Twitch warns it does ("total can change while you page").
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new TwitchHttpError(400, 'The value in the "after" parameter is not valid');
  return Number(match[1]);
}

/** The page of `items` that `first` and the `after` cursor of the query select. */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  max: number,
  fallback: number,
): Page<T> {
  const first = pageSize(query, max, fallback);
  const after = query.get('after');
  const offset = after ? decodeCursor(after) : 0;
  const end = offset + first;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, cursor: encodeCursor(end) } : { items: page };
}

/** The `pagination` object Helix sends: `{cursor}`, or `{}` on the last page. */
export function paginationBody(page: Page<unknown>): { cursor?: string } {
  return page.cursor === undefined ? {} : { cursor: page.cursor };
}

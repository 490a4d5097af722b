/** One HTTP request the fake received. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** Query parameters; a repeated one (`id=1&id=2`) becomes an array. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** When it arrived (epoch ms). */
  readonly time: number;
  /** The status answered; undefined while the request is in flight. */
  status?: number;
}

/** Every request the fake received, in order, for tests to assert on. */
export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];

  /** The entries so far. */
  get entries(): readonly RequestLogEntry[] {
    return this.#entries;
  }

  /** Records a request and returns its entry, to fill in the status later. */
  record(method: string, path: string, params: URLSearchParams): RequestLogEntry {
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      query[key] = values.length === 1 ? (values[0] as string) : values;
    }
    const entry: RequestLogEntry = { method, path, query, time: Date.now() };
    this.#entries.push(entry);
    return entry;
  }

  /** How many requests had a path starting with this prefix (and this method, when given). */
  count(pathPrefix: string, method?: string): number {
    return this.#entries.filter(
      (entry) => entry.path.startsWith(pathPrefix) && (!method || entry.method === method),
    ).length;
  }

  /** Requests per `METHOD path`. */
  counters(): Record<string, number> {
    const counters: Record<string, number> = {};
    for (const { method, path } of this.#entries) {
      const key = `${method} ${path}`;
      counters[key] = (counters[key] ?? 0) + 1;
    }
    return counters;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.length = 0;
  }
}

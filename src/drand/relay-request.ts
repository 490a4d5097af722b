import type { RelayFailure } from './relay-failure.ts';

/** The `fetch` a relay client uses (the global one unless a test passes another). */
export type Fetch = typeof fetch;

/** A relay's JSON answers are a few hundred bytes; more is not drand. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What one GET to a relay gave: its status and JSON body (undefined when not JSON), or no answer. */
export type RelayAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly failure: RelayFailure };

export interface RelayRequest {
  readonly fetch: Fetch;
  readonly timeoutMs: number;
  /** The caller's; when it aborts, the request rejects with its reason. */
  readonly signal?: AbortSignal;
}

/**
 * GETs `{relay}{path}` within `timeoutMs`. A network error or timeout is a failure of that relay, not
 * an exception; only the caller's own abort rejects.
 */
export async function getRelayJson(relay: string, path: string, request: RelayRequest): Promise<RelayAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await request.fetch(`${relay}${path}`, {
      signal,
      headers: { accept: 'application/json' },
    });
    const text = await readCapped(response);
    return { ok: true, status: response.status, body: text === undefined ? undefined : parseJson(text) };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timeout.aborted) {
      return {
        ok: false,
        failure: { relay, problem: 'timeout', detail: `no answer within ${request.timeoutMs} ms` },
      };
    }
    return { ok: false, failure: { relay, problem: 'unreachable', detail: networkReason(error) } };
  }
}

/** The body as text, or undefined when it is larger than a drand answer can be. */
async function readCapped(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page of a proxy): the caller sees undefined and says "bad answer".
    return undefined;
  }
}

/** The network reason in one line; undici puts it in `cause` (ECONNREFUSED, ENOTFOUND…). */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}

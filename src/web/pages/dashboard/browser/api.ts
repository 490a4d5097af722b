// The dashboard's calls to the API: same origin, the session cookie, and the CSRF token on every change.

/** A refusal from the API (problem+json): its stable code, message and, for bad input, the fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly { field: string; problem: string }[] = [],
  ) {
    super(message);
  }
}

/** The API of one channel, as its dashboard session sees it. */
export interface ChannelApi {
  readonly channelPath: string;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(
      response.status,
      String(body.code ?? 'unknown'),
      String(body.message ?? response.statusText),
      Array.isArray(body.fields) ? body.fields : [],
    );
  }
  return body as T;
}

/** Calls under /api/v1 (paths starting with `/channels/{login}` come from `channelPath`). */
export function channelApi(login: string, csrfToken: string): ChannelApi {
  return {
    channelPath: `/api/v1/channels/${encodeURIComponent(login)}`,
    get: async (path) =>
      parse(await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' })),
    send: async (method, path, body) =>
      parse(
        await fetch(path, {
          method,
          credentials: 'same-origin',
          headers: {
            accept: 'application/json',
            'x-csrf-token': csrfToken,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}

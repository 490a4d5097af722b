// The dashboard's calls to the API: same origin, the session cookie, and the CSRF token on every change.
import { parseAnswer } from '../../../browser/api-error.ts';

export { ApiError } from '../../../browser/api-error.ts';

/** The API of one channel, as its dashboard session sees it. */
export interface ChannelApi {
  readonly channelPath: string;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Calls under /api/v1 (paths starting with `/channels/{login}` come from `channelPath`). */
export function channelApi(login: string, csrfToken: string): ChannelApi {
  return {
    channelPath: `/api/v1/channels/${encodeURIComponent(login)}`,
    get: async (path) =>
      parseAnswer(await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' })),
    send: async (method, path, body) =>
      parseAnswer(
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

// The winner's pages' calls to the API: same origin, the viewer session cookie, and its CSRF token on
// every change (SPEC §2.8).
import { parseAnswer } from './api-error.ts';

/** The API as the signed-in viewer sees it. */
export interface ViewerApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/** Calls for the viewer whose session sent `csrfToken` with the page. */
export function viewerApi(csrfToken: string): ViewerApi {
  return {
    get: async (path) =>
      parseAnswer(await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' })),
    post: async (path, body) =>
      parseAnswer(
        await fetch(path, {
          method: 'POST',
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

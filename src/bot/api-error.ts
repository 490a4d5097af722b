/** Codes the bot gives failures that never reached an API answer. */
export const TRANSPORT_CODES = {
  unreachable: 'api_unreachable',
  timeout: 'api_timeout',
  badResponse: 'api_bad_response',
} as const;

/**
 * A failed API call: the problem+json `code` and `message` of the API, or a transport code
 * (`api_unreachable`, `api_timeout`) with status 0 when no answer came. Turned into a reply in
 * reply-error.ts.
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a problem+json body, tolerating anything else a proxy might answer with. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') {
      return new ApiError(
        response.status,
        body.code,
        typeof body.message === 'string' ? body.message : response.statusText,
      );
    }
  } catch {
    // Not JSON: fall through to a code made from the status.
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || 'unexpected answer');
}

// How the pages' scripts read the API's answers: JSON, or a problem+json refusal with a stable code.

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

/** The body of an answer (nothing for a 204); a refusal becomes an `ApiError`. */
export async function parseAnswer<T>(response: Response): Promise<T> {
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

import type { FakeContext } from './context.ts';
import type { RestRequest } from './http-io.ts';
import type { DiscordJson } from './payloads.external.ts';

/** What a route answers: JSON with a status, or 204 without a body. */
export type RouteResult = { status: number; body: DiscordJson } | { status: 204 };

/** One REST endpoint of the fake, matched on the path after `/api/v10`. */
export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  /** False for interaction and webhook-token endpoints, which discord.js calls without Authorization. */
  readonly needsBotToken: boolean;
  handle(context: FakeContext, params: string[], request: RestRequest): RouteResult | Promise<RouteResult>;
}

/** Declares a route; `:name` segments of `path` become the handler's params, in order. */
export function route(method: string, path: string, handle: Route['handle'], needsBotToken = true): Route {
  const pattern = new RegExp(`^${path.replace(/:[a-z]+/gi, '([^/]+)')}$`);
  return { method, pattern, needsBotToken, handle };
}

/** A 200 with a JSON body. */
export const ok = (body: DiscordJson): RouteResult => ({ status: 200, body });

/** A 204. */
export const noContent = (): RouteResult => ({ status: 204 });

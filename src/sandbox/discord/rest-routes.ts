import { accountRoutes } from './account-routes.ts';
import { channelRoutes } from './channel-routes.ts';
import { commandRoutes } from './command-routes.ts';
import type { FakeContext } from './context.ts';
import { directMessageRoutes } from './direct-message-routes.ts';
import { guildRoutes } from './guild-routes.ts';
import { DiscordHttpError, notFound, type RestRequest } from './http-io.ts';
import { interactionRoutes } from './interaction-routes.ts';
import type { RouteResult } from './route.ts';

const routes = [
  ...accountRoutes,
  ...directMessageRoutes,
  ...channelRoutes,
  ...guildRoutes,
  ...commandRoutes,
  ...interactionRoutes,
];

/** Finds the route for a request after `/api/v10` and runs it; unknown routes get Discord's 404. */
export async function handleRest(
  context: FakeContext,
  request: RestRequest,
  authorized: boolean,
): Promise<RouteResult> {
  for (const candidate of routes) {
    if (candidate.method !== request.method) continue;
    const match = candidate.pattern.exec(request.path);
    if (!match) continue;
    if (candidate.needsBotToken && !authorized) throw new DiscordHttpError(401, 0, '401: Unauthorized');
    return candidate.handle(context, match.slice(1), request);
  }
  throw notFound();
}

import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Services } from '../api/services.ts';
import { accountLinkPages } from './pages/account-link/account-link-routes.ts';
import { claimPages } from './pages/claim/claim-routes.ts';
import { dashboardPages } from './pages/dashboard/dashboard-routes.ts';
import { overlayPages } from './pages/overlay/overlay-routes.ts';
import { proofPages } from './pages/proof/proof-page-routes.ts';
import { loadWebAssets, type WebAssets } from './server/assets.ts';
import { notFoundPage } from './server/not-found-page.ts';
import { sendPage } from './server/send-page.ts';
import { languageOf, type WebContext } from './server/web-context.ts';

// A content-hashed address never changes content, so browsers and proxies may keep it for a year.
const IMMUTABLE = 'public, max-age=31536000, immutable';

function assetRoutes(app: FastifyInstance, assets: WebAssets): void {
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const asset = assets.find(request.params.file);
      if (!asset) return sendPage(reply, notFoundPage({ language: languageOf(request), assets }), 404);
      return reply
        .header('content-type', asset.contentType)
        .header('cache-control', IMMUTABLE)
        .header('x-content-type-options', 'nosniff')
        .send(asset.body);
    },
  );
}

/**
 * The web front end (SPEC §5): scripts and styles built in memory at start-up, and the pages. Each page
 * family registers itself here with one line. `beaconChain` tells the proof page the server's drand chain.
 */
export function webRoutes(
  services: Services,
  options: Pick<WebContext, 'beaconChain'> = {},
): FastifyPluginAsync {
  return async (app) => {
    const context: WebContext = { services, assets: await loadWebAssets(), ...options };
    assetRoutes(app, context.assets);
    // Page families, one line each.
    proofPages(app, context);
    overlayPages(app, context);
    dashboardPages(app, context);
    claimPages(app, context);
    accountLinkPages(app, context);
  };
}

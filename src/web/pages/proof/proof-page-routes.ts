import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { BeaconChain } from '../../../raffles/beacon.ts';
import { siteMessages } from '../../server/messages/index.ts';
import { notFoundPage } from '../../server/not-found-page.ts';
import { sendPage } from '../../server/send-page.ts';
import { languageOf, type WebContext } from '../../server/web-context.ts';
import { proofPage } from './proof-page.ts';

const RAFFLE_ID = /^[1-9]\d{0,14}$/;

/**
 * The server's drand chain for the page, when it has one. The page works without it (public quicknet
 * proofs need nothing), so a failure to tell it is logged and the page served anyway.
 */
async function serverChainOf(
  beaconChain: WebContext['beaconChain'],
  log: FastifyBaseLogger,
): Promise<BeaconChain | undefined> {
  try {
    return await beaconChain?.();
  } catch (error) {
    log.warn({ err: error }, 'the proof page is served without the server’s beacon chain');
    return undefined;
  }
}

/** `GET /r/{raffleId}`: the public proof page (SPEC §4, §5); the lists and the check load in the browser. */
export function proofPages(app: FastifyInstance, { services, assets, beaconChain }: WebContext): void {
  app.get<{ Params: { raffleId: string } }>(
    '/r/:raffleId',
    { schema: { hide: true } },
    async (request, reply) => {
      const language = languageOf(request);
      const { raffleId } = request.params;
      const raffle = RAFFLE_ID.test(raffleId)
        ? await services.raffleRepository.result(Number(raffleId))
        : undefined;
      const channel = raffle && (await services.channels.findById(raffle.channelId));
      if (!raffle || !channel) {
        const text = siteMessages[language].notFound;
        const missing = notFoundPage({
          language,
          assets,
          requestUrl: request.url,
          heading: text.raffleHeading,
          body: text.raffleBody(raffleId),
        });
        return sendPage(reply, missing, 404);
      }
      // A drawn raffle changes only by a redraw: a minute of caching is harmless. A pending one will
      // change, and so will one whose claim windows still run (SPEC §2.6).
      const changing =
        raffle.status === 'pending' ||
        raffle.winners.some((winner) => winner.claim?.state === 'awaiting_claim');
      reply.header('cache-control', changing ? 'no-store' : 'public, max-age=60');
      const serverChain = await serverChainOf(beaconChain, request.log);
      return sendPage(
        reply,
        proofPage({ language, assets, requestUrl: request.url, raffle, channel, serverChain }),
      );
    },
  );
}

import type { FastifyRequest } from 'fastify';
import type { Services } from '../../api/services.ts';
import type { BeaconChain } from '../../raffles/beacon.ts';
import type { WebAssets } from './assets.ts';
import { type Language, pickLanguage } from './language.ts';

/** What the page routes need: the services and the built scripts and styles. */
export interface WebContext {
  readonly services: Services;
  readonly assets: WebAssets;
  /** The drand chain the server draws with (SPEC §4.1), for the proof page; absent when not configured. */
  readonly beaconChain?: () => Promise<BeaconChain | undefined>;
}

/** The language of a page request: `?lang=`, then Accept-Language, pt-BR by default. */
export function languageOf(request: FastifyRequest): Language {
  return pickLanguage(
    (request.query as { lang?: unknown } | undefined)?.lang,
    request.headers['accept-language'],
  );
}

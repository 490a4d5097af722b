import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { DrandRelays } from './relay-client.ts';
import { loadOrCreateSandboxBeaconIdentity, type SandboxBeaconIdentity } from './sandbox-identity.ts';

/**
 * drand's public HTTP relays (https://docs.drand.love/docs/dev-guide/3_Public_Endpoints/), run by the
 * League of Entropy and Cloudflare; used when DRAND_URLS is unset outside the sandbox.
 */
export const PUBLIC_DRAND_RELAYS: readonly string[] = Object.freeze([
  'https://api.drand.sh',
  'https://api2.drand.sh',
  'https://api3.drand.sh',
  'https://drand.cloudflare.com',
]);

/** Where this process reads drand rounds from. */
export type BeaconSource =
  | {
      readonly kind: 'relays';
      readonly urls: readonly string[];
      readonly chainHash: string;
      /** True when these are drand's public relays (DRAND_URLS unset). */
      readonly publicRelays: boolean;
    }
  | { readonly kind: 'local' };

/**
 * DRAND_URLS when set; else the sandbox (no TWITCH_CLIENT_ID) runs its own local beacon, so `npm start`
 * draws with public randomness offline; else drand's public relays (SPEC §6).
 */
export function beaconSourceOf(config: Config): BeaconSource {
  const { urls, chainHash } = config.drand;
  if (urls) return { kind: 'relays', urls, chainHash, publicRelays: false };
  if (!config.twitch.clientId) return { kind: 'local' };
  return { kind: 'relays', urls: PUBLIC_DRAND_RELAYS, chainHash, publicRelays: true };
}

/** A started local beacon, as the sandbox's startLocalBeacon returns it. */
export interface StartedLocalBeacon {
  readonly url: string;
  readonly chainHash: string;
  close(): Promise<void>;
}

/** The relays of this process, and what to close on shutdown. */
export interface BeaconSetup {
  readonly relays: DrandRelays;
  readonly source: BeaconSource;
  close(): Promise<void>;
}

/**
 * Builds the process's {@link DrandRelays}. In the sandbox without DRAND_URLS it first starts the
 * local beacon through `startLocal` (main.ts, the composition root, is the one place that imports the
 * sandbox), with its identity kept in DATA_DIR so the proofs of earlier sandbox draws keep verifying.
 */
export async function setUpBeacon(
  config: Config,
  logger: Logger,
  startLocal: (identity: SandboxBeaconIdentity) => Promise<StartedLocalBeacon>,
): Promise<BeaconSetup> {
  const source = beaconSourceOf(config);
  if (source.kind === 'relays') {
    const relays = new DrandRelays({ urls: source.urls, chainHash: source.chainHash, logger });
    return { relays, source, close: async () => {} };
  }
  const identity = loadOrCreateSandboxBeaconIdentity(config.dataDir);
  const beacon = await startLocal(identity);
  logger.info(
    { drand: beacon.url, chainHash: beacon.chainHash },
    `local drand beacon (sandbox) on ${beacon.url}, period ${identity.period} s`,
  );
  const relays = new DrandRelays({ urls: [beacon.url], chainHash: beacon.chainHash, logger });
  return { relays, source, close: () => beacon.close() };
}

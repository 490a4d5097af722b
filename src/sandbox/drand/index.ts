// The local drand beacon: the sandbox's public randomness and the relay the tests run KinoYu against.
export { BEACON_ID, type DrandInfoJson, type DrandRoundJson, SCHEME_ID } from './beacon-chain.ts';
export type { BeaconFaults } from './fault-switches.ts';
export { type LocalBeacon, type LocalBeaconOptions, startLocalBeacon } from './local-beacon.ts';

import type { Sha256 } from './draw-algorithm.ts';

/** SHA-256 with WebCrypto (`crypto.subtle`), for the proof page in the browser. */
export const webCryptoSha256: Sha256 = async (data) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));

import type { BeaconChain } from '../../../raffles/beacon.ts';
import type { ProofClientText } from './messages/pt-BR.ts';

/** The column and section titles the proof page's script writes. */
export interface ProofHeadings {
  readonly login: string;
  readonly userId: string;
  readonly weight: string;
  readonly prize: string;
  readonly quantity: string;
  readonly chance: string;
  readonly reason: string;
  readonly replaced: string;
}

/** What the proof page hands its script (as JSON in the page): where the proof is, and the texts. */
export interface ProofPageData {
  readonly raffleId: number;
  readonly proofUrl: string;
  readonly language: string;
  readonly text: ProofClientText;
  readonly headings: ProofHeadings;
  /**
   * The drand chain this server draws with (its configuration), when it told the page. A proof on that
   * chain is checked with it even when the verifier does not know it by heart — the sandbox's local
   * beacon — and the page says that such a chain proves nothing against the operator.
   */
  readonly serverChain?: BeaconChain;
}

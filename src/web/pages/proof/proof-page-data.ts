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
}

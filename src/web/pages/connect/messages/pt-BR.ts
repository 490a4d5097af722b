import type { ConnectOutcome } from '../../../../contract/connect.ts';

/** What the page says for one outcome; `body` gets the channel already escaped and may hold markup. */
export interface ConnectPageText {
  readonly title: string;
  readonly heading: string;
  readonly body: (details: { channel?: string; linkedToDiscord?: boolean }) => string;
}

/** The connect pages' texts of one language: one page per outcome. */
export type ConnectMessages = Record<ConnectOutcome, ConnectPageText>;

// The connect pages' texts in Brazilian Portuguese, the default language (SPEC §1).

export const connectPtBR: ConnectMessages = {
  connected: {
    title: 'Twitch conectada',
    heading: 'Tudo certo!',
    body: ({ channel, linkedToDiscord }) =>
      `O canal <strong>${channel}</strong> está conectado à KinoYu${
        linkedToDiscord ? ' e ligado ao seu servidor do Discord' : ''
      }. Você já pode fechar esta aba.`,
  },
  denied: {
    title: 'Conexão cancelada',
    heading: 'Conexão cancelada',
    body: () =>
      'Você não autorizou a KinoYu na Twitch, então nada foi alterado. Pode tentar de novo quando quiser.',
  },
  invalid_link: {
    title: 'Link inválido',
    heading: 'Este link não vale mais',
    body: () =>
      'O link expirou, já foi usado ou não é da KinoYu. Nada foi alterado: peça um novo com <code>!conectar</code> no Discord ou entre pelo painel.',
  },
  exchange_failed: {
    title: 'Falha na conexão',
    heading: 'A Twitch não confirmou a conexão',
    body: () => 'Nada foi alterado. Tente de novo em alguns instantes.',
  },
};

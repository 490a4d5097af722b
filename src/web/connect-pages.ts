import { escapeHtml, type Language } from './language.ts';

/** How a Twitch connection attempt ended, as the streamer is told. */
export type ConnectOutcome = 'connected' | 'denied' | 'invalid_link' | 'exchange_failed';

interface PageText {
  readonly title: string;
  readonly heading: string;
  readonly body: (details: { channel?: string; linkedToDiscord?: boolean }) => string;
}

// The message catalogue of the connect pages; the bot and the dashboard bring their own.
const TEXT: Record<Language, Record<ConnectOutcome, PageText>> = {
  'pt-BR': {
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
  },
  en: {
    connected: {
      title: 'Twitch connected',
      heading: 'All set!',
      body: ({ channel, linkedToDiscord }) =>
        `The channel <strong>${channel}</strong> is connected to KinoYu${
          linkedToDiscord ? ' and linked to your Discord server' : ''
        }. You can close this tab.`,
    },
    denied: {
      title: 'Connection cancelled',
      heading: 'Connection cancelled',
      body: () => 'You did not authorize KinoYu on Twitch, so nothing changed. Try again whenever you like.',
    },
    invalid_link: {
      title: 'Invalid link',
      heading: 'This link is no longer valid',
      body: () =>
        'It expired, was already used, or is not from KinoYu. Nothing changed: ask for a new one with <code>!conectar</code> in Discord or log in from the dashboard.',
    },
    exchange_failed: {
      title: 'Connection failed',
      heading: 'Twitch did not confirm the connection',
      body: () => 'Nothing changed. Please try again in a moment.',
    },
  },
};

/** The friendly page shown at the end of the Twitch connection (SPEC §2.1). */
export function connectPage(
  language: Language,
  outcome: ConnectOutcome,
  details: { channel?: string; linkedToDiscord?: boolean } = {},
): string {
  const text = TEXT[language][outcome];
  const body = text.body({ ...details, channel: escapeHtml(details.channel ?? '') });
  const accent = outcome === 'connected' ? '#2ecc71' : '#e67e22';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title} · KinoYu</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #0e0e10;
         color: #efeff1; font: 16px/1.5 system-ui, sans-serif; }
  main { max-width: 32rem; padding: 2rem; border-radius: 12px; background: #18181b;
         border-top: 4px solid ${accent}; }
  h1 { margin-top: 0; font-size: 1.5rem; }
  code { background: #26262c; padding: 0 .3em; border-radius: 4px; }
</style>
</head>
<body><main data-outcome="${outcome}"><h1>${text.heading}</h1><p>${body}</p></main></body>
</html>`;
}

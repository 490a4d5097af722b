import type { ConnectOutcome } from '../../../contract/connect.ts';
import { escapeHtml, type Language } from '../../server/language.ts';
import { connectMessages } from './messages/index.ts';

/** The friendly page shown at the end of the Twitch connection (SPEC §2.1). */
export function connectPage(
  language: Language,
  outcome: ConnectOutcome,
  details: { channel?: string; linkedToDiscord?: boolean } = {},
): string {
  const text = connectMessages[language][outcome];
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

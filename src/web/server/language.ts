import type { Language } from '../../contract/languages.ts';

export type { Language };

/** `?lang=en|pt-BR` wins, then the browser's Accept-Language; Brazilian Portuguese by default. */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  const asked = typeof query === 'string' ? query.toLowerCase() : undefined;
  if (asked === 'en') return 'en';
  if (asked === 'pt-br' || asked === 'pt') return 'pt-BR';
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'pt-BR';
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

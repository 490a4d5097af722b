import type { FastifyReply } from 'fastify';

// Pages load only their own scripts and styles: even if some text slipped past the escaping, no inline
// script or foreign resource would run. Page data travels as <script type="application/json">, which
// is not executed and so is allowed.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sends a rendered HTML page with the site's security headers (`headers` adds or overrides some). */
export function sendPage(
  reply: FastifyReply,
  document: string,
  status = 200,
  headers: Readonly<Record<string, string>> = {},
): FastifyReply {
  return (
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      // The language may come from Accept-Language: a shared cache must keep one copy per language.
      .header('vary', 'accept-language')
      .headers(headers)
      .send(document)
  );
}

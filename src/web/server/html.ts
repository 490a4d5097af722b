import { escapeHtml } from './language.ts';

/** Markup that is already safe: made by `html` or `trustedHtml`, never from raw user text. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may go into an `html` template: text is escaped, `SafeHtml` kept, lists joined, nothing dropped. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[] | null | undefined | false;

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: every interpolated string is escaped (element content and quoted
 * attribute values alike), so a viewer's login or a prize name can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks markup written by us (a catalogue text with `<strong>`) as safe; never pass user input. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * Data for a page's client script, as `<script type="application/json">`: JSON with `<` written as
 * `\u003c`, so no string inside can close the script element.
 */
export function jsonScript(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029'));
  return html`<script type="application/json" id="${id}">${trustedHtml(json)}</script>`;
}

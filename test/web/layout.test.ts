import { describe, expect, it } from 'vitest';
import { WebAssets } from '../../src/web/server/assets.ts';
import { html, jsonScript } from '../../src/web/server/html.ts';
import { page, withLanguage } from '../../src/web/server/layout.ts';

const assets = new WebAssets([
  { name: 'web.css', url: '/assets/web.abc.css', contentType: 'text/css', body: Buffer.from('') },
  {
    name: 'favicon.svg',
    url: '/assets/favicon.f00.svg',
    contentType: 'image/svg+xml',
    body: Buffer.from(''),
  },
  { name: 'page.js', url: '/assets/page.def.js', contentType: 'text/javascript', body: Buffer.from('') },
]);

const HOSTILE = `<script>alert("x")</script>"><img src=x onerror=alert(1)>'`;

describe('html templates', () => {
  it('escapes interpolated text in content and attributes', () => {
    const markup = html`<p title="${HOSTILE}">${HOSTILE}</p>`.value;
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('"><');
    expect(markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;</p>',
    );
  });

  it('keeps nested templates and joins lists, dropping null, undefined and false', () => {
    const items = ['a<b', 'c'].map((name) => html`<li>${name}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}${0}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li>0</ul>',
    );
  });

  it('embeds page data that no string can break out of', () => {
    const markup = jsonScript('page-data', { login: '</script><script>alert(1)</script>' }).value;
    expect(markup.match(/<\/script>/g)).toHaveLength(1);
    const json = markup.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '');
    expect(JSON.parse(json)).toEqual({ login: '</script><script>alert(1)</script>' });
  });
});

describe('page layout', () => {
  it('writes the title escaped, the language, the styles and the module scripts', () => {
    const document = page({
      language: 'en',
      title: HOSTILE,
      body: html`<p>${HOSTILE}</p>`,
      assets,
      scripts: ['page.js'],
    });
    expect(document).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(document).not.toContain('<script>alert');
    expect(document).not.toContain('<img');
    expect(document).toContain('<link rel="stylesheet" href="/assets/web.abc.css">');
    expect(document).toContain('<script type="module" src="/assets/page.def.js"></script>');
  });

  it('links the same address in the other language, keeping its parameters', () => {
    expect(withLanguage('/r/42?page=3', 'en')).toBe('/r/42?page=3&lang=en');
    expect(withLanguage('/r/42?lang=en&page=3', 'pt-BR')).toBe('/r/42?lang=pt-BR&page=3');
    const portuguese = page({
      language: 'pt-BR',
      title: 't',
      body: html``,
      assets,
      requestUrl: '/r/42?page=3',
    });
    expect(portuguese).toContain('<html lang="pt-BR">');
    expect(portuguese).toContain('aria-label="Idioma"');
    expect(portuguese).toContain('<a aria-current="true" lang="pt-BR">Português</a>');
    expect(portuguese).toContain('<a href="/r/42?page=3&amp;lang=en" hreflang="en" lang="en">English</a>');
    const english = page({ language: 'en', title: 't', body: html``, assets, requestUrl: '/r/42?lang=en' });
    expect(english).toContain('aria-label="Language"');
    expect(english).toContain('<a href="/r/42?lang=pt-BR" hreflang="pt-BR" lang="pt-BR">Português</a>');
  });

  it('has no header or switch when the page asks for none (the overlay)', () => {
    const document = page({ language: 'en', title: 't', body: html``, assets, bodyClass: 'overlay' });
    expect(document).not.toContain('language-switch');
    expect(document).toContain('<body class="overlay">');
  });
});

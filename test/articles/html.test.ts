import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHtml } from '#commons/articles/html.ts';
import { MAX_HTML_ELEMENTS } from '#commons/articles/limits.ts';
import { OWN_FIXTURES, reasonOf } from './helpers.ts';

describe('readHtml on a saved news page', () => {
  const { draft, warnings } = readHtml(readFileSync(`${OWN_FIXTURES}page.html`, 'utf8'));

  it('takes metadata from meta tags (og:title, og:url, article:published_time, og:site_name, author, lang)', () => {
    expect(draft).toMatchObject({
      title: 'Syria truce: Kerry and Lavrov agree cessation of hostilities',
      url: 'https://news.example.com/world/syria-truce-2016',
      published: '2016-02-12T23:30:00-05:00',
      publisher: 'Example News',
      byline: 'Jane Reporter',
      language: 'en-GB',
    });
    expect(warnings).toEqual([]);
  });

  it('keeps the main text as plain paragraphs, without the duplicated headline', () => {
    expect(draft.body).toContain('Major powers agreed on Friday to a cessation of hostilities in Syria');
    expect(draft.body).toContain('Nusra Front.\nHe spoke after the meeting');
    expect(draft.body.split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(draft.body.startsWith('Syria truce:')).toBe(false);
  });

  it('lets no script, style, hidden element, navigation or markup through', () => {
    expect(draft.body).not.toMatch(/INJECTED|HIDDEN ADVERT|tracker|font-family|Copyright|<|Politics/);
  });
});

describe('readHtml fallbacks and metadata sources', () => {
  it('reads fragments and bare text (linkedom would drop text around a fragment root)', () => {
    expect(readHtml('<p>One <b>bold</b>.</p><p>Two.</p>').draft.body).toBe('One bold.\n\nTwo.');
    expect(readHtml('<!-- saved --><div>x</div>tail').draft.body).toBe('x\n\ntail');
  });

  it('falls back to JSON-LD, then <title>, and takes the canonical link', () => {
    const html =
      '<html><head><title>Page title</title><link rel="canonical" href="https://e.example/a">' +
      '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"LD headline","datePublished":"2016-09-09","publisher":{"name":"LD Wire"},"author":[{"name":"A. Writer"}],"articleSection":["World","Analysis"]}]}</script>' +
      '</head><body><p>Text.</p></body></html>';
    expect(readHtml(html).draft).toMatchObject({ title: 'LD headline', url: 'https://e.example/a', published: '2016-09-09', publisher: 'LD Wire', byline: 'A. Writer', section: 'World, Analysis' });
    expect(readHtml('<html><head><meta property="article:section" content="Opinion"></head><body><p>x</p></body></html>').draft.section).toBe('Opinion');
    expect(readHtml('<html><head><title>Only &amp; title</title></head><body><p>x</p></body></html>').draft.title).toBe('Only & title');
  });

  it('returns an empty body when only markup and scripts are there (read.ts rejects it as no-text)', () => {
    expect(readHtml('<html><head><script>var a = 1;</script></head><body><nav></nav><img src="x"></body></html>').draft.body).toBe('');
  });

  it('rejects absurd nesting and too many elements before parsing', () => {
    expect(reasonOf(() => readHtml('<div>'.repeat(5000) + 'x' + '</div>'.repeat(5000)))).toBe('malformed');
    expect(reasonOf(() => readHtml('<span>x</span>'.repeat(MAX_HTML_ELEMENTS + 1)))).toBe('too-large');
  });

  it('uses the whole page text when the page is too complex for Readability', () => {
    const chains = ('<div>'.repeat(200) + '<p>' + 'Words of text here. '.repeat(5) + '</p>' + '</div>'.repeat(200)).repeat(20);
    const { draft, warnings } = readHtml(`<html><body>${chains}</body></html>`);
    expect(warnings).toHaveLength(1);
    expect(draft.body.split('\n\n')).toHaveLength(20);
  });
});

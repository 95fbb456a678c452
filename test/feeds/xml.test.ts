import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { cleanText } from '#commons/feeds/escape.ts';
import { XmlWriter, escapedText, xmlAttribute, xmlText } from '#commons/feeds/xml.ts';
import { relativeHref, fileKey, feedOf, theatreFeed, MAIN_FEED } from '#commons/feeds/layout.ts';

/** Parses a one-element document and returns the root's text and attributes. */
function readBack(xml: string): { text: string; attributes: Record<string, string> } {
  const parser = new SaxesParser();
  let text = '';
  let inside = false;
  let attributes: Record<string, string> = {};
  parser.on('opentag', (tag) => {
    attributes = tag.attributes as Record<string, string>;
    inside = !tag.isSelfClosing;
  });
  parser.on('closetag', () => (inside = false));
  parser.on('text', (t) => {
    if (inside) text += t;
  });
  parser.write(xml).close();
  return { text, attributes };
}

describe('XmlWriter', () => {
  it('writes a declaration, instructions, nested elements, empty elements and attributes', () => {
    const w = new XmlWriter();
    w.instruction('xml-stylesheet', { type: 'text/xsl', href: 'feed.xsl' });
    w.start('rss', { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' }).start('channel');
    w.element('title', 'A & B <c>').element('atom:link', undefined, { href: 'https://x.example/?a=1&b="2"', rel: 'self' });
    w.end().end();
    expect(w.toString()).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        '  <channel>',
        '    <title>A &amp; B &lt;c&gt;</title>',
        '    <atom:link href="https://x.example/?a=1&amp;b=&quot;2&quot;" rel="self"/>',
        '  </channel>',
        '</rss>',
        '',
      ].join('\n'),
    );
  });

  it('refuses to produce broken markup', () => {
    expect(() => new XmlWriter().element('bad name', 'x')).toThrow(/invalid XML name/);
    expect(() => new XmlWriter().element('a', 'x', { 'on"x': '1' })).toThrow(/invalid XML name/);
    expect(() => new XmlWriter().start('a').toString()).toThrow(/unclosed/);
    expect(() => new XmlWriter().element('a').element('b').toString()).toThrow(/one root/);
    expect(() => new XmlWriter().element('a').instruction('x', {})).toThrow(/before the root/);
    expect(() => new XmlWriter().instruction('xml', {})).toThrow(/reserved/);
    expect(() => new XmlWriter().end()).toThrow(/without an open element/);
    expect(() => new XmlWriter().toString()).toThrow(/no root/);
  });

  it('inserts fragments written once at the depth they were written for', () => {
    const fragment = new XmlWriter({ fragmentDepth: 2 }).element('title', 'T <1>').toFragment();
    const doc = new XmlWriter().start('rss').start('item').fragment(fragment).element('link', 'L').end().end().toString();
    expect(doc).toContain('    <title>T &lt;1&gt;</title>\n    <link>L</link>');
    expect(() => new XmlWriter().start('rss').fragment(fragment)).toThrow(/depth/);
    expect(() => new XmlWriter({ fragmentDepth: 1 }).start('a').toFragment()).toThrow(/unclosed/);
    expect(() => new XmlWriter({ fragmentDepth: 1 }).toString()).toThrow(/fragment/);
  });

  it('gives back exactly the (XML-clean) text and attribute values it was given, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (text, attribute) => {
        const xml = new XmlWriter().element('e', text, { a: attribute }).toString();
        const back = readBack(xml);
        expect(back.text).toBe(cleanText(text));
        expect(back.attributes.a).toBe(cleanText(attribute));
        // written once, inserted anywhere: the same bytes
        expect(new XmlWriter().element('e', escapedText(text), { a: attribute }).toString()).toBe(xml);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets data close a CDATA section or a comment, and drops characters XML cannot carry', () => {
    expect(xmlText(']]> --> <!-- &amp;')).toBe(']]&gt; --&gt; &lt;!-- &amp;amp;');
    expect(xmlText('a\u0000b\u0001c\ud800d\ufffee')).toBe('abcde');
    expect(xmlAttribute('a\tb\nc\rd"e')).toBe('a&#9;b&#10;c&#13;d&quot;e');
  });
});

describe('layout', () => {
  it('names the files of every feed page and links between them relatively', () => {
    expect(fileKey(MAIN_FEED, 0, 'rss')).toBe('feed.xml');
    expect(fileKey(MAIN_FEED, 3, 'html')).toBe('archive/3/index.html');
    expect(fileKey(theatreFeed('SY'), 0, 'atom')).toBe('feeds/theatre/SY.atom');
    expect(fileKey(theatreFeed('SY'), 2, 'json')).toBe('feeds/theatre/SY/archive/2.json');
    expect(fileKey(theatreFeed('SY'), 2, 'html')).toBe('theatre/SY/archive/2.html');
    expect(relativeHref('index.html', 'theatre/SY.html')).toBe('theatre/SY.html');
    expect(relativeHref('theatre/SY.html', 'index.html')).toBe('../index.html');
    expect(relativeHref('theatre/SY/archive/2.html', 'theatre/SY.html')).toBe('../../SY.html');
    expect(relativeHref('archive/2/index.html', 'archive/1/index.html')).toBe('../1/index.html');
    expect(relativeHref('feeds/theatre/SY.xml', 'feed.xsl')).toBe('../../feed.xsl');
    expect(() => theatreFeed('../x')).toThrow(/ISO/);
    expect(feedOf('theatre/SY')).toEqual({ kind: 'theatre', value: 'SY' });
    expect(feedOf('type/agreement')).toEqual({ kind: 'type', value: 'agreement' });
    for (const bad of ['theatre/sy', 'type/nope', 'theatre/SY/x', '', 'archive/1/']) expect(feedOf(bad), bad).toBeUndefined();
  });
});

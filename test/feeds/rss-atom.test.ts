/**
 * RSS and Atom written by the `feed` package (rss-atom.ts), completed by rss-atom-extras.ts, with
 * values prepared for its XML writer, xml-js (escape.ts). For any text, including every trick that
 * gets past xml-js alone (a second "]]>", "&amp;", control characters, quotes, markup), the
 * documents are well-formed and readers get back the intended text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Parser from 'rss-parser';
import { js2xml } from 'xml-js';
import { cleanText, xmlEscaped, xmlJsFeedAttribute, xmlJsHtmlCdata, xmlJsText } from '#commons/feeds/escape.ts';
import { atomDocument, rssDocument, xmlEntry, type EntryInput, type XmlPage } from '#commons/feeds/rss-atom.ts';
import { DC_NS, extendAtom, extendRss, FH_NS, GEORSS_NS } from '#commons/feeds/rss-atom-extras.ts';
import { kid as maybeKid, kids, parseXml as tree, type XmlNode } from './helpers.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const SCHEME = 'https://ceasefire-feed.dev/schemas/v1/country';

/** Strings with everything that breaks naive XML writing, mixed with arbitrary ones. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .array(
      fc.constantFrom(
        ']]>', ']]', ']', '>', '<', '&', '&amp;', '&lt;', '&#13;', '<script>alert(1)</script>', '<![CDATA[', '-->', '?>',
        '"', "'", '\u0000', '\u0001', '\u0008', '\u000b', '\u001f', '\u007f', '\u0085', '\ufffe', '\uffff', '\ud800', '\udc00',
        '\r\n', '\r', '\n', '\t', ' ', 'a', 'é', '😀',
      ),
      { maxLength: 24 },
    )
    .map((parts) => parts.join('')),
);

/** What an XML reader gets back from text prepared by escape.ts: XML-clean, CR LF and CR as LF. */
const readable = (text: string) => cleanText(text).replace(/\r\n?/g, '\n');
const kid = (node: XmlNode, local: string, uri = node.uri) => maybeKid(node, local, uri)!;
const htmlText = (text: string) => readable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('values prepared for xml-js (escape.ts)', () => {
  /** The one element of a document xml-js writes from a compact object. */
  const written = (e: Record<string, unknown>) => tree(js2xml({ e }, { compact: true }));

  it('shows what xml-js alone gets wrong', () => {
    // A second "]]>" ends the CDATA section: what follows is markup (here, a broken document).
    expect(js2xml({ e: { _cdata: 'a]]>b]]><x/>' } }, { compact: true })).toContain(']]><x/>');
    expect(() => written({ _cdata: 'a]]>b]]><x/>' })).toThrow();
    // "&amp;" in text is first turned back into "&".
    expect(written({ _text: 'fish &amp; chips' }).text).toBe('fish & chips');
    // "<" and "&" in attribute values are written raw: not well-formed.
    expect(() => written({ _attributes: { a: '<&' } })).toThrow();
    // Characters XML cannot carry are written as they are.
    expect(() => written({ _text: 'a\u0001b' })).toThrow();
  });

  it('element text reads back as the text, for any string', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const e = written({ _text: xmlJsText(s) });
        expect(e.children).toEqual([]);
        expect(e.text).toBe(readable(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('attribute values read back as the value, for any string', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(written({ _attributes: { a: xmlEscaped(s) } }).attributes.a).toBe(readable(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('HTML in CDATA stays one CDATA section, reading the same as HTML, for any string', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const e = written({ _cdata: xmlJsHtmlCdata(s) });
        expect(e.children).toEqual([]);
        expect(e.text).toBe(readable(s).replace(/]]>/g, ']]&gt;'));
      }),
      { numRuns: 1000 },
    );
    expect(xmlJsHtmlCdata('a ]]> b ]]> c\r\nd')).toBe('a ]]&gt; b ]]&gt; c\nd');
  });

  it('attribute values feed escapes & in itself lose only what cannot be written there', () => {
    expect(xmlJsFeedAttribute('Bosnia & Herzegovina')).toBe('Bosnia & Herzegovina');
    expect(xmlJsFeedAttribute('a<b>"c"\td\u0001')).toBe('ab"c" d');
  });
});

// ---------------------------------------------------------------- whole documents

const page = (over: Partial<XmlPage> = {}): XmlPage => ({
  title: 'Ceasefire developments',
  description: 'Every development.',
  htmlUrl: 'https://feeds.example.org/',
  atomId: 'https://feeds.example.org/atom.xml',
  updated: new Date('2016-02-13T09:30:00Z'),
  author: { name: 'Ceasefire developments', uri: 'https://feeds.example.org/' },
  stylesheet: 'feed.css',
  ttlMinutes: 15,
  rss: { self: 'https://feeds.example.org/feed.xml', paging: { links: [], archived: false } },
  atom: { self: 'https://feeds.example.org/atom.xml', paging: { links: [], archived: false } },
  ...over,
});

const entryInput = (over: Partial<EntryInput> = {}): EntryInput => ({
  id: 'tag:ceasefire-feed.dev,2016:event:0123456789abcdef',
  headline: 'US and Russia agree cessation of hostilities in Syria (Munich)',
  summary: 'The ISSG agreed to a nationwide cessation of hostilities in Syria.',
  contentHtml: '<p>The ISSG agreed.</p>',
  published: new Date('2016-02-12T00:00:00Z'),
  updated: new Date('2016-02-13T09:30:00Z'),
  categories: [{ term: 'SY', label: 'Syria', scheme: SCHEME }],
  coverage: '12 February 2016 · Syria',
  geo: { point: '48.137 11.575', name: 'Munich' },
  ...over,
});

const LINK = 'https://feeds.example.org/developments/0123456789abcdef.html';
const CURRENT = { links: [], archived: false };
const rssParser = new Parser<Record<string, unknown>, Record<string, unknown>>({ customFields: { item: [['category', 'categoryRaw', { keepArray: true }]] as never } });

describe('rssDocument and atomDocument', () => {
  it('write RSS 2.0 and Atom with the CSS stylesheet, RFC 5005 links, GeoRSS, dc:coverage and the namespaces feed cannot write', () => {
    const archive = page({
      rss: { self: 'https://x.example/archive/1/feed.xml', paging: { links: [{ rel: 'current', href: 'https://x.example/feed.xml' }], archived: true } },
      atom: { self: 'https://x.example/archive/1/atom.xml', paging: { links: [{ rel: 'current', href: 'https://x.example/atom.xml' }], archived: true } },
    });
    const entries = [{ xml: xmlEntry(entryInput()), link: LINK }];
    const rssXml = rssDocument(archive, entries);
    const atomXml = atomDocument(archive, entries);
    // A CSS stylesheet, never XSLT, right after the XML declaration.
    for (const xml of [rssXml, atomXml]) {
      expect(xml.split('\n')[0]).toBe('<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet href="feed.css" type="text/css"?>');
    }
    const rss = tree(rssXml);
    const channel = kid(rss, 'channel');
    expect(kids(channel, 'link', ATOM).map((l) => [l.attributes.rel, l.attributes.href])).toEqual([
      ['self', 'https://x.example/archive/1/feed.xml'],
      ['current', 'https://x.example/feed.xml'],
    ]);
    expect(kids(channel, 'archive', FH_NS)).toHaveLength(1);
    const item = kid(channel, 'item');
    expect(kid(item, 'point', GEORSS_NS).text).toBe('48.137 11.575');
    expect(kid(item, 'featureName', GEORSS_NS).text).toBe('Munich');
    expect(kid(item, 'coverage', DC_NS).text).toBe('12 February 2016 · Syria');

    const atom = tree(atomXml);
    expect(atom.attributes[`{${XML_NS}}lang`]).toBe('en');
    expect(kids(atom, 'link').map((l) => [l.attributes.rel, l.attributes.type, l.attributes.href])).toEqual([
      ['alternate', 'text/html', 'https://feeds.example.org/'],
      ['self', 'application/atom+xml', 'https://x.example/archive/1/atom.xml'],
      ['current', 'application/atom+xml', 'https://x.example/atom.xml'],
    ]);
    expect(kids(atom, 'archive', FH_NS)).toHaveLength(1);
    const entry = kid(atom, 'entry');
    expect(kids(entry, 'link').map((l) => l.attributes)).toEqual([{ rel: 'alternate', type: 'text/html', href: LINK }]);
    expect(kid(entry, 'point', GEORSS_NS).text).toBe('48.137 11.575');
    expect(kid(entry, 'featureName', GEORSS_NS).text).toBe('Munich');
    expect(kid(entry, 'coverage', DC_NS).text).toBe('12 February 2016 · Syria');
    expect(kid(entry, 'category').attributes).toEqual({ term: 'SY', label: 'Syria', scheme: SCHEME });
  });

  it('leave everything feed wrote as it was', () => {
    // Extending a document again adds nothing to it but the entries' elements (the stylesheet, the
    // namespace declarations, xml:lang and link types are there already): the rest, escaped text,
    // CDATA and all, comes back as it was.
    const text = 'Côte d’Ivoire: “truce” & <b>"ceasefire"</b> ]]> &amp; \t\n end';
    const xml = xmlEntry(entryInput({ headline: text, summary: text, contentHtml: text, coverage: text, geo: { point: '1 2', name: text } }));
    const current = page({ title: text, description: text });
    const rss = rssDocument(current, [{ xml, link: LINK }]);
    const atom = atomDocument(current, [{ xml, link: LINK }]);
    expect(extendRss(rss, 'feed.css', CURRENT)).toBe(rss);
    expect(extendAtom(atom, 'feed.css', CURRENT, [{ coverage: 'again' }]).replace(/\n\s*<dc:coverage>again<\/dc:coverage>/, '')).toBe(atom);
  });

  it('refuse output they do not expect rather than publish it half-extended', () => {
    const atom = atomDocument(page(), [{ xml: xmlEntry(entryInput()), link: LINK }]);
    expect(() => extendAtom(atom, 'feed.css', CURRENT, [])).toThrow(/1 entries, 0 entry extras/);
    expect(() => extendRss(atom, 'feed.css', CURRENT)).toThrow(/root <feed>, expected <rss>/);
    expect(() => extendRss('<rss version="2.0"><channel/></rss>', 'feed.css', CURRENT)).toThrow(/no XML declaration/);
  });

  it('are well-formed and read back as the intended text, whatever the text', async () => {
    // Wrapped in « », so whitespace-only values (which rss-parser reads as empty) stay text.
    const w = (s: string) => `«${s}»`;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ title: hostile, description: hostile, headline: hostile, summary: hostile, content: hostile, place: hostile, label: hostile, term: hostile, stylesheet: hostile, coverage: hostile }),
        async (t) => {
          const doc = page({ title: w(t.title), description: w(t.description), author: { name: w(t.title), uri: 'https://feeds.example.org/' }, stylesheet: t.stylesheet });
          const xml = xmlEntry(
            entryInput({
              headline: w(t.headline),
              summary: w(t.summary),
              contentHtml: w(t.content),
              categories: [{ term: w(t.term), label: w(t.label), scheme: SCHEME }],
              coverage: w(t.coverage),
              geo: { point: '1 2', name: w(t.place) },
            }),
          );
          const rssXml = rssDocument(doc, [{ xml, link: LINK }]);
          const atomXml = atomDocument(doc, [{ xml, link: LINK }]);

          // Strict XML 1.0 with namespaces (saxes), and the texts as intended.
          const rss = tree(rssXml);
          const atom = tree(atomXml);
          const channel = kid(rss, 'channel');
          const item = kid(channel, 'item');
          const entry = kid(atom, 'entry');
          expect(kid(channel, 'title').text).toBe(readable(w(t.title)));
          expect(kid(channel, 'description').text).toBe(readable(w(t.description)));
          expect(kid(atom, 'title').text).toBe(readable(w(t.title)));
          expect(kid(kid(atom, 'author'), 'name').text).toBe(readable(w(t.title)));
          for (const [title, summary, content] of [
            [kid(item, 'title'), kid(item, 'description'), kid(item, 'encoded', CONTENT)],
            [kid(entry, 'title'), kid(entry, 'summary'), kid(entry, 'content')],
          ] as const) {
            // Titles and summaries: their text escaped as HTML; content: the HTML, unable to end its CDATA.
            expect(title.text).toBe(htmlText(w(t.headline)));
            expect(summary.text).toBe(htmlText(w(t.summary)));
            expect(content.text).toBe(readable(w(t.content)).replace(/]]>/g, ']]&gt;'));
          }
          expect(kid(item, 'category').text).toBe(readable(w(t.term)));
          expect(kid(entry, 'category').attributes).toEqual({
            term: xmlJsFeedAttribute(w(t.term)),
            label: xmlJsFeedAttribute(w(t.label)),
            scheme: SCHEME,
          });
          for (const parent of [item, entry]) {
            expect(kid(parent, 'featureName', GEORSS_NS).text).toBe(readable(w(t.place)));
            expect(kid(parent, 'coverage', DC_NS).text).toBe(readable(w(t.coverage)));
          }

          // And a feed reader's parser reads the same.
          const fromRss = await rssParser.parseString(rssXml);
          const fromAtom = await rssParser.parseString(atomXml);
          expect(fromRss.title).toBe(readable(w(t.title)));
          expect(fromAtom.title).toBe(readable(w(t.title)));
          for (const parsed of [fromRss.items[0]!, fromAtom.items[0]!]) expect(parsed.title).toBe(htmlText(w(t.headline)));
          expect(fromRss.items[0]!.content).toBe(htmlText(w(t.summary)));
          expect(fromRss.items[0]!['content:encoded']).toBe(readable(w(t.content)).replace(/]]>/g, ']]&gt;'));
          expect(fromAtom.items[0]!.summary).toBe(htmlText(w(t.summary)));
          expect(fromAtom.items[0]!.content).toBe(readable(w(t.content)).replace(/]]>/g, ']]&gt;'));
          expect((fromRss.items[0]!.categoryRaw as { _: string }[])[0]!._).toBe(readable(w(t.term)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

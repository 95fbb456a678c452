/**
 * Validity: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 are complete; three independent parsers read
 * the same items with the same ids; every XML document is well-formed (saxes always, xmllint when
 * installed). Over real extractor output from the evaluation corpus, plus hostile text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CeasefireEvent } from '#schemas/event.ts';
import { itemId, renderFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { DEFAULT_MIN_CONFIDENCE } from '#commons/feeds/threshold.ts';
import { corroboratedConfidence } from '#commons/extraction/events.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { makeArticle, makeEvent, sourceOf } from '../helpers/events.ts';
import { missingProgram } from '../helpers/tools.ts';
import { corpusEvents, variedEvents } from './fixtures.ts';
import {
  BASE,
  XMLLINT_MISSING,
  assertWellFormed,
  body,
  hasXmllint,
  json,
  kid,
  kids,
  parseXml,
  withFeedExtractor,
  withFeedparser,
  withRssParser,
  xmllint,
} from './helpers.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** The one id of an item, in every format: a tag URI that ends with the event id. */
const ITEM_ID = /^tag:ceasefire-feed\.dev,2016:event:[0-9a-f]{16,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let events: CeasefireEvent[];
let files: Map<string, RenderedFile>;
const options = { baseUrl: BASE, pageSize: 20, websubHub: 'https://hub.example/' };

beforeAll(async () => {
  // Real extractor output (62 developments in 11 theatres), paged by 20 so archives exist everywhere.
  events = [...(await corpusEvents()), ...variedEvents(30)];
  files = renderFeeds(events, options);
});

const keysOf = (pattern: RegExp) => [...files.keys()].filter((k) => pattern.test(k));
const rssKeys = () => keysOf(/(^|\/)feed\.xml$|^feeds\/.*\.xml$/);
const atomKeys = () => keysOf(/(^|\/)atom\.xml$|\.atom$/);
const jsonKeys = () => keysOf(/\.json$/);

describe('RSS 2.0 conformance', () => {
  it('every RSS document has the required channel and item elements, in the right formats', () => {
    expect(rssKeys().length).toBeGreaterThan(30);
    for (const key of rssKeys()) {
      const rss = parseXml(body(files, key));
      expect(rss.local, key).toBe('rss');
      expect(rss.attributes.version, key).toBe('2.0');
      const channels = kids(rss, 'channel');
      expect(channels, key).toHaveLength(1);
      const channel = channels[0]!;
      for (const required of ['title', 'link', 'description']) expect(kids(channel, required), `${key} ${required}`).toHaveLength(1);
      expect(kid(channel, 'link')!.text).toMatch(/^https:\/\//);
      expect(kid(channel, 'lastBuildDate')!.text, key).toMatch(RFC822);
      expect(kid(channel, 'ttl')!.text, key).toMatch(/^\d+$/);
      const self = kids(channel, 'link', ATOM).filter((l) => l.attributes.rel === 'self');
      expect(self.map((l) => l.attributes.href), key).toEqual([`${BASE}/${key}`]);
      const guids = new Set<string>();
      for (const item of kids(channel, 'item')) {
        expect(kids(item, 'title'), key).toHaveLength(1);
        expect(kid(item, 'link')!.text).toBe(`${BASE}/developments/${kid(item, 'guid')!.text.split(':').at(-1)}.html`);
        const guid = kid(item, 'guid')!;
        expect(guid.attributes.isPermaLink).toBe('false');
        expect(guid.text).toMatch(ITEM_ID);
        expect(guids.has(guid.text), `${key}: duplicate guid ${guid.text}`).toBe(false);
        guids.add(guid.text);
        expect(kid(item, 'pubDate')!.text, key).toMatch(RFC822);
        expect(kid(item, 'description')!.text.length).toBeGreaterThan(0);
        expect(kid(item, 'encoded', 'http://purl.org/rss/1.0/modules/content/')!.text).toContain('<p class="dateline">');
        for (const c of kids(item, 'category')) expect(c.attributes.domain).toMatch(/^https:\/\//);
      }
    }
  });
});

describe('Atom (RFC 4287) conformance', () => {
  it('every Atom document has id, title, updated, author, link rel="self"; every entry id, title, updated, link and content', () => {
    expect(atomKeys().length).toBeGreaterThan(30);
    for (const key of atomKeys()) {
      const feed = parseXml(body(files, key));
      expect([feed.uri, feed.local], key).toEqual([ATOM, 'feed']);
      for (const required of ['id', 'title', 'updated']) expect(kids(feed, required), `${key} ${required}`).toHaveLength(1);
      expect(kid(feed, 'updated')!.text).toMatch(RFC3339);
      const author = kid(feed, 'author');
      expect(author && kid(author, 'name')!.text, key).toBeTruthy();
      const links = kids(feed, 'link');
      expect(links.filter((l) => l.attributes.rel === 'self').map((l) => l.attributes.href), key).toEqual([`${BASE}/${key}`]);
      expect(links.filter((l) => l.attributes.rel === 'alternate' && l.attributes.type === 'text/html'), key).toHaveLength(1);
      // 4.1.1: no two links with the same rel and type (and hreflang)
      const pairs = links.map((l) => `${l.attributes.rel} ${l.attributes.type ?? ''}`);
      expect(new Set(pairs).size, key).toBe(pairs.length);
      const ids = new Set<string>();
      for (const entry of kids(feed, 'entry')) {
        for (const required of ['id', 'title', 'updated']) expect(kids(entry, required), `${key} entry ${required}`).toHaveLength(1);
        const id = kid(entry, 'id')!.text;
        expect(id).toMatch(ITEM_ID); // an IRI
        expect(ids.has(id), `${key}: duplicate id ${id}`).toBe(false);
        ids.add(id);
        expect(kid(entry, 'updated')!.text).toMatch(RFC3339);
        expect(kid(entry, 'published')!.text).toMatch(RFC3339);
        // feed writes entry titles as HTML (escaped text in CDATA), like RSS titles.
        expect(kid(entry, 'title')!.attributes.type).toBe('html');
        expect(kid(entry, 'content')!.attributes.type).toBe('html');
        const alternate = kids(entry, 'link').filter((l) => l.attributes.rel === 'alternate');
        expect(alternate, key).toHaveLength(1);
        expect(alternate[0]!.attributes.href).toBe(`${BASE}/developments/${id.split(':').at(-1)}.html`);
        for (const c of kids(entry, 'category')) expect(c.attributes.term).toBeTruthy();
      }
    }
  });
});

describe('JSON Feed 1.1 conformance', () => {
  it('every JSON document is a complete JSON Feed 1.1', () => {
    expect(jsonKeys().length).toBeGreaterThan(30);
    for (const key of jsonKeys()) {
      const doc = json(files, key);
      expect(doc.version, key).toBe('https://jsonfeed.org/version/1.1');
      expect(typeof doc.title).toBe('string');
      expect(doc.feed_url).toBe(`${BASE}/${key}`);
      expect(doc.home_page_url).toMatch(/^https:\/\//);
      expect(doc.authors).toEqual([{ name: 'Ceasefire developments', url: `${BASE}/` }]);
      expect(doc.author).toBeUndefined(); // 1.0's field
      expect(doc.language).toBe('en');
      expect(Array.isArray(doc.items)).toBe(true);
      if (doc.next_url !== undefined) expect(files.has(String(doc.next_url).slice(BASE.length + 1)), key).toBe(true);
      const ids = new Set<string>();
      for (const item of doc.items) {
        expect(item.id).toMatch(ITEM_ID);
        expect(ids.has(item.id), `${key}: duplicate id`).toBe(false);
        ids.add(item.id);
        expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
        expect(item.date_published).toMatch(RFC3339);
        expect(item.date_modified).toMatch(RFC3339);
        expect(item.url).toBe(`${BASE}/developments/${item._ceasefire.id}.html`);
        expect(files.has(`developments/${item._ceasefire.id}.html`), item.url).toBe(true);
        expect(Object.keys(item).filter((k) => k.startsWith('_')).every((k) => k.startsWith('_ceasefire'))).toBe(true);
        expect(itemId(item._ceasefire.id)).toBe(item.id);
      }
    }
  });
});

describe('what the W3C feed validator checks', () => {
  // The validator's own code (github.com/w3c/feedvalidator, run locally) rejected every RSS and Atom
  // document for `georss:featurename` and warned of entries sharing one atom:updated; these pin both.
  const GEORSS = 'http://www.georss.org/georss';

  it('writes GeoRSS-Simple as the GeoRSS namespace spells it: georss:point and georss:featureName', () => {
    let placed = 0;
    for (const key of [...rssKeys(), ...atomKeys()]) {
      const root = parseXml(body(files, key));
      const entries = root.local === 'rss' ? kids(kid(root, 'channel')!, 'item') : kids(root, 'entry');
      for (const entry of entries) {
        const geo = entry.children.filter((c) => c.uri === GEORSS).map((c) => c.local);
        if (geo.length) placed++;
        expect(geo, key).toEqual(geo.length ? ['point', 'featureName'] : []);
        expect(entry.children.filter((c) => c.local.toLowerCase().startsWith('feature') && c.uri !== GEORSS), key).toEqual([]);
      }
      expect(body(files, key), key).toContain(`xmlns:georss="${GEORSS}"`);
      expect(body(files, key), key).not.toContain('featurename');
    }
    expect(placed).toBeGreaterThan(100);
  });

  it('gives no two entries of an Atom document the same atom:updated', () => {
    for (const key of atomKeys()) {
      const updated = kids(parseXml(body(files, key)), 'entry').map((e) => kid(e, 'updated')!.text);
      expect(new Set(updated).size, key).toBe(updated.length);
    }
    // The corpus has articles that report several developments, which share the article's arrival time.
    const shared = events.filter((e) => events.some((o) => o !== e && o.updatedAt === e.updatedAt));
    expect(shared.length).toBeGreaterThan(5);
  });
});

describe('three parsers read the same items', () => {
  it('rss-parser, feedparser and @extractus/feed-extractor agree on every RSS and Atom document', async () => {
    for (const key of [...rssKeys(), ...atomKeys()]) {
      const xml = body(files, key);
      const [a, b] = await Promise.all([withRssParser(xml), withFeedparser(xml)]);
      const c = withFeedExtractor(xml, 'xml');
      expect(a.items.length, key).toBeGreaterThanOrEqual(0);
      expect(b.items.map((i) => i.id), `${key}: feedparser ids`).toEqual(a.items.map((i) => i.id));
      expect(c.items.map((i) => i.id), `${key}: feed-extractor ids`).toEqual(a.items.map((i) => i.id));
      expect(b.items.map((i) => i.title), `${key}: feedparser titles`).toEqual(a.items.map((i) => i.title));
      expect(c.items.map((i) => i.title), `${key}: feed-extractor titles`).toEqual(a.items.map((i) => i.title));
      expect(b.items.map((i) => i.link), `${key}: feedparser links`).toEqual(a.items.map((i) => i.link));
      // The links are the developments' pages, with no #fragment for a reader to drop (feed-extractor would).
      expect(c.items.map((i) => i.link), `${key}: feed-extractor links`).toEqual(a.items.map((i) => i.link));
      for (const { link } of a.items) expect(files.has(link.slice(BASE.length + 1)), link).toBe(true);
      expect(b.title).toBe(a.title);
      expect(c.title).toBe(a.title);
    }
  });

  it('and read one id per development in all three formats, in the main feed, filtered feeds and archives', async () => {
    // The feeds carry the developments that reach the minimum confidence.
    const carried = events.filter((e) => corroboratedConfidence(e) >= DEFAULT_MIN_CONFIDENCE);
    const main = carried.sort(compareNewestFirst).slice(0, 20).map((e) => itemId(e.id));
    for (const [rssKey, atomKey, jsonKey] of [
      ['feed.xml', 'atom.xml', 'feed.json'],
      ['feeds/theatre/PS.xml', 'feeds/theatre/PS.atom', 'feeds/theatre/PS.json'],
      ['feeds/type/violation.xml', 'feeds/type/violation.atom', 'feeds/type/violation.json'],
      ['archive/1/feed.xml', 'archive/1/atom.xml', 'archive/1/feed.json'],
    ]) {
      const expected = json(files, jsonKey!).items.map((i: { id: string }) => i.id);
      expect(expected.length, jsonKey).toBeGreaterThan(0);
      for (const key of [rssKey!, atomKey!]) {
        const xml = body(files, key);
        expect((await withRssParser(xml)).items.map((i) => i.id), `${key}: rss-parser`).toEqual(expected);
        expect((await withFeedparser(xml)).items.map((i) => i.id), `${key}: feedparser`).toEqual(expected);
        expect(withFeedExtractor(xml, 'xml').items.map((i) => i.id), `${key}: feed-extractor`).toEqual(expected);
      }
      expect(withFeedExtractor(body(files, jsonKey!), 'json').items.map((i) => i.id), `${jsonKey}: feed-extractor`).toEqual(expected);
      if (rssKey === 'feed.xml') expect(expected).toEqual(main);
    }
  });
});

describe('well-formed XML', () => {
  const nasty = '<script>alert(1)</script> ]]> & \u0001\u0008\u000b\u001f\ufffe "quoted" \'single\' \ud800 end ]]> again';
  const hostileFiles = () => {
    const article = makeArticle({ seed: 'hostile', url: 'javascript:alert(1)', title: `Title ${nasty}`, publisher: `Pub ${nasty}` });
    const evil = makeEvent({
      seed: 'hostile',
      article,
      headline: `Truce ${nasty}`,
      summary: `Summary ${nasty}`,
      venue: { name: `Venue ${nasty}`, country: 'DE', lat: 48.1, lon: 11.5 },
      evidence: [{ articleId: article.id, quote: `Quote ${nasty} <img src=x onerror=alert(1)>` }],
      people: [{ name: `Person ${nasty}` }],
      sources: [sourceOf(article)],
    });
    return renderFeeds([evil, ...variedEvents(5)], { baseUrl: BASE, title: `Feed & <b>title</b> ${nasty}` });
  };

  it('saxes (strict XML 1.0 with namespaces) accepts every XML document, also with hostile text', () => {
    const hostile = hostileFiles();
    for (const [name, set] of [['corpus', files], ['hostile', hostile]] as const) {
      for (const [key, file] of set) if (/\.(xml|atom)$/.test(key)) assertWellFormed(file.body, `${name} ${key}`);
    }
    // and it is strict enough to fail on what xmllint rejects
    expect(() => assertWellFormed('<rss><channel><item></channel></rss>')).toThrow(/not well-formed/);
    expect(() => assertWellFormed('<rss>\u0001</rss>')).toThrow(/not well-formed/);
    expect(() => assertWellFormed('<rss><georss:point>1 2</georss:point></rss>')).toThrow(/not well-formed/);
  });

  it.runIf(hasXmllint())('xmllint accepts every XML document, also with hostile text', () => {
    const hostile = hostileFiles();
    for (const [name, set] of [['corpus', files], ['hostile', hostile]] as const) {
      for (const [key, file] of set) if (/\.(xml|atom)$/.test(key)) expect(xmllint(file.body), `${name} ${key}`).toBe('');
    }
    expect(xmllint('<rss><channel></rss>')).not.toBe('');
  });

});

if (!hasXmllint()) missingProgram('xmllint', XMLLINT_MISSING);

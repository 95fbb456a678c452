/**
 * Issue 6, feed side: one item per development, related developments, what a reader shows (incl.
 * GeoRSS), filtered feeds, polite polling and the stylesheet. Real extractor output where it matters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { SaxesParser } from 'saxes';
import type { CeasefireEvent } from '#schemas/event.ts';
import { FEED_CACHE_CONTROL, FEED_TTL_MINUTES } from '#commons/feeds/polling.ts';
import {
  CONTENT_TYPES,
  itemId,
  listFeeds,
  renderFeeds,
  type RenderedFile,
} from '#commons/feeds/render.ts';
import { geoPoint, geoRssPoint } from '#commons/feeds/describe.ts';
import { relatedDevelopments, RELATED_LIMIT } from '#commons/feeds/related.ts';
import { actorById } from '#commons/extraction/actors.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { mergeEvents } from '#commons/store/merge.ts';
import { makeArticle, makeEvent, makeEvents } from '../helpers/events.ts';
import { BASE, body, json, withFeedparser } from './helpers.ts';
import { corpusEvents, corpusFiles, eventsOf, mergeById, variedEvents } from './fixtures.ts';

const GEORSS = 'http://www.georss.org/georss';
const rss = new Parser<{ atomLinks?: { $: { rel: string; href: string } }[]; ttl?: string }, Record<string, unknown>>({
  customFields: { feed: [['atom:link', 'atomLinks', { keepArray: true }], 'ttl'] as never },
});
const atomParser = new Parser<{ links?: { $: { rel: string; href: string } }[] }, Record<string, unknown>>({
  customFields: { feed: [['link', 'links', { keepArray: true }]] as never },
});

/** Elements (by namespace URI and local name) with their text, from a namespace-aware parse. */
function elementsNamed(xml: string, uri: string, local: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const found: string[] = [];
  let depth = 0;
  let text = '';
  parser.on('opentag', (tag) => {
    if (depth > 0) depth++;
    else if (tag.uri === uri && tag.local === local) {
      depth = 1;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (depth > 0) text += t;
  });
  parser.on('closetag', () => {
    if (depth > 0 && --depth === 0) found.push(text);
  });
  parser.write(xml).close();
  return found;
}

/** The xml-stylesheet instruction of a document, if any. */
function stylesheetOf(xml: string): string | undefined {
  const parser = new SaxesParser();
  let href: string | undefined;
  parser.on('processinginstruction', (pi) => {
    if (pi.target === 'xml-stylesheet') href = /href="([^"]*)"/.exec(pi.body)?.[1];
  });
  parser.write(xml).close();
  return href;
}

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'articles');

describe('one development, one item', () => {
  it('two outlets reporting the same development give one item that lists both sources', async () => {
    // The corpus report of the Moscow agreement on Idlib, and a second outlet's own wording of it, which
    // leaves out Syria and ranks the sides differently.
    const first = await eventsOf('inbox/syria-idlib-moscow.md', readFileSync(join(CORPUS, 'syria-idlib-moscow.md')), '2020-03-05T20:00:00.000Z');
    const wire = [
      '---',
      'title: "Idlib truce agreed after long Kremlin meeting"',
      'url: https://wire.example/2020/03/05/idlib-truce',
      'published: 2020-03-05',
      'publisher: Example Wire',
      '---',
      '',
      'After more than six hours of talks in the Kremlin, Vladimir Putin and Recep Tayyip Erdoğan agreed a ceasefire in north-west Syria on Thursday, hoping to halt a surge of fighting in Idlib province that had brought Russian and Turkish forces close to direct confrontation.',
      '',
      'Civilians in the province, where nearly a million people have fled their homes since December, were sceptical that the truce would last.',
      '',
    ].join('\n');
    const second = await eventsOf('inbox/wire.md', Buffer.from(wire), '2020-03-05T21:00:00.000Z');
    const shared = first.filter((e) => second.some((s) => s.id === e.id));
    expect(shared.map((e) => e.type), 'the extractor gives both reports of the agreement the same id').toContain('agreement');
    const agreed = shared.find((e) => e.type === 'agreement')!;

    const events = mergeById([...first, ...second]);
    const files = renderFeeds(events, { baseUrl: BASE });
    const expectedUrls = ['https://meridianworld.example/world/middle-east/idlib-ceasefire-kremlin-talks', 'https://wire.example/2020/03/05/idlib-truce'];
    for (const [feedKey, jsonKey] of [
      ['feed.xml', 'feed.json'],
      ['feeds/theatre/SY.xml', 'feeds/theatre/SY.json'],
      ['feeds/type/agreement.xml', 'feeds/type/agreement.json'],
    ]) {
      const parsed = await rss.parseString(body(files, feedKey!));
      const ids = parsed.items.map((i) => i.guid);
      expect(new Set(ids).size, feedKey).toBe(ids.length);
      expect(ids.filter((id) => id === itemId(agreed.id)), feedKey).toHaveLength(1);
      const item = parsed.items.find((i) => i.guid === itemId(agreed.id))!;
      const content = item['content:encoded'] as string;
      expect(content).toContain('Sources (2):');
      for (const url of expectedUrls) expect(content).toContain(`<a href="${url}" rel="nofollow noopener">`);
      const doc = json(files, jsonKey!);
      const jsonItem = doc.items.find((i: { id: string }) => i.id === itemId(agreed.id));
      expect(jsonItem._ceasefire.sources.map((s: { url: string }) => s.url).sort()).toEqual(expectedUrls);
      expect(jsonItem._ceasefire).toEqual(events.find((e) => e.id === agreed.id));
    }
  });

  it('gives each development the same item id in every feed and every format that lists it', async () => {
    const events = await corpusEvents();
    const files = renderFeeds(events, { baseUrl: BASE });
    // The truce in Yemen taking effect (its deal, announced the day before, is part of it).
    const event = events.find((e) => e.theatre.country === 'YE' && e.type === 'implementation')!;
    const id = 'tag:ceasefire-feed.dev,2016:event:' + event.id;
    expect(itemId(event.id)).toBe(id);
    for (const key of ['feed.xml', 'feeds/theatre/YE.xml', 'feeds/type/implementation.xml']) {
      expect((await rss.parseString(body(files, key))).items.map((i) => i.guid), key).toContain(id);
    }
    for (const key of ['atom.xml', 'feeds/theatre/YE.atom', 'feeds/type/implementation.atom']) {
      expect((await atomParser.parseString(body(files, key))).items.map((i) => i.id), key).toContain(id);
    }
    for (const key of ['feed.json', 'feeds/theatre/YE.json', 'feeds/type/implementation.json']) {
      expect(json(files, key).items.map((i: { id: string }) => i.id), key).toContain(id);
    }
  });

  it('keeps item ids across rebuilds and re-extraction: the id follows the event id alone', async () => {
    const events = await corpusEvents();
    const ids = (files: Map<string, RenderedFile>) => json(files, 'feed.json').items.map((i: { id: string }) => i.id).sort();
    const first = renderFeeds(events, { baseUrl: BASE });
    // Extracted again from the stored articles, in another order (a re-extraction): the same ids.
    const again = await corpusEvents(corpusFiles().reverse());
    expect(ids(renderFeeds(again, { baseUrl: BASE }))).toEqual(ids(first));
    // Served from another address: the same ids (they name no host).
    expect(ids(renderFeeds(events, { baseUrl: 'https://ceasefire.example.net/feeds' }))).toEqual(ids(first));
  });
});

describe('later developments link to earlier ones', () => {
  // The Yemen truce: agreed and in force (2 April 2022), extended (2 June), lapsed (2 October).
  const yemen = () =>
    corpusEvents(['yemen-truce-live.txt', 'yemen-desk.rss', 'yemen-truce-expires.txt'], {
      'yemen-truce-expires.txt': '2022-10-03T09:00:00.000Z',
      'yemen-desk.rss': '2022-06-02T18:00:00.000Z',
      'yemen-truce-live.txt': '2022-04-02T20:15:00.000Z',
    });

  it('a collapse is its own item and links back to the truce and what happened since', async () => {
    const events = await yemen();
    const collapse = events.find((e) => e.type === 'collapse')!;
    // The truce the collapse ends: its start, which the deal announced the day before is part of.
    const truce = events.find((e) => e.type === 'implementation')!;
    expect(collapse.occurred.date).toMatch(/^2022-10-0[23]$/); // "expired … on Sunday", reported the next morning
    const files = renderFeeds([...events, ...variedEvents(150)], { baseUrl: BASE });

    const doc = json(files, 'feed.json');
    const item = doc.items.find((i: { id: string }) => i.id === itemId(collapse.id));
    const related = item._ceasefire_related as { id: string; type: string; headline: string; date: string; url: string }[];
    // The related items' ids are item ids too, so they can be found among the feed's items.
    expect(related.map((r) => r.id)).toContain(itemId(truce.id));
    expect(related.length).toBeLessThanOrEqual(RELATED_LIMIT + 1);
    const toTruce = related.find((r) => r.id === itemId(truce.id))!;
    expect(toTruce).toMatchObject({ type: 'implementation', headline: truce.headline, date: '2022-04-02' });
    // newest first, all earlier than the collapse, all in Yemen
    expect(related.map((r) => r.date)).toEqual([...related.map((r) => r.date)].sort().reverse());
    for (const r of related) {
      const earlier = events.find((e) => itemId(e.id) === r.id)!;
      expect(earlier.theatre.country).toBe('YE');
      expect(r.date <= collapse.occurred.date).toBe(true);
    }
    // the link is the truce's own page
    expect(toTruce.url).toBe(`${BASE}/developments/${truce.id}.html`);
    expect(body(files, `developments/${truce.id}.html`)).toContain(`<h1>${truce.headline}</h1>`);
    expect(item.content_html).toContain('Earlier in Yemen:');
    expect(item.content_html).toContain(`<a href="${toTruce.url}">${truce.headline}</a> (Implementation, 2 April 2022)`);
    expect(item.content_text).toContain(`- ${truce.headline} (Implementation, 2 April 2022) ${toTruce.url}`);

    // RSS and Atom carry the same links; the page links relatively.
    const parsed = await rss.parseString(body(files, 'feeds/theatre/YE.xml'));
    expect(parsed.items.find((i) => i.guid === itemId(collapse.id))!['content:encoded']).toContain(`href="${toTruce.url}"`);
    const page = body(files, 'theatre/YE.html');
    const relative = `../developments/${truce.id}.html`;
    expect(page).toContain(`<a href="${relative}">`);
  });

  it('is deterministic and follows the rules: same theatre, earlier, within a year, nearest first, the truce always', () => {
    const at = (seed: string, type: CeasefireEvent['type'], date: string, country = 'YE') =>
      makeEvent({ seed, type, occurred: { date, precision: 'day', basis: 'explicit' }, theatre: { country, areas: [] } });
    const agreement = at('a', 'agreement', '2022-04-02');
    const implementation = at('i', 'implementation', '2022-04-02');
    const talks = [at('t1', 'talks', '2022-05-01'), at('t2', 'talks', '2022-06-01'), at('t3', 'talks', '2022-07-01')];
    const collapse = at('c', 'collapse', '2022-10-02');
    const elsewhere = at('x', 'agreement', '2022-09-01', 'SY');
    const old = at('o', 'agreement', '2020-01-01');
    const events = [agreement, implementation, ...talks, collapse, elsewhere, old];
    const related = relatedDevelopments(events);
    // nearest three, then the truce (beyond the three) because a collapse changes its state
    expect(related.get(collapse.id)?.map((e) => e.id)).toEqual([talks[2]!.id, talks[1]!.id, talks[0]!.id, agreement.id]);
    // same day: the implementation comes after the agreement, not the other way round
    expect(related.get(implementation.id)?.map((e) => e.id)).toEqual([agreement.id]);
    expect(related.has(agreement.id)).toBe(false); // 2020 is more than a year earlier
    expect(related.has(elsewhere.id)).toBe(false);
    const shuffled = relatedDevelopments([...events].reverse());
    expect([...shuffled.entries()].sort()).toEqual([...related.entries()].sort());
    // A truce known only by its start (its deal reported as part of it): the start is the truce.
    const withoutDeal = relatedDevelopments(events.filter((e) => e !== agreement));
    expect(withoutDeal.get(collapse.id)?.map((e) => e.id)).toEqual([talks[2]!.id, talks[1]!.id, talks[0]!.id, implementation.id]);
  });
});

describe('what a reader shows', () => {
  it('a dated, placed item with parties, mediators, excluded groups, effective date, quotes and categories', async () => {
    const reuters = makeArticle({ seed: 'reuters' });
    const ap = makeArticle({ seed: 'ap', url: 'https://apnews.example/truce' });
    const munich = mergeEvents(makeEvent({ seed: 'munich', article: reuters }), makeEvent({ seed: 'munich', article: ap }));
    const files = renderFeeds([munich], { baseUrl: BASE });
    const { raw } = await withFeedparser(body(files, 'feed.xml'));
    const item = raw[0]!;
    expect(item.title).toBe(munich.headline); // a generated line that says what happened
    const description = String(item.description);
    for (const text of [
      '<p class="dateline"><time datetime="2016-02-12">12 February 2016</time> · Agreement · Syria: Aleppo</p>',
      '<strong>Theatre:</strong> Syria (SY): Aleppo',
      '<strong>Venue:</strong> Munich, Germany (DE)',
      '<strong>Effective:</strong> 27 February 2016',
      '<strong>Parties:</strong> Russia, United States',
      '<strong>Mediators:</strong> United Nations',
      '<strong>Excluded:</strong> Islamic State, Nusra Front',
      '“The parties agreed a cessation of hostilities (munich).”</p><p>— <a href="https://apnews.example/truce" rel="nofollow noopener">',
    ]) {
      expect(description).toContain(text);
    }
    expect(item.categories).toEqual(['agreement', 'SY', 'DE', 'RU', 'US']);
  });

  it('puts a GeoRSS point on every item: the venue, else the first area with coordinates, else the theatre country', () => {
    const withVenue = makeEvent({ seed: 'v', venue: { name: 'Munich', country: 'DE', lat: 48.1372, lon: 11.5756 } });
    const withArea = makeEvent({ seed: 'a', venue: { name: 'Munich', country: 'DE' }, theatre: { country: 'SY', areas: [{ name: 'Aleppo', country: 'SY' }, { name: 'Idlib', country: 'SY', lat: 35.93, lon: 36.63 }] } });
    const countryOnly = makeEvent({ seed: 'c', venue: undefined, theatre: { country: 'YE', areas: [] } });
    expect(geoPoint(withVenue)).toMatchObject({ lat: 48.1372, lon: 11.5756, basis: 'venue' });
    expect(geoPoint(withArea)).toMatchObject({ lat: 35.93, lon: 36.63, name: 'Idlib', basis: 'area' });
    const yemen = actorById('YE')!.centroid!;
    expect(geoPoint(countryOnly)).toMatchObject({ lat: yemen[0], lon: yemen[1], name: 'Yemen', basis: 'country' });

    const files = renderFeeds([withVenue, withArea, countryOnly], { baseUrl: BASE });
    const ordered = [withVenue, withArea, countryOnly].sort(compareNewestFirst);
    for (const key of ['feed.xml', 'atom.xml', 'feeds/theatre/SY.xml', 'feeds/type/agreement.atom']) {
      const points = elementsNamed(body(files, key), GEORSS, 'point');
      const expected = ordered.filter((e) => key.includes('SY') ? e.theatre.country === 'SY' : true).map((e) => geoRssPoint(geoPoint(e)!));
      expect(points, key).toEqual(expected);
      for (const point of points) expect(point).toMatch(/^-?\d+(\.\d+)? -?\d+(\.\d+)?$/);
    }
    expect(json(files, 'feed.json').items.map((i: { _ceasefire_geo: { basis: string } }) => i._ceasefire_geo.basis).sort()).toEqual(['area', 'country', 'venue']);
  });
});

describe('filtered feeds', () => {
  const events = [...variedEvents(260), ...makeEvents(3, 'sy')];
  const files = renderFeeds(events, { baseUrl: BASE, websubHub: 'https://hub.example/' });
  const listing = listFeeds(events, { baseUrl: BASE });

  it('renders a feed per theatre and per type, in three formats with a page, each with only its developments', async () => {
    const theatres = [...new Set(events.map((e) => e.theatre.country))].sort();
    expect(listing.filter((f) => f.id.startsWith('theatre/')).map((f) => f.id)).toEqual(theatres.map((t) => `theatre/${t}`));
    expect(listing.filter((f) => f.id.startsWith('type/'))).toHaveLength(9);
    for (const code of theatres) {
      for (const key of [`feeds/theatre/${code}.xml`, `feeds/theatre/${code}.atom`, `feeds/theatre/${code}.json`, `theatre/${code}.html`]) {
        expect(files.has(key), key).toBe(true);
      }
      expect(files.get(`feeds/theatre/${code}.xml`)!.contentType).toBe(CONTENT_TYPES.rss);
      expect(files.get(`feeds/theatre/${code}.atom`)!.contentType).toBe(CONTENT_TYPES.atom);
      expect(files.get(`feeds/theatre/${code}.json`)!.contentType).toBe(CONTENT_TYPES.json);
      const doc = json(files, `feeds/theatre/${code}.json`);
      const expected = events.filter((e) => e.theatre.country === code).sort(compareNewestFirst).slice(0, 100).map((e) => itemId(e.id));
      expect(doc.items.map((i: { id: string }) => i.id), code).toEqual(expected);
    }
    const syria = await rss.parseString(body(files, 'feeds/theatre/SY.xml'));
    expect(syria.title).toBe('Ceasefire developments: Syria');
    expect(syria.link).toBe(`${BASE}/theatre/SY.html`);
    expect(syria.atomLinks?.find((l) => l.$.rel === 'self')?.$.href).toBe(`${BASE}/feeds/theatre/SY.xml`);
    const agreements = await atomParser.parseString(body(files, 'feeds/type/agreement.atom'));
    expect(agreements.title).toBe('Ceasefire developments: agreements');
    expect(agreements.links?.find((l) => l.$.rel === 'self')?.$.href).toBe(`${BASE}/feeds/type/agreement.atom`);
    expect(agreements.items.every((i) => String(i.content).includes('· Agreement ·'))).toBe(true);
    expect(json(files, 'feeds/type/violation.json')).toMatchObject({
      title: 'Ceasefire developments: violations',
      feed_url: `${BASE}/feeds/type/violation.json`,
      home_page_url: `${BASE}/type/violation.html`,
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
    });
  });

  it('pages a large filtered feed into RFC 5005 archives of its own', async () => {
    const many = makeEvents(230, 'big'); // all Syria, all agreements
    const big = renderFeeds(many, { baseUrl: BASE });
    const self = (f: { atomLinks?: { $: { rel: string; href: string } }[] }) => Object.fromEntries((f.atomLinks ?? []).map((l) => [l.$.rel, l.$.href]));
    const current = self(await rss.parseString(body(big, 'feeds/theatre/SY.xml')));
    expect(current['prev-archive']).toBe(`${BASE}/feeds/theatre/SY/archive/2.xml`);
    const a2 = self(await rss.parseString(body(big, 'feeds/theatre/SY/archive/2.xml')));
    expect(a2).toMatchObject({ self: `${BASE}/feeds/theatre/SY/archive/2.xml`, current: `${BASE}/feeds/theatre/SY.xml`, 'prev-archive': `${BASE}/feeds/theatre/SY/archive/1.xml` });
    expect(json(big, 'feeds/type/agreement.json').next_url).toBe(`${BASE}/feeds/type/agreement/archive/2.json`);
    expect(json(big, 'feeds/type/agreement/archive/2.json').next_url).toBe(`${BASE}/feeds/type/agreement/archive/1.json`);
    expect(body(big, 'theatre/SY/archive/2.html')).toContain('<a href="1.html" rel="next">');
    expect(body(big, 'theatre/SY/archive/2.html')).toContain('<a href="../../SY.html" rel="prev">');
    const ids = [
      ...json(big, 'feeds/theatre/SY.json').items,
      ...json(big, 'feeds/theatre/SY/archive/2.json').items,
      ...json(big, 'feeds/theatre/SY/archive/1.json').items,
    ].map((i: { id: string }) => i.id);
    expect(ids).toEqual([...many].sort(compareNewestFirst).map((e) => itemId(e.id)));
  });

  it('lists every feed on the main page with autodiscovery links, and filters that lead to the filtered pages', () => {
    const html = body(files, 'index.html');
    for (const feed of listing) {
      const at = (url: string) => url.slice(BASE.length + 1);
      for (const [type, url] of [
        ['application/rss+xml', feed.urls.rss],
        ['application/atom+xml', feed.urls.atom],
        ['application/feed+json', feed.urls.json],
      ] as const) {
        expect(html, `${feed.id} ${type}`).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="${at(url).replace(/\./g, '\\.')}">`));
      }
    }
    expect(html).toContain('<a class="chip" href="theatre/SY.html">Syria (');
    expect(html).toContain('<a class="chip" href="type/agreement.html">Agreement (');
    const page = body(files, 'theatre/SY.html');
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Ceasefire developments: Syria (RSS)" href="../feeds/theatre/SY.xml">');
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Ceasefire developments (RSS)" href="../feed.xml">');
    expect(page).toContain('<a href="../index.html">← All developments</a>');
  });
});

describe('polite polling and the stylesheet', () => {
  const events = makeEvents(150);
  const withHub = renderFeeds(events, { baseUrl: BASE, websubHub: 'https://hub.example/' });
  const withoutHub = renderFeeds(events, { baseUrl: BASE });
  const xmlKeys = (files: Map<string, RenderedFile>) => [...files.keys()].filter((k) => /\.(xml|atom)$/.test(k));

  it('asks RSS readers to poll every 15 minutes, matching the recommended Cache-Control', async () => {
    expect(FEED_TTL_MINUTES).toBe(15);
    expect(FEED_CACHE_CONTROL).toBe('public, max-age=900');
    for (const key of xmlKeys(withoutHub).filter((k) => !k.endsWith('.atom') && k !== 'atom.xml' && !k.endsWith('/atom.xml'))) {
      expect((await rss.parseString(body(withoutHub, key))).ttl, key).toBe('15');
    }
    expect(renderFeeds(events, { baseUrl: BASE, ttlMinutes: 60 }).get('feed.xml')!.body).toContain('<ttl>60</ttl>');
  });

  it('links the WebSub hub from the current RSS, Atom and JSON documents of every feed, only when configured', async () => {
    for (const feed of listFeeds(events, { baseUrl: BASE })) {
      const at = (url: string) => url.slice(BASE.length + 1);
      expect(body(withHub, at(feed.urls.rss)), feed.id).toContain('<atom:link href="https://hub.example/" rel="hub"/>');
      expect(body(withHub, at(feed.urls.atom)), feed.id).toContain('<link rel="hub" href="https://hub.example/"/>');
      expect(json(withHub, at(feed.urls.json)).hubs, feed.id).toEqual([{ type: 'WebSub', url: 'https://hub.example/' }]);
      expect(body(withoutHub, at(feed.urls.rss))).not.toContain('rel="hub"');
      expect(json(withoutHub, at(feed.urls.json)).hubs).toBeUndefined();
    }
    // Archives are not polled, so they name no hub.
    expect(body(withHub, 'archive/1/feed.xml')).not.toContain('rel="hub"');
  });

  it('gives every RSS and Atom document a CSS stylesheet instruction that resolves to feed.css, and no XSLT', () => {
    for (const key of xmlKeys(withHub)) {
      const href = stylesheetOf(body(withHub, key));
      expect(href, key).toBeDefined();
      expect(new URL(href!, `${BASE}/${key}`).href, key).toBe(`${BASE}/feed.css`);
      expect(body(withHub, key).split('\n')[0], key).toBe(`<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet href="${href}" type="text/css"?>`);
      expect(body(withHub, key), key).not.toMatch(/xsl/i);
      // Served as application/xml, a feed names its format in its first 512 bytes (the W3C validator's rule).
      expect(withHub.get(key)!.contentType, key).toBe('application/xml; charset=utf-8');
      expect(body(withHub, key).slice(0, 512), key).toMatch(/<rss |<feed /);
    }
    expect([...withHub.keys()].filter((k) => /xsl/.test(k))).toEqual([]);
    const css = withHub.get('feed.css')!;
    expect(css.contentType).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('subscribe');
    // Nothing loaded from elsewhere: no url(), no @import.
    expect(css.body).not.toMatch(/url\((?!http:\/\/(www\.w3\.org|purl\.org))|@import|expression\(/);
    for (const key of [...withHub.keys()].filter((k) => k.endsWith('.html'))) expect(body(withHub, key), key).toContain('<link rel="icon" href="data:');
  });

  it('gives every item its date and place for people (dc:coverage), which the browser view shows', async () => {
    const coverage = /^(\d{1,2} )?([A-Z][a-z]+ )?\d{4} · [^<]+$/;
    for (const key of ['feed.xml', 'archive/1/feed.xml', 'atom.xml', 'feeds/theatre/SY.atom']) {
      const covered = elementsNamed(body(withHub, key), 'http://purl.org/dc/elements/1.1/', 'coverage');
      expect(covered.length, key).toBeGreaterThan(0);
      for (const text of covered) expect(text, key).toMatch(coverage);
    }
    const [first] = [...events].sort(compareNewestFirst);
    expect(elementsNamed(body(withHub, 'feed.xml'), 'http://purl.org/dc/elements/1.1/', 'coverage')[0]).toBe('31 December 2016 · Syria: Aleppo');
    expect(first!.occurred.date).toBe('2016-12-31');
  });

  it('tells a person who opens a JSON Feed in a browser what it is and where its RSS, Atom and page are', () => {
    const doc = json(withHub, 'feeds/theatre/SY.json');
    expect(doc.user_comment).toContain('JSON Feed');
    expect(doc.user_comment).toContain('subscribe');
    for (const url of [`${BASE}/feeds/theatre/SY.xml`, `${BASE}/feeds/theatre/SY.atom`, `${BASE}/theatre/SY.html`]) expect(doc.user_comment).toContain(url);
  });

  it('keeps the bytes of every file when nothing changed (stable ETag and Last-Modified)', () => {
    const again = renderFeeds([...events].reverse(), { baseUrl: BASE, websubHub: 'https://hub.example/' });
    expect([...again.keys()]).toEqual([...withHub.keys()]);
    for (const [key, file] of withHub) expect(again.get(key)!.body, key).toBe(file.body);
  });
});

describe('robustness', () => {
  it('publishes everything else when a stored event breaks the schema (a theatre that is no ISO code)', () => {
    const broken = { ...makeEvent({ seed: 'broken' }), theatre: { country: '../x', areas: [] } } as CeasefireEvent;
    const files = renderFeeds([broken, ...makeEvents(2)], { baseUrl: BASE });
    expect(json(files, 'feed.json').items).toHaveLength(3);
    expect([...files.keys()].filter((k) => k.includes('..'))).toEqual([]);
    expect(json(files, 'feeds/type/agreement.json').items).toHaveLength(3);
    expect(body(files, 'index.html')).toContain('<g class="series" data-theatre="../x">'); // in the chart, without a link
  });
});

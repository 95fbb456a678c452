import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Parser from 'rss-parser';
import { CeasefireEventSchema, type CeasefireEvent } from '#schemas/event.ts';
import { itemId, renderChangedFeeds, renderFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { mergeEvents } from '#commons/store/merge.ts';
import { hexId, makeArticle, makeEvent, makeEvents, sourceOf } from '../helpers/events.ts';

const BASE = 'https://feeds.example.org';

type Link = { $: { rel: string; href: string; type?: string } };
type Category = { _?: string; $: { domain?: string; term?: string; scheme?: string; label?: string } };
// rss-parser fills lastBuildDate and item ids but its typings omit them.
type FeedExtras = { atomLinks?: Link[]; links?: Link[]; 'fh:archive'?: unknown; lastBuildDate?: string };
type ItemExtras = { id?: string; published?: string; updated?: string; categoryRaw?: Category[] };
const parser = new Parser<FeedExtras, ItemExtras>({
  customFields: {
    feed: [
      ['atom:link', 'atomLinks', { keepArray: true }],
      ['link', 'links', { keepArray: true }],
      'fh:archive',
    ] as unknown as (keyof FeedExtras)[],
    item: ['published', 'updated', ['category', 'categoryRaw', { keepArray: true }]] as unknown as (keyof ItemExtras)[],
  },
});

const body = (files: Map<string, RenderedFile>, key: string) => {
  const file = files.get(key);
  if (!file) throw new Error(`missing ${key}; have ${[...files.keys()].join(', ')}`);
  return file.body;
};
const json = (files: Map<string, RenderedFile>, key: string) => JSON.parse(body(files, key)) as Record<string, any>;

/** XML 1.0 forbids these characters anywhere, CDATA included. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function sampleEvents(): CeasefireEvent[] {
  const reuters = makeArticle({ seed: 'reuters', receivedAt: '2016-02-12T08:00:00.000Z' });
  const ap = makeArticle({ seed: 'ap', receivedAt: '2016-02-13T09:30:00.000Z', url: 'https://apnews.example/truce?id=1&lang=en' });
  const munich = mergeEvents(
    makeEvent({ seed: 'munich', article: reuters }),
    makeEvent({ seed: 'munich', article: ap, confidence: 0.95 }),
  );
  const violation = makeEvent({
    seed: 'violation',
    type: 'violation',
    headline: 'Shelling reported in Aleppo despite truce',
    occurred: { date: '2016-03-01', precision: 'day', basis: 'relative' },
    theatre: { country: 'SY', areas: [{ name: 'Aleppo', country: 'SY' }] },
    updatedAt: '2016-03-02T10:00:00.000Z',
    firstReportedAt: '2016-03-02T10:00:00.000Z',
  });
  const yemen = makeEvent({
    seed: 'yemen',
    type: 'talks',
    headline: 'Yemen talks open in Kuwait',
    occurred: { date: '2016-04', precision: 'month', basis: 'explicit' },
    theatre: { country: 'YE', areas: [] },
    venue: { name: 'Kuwait City', country: 'KW' },
    excluded: [],
    updatedAt: '2016-04-21T00:00:00.000Z',
    firstReportedAt: '2016-04-20T00:00:00.000Z',
  });
  return [munich, violation, yemen];
}

afterEach(() => {
  vi.useRealTimers();
});

describe('renderFeeds: RSS 2.0 and Atom', () => {
  it('renders items newest first with event ids, titles, links, categories and dates from the data', async () => {
    const events = sampleEvents();
    const files = renderFeeds(events, { baseUrl: `${BASE}/`, filtered: false });
    const ordered = [...events].sort(compareNewestFirst);
    const pages = ordered.map((e) => `developments/${e.id}.html`);
    expect([...files.keys()]).toEqual(['feed.xml', 'atom.xml', 'feed.json', 'index.html', ...pages, 'feed.css', 'favicon.ico']);
    // RSS and Atom as application/xml, so browsers apply feed.css (Chromium shows application/rss+xml
    // and application/atom+xml as plain text).
    expect(files.get('feed.xml')!.contentType).toBe('application/xml; charset=utf-8');
    expect(files.get('atom.xml')!.contentType).toBe('application/xml; charset=utf-8');
    expect(files.get('feed.css')!.contentType).toBe('text/css; charset=utf-8');
    // Browsers showing a feed ask for /favicon.ico (a feed cannot name an icon): the pages' icon, as SVG.
    expect(files.get('favicon.ico')).toEqual({ body: expect.stringMatching(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/), contentType: 'image/svg+xml; charset=utf-8' });
    expect(ordered.map((e) => e.theatre.country)).toEqual(['YE', 'SY', 'SY']);

    const rss = await parser.parseString(body(files, 'feed.xml'));
    expect(rss.title).toBe('Ceasefire developments');
    expect(rss.lastBuildDate).toBe('Thu, 21 Apr 2016 00:00:00 GMT'); // max updatedAt
    expect(rss.atomLinks?.map((l) => l.$)).toEqual([{ rel: 'self', href: `${BASE}/feed.xml`, type: 'application/rss+xml' }]);
    expect(rss.items.map((i) => i.guid)).toEqual(ordered.map((e) => itemId(e.id)));
    expect(rss.items.map((i) => i.title)).toEqual(ordered.map((e) => e.headline));
    // Each item links to its development's page.
    expect(rss.items.map((i) => i.link)).toEqual(ordered.map((e) => `${BASE}/developments/${e.id}.html`));
    expect(rss.items.map((i) => i.isoDate)).toEqual(['2016-04-01T00:00:00.000Z', '2016-03-01T00:00:00.000Z', '2016-02-12T00:00:00.000Z']);
    // type, theatre, then the other countries involved (venue, state parties and mediators)
    expect(rss.items.map((i) => i.categoryRaw?.map((c) => c._))).toEqual([
      ['talks', 'YE', 'KW', 'RU', 'US'],
      ['violation', 'SY', 'DE', 'RU', 'US'],
      ['agreement', 'SY', 'DE', 'RU', 'US'],
    ]);

    const atom = await parser.parseString(body(files, 'atom.xml'));
    expect(atom.lastBuildDate).toMatch(/^2016-04-21T00:00:00\.\d{3}Z$/); // the newest item's updated
    expect(atom.lastBuildDate).toBe(atom.items[0]!.updated);
    expect(atom.items.map((i) => i.id)).toEqual(ordered.map((e) => itemId(e.id)));
    expect(atom.items.every((i, n) => i.id!.endsWith(`:${ordered[n]!.id}`))).toBe(true);
    expect(atom.items.map((i) => i.title)).toEqual(ordered.map((e) => e.headline));
    expect(atom.items.map((i) => i.link)).toEqual(ordered.map((e) => `${BASE}/developments/${e.id}.html`));
    // When each item last changed: within the second of its updatedAt (updated.ts)
    expect(atom.items.map((i) => i.updated!.slice(0, 19))).toEqual(ordered.map((e) => e.updatedAt.slice(0, 19)));
    expect(atom.items.map((i) => i.published)).toEqual(['2016-04-01T00:00:00.000Z', '2016-03-01T00:00:00.000Z', '2016-02-12T00:00:00.000Z']);
    expect(atom.items.map((i) => i.categoryRaw?.map((c) => c.$.term))).toEqual([
      ['talks', 'YE', 'KW', 'RU', 'US'],
      ['violation', 'SY', 'DE', 'RU', 'US'],
      ['agreement', 'SY', 'DE', 'RU', 'US'],
    ]);
    expect(atom.items[0]!.categoryRaw?.map((c) => c.$.label)).toEqual(['Talks', 'Yemen', 'Kuwait', 'Russia', 'United States']);
    expect(atom.links?.map((l) => l.$.rel)).toEqual(['alternate', 'self']);
    expect(atom['fh:archive']).toBeUndefined();
  });

  it('item content lists what, where, venue, who, and each quote linked to its source', async () => {
    const files = renderFeeds(sampleEvents(), { baseUrl: BASE });
    const atom = await parser.parseString(body(files, 'atom.xml'));
    const munich = atom.items.find((i) => i.id!.endsWith(hexId('event:munich')))!;
    const html = munich.content!;
    for (const text of [
      '12 February 2016</time> · Agreement · Syria: Aleppo', // date line
      'When:</strong> 12 February 2016',
      'Effective:</strong> 27 February 2016',
      'Syria (SY): Aleppo',
      'Munich, Germany (DE)',
      'Russia, United States',
      'United Nations',
      'Islamic State, Nusra Front',
      'John Kerry (US Secretary of State)',
      'Sources (2):',
      'Reported by 2 sources',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('<a href="https://news.example.org/reuters" rel="nofollow noopener">');
    expect(html).toContain('<a href="https://apnews.example/truce?id=1&amp;lang=en" rel="nofollow noopener">');
    // Both reports carry the same quote: shown once, linked to both.
    expect(html.match(/<blockquote>/g)).toHaveLength(1);
    expect(/<blockquote>[\s\S]*?<\/blockquote>/.exec(html)![0].match(/<a href=/g)).toHaveLength(2);
    // every source is listed, linked
    expect(html.match(/<li><a href="https:\/\/(news\.example\.org\/reuters|apnews\.example\/truce\?id=1&amp;lang=en)" rel="nofollow noopener">/g)).toHaveLength(2);
  });

  it('advertises a WebSub hub on the current feed', async () => {
    const files = renderFeeds(sampleEvents(), { baseUrl: BASE, websubHub: 'https://hub.example/' });
    const rss = await parser.parseString(body(files, 'feed.xml'));
    expect(rss.atomLinks?.map((l) => l.$.rel)).toEqual(['self', 'hub']);
    const atom = await parser.parseString(body(files, 'atom.xml'));
    expect(atom.links?.find((l) => l.$.rel === 'hub')?.$.href).toBe('https://hub.example/');
    expect(json(files, 'feed.json').hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example/' }]);
  });
});

describe('renderFeeds: JSON Feed 1.1', () => {
  it('writes 1.1 fields and the full event under _ceasefire', () => {
    const events = sampleEvents();
    const doc = json(renderFeeds(events, { baseUrl: BASE, title: 'Truce watch' }), 'feed.json');
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
    expect(doc.title).toBe('Truce watch');
    expect(doc.feed_url).toBe(`${BASE}/feed.json`);
    expect(doc.home_page_url).toBe(`${BASE}/`);
    expect(doc.authors).toEqual([{ name: 'Truce watch', url: `${BASE}/` }]);
    expect(doc.author).toBeUndefined();
    expect(doc.next_url).toBeUndefined();
    const ordered = [...events].sort(compareNewestFirst);
    expect(doc.items.map((i: any) => i.id)).toEqual(ordered.map((e) => itemId(e.id)));
    const munich = doc.items.find((i: any) => i.id === itemId(hexId('event:munich')));
    expect(munich).toMatchObject({
      title: ordered[2]!.headline,
      date_published: '2016-02-12T00:00:00.000Z',
      date_modified: expect.stringMatching(/^2016-02-13T09:30:00\.\d{3}Z$/),
      tags: ['agreement', 'SY', 'DE', 'RU', 'US'],
      url: `${BASE}/developments/${hexId('event:munich')}.html`,
    });
    // external_url: the first source with a link (sources are sorted by publishedAt, then article id)
    expect(munich.external_url).toBe(new URL(munich._ceasefire.sources[0].url).href);
    expect(munich.content_html).toContain('<blockquote>');
    expect(munich.content_text).toContain('Parties: Russia, United States');
    expect(munich.content_text).not.toContain('<');
    for (const item of doc.items) {
      expect(CeasefireEventSchema.parse(item._ceasefire)).toEqual(events.find((e) => itemId(e.id) === item.id));
    }
  });
});

describe('renderFeeds: determinism', () => {
  it('gives byte-identical files whatever the input order and the clock', () => {
    const events = [...sampleEvents(), ...makeEvents(120)];
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
    const first = renderFeeds(events, { baseUrl: BASE, websubHub: 'https://hub.example/' });
    vi.setSystemTime(new Date('2031-07-15T13:14:15Z'));
    const second = renderFeeds([...events].reverse(), { baseUrl: BASE, websubHub: 'https://hub.example/' });
    const third = renderFeeds([...events].sort((a, b) => (hexId(a.id) < hexId(b.id) ? -1 : 1)), {
      baseUrl: BASE,
      websubHub: 'https://hub.example/',
    });
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [key, file] of first) {
      expect(second.get(key)!.body, key).toBe(file.body);
      expect(third.get(key)!.body, key).toBe(file.body);
    }
    expect(body(first, 'feed.xml')).not.toContain('2020');
    expect(body(first, 'atom.xml')).not.toContain('2031');
  });

  it('merges duplicate ids in the input instead of listing them twice', () => {
    const a = makeArticle({ seed: 'dup-a', receivedAt: '2016-02-12T01:00:00.000Z' });
    const b = makeArticle({ seed: 'dup-b', receivedAt: '2016-02-12T02:00:00.000Z' });
    const ea = makeEvent({ seed: 'dup', article: a });
    const eb = makeEvent({ seed: 'dup', article: b });
    const doc = json(renderFeeds([ea, eb], { baseUrl: BASE }), 'feed.json');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0]._ceasefire.sources.map((s: any) => s.articleId).sort()).toEqual([a.id, b.id].sort());
    expect(json(renderFeeds([eb, ea], { baseUrl: BASE }), 'feed.json')).toEqual(doc);
  });
});

describe('renderFeeds: RFC 5005 archives', () => {
  const events = makeEvents(250);
  const files = renderFeeds(events, { baseUrl: BASE, filtered: false });
  const keyOf = (href: string) => {
    expect(href.startsWith(`${BASE}/`)).toBe(true);
    return href.slice(BASE.length + 1);
  };

  it('splits 250 events into the current page and two archive pages, each in every format, and a page per development', () => {
    expect([...files.keys()]).toEqual([
      'feed.xml',
      'atom.xml',
      'feed.json',
      'index.html',
      'archive/1/feed.xml',
      'archive/1/atom.xml',
      'archive/1/feed.json',
      'archive/1/index.html',
      'archive/2/feed.xml',
      'archive/2/atom.xml',
      'archive/2/feed.json',
      'archive/2/index.html',
      ...[...events].sort(compareNewestFirst).map((e) => `developments/${e.id}.html`),
      'feed.css',
      'favicon.ico',
    ]);
  });

  it('holds every event exactly once: newest 100 current, oldest 100 in archive 1, the rest in archive 2', async () => {
    const ordered = [...events].sort(compareNewestFirst).map((e) => itemId(e.id));
    const ids = async (key: string) => (await parser.parseString(body(files, key))).items.map((i) => i.guid);
    expect(await ids('feed.xml')).toEqual(ordered.slice(0, 100));
    expect(await ids('archive/2/feed.xml')).toEqual(ordered.slice(100, 150));
    expect(await ids('archive/1/feed.xml')).toEqual(ordered.slice(150, 250));
    const jsonIds = ['feed.json', 'archive/2/feed.json', 'archive/1/feed.json'].flatMap((k) => json(files, k).items.map((i: any) => i.id));
    expect(jsonIds).toEqual(ordered);
  });

  it('links pages to each other (Atom and RSS), and the links resolve', async () => {
    for (const [format, file, linksOf] of [
      ['atom', 'atom.xml', (f: FeedExtras) => f.links ?? []],
      ['rss', 'feed.xml', (f: FeedExtras) => f.atomLinks ?? []],
    ] as const) {
      const parsed = async (key: string) => parser.parseString(body(files, key));
      const rels = async (key: string) => {
        const map: Record<string, string> = {};
        for (const l of linksOf(await parsed(key))) map[l.$.rel] = keyOf(l.$.href);
        return map;
      };
      const current = await rels(file);
      const a2 = await rels(`archive/2/${file}`);
      const a1 = await rels(`archive/1/${file}`);
      expect(current, format).toMatchObject({ self: file, 'prev-archive': `archive/2/${file}` });
      expect(current['current'], format).toBeUndefined();
      expect(a2, format).toMatchObject({ self: `archive/2/${file}`, current: file, 'prev-archive': `archive/1/${file}` });
      expect(a2['next-archive'], format).toBeUndefined();
      expect(a1, format).toMatchObject({ self: `archive/1/${file}`, current: file, 'next-archive': `archive/2/${file}` });
      expect(a1['prev-archive'], format).toBeUndefined();
      for (const map of [current, a2, a1]) for (const key of Object.values(map)) if (key.endsWith(file)) expect(files.has(key)).toBe(true);
      expect((await parsed(file))['fh:archive'], format).toBeUndefined();
      expect((await parsed(`archive/1/${file}`))['fh:archive'], format).toBeDefined();
      expect(body(files, `archive/2/${file}`)).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
      expect(body(files, `archive/2/${file}`)).toContain('<fh:archive/>');
      expect(body(files, file)).not.toContain('fh:archive');
    }
  });

  it('chains JSON Feed pages with next_url towards older items', () => {
    const current = json(files, 'feed.json');
    expect(keyOf(current.next_url)).toBe('archive/2/feed.json');
    const a2 = json(files, 'archive/2/feed.json');
    expect(keyOf(a2.feed_url)).toBe('archive/2/feed.json');
    expect(keyOf(a2.next_url)).toBe('archive/1/feed.json');
    expect(json(files, 'archive/1/feed.json').next_url).toBeUndefined();
  });

  it('dates each page from its own events', async () => {
    const a1 = await parser.parseString(body(files, 'archive/1/atom.xml'));
    const newestInA1 = [...events].sort(compareNewestFirst)[150]!;
    expect(a1.lastBuildDate!.slice(0, 19)).toBe(newestInA1.updatedAt.slice(0, 19));
  });

  it('links the HTML pages to older and newer pages', () => {
    // rel="next" is the next page of the listing, i.e. older developments.
    expect(body(files, 'index.html')).toContain('<a href="archive/2/index.html" rel="next">');
    expect(body(files, 'archive/2/index.html')).toContain('<a href="../../index.html" rel="prev">');
    expect(body(files, 'archive/2/index.html')).toContain('<a href="../1/index.html" rel="next">');
    expect(body(files, 'archive/1/index.html')).toContain('<a href="../2/index.html" rel="prev">');
    expect(body(files, 'archive/1/index.html')).not.toContain('rel="next"');
  });

  it('puts a sub-feed under its path', () => {
    const sub = renderFeeds(events.slice(0, 150), { baseUrl: BASE, path: '/sy/', filtered: false });
    expect([...sub.keys()].every((k) => k.startsWith('sy/'))).toBe(true);
    expect(json(sub, 'sy/feed.json').next_url).toBe(`${BASE}/sy/archive/1/feed.json`);
  });
});

describe('renderFeeds: hostile text', () => {
  const nasty = '<script>alert(1)</script> ]]> & \u0001\u0008\u000b\u001f\ufffe end ]]> again';
  const article = makeArticle({ seed: 'hostile', url: 'javascript:alert(1)', title: `Title ${nasty}` });
  const evil = makeEvent({
    seed: 'hostile',
    article,
    headline: `Truce ${nasty}`,
    summary: `Summary ${nasty}`,
    evidence: [{ articleId: article.id, quote: `Quote ${nasty} <img src=x onerror=alert(1)>` }],
    people: [{ name: `Person ${nasty}` }],
    sources: [sourceOf(article)],
  });
  const files = renderFeeds([evil, ...makeEvents(2)], { baseUrl: BASE, title: `Feed & <b>title</b>` });

  it('yields well-formed XML with no forbidden characters', async () => {
    for (const key of ['feed.xml', 'atom.xml']) {
      const xml = body(files, key);
      expect(XML_INVALID.test(xml), key).toBe(false);
      // Each CDATA section closes exactly once: no data-borne "]]>" survived unescaped.
      expect(xml.split('<![CDATA[').length, key).toBe(xml.split(']]>').length);
      const feed = await parser.parseString(xml);
      expect(feed.items).toHaveLength(3);
    }
    // sanity: the parser is strict enough to reject broken XML
    await expect(parser.parseString('<rss version="2.0"><channel><title>a</title><item></channel></rss>')).rejects.toThrow();
  });

  it('shows the text as escaped text, never as markup', async () => {
    for (const key of ['feed.xml', 'atom.xml']) {
      const feed = await parser.parseString(body(files, key));
      const item = feed.items.find((i) => (i.guid ?? i.id)!.endsWith(evil.id))!;
      expect(feed.title).toBe('Feed & <b>title</b>'); // feed-level title is plain XML text
      // RSS: description = summary, content:encoded = full item; Atom: summary and content.
      const encoded = (item as Record<string, unknown>)['content:encoded'] as string | undefined;
      const full = key === 'feed.xml' ? encoded! : item.content!;
      const summary = key === 'feed.xml' ? item.content! : item.summary!;
      // Item titles and descriptions (RSS) and titles and summaries (Atom, type="html") are read as
      // HTML by readers: HTML-escaped text in CDATA, never markup, and no data-borne "]]>".
      expect(item.title).toBe('Truce &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;  end ]]&gt; again');
      expect(summary).toBe('Summary &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;  end ]]&gt; again');
      if (key === 'atom.xml') {
        expect(body(files, key)).toContain('<title type="html"><![CDATA[Truce &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;  end ]]&gt; again]]></title>');
      }
      expect(full).not.toMatch(/<script|<img/i);
      expect(full).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(full).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(full).toContain('Person &lt;script&gt;');
      expect(full).not.toContain('javascript:');
    }
  });

  it('keeps JSON Feed text plain and the HTML escaped', () => {
    const doc = json(files, 'feed.json');
    const item = doc.items.find((i: any) => i.id === itemId(evil.id));
    expect(item.title).toBe('Truce <script>alert(1)</script> ]]> &  end ]]> again');
    expect(item.content_html).not.toMatch(/<script|<img/i);
    expect(item.external_url).toBeUndefined(); // javascript: is not a link
    expect(item._ceasefire).toEqual(evil);
  });

  it('escapes the HTML page too', () => {
    const html = body(files, 'index.html');
    expect(html).not.toMatch(/<script|<img|javascript:/i);
    expect(html).toContain('Truce &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Feed &amp; &lt;b&gt;title&lt;/b&gt;</title>');
  });
});

describe('renderFeeds: HTML page', () => {
  it('lists developments newest first with autodiscovery links and no external resources', () => {
    const events = sampleEvents();
    const html = body(renderFeeds(events, { baseUrl: BASE }), 'index.html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(`default-src 'none'; style-src 'sha256-${hash}'`);
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Ceasefire developments (RSS)" href="feed.xml">');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Ceasefire developments (Atom)" href="atom.xml">');
    expect(html).toContain('<link rel="alternate" type="application/feed+json" title="Ceasefire developments (JSON Feed)" href="feed.json">');
    const positions = [...events].sort(compareNewestFirst).map((e) => html.indexOf(`id="ev-${e.id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain('Yemen talks open in Kuwait');
    expect(html).toContain('Kuwait City');
    expect(html).not.toMatch(/<script|<img|<iframe|src=|rel="stylesheet"|@import|url\(/i);
    // An inline icon, so browsers do not ask for /favicon.ico; the CSP lets data: images in for it.
    expect(html).toContain('<link rel="icon" href="data:image/svg+xml,');
    expect(html).toContain("img-src data:;");
    // Only source links go off-site.
    const offsite = [...new Set([...html.matchAll(/href="(https?:[^"]+)"/g)].map((m) => m[1]))];
    expect(offsite.sort()).toEqual(['https://apnews.example/truce?id=1&amp;lang=en', 'https://news.example.org/reuters', 'https://news.example.org/violation-article', 'https://news.example.org/yemen-article'].sort());
  });
});

describe('renderFeeds: empty store', () => {
  it('renders valid, stable feeds that explain how to drop articles', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-05T05:05:05Z'));
    const files = renderFeeds([], { baseUrl: BASE });
    // The main feed, an (empty) feed per type to subscribe to before its first development, feed.css.
    expect([...files.keys()].slice(0, 4)).toEqual(['feed.xml', 'atom.xml', 'feed.json', 'index.html']);
    expect(files.size).toBe(4 + 9 * 4 + 2);
    expect([...files.keys()].some((k) => k.includes('theatre'))).toBe(false);
    expect(json(files, 'feeds/type/collapse.json').description).toBe('No collapses yet. This feed fills as they are reported.');
    const rss = await parser.parseString(body(files, 'feed.xml'));
    expect(rss.items).toEqual([]);
    // Nothing to date an empty store from, and never the clock: RSS leaves the optional
    // lastBuildDate out; Atom, which requires <updated>, says the epoch (docs/feeds.md).
    for (const key of ['feed.xml', 'feeds/type/extension.xml']) expect(body(files, key), key).not.toContain('lastBuildDate');
    expect(rss.lastBuildDate).toBeUndefined();
    // Plain text, as readers show it: no Markdown.
    expect(rss.description).toBe(
      'No ceasefire developments yet. To fill this feed, drop news articles into the inbox with the command ' +
        'npx ceasefire-feed drop FILE (a file or a folder), or run npm run demo for sample articles.',
    );
    const atom = await parser.parseString(body(files, 'atom.xml'));
    expect(atom.items).toEqual([]);
    expect(atom.lastBuildDate).toBe('1970-01-01T00:00:00.000Z');
    const doc = json(files, 'feed.json');
    expect(doc.items).toEqual([]);
    expect(doc.description).toBe(rss.description);
    for (const [key, file] of files) expect(file.body, key).not.toContain('`');
    const html = body(files, 'index.html');
    expect(html).toContain('<code>npx ceasefire-feed drop FILE</code>');
    expect(html).toContain('<code>npm run demo</code>');
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const again = renderFeeds([], { baseUrl: BASE });
    for (const [key, file] of files) expect(again.get(key)!.body).toBe(file.body);
  });

  it('dates an empty filtered feed from the newest development of the whole store', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-05T05:05:05Z'));
    const events = sampleEvents(); // no extension among them; the newest updatedAt is 2016-04-21
    const files = renderFeeds(events, { baseUrl: BASE });
    const rss = await parser.parseString(body(files, 'feeds/type/extension.xml'));
    expect(rss.items).toEqual([]);
    expect(rss.lastBuildDate).toBe('Thu, 21 Apr 2016 00:00:00 GMT');
    const atom = await parser.parseString(body(files, 'feeds/type/extension.atom'));
    expect(atom.lastBuildDate).toBe((await parser.parseString(body(files, 'atom.xml'))).lastBuildDate);
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    expect(renderFeeds([...events].reverse(), { baseUrl: BASE }).get('feeds/type/extension.xml')!.body).toBe(body(files, 'feeds/type/extension.xml'));

    // A later development re-dates it, and an incremental build knows that page changed.
    const later = makeEvent({ seed: 'later', updatedAt: '2016-05-01T12:00:00.000Z', firstReportedAt: '2016-05-01T12:00:00.000Z' });
    const before = renderChangedFeeds(events, { baseUrl: BASE });
    const after = renderChangedFeeds([...events, later], { baseUrl: BASE }, before.manifest);
    expect(after.files.get('feeds/type/extension.xml')?.body).toContain('<lastBuildDate>Sun, 01 May 2016 12:00:00 GMT</lastBuildDate>');
    expect(after.files.get('feeds/type/extension.xml')!.body).toBe(renderFeeds([...events, later], { baseUrl: BASE }).get('feeds/type/extension.xml')!.body);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => renderFeeds([], { baseUrl: 'javascript:alert(1)' })).toThrow(/baseUrl/);
    expect(() => renderFeeds([], { baseUrl: BASE, pageSize: 0 })).toThrow(/pageSize/);
  });
});

/**
 * Confidence that means something: the subscribed documents (RSS, Atom, JSON Feed, main and filtered,
 * with their archives) carry only the developments whose corroborated confidence reaches the minimum;
 * the others stay on the timelines and their pages, marked, and join the feeds when another outlet
 * reports them. Read as a subscriber reads them: with rss-parser, feedparser and feed-extractor.
 */
import { describe, expect, it } from 'vitest';
import type { CeasefireEvent } from '#schemas/event.ts';
import { DEFAULT_MIN_CONFIDENCE } from '#commons/feeds/threshold.ts';
import { itemId, planChangedFeeds, renderChangedFeeds, renderFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { mergeEvents } from '#commons/store/merge.ts';
import { makeArticle, makeEvent, makeEvents } from '../helpers/events.ts';
import { BASE, body, json, withFeedExtractor, withFeedparser, withRssParser } from './helpers.ts';

const options = { baseUrl: BASE };
const alpha = makeArticle({ seed: 'alpha', publisher: 'Alpha News', url: 'https://alpha.example/truce', receivedAt: '2016-03-02T08:00:00.000Z' });
/** The same development from another outlet: no publisher given, so its URL's host names it. */
const beta = makeArticle({ seed: 'beta', publisher: undefined, url: 'https://www.beta.example/2016/03/aleppo', receivedAt: '2016-03-02T11:00:00.000Z' });
/** The same outlet again, another article. */
const alphaAgain = makeArticle({ seed: 'alpha-again', publisher: 'alpha news', url: 'https://alpha.example/more', receivedAt: '2016-03-02T12:00:00.000Z' });

/** One outlet's report of a violation in Yemen, below the minimum: mentioned low in an article, dated by the article. */
const report = (article = alpha, confidence = 0.5) =>
  makeEvent({
    seed: 'held',
    article,
    type: 'violation',
    headline: 'Ceasefire in Taiz, Yemen violated',
    occurred: { date: '2016-03-01', precision: 'day', basis: 'metadata' },
    theatre: { country: 'YE', areas: [{ name: 'Taiz', country: 'YE' }] },
    venue: undefined,
    parties: [],
    mediators: [],
    excluded: [],
    confidence,
    firstReportedAt: article.receivedAt,
    updatedAt: article.receivedAt,
  });
const held = report();
/** Developments well above the minimum, in Syria. */
const others = makeEvents(3);

/** The item ids of a document as each parser reads it; the three must agree. */
async function itemIds(files: Map<string, RenderedFile>, key: string): Promise<string[]> {
  const document = body(files, key);
  if (key.endsWith('.json')) return withFeedExtractor(document, 'json').items.map((i) => i.id);
  const [a, b] = [await withRssParser(document), await withFeedparser(document)];
  expect(b.items.map((i) => i.id), `${key}: feedparser`).toEqual(a.items.map((i) => i.id));
  // feed-extractor does not recognise an Atom feed without entries as a feed at all.
  if (a.items.length) expect(withFeedExtractor(document, 'xml').items.map((i) => i.id), `${key}: feed-extractor`).toEqual(a.items.map((i) => i.id));
  return a.items.map((i) => i.id);
}

const DOCUMENTS = [
  'feed.xml',
  'atom.xml',
  'feed.json',
  'feeds/theatre/YE.xml',
  'feeds/theatre/YE.atom',
  'feeds/theatre/YE.json',
  'feeds/type/violation.xml',
  'feeds/type/violation.atom',
  'feeds/type/violation.json',
];

describe('a development below the minimum confidence', () => {
  const files = renderFeeds([held, ...others], options);

  it('is in no subscribed document, main or filtered, as three parsers read them', async () => {
    expect(DEFAULT_MIN_CONFIDENCE).toBe(0.55);
    for (const key of DOCUMENTS) expect(await itemIds(files, key), key).not.toContain(itemId(held.id));
    expect(await itemIds(files, 'feed.xml')).toEqual(others.map((e) => itemId(e.id)));
    // Its theatre's and type's feeds exist (subscribe now, get it once corroborated) and say why they are empty.
    expect((await withRssParser(body(files, 'feeds/theatre/YE.xml'))).items).toEqual([]);
    expect(json(files, 'feeds/theatre/YE.json').description).toBe(
      'No development here has reached the confidence of 0.55 that this feed requires yet. Those reported so far are on its page, ' +
        `${BASE}/theatre/YE.html, marked; each joins this feed when another outlet reports it or a re-extraction raises its confidence.`,
    );
    // A feed with items says which developments it carries.
    expect(json(files, 'feed.json').description).toMatch(/It carries the developments whose confidence reaches 0\.55 \(of 1\); those below it are on its web page/);
  });

  it('is on the timelines, marked plainly, and on its own page with its confidence explained', () => {
    for (const key of ['index.html', 'theatre/YE.html', 'type/violation.html']) {
      const page = body(files, key);
      const entry = page.slice(page.indexOf(`id="ev-${held.id}"`), page.indexOf('</article>', page.indexOf(`id="ev-${held.id}"`)));
      expect(entry, key).toContain('<span class="flag" title="Confidence, from 0 to 1, says how well the reports support a development:');
      expect(entry, key).toContain(">Below the feeds' confidence threshold</span> Confidence 0.50, under the 0.55 the RSS, Atom and JSON feeds require");
      expect(entry, key).toContain('It joins them when another outlet reports it or a re-extraction raises its confidence.');
      expect(entry, key).toMatch(new RegExp(`<a href="(\\.\\./)?developments/${held.id}\\.html#confidence">About confidence</a>`));
      expect(page, key).toContain("One development on this page is below the feeds&#39; confidence threshold of 0.55, marked");
    }
    // The others carry no mark.
    expect(body(files, 'theatre/SY.html')).not.toContain('class="held"');
    expect(body(files, 'theatre/SY.html')).not.toContain('class="meta note"');
    const page = body(files, `developments/${held.id}.html`);
    expect(page).toContain('<p class="held"><span class="flag"');
    expect(page).toContain(
      '<dt id="confidence">Confidence</dt><dd><strong>0.50</strong> <small>(from its strongest report; no other outlet has corroborated it yet)</small>',
    );
    expect(page).toContain('The feeds carry developments from 0.55: this one is on the pages only, until another outlet reports it');
  });

  it('joins every feed when another outlet reports it, and its page shows the corroboration', async () => {
    const corroborated = mergeEvents(held, report(beta, 0.45));
    const next = renderFeeds([corroborated, ...others], options);
    for (const key of DOCUMENTS) expect(await itemIds(next, key), key).toContain(itemId(held.id));
    const item = json(next, 'feeds/theatre/YE.json').items[0];
    // `_ceasefire` is the stored event as it is; the corroborated figure comes beside it.
    expect(item._ceasefire.confidence).toBe(0.5);
    expect(item._ceasefire_confidence).toEqual({ corroborated: 0.55, feed_minimum: 0.55 });
    expect(item.content_html).toContain('Reported by 2 sources; confidence 0.55;');
    const page = body(next, `developments/${held.id}.html`);
    expect(page).not.toContain('class="held"');
    expect(page).toContain('<strong>0.55</strong> <small>(0.50 from its strongest report, +0.05 as other outlets report it too)</small>');
    expect(page).toContain('The feeds carry developments from 0.55: this one is in them.');
    expect(body(next, 'index.html')).not.toContain('class="held"');
  });

  it('stays out when the same outlet reports it again', async () => {
    const again = renderFeeds([mergeEvents(held, report(alphaAgain, 0.5)), ...others], options);
    for (const key of DOCUMENTS) expect(await itemIds(again, key), key).not.toContain(itemId(held.id));
  });

  it('changes no feed document that lists developments when it arrives: the timelines and its own page are rebuilt', () => {
    const before = renderChangedFeeds(others, options);
    const after = planChangedFeeds([held, ...others], options, before.manifest);
    const feedPages = after.changed.filter((id) => !id.startsWith('timeline/') && !id.startsWith('development/'));
    // Only empty documents change: the new Yemen feed, and the violations feed, which now says that one
    // is waiting for corroboration instead of 'No violations yet'.
    expect(feedPages).toEqual(['theatre/YE#0', 'type/violation#0']);
    expect(after.changed).toEqual(expect.arrayContaining(['timeline/main#0', 'timeline/theatre/YE#0', 'timeline/type/violation#0', `development/${held.id}`]));
    expect(after.belowThreshold).toBe(1);
    const full = renderFeeds([held, ...others], options);
    const old = renderFeeds(others, options);
    for (const key of ['feed.xml', 'atom.xml', 'feed.json', 'feeds/theatre/SY.xml', 'feeds/type/agreement.json', 'feeds/type/collapse.atom']) {
      expect(full.get(key)!.body, key).toBe(old.get(key)!.body);
    }
  });

  it('follows the threshold: part of every page fingerprint; at 0 the feeds carry everything', async () => {
    const at55 = renderChangedFeeds([held, ...others], options);
    const at0 = renderChangedFeeds([held, ...others], { ...options, minConfidence: 0 }, at55.manifest);
    expect(Object.keys(at0.manifest).every((id) => at0.manifest[id] !== at55.manifest[id] || id.startsWith('static/'))).toBe(true);
    expect(await itemIds(at0.files, 'feed.xml')).toContain(itemId(held.id));
    expect(body(at0.files, 'index.html')).not.toContain('class="held"');
    // The feeds then make no claim about a threshold.
    expect(json(at0.files, 'feed.json').description).not.toContain('confidence');
    const strict = renderFeeds([held, ...others], { ...options, minConfidence: 0.95 });
    expect(await itemIds(strict, 'feed.xml')).toEqual([]);
    expect(body(strict, 'index.html')).toContain('4 developments on this page are below the feeds&#39; confidence threshold of 0.95');
    for (const bad of [-0.1, 1.5, Number.NaN]) expect(() => renderFeeds([], { ...options, minConfidence: bad })).toThrow(/minConfidence must be a number from 0 to 1/);
  });
});

describe('paging, when the timeline lists more than the feed', () => {
  // Pages of 2: 3 developments reach the minimum, 2 do not (the two newest).
  const lows = [0, 1].map((i) =>
    makeEvent({ ...report(), id: `${held.id.slice(0, 15)}${i}`, occurred: { date: `2017-01-0${i + 1}`, precision: 'day', basis: 'metadata' } }),
  );
  const events: CeasefireEvent[] = [...lows, ...others];
  const paged = { ...options, pageSize: 2 };
  const files = renderFeeds(events, paged);

  it('pages the documents over the developments they carry and the timeline over all of them', async () => {
    // Documents: current (2) + archive 1 (1). Timeline: current (2) + archives 1 (1) and 2 (2).
    expect(await itemIds(files, 'feed.xml')).toEqual(others.slice(0, 2).map((e) => itemId(e.id)));
    expect(await itemIds(files, 'archive/1/feed.xml')).toEqual([itemId(others[2]!.id)]);
    expect(files.has('archive/2/feed.xml')).toBe(false);
    expect(files.has('archive/2/index.html')).toBe(true);
    expect(json(files, 'feed.json').next_url).toBe(`${BASE}/archive/1/feed.json`);
    expect(body(files, 'index.html')).toContain('<a href="archive/2/index.html" rel="next">');
    expect(body(files, 'archive/2/index.html')).toContain(`id="ev-${others[0]!.id}"`);
    // A document's page for people is its feed's timeline (archive numbers differ between the two).
    expect(json(files, 'archive/1/feed.json').home_page_url).toBe(`${BASE}/`);
  });

  it('deletes only the documents when their archive goes, and keeps a timeline page of the same number', () => {
    const before = renderChangedFeeds([...others, ...makeEvents(2, 'more')], paged);
    expect(Object.keys(before.manifest)).toContain('main#2');
    const after = renderChangedFeeds(events, paged, before.manifest);
    // main#2 (documents of archive 2) is gone; timeline/main#2 remains.
    expect(after.removed.filter((key) => key.startsWith('archive/2/'))).toEqual(['archive/2/feed.xml', 'archive/2/atom.xml', 'archive/2/feed.json']);
    // A manifest of RENDER_VERSION 5 named the HTML page with the documents ('main#2'): the page stays.
    const legacy = renderChangedFeeds(events, paged, { 'main#3': 'old' });
    expect(legacy.removed).toEqual(['archive/3/feed.xml', 'archive/3/atom.xml', 'archive/3/feed.json', 'archive/3/index.html']);
    const kept = renderChangedFeeds(events, paged, { 'main#2': 'old' });
    expect(kept.removed).toEqual(['archive/2/feed.xml', 'archive/2/atom.xml', 'archive/2/feed.json']);
  });
});

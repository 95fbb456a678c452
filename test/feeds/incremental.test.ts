import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CeasefireEventSchema } from '#schemas/event.ts';
import { RENDER_VERSION, RenderCache, planChangedFeeds, renderChangedFeeds, renderFeeds } from '#commons/feeds/render.ts';
import { makeEvents } from '../helpers/events.ts';
import { relatedDevelopments } from '#commons/feeds/related.ts';
import { variedEvents } from './fixtures.ts';

const options = { baseUrl: 'https://feeds.example.org' };
const unfiltered = { ...options, filtered: false };
const changedPages = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys(after).filter((id) => after[id] !== before[id]);
/** Sorts manifest ids in the order a manifest lists them. */
const byManifestOrder = (manifest: Record<string, string>) => {
  const order = Object.keys(manifest);
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
};

describe('renderChangedFeeds', () => {
  const all = makeEvents(301);
  const newest = all[0]!;
  const before = all.slice(1); // 300 events: current + archives 1 and 2 (both full)

  it('renders every page the first time, exactly as renderFeeds does', () => {
    const build = renderChangedFeeds(before, options);
    expect(build.files).toEqual(renderFeeds(before, options));
    // 300 events, all agreements in Syria: main, theatre/SY and type/agreement have 3 pages each,
    // the other eight type feeds one (empty) page, each page as documents and as a timeline page; a page
    // per development; the stylesheet and the icon.
    expect(Object.keys(build.manifest).filter((id) => /^(timeline\/)?(main|theatre\/)/.test(id))).toEqual([
      'main#0',
      'timeline/main#0',
      'main#1',
      'timeline/main#1',
      'main#2',
      'timeline/main#2',
      'theatre/SY#0',
      'timeline/theatre/SY#0',
      'theatre/SY#1',
      'timeline/theatre/SY#1',
      'theatre/SY#2',
      'timeline/theatre/SY#2',
    ]);
    expect(Object.keys(build.manifest)).toHaveLength(2 * (3 + 3 + 3 + 8) + 300 + 2);
    expect(Object.keys(build.manifest).filter((id) => id.startsWith('development/')).sort()).toEqual(before.map((e) => `development/${e.id}`).sort());
    expect(build.manifest['static/feed.css']).toBeDefined();
    expect(build.removed).toEqual([]);
  });

  it('re-renders only the pages a new development changes (unfiltered: as before)', () => {
    const first = renderChangedFeeds(before, unfiltered);
    const second = renderChangedFeeds([...before, newest], unfiltered, first.manifest);
    // The newest event pushes one event into a new archive 3; archive 2 gains a next-archive link. It
    // has a page of its own, and the pages of the developments it links back to list it as later.
    const linkedBack = relatedDevelopments([...before, newest]).get(newest.id)!.map((e) => `development/${e.id}`);
    expect(linkedBack).toHaveLength(3);
    const pages = ['main#0', 'main#2', 'main#3'].flatMap((id) => [id, `timeline/${id}`]);
    expect(changedPages(first.manifest, second.manifest)).toEqual([...pages, `development/${newest.id}`, ...linkedBack].sort(byManifestOrder(second.manifest)));
    expect(second.files.size).toBe(3 * (3 + 1) + 1 + 3);
    expect(second.manifest['main#1']).toBe(first.manifest['main#1']);
    const full = renderFeeds([...before, newest], unfiltered);
    for (const [key, file] of second.files) expect(file, key).toEqual(full.get(key));
    expect(renderChangedFeeds([...before, newest], unfiltered, second.manifest).files.size).toBe(0);
  });

  it('re-renders the pages of the main feed, the theatre feed and the type feed a development is in, and no others', () => {
    const store = variedEvents(1_000);
    const first = renderChangedFeeds(store, options);
    const [added] = variedEvents(1, 'added').map((e) => ({ ...e, occurred: { date: '2017-01-05', precision: 'day' as const, basis: 'explicit' as const } }));
    const second = renderChangedFeeds([...store, added!], options, first.manifest);
    const changed = changedPages(first.manifest, second.manifest);
    // The current pages of main, theatre/SY (variedEvents' first theatre) and type/talks, and the
    // archives that gain or lose an event or a link (main's new archive 10 and the link to it from 9,
    // talks' archive 1 that gains its oldest current item); the new development's page, and the pages
    // of those it links back to. Links go to development pages, which never move: no other page changes.
    const feedPages = changed.filter((id) => !id.startsWith('development/'));
    const expected = ['main#0', 'main#10', 'main#9', 'theatre/SY#0', 'type/talks#0', 'type/talks#1'];
    expect(feedPages.sort()).toEqual([...expected, ...expected.map((id) => `timeline/${id}`)].sort());
    const linkedBack = relatedDevelopments([...store, added!]).get(added!.id)!.map((e) => `development/${e.id}`);
    expect(changed.filter((id) => id.startsWith('development/')).sort()).toEqual([`development/${added!.id}`, ...linkedBack].sort());
    expect(Object.keys(second.manifest).length).toBeGreaterThan(1_040);
    const full = renderFeeds([...store, added!], options);
    // Three documents per feed page, one file per timeline page.
    expect(second.files.size).toBe(expected.length * (3 + 1) + 1 + linkedBack.length);
    for (const [key, file] of second.files) expect(file.body, key).toBe(full.get(key)!.body);
    // and nothing else changed: every file not re-rendered is identical to the first build
    const old = renderFeeds(store, options);
    for (const [key, file] of full) if (!second.files.has(key)) expect(old.get(key)?.body, key).toBe(file.body);
  });

  it('reports the files of pages that disappeared', () => {
    const big = renderChangedFeeds(before, options);
    const small = renderChangedFeeds(before.slice(0, 150), options, big.manifest);
    const archive2 = (stem: string) => [`${stem}.xml`, `${stem}.atom`, `${stem}.json`];
    expect(small.removed).toEqual([
      // The pages of the 150 developments that are gone, in the order of their manifest ids, then the
      // documents and timeline pages of archive 2 (main, theatre/SY, then the timeline of type/agreement
      // before its documents: 'timeline/type/…' sorts before 'type/…').
      ...before.slice(150).map((e) => `developments/${e.id}.html`).sort(),
      'archive/2/feed.xml',
      'archive/2/atom.xml',
      'archive/2/feed.json',
      'archive/2/index.html',
      ...archive2('feeds/theatre/SY/archive/2'),
      'theatre/SY/archive/2.html',
      'type/agreement/archive/2.html',
      ...archive2('feeds/type/agreement/archive/2'),
    ]);
  });

  it('removes the XSLT stylesheet of the versions before feed.css', () => {
    const first = renderChangedFeeds(before, options);
    const { 'static/feed.css': _css, ...older } = first.manifest;
    const next = renderChangedFeeds(before, options, { ...older, 'static/feed.xsl': 'the old stylesheet' });
    expect(next.removed).toEqual(['feed.xsl']);
    expect([...next.files.keys()]).toEqual(['feed.css']);
  });

  it('ignores manifest entries it does not know (an older render version), rendering everything', () => {
    const build = renderChangedFeeds(before, options, { '': 'x', 'archive/1/': 'y', 'main#0': 'stale' });
    expect(build.files).toEqual(renderFeeds(before, options));
    expect(build.removed).toEqual([]);
  });
});

describe('planChangedFeeds', () => {
  it('fingerprints first, then renders the changed pages one at a time, the same bytes as renderFeeds', () => {
    const store = variedEvents(450);
    const first = planChangedFeeds(store, options);
    expect(first.changed).toEqual(Object.keys(first.manifest));
    const full = renderFeeds(store, options);
    const seen = new Set<string>();
    for (const page of first.pages()) {
      expect(first.changed).toContain(page.id);
      seen.add(page.id);
      for (const [key, file] of page.files) expect(file, key).toEqual(full.get(key));
    }
    expect([...seen].sort()).toEqual([...first.changed].sort());
    // Nothing changed: nothing to render, and rendering is lazy (nothing happens until asked).
    const again = planChangedFeeds([...store].reverse(), options, first.manifest);
    expect(again.changed).toEqual([]);
    expect([...again.pages()]).toEqual([]);
    expect(again.manifest).toEqual(first.manifest);
    // A new development: its pages, and the files add up to renderChangedFeeds' files.
    const more = [...store, ...variedEvents(1, 'more')];
    const next = planChangedFeeds(more, options, first.manifest);
    const files = new Map([...next.pages()].flatMap((p) => [...p.files]));
    expect(files).toEqual(renderChangedFeeds(more, options, first.manifest).files);
  });
});

describe('RenderCache', () => {
  it('gives the same bytes as an uncached render and keeps only the pages in use', () => {
    const events = makeEvents(250);
    const cache = new RenderCache();
    const first = renderFeeds(events, options, cache);
    expect(first).toEqual(renderFeeds(events, options));
    // main, theatre/SY and type/agreement: 3 pages each; 8 empty type feeds; documents and timeline apart
    expect(cache.size).toBe(2 * (3 * 3 + 8));
    const second = renderFeeds(events.slice(0, 120), options, cache);
    expect(second).toEqual(renderFeeds(events.slice(0, 120), options));
    expect(cache.size).toBe(2 * (3 * 2 + 8));
  });
});

describe('rendered bytes are pinned', () => {
  it(`match the digest recorded for RENDER_VERSION ${RENDER_VERSION}`, () => {
    // A self-contained fixture (no helpers), so only a renderer change moves the digest. If this
    // fails because you changed the output on purpose: bump RENDER_VERSION in render.ts (stored
    // page manifests would otherwise skip re-rendering) and record the new digest here.
    const event = CeasefireEventSchema.parse({
      id: '0123456789abcdef',
      schemaVersion: '1',
      type: 'agreement',
      headline: 'US and Russia agree cessation of hostilities in Syria (Munich)',
      summary: 'The ISSG agreed to a nationwide cessation of hostilities in Syria.',
      occurred: { date: '2016-02-12', precision: 'day', basis: 'explicit' },
      effective: { date: '2016-02-19', precision: 'day', basis: 'relative' },
      theatre: { country: 'SY', areas: [{ name: 'Aleppo', country: 'SY' }] },
      venue: { name: 'Munich', country: 'DE', lat: 48.137, lon: 11.575 },
      parties: [{ id: 'US', name: 'United States', kind: 'state' }],
      mediators: [{ id: 'un', name: 'United Nations', kind: 'organisation' }],
      excluded: [{ id: 'islamic-state', name: 'Islamic State', kind: 'armed-group' }],
      people: [{ name: 'John Kerry', role: 'US Secretary of State', actor: 'US' }],
      codes: { cameo: '0871' },
      evidence: [{ articleId: 'aaaaaaaaaaaaaaaa', quote: 'A cessation of hostilities will begin in one week.' }],
      sources: [{ articleId: 'aaaaaaaaaaaaaaaa', title: 'Truce agreed', url: 'https://news.example.org/a', publisher: 'Example' }],
      confidence: 0.9,
      firstReportedAt: '2016-02-12T08:00:00.000Z',
      updatedAt: '2016-02-12T09:00:00.000Z',
    });
    const later = CeasefireEventSchema.parse({
      ...event,
      id: '0123456789abcdf0',
      type: 'violation',
      headline: 'Ceasefire in Aleppo, Syria violated',
      occurred: { date: '2016-03-01', precision: 'day', basis: 'explicit' },
      venue: undefined,
      updatedAt: '2016-03-01T09:00:00.000Z',
    });
    // Below the minimum confidence: on the pages, marked; not in the feeds.
    const held = CeasefireEventSchema.parse({ ...later, id: '0123456789abcdf1', type: 'implementation', confidence: 0.45 });
    const hash = createHash('sha256');
    for (const [key, file] of renderFeeds([event, later, held], { ...options, pageSize: 1, websubHub: 'https://hub.example/' })) {
      hash.update(`${key}\n${file.contentType}\n${file.body}\n`);
    }
    for (const [key, file] of renderFeeds([], options)) hash.update(`${key}\n${file.contentType}\n${file.body}\n`);
    expect(hash.digest('hex')).toBe('5f1c51ba806f967f840d7e9f1615c441f4ea8f6486779497d407b11a04f2ca7b');
  });
});

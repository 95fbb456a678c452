import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CeasefireEventSchema } from '#schemas/event.ts';
import { RENDER_VERSION, RenderCache, renderChangedFeeds, renderFeeds } from '#commons/feeds/render.ts';
import { makeEvents } from '../helpers/events.ts';

const options = { baseUrl: 'https://feeds.example.org' };

describe('renderChangedFeeds', () => {
  const all = makeEvents(301);
  const newest = all[0]!;
  const before = all.slice(1); // 300 events: current + archives 1 and 2 (both full)

  it('renders every page the first time, exactly as renderFeeds does', () => {
    const build = renderChangedFeeds(before, options);
    expect(build.files).toEqual(renderFeeds(before, options));
    expect(Object.keys(build.manifest)).toEqual(['', 'archive/1/', 'archive/2/']);
    expect(build.removed).toEqual([]);
  });

  it('re-renders only the pages a new development changes', () => {
    const first = renderChangedFeeds(before, options);
    const second = renderChangedFeeds([...before, newest], options, first.manifest);
    // The newest event pushes one event into a new archive 3; archive 2 gains a next-archive link.
    expect([...new Set([...second.files.keys()].map((k) => k.replace(/[^/]+$/, '')))]).toEqual(['', 'archive/2/', 'archive/3/']);
    expect(second.manifest['archive/1/']).toBe(first.manifest['archive/1/']);
    const full = renderFeeds([...before, newest], options);
    for (const [key, file] of second.files) expect(file, key).toEqual(full.get(key));
    expect(renderChangedFeeds([...before, newest], options, second.manifest).files.size).toBe(0);
  });

  it('reports the files of pages that disappeared', () => {
    const big = renderChangedFeeds(before, options);
    const small = renderChangedFeeds(before.slice(0, 150), options, big.manifest);
    expect(small.removed).toEqual([
      'archive/2/feed.xml',
      'archive/2/atom.xml',
      'archive/2/feed.json',
      'archive/2/index.html',
    ]);
  });
});

describe('RenderCache', () => {
  it('gives the same bytes as an uncached render and keeps only the pages in use', () => {
    const events = makeEvents(250);
    const cache = new RenderCache();
    const first = renderFeeds(events, options, cache);
    expect(first).toEqual(renderFeeds(events, options));
    expect(cache.size).toBe(3);
    const second = renderFeeds(events.slice(0, 120), options, cache);
    expect(second).toEqual(renderFeeds(events.slice(0, 120), options));
    expect(cache.size).toBe(2);
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
      venue: { name: 'Munich', country: 'DE' },
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
    const hash = createHash('sha256');
    for (const [key, file] of renderFeeds([event], { ...options, pageSize: 1, websubHub: 'https://hub.example/' })) {
      hash.update(`${key}\n${file.contentType}\n${file.body}\n`);
    }
    for (const [key, file] of renderFeeds([], options)) hash.update(`${key}\n${file.contentType}\n${file.body}\n`);
    expect(hash.digest('hex')).toBe('9c7b548cb3c4f59cf2c926dd166a0a411bcdb59eb8ea0460ba8f557e26fa27f9');
  });
});

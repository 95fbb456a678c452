/**
 * What a person reads in an item, in every format: quotes marked once, each distinct quote once with
 * all its sources, dates for people (as precise as they are known) and timestamps only in machine
 * fields.
 */
import { describe, expect, it } from 'vitest';
import type { CeasefireEvent } from '#schemas/event.ts';
import { itemId, renderFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { formatDate, formatDay, quoted } from '#commons/feeds/describe.ts';
import { makeArticle, makeEvent, sourceOf } from '../helpers/events.ts';
import { BASE, body, json, kid, kids, parseXml } from './helpers.ts';

/** The reader-facing HTML of the one item of `feed.xml`, `atom.xml`, `feed.json` and `index.html`, and its text twin. */
function itemViews(files: Map<string, RenderedFile>, event: CeasefireEvent) {
  const channel = kid(parseXml(body(files, 'feed.xml')), 'channel')!;
  const rssItem = kids(channel, 'item').find((i) => kid(i, 'guid')!.text === itemId(event.id))!;
  const atom = parseXml(body(files, 'atom.xml'));
  const entry = kids(atom, 'entry').find((e) => kid(e, 'id')!.text === itemId(event.id))!;
  const jsonItem = json(files, 'feed.json').items.find((i: { id: string }) => i.id === itemId(event.id));
  const page = body(files, 'index.html');
  const article = page.slice(page.indexOf(`<article id="ev-${event.id}"`), page.indexOf('</article>', page.indexOf(`<article id="ev-${event.id}"`)));
  return {
    html: {
      rss: kid(rssItem, 'encoded', 'http://purl.org/rss/1.0/modules/content/')!.text,
      atom: kid(entry, 'content')!.text,
      json: jsonItem.content_html as string,
      page: article,
    },
    text: jsonItem.content_text as string,
    machine: {
      pubDate: kid(rssItem, 'pubDate')!.text,
      published: kid(entry, 'published')!.text,
      datePublished: jsonItem.date_published as string,
    },
  };
}

/** Text a person sees in an HTML fragment: tags (and so their attributes) out, the five entities back. */
const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const ISO_DATE = /\d{4}-\d{2}(-\d{2})?/;

describe('evidence quotes', () => {
  it('are put between quotation marks only when they do not already start and end with them', () => {
    for (const [open, close] of [
      ['\u201c', '\u201d'],
      ['"', '"'],
      ['\u2018', '\u2019'],
      ['\u00ab', '\u00bb'],
      ['\u00bb', '\u00ab'],
      ['"', '\u201d'],
    ]) {
      expect(quoted(`${open}We will not rush.${close}`)).toBe(`${open}We will not rush.${close}`);
    }
    expect(quoted('We will not rush.')).toBe('\u201cWe will not rush.\u201d');
    // A mark at one end only is part of the sentence, not quotation marks around it.
    expect(quoted('"We agree," he said.')).toBe('\u201c"We agree," he said.\u201d');
    expect(quoted('Supplies reached the fighters\u2019')).toBe('\u201cSupplies reached the fighters\u2019\u201d');

    const article = makeArticle({ seed: 'rush' });
    const quote = '\u201cBut we are not going to rush \u2026 people.\u201d';
    const event = makeEvent({ seed: 'rush', article, evidence: [{ articleId: article.id, quote }] });
    const { html, text } = itemViews(renderFeeds([event], { baseUrl: BASE }), event);
    for (const [format, fragment] of Object.entries(html)) {
      expect(fragment, format).toContain(`<blockquote><p>${quote}</p>`);
      expect(fragment, format).not.toContain('\u201c\u201c');
    }
    expect(text).toContain(`${quote} \u2014 `);
    expect(text).not.toContain('\u201c\u201c');
  });

  it('appear once each when several sources carry the same quote, with a link to every one of them', () => {
    // A wire story and a near-identical copy of it: the same sentences, spaced and quoted a little differently.
    const wire = makeArticle({ seed: 'wire', url: 'https://wire.example/truce', publisher: 'Example Wire' });
    const copy = makeArticle({ seed: 'copy', url: 'https://copy.example/truce', publisher: 'Copy Daily' });
    const other = makeArticle({ seed: 'other', url: 'https://other.example/truce', publisher: 'Other Post' });
    const quotes = ['The truce takes effect at midnight.', 'Both sides said they would "respect it."'];
    const event = makeEvent({
      seed: 'shared-quotes',
      article: wire,
      evidence: [
        { articleId: wire.id, quote: quotes[0]! },
        { articleId: wire.id, quote: quotes[1]! },
        { articleId: copy.id, quote: '  The truce  takes effect at midnight. ' },
        { articleId: copy.id, quote: 'Both sides said they would \u201crespect it.\u201d' },
        { articleId: other.id, quote: 'Aid convoys are expected on Friday.' },
      ],
      sources: [sourceOf(wire), sourceOf(copy), sourceOf(other)],
    });
    const { html, text } = itemViews(renderFeeds([event], { baseUrl: BASE }), event);
    const link = (url: string) => `<a href="${url}" rel="nofollow noopener">`;
    for (const [format, fragment] of Object.entries(html)) {
      const blockquotes = fragment.match(/<blockquote>[\s\S]*?<\/blockquote>/g) ?? [];
      expect(blockquotes, format).toHaveLength(3);
      expect(blockquotes[0], format).toContain(`\u201c${quotes[0]}\u201d`);
      expect(blockquotes[0], format).toContain(`${link('https://wire.example/truce')}`);
      expect(blockquotes[0], format).toContain(`${link('https://copy.example/truce')}`);
      expect(blockquotes[1], format).toContain('\u201cBoth sides said they would &quot;respect it.&quot;\u201d');
      expect(blockquotes[1]!.match(/<a /g), format).toHaveLength(2);
      expect(blockquotes[2], format).toContain(link('https://other.example/truce'));
      expect(blockquotes[2]!.match(/<a /g), format).toHaveLength(1);
    }
    expect(html.page).toContain('Evidence and sources (3 quotes, 3 sources)');
    const quoteLines = text.split('\n').filter((line) => line.startsWith('\u201c'));
    expect(quoteLines).toHaveLength(3);
    expect(quoteLines[0]).toMatch(/https:\/\/wire\.example\/truce.*; .*https:\/\/copy\.example\/truce/);
  });
});

describe('dates for people', () => {
  it('say when an item was reported and updated as dates, keeping timestamps for machines', () => {
    const article = makeArticle({ seed: 'stamped', receivedAt: '2026-12-01T18:10:21.000Z' });
    const reported = makeEvent({
      seed: 'stamped',
      article,
      occurred: { date: '2026-12-01', precision: 'day', basis: 'explicit' },
      firstReportedAt: '2026-12-01T18:10:21.000Z',
      updatedAt: '2026-12-03T07:00:00.000Z',
    });
    const sameDay = makeEvent({ seed: 'same-day', occurred: { date: '2026-11-30', precision: 'day', basis: 'explicit' }, firstReportedAt: '2026-12-01T08:00:00.000Z', updatedAt: '2026-12-01T20:00:00.000Z' });
    const files = renderFeeds([reported, sameDay], { baseUrl: BASE });
    const { html, text } = itemViews(files, reported);
    for (const [format, fragment] of Object.entries(html)) {
      expect(fragment, format).toContain(
        'first reported <time datetime="2026-12-01T18:10:21.000Z">1 December 2026</time>; updated <time datetime="2026-12-03T07:00:00.000Z">3 December 2026</time>',
      );
      // Nothing a person reads is an ISO date or timestamp: not the report dates, not a source's date.
      expect(visible(fragment), format).not.toMatch(ISO_DATE);
      expect(visible(fragment), format).toContain('Example News, 12 February 2016');
    }
    expect(text).not.toMatch(ISO_DATE);
    // Updated the day it was first reported: one date.
    const same = itemViews(files, sameDay).html.rss;
    expect(same).toContain('first reported <time datetime="2026-12-01T08:00:00.000Z">1 December 2026</time></small>');
    expect(formatDay('2026-12-01T18:10:21.000Z')).toBe('1 December 2026');
  });

  it('are as precise as the development date: a month or a year, never a made-up first day', () => {
    expect(formatDate({ date: '2016-01', precision: 'month' })).toBe('January 2016');
    expect(formatDate({ date: '2016-01-01', precision: 'month' })).toBe('January 2016');
    expect(formatDate({ date: '2016-01-01', precision: 'year' })).toBe('2016');
    expect(formatDate({ date: '2016', precision: 'year' })).toBe('2016');
    expect(formatDate({ date: '2016-01-07', precision: 'day' })).toBe('7 January 2016');

    const month = makeEvent({ seed: 'month', occurred: { date: '2016-01', precision: 'month', basis: 'explicit' } });
    const year = makeEvent({ seed: 'year', type: 'talks', occurred: { date: '2015', precision: 'year', basis: 'explicit' } });
    const day = makeEvent({ seed: 'day', type: 'violation', occurred: { date: '2016-03-01', precision: 'day', basis: 'explicit' } });
    const files = renderFeeds([month, year, day], { baseUrl: BASE });
    for (const [event, human, datetime, machine] of [
      [month, 'January 2016', '2016-01', '2016-01-01T00:00:00.000Z'],
      [year, '2015', '2015', '2015-01-01T00:00:00.000Z'],
    ] as const) {
      const { html, machine: dates } = itemViews(files, event);
      for (const [format, fragment] of Object.entries(html)) {
        expect(fragment, format).toMatch(new RegExp(`<p class="dateline"><time datetime="${datetime}">${human}</time> · `));
        expect(fragment, format).toContain(`<strong>When:</strong> ${human}</li>`);
        expect(visible(fragment), format).not.toMatch(/\b1 January\b/);
      }
      // Machine fields stay full, valid timestamps (the first instant of the month or year).
      expect(new Date(dates.pubDate).toISOString()).toBe(machine);
      expect(dates.published).toBe(machine);
      expect(dates.datePublished).toBe(machine);
    }
    // Links to earlier developments say the date as precisely.
    expect(itemViews(files, day).html.page).toContain('(Agreement, January 2016)</li>');
  });
});

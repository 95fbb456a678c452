/**
 * A page per development (developments/<id>.html): what it shows, what it tells machines (schema.org
 * JSON-LD, OpenGraph), where it links, and that it is the item link of every feed. The same pages
 * in a browser: test/pages.
 */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import type { CeasefireEvent } from '#schemas/event.ts';
import { itemId, renderChangedFeeds, renderFeeds } from '#commons/feeds/render.ts';
import { mergeEvents } from '#commons/store/merge.ts';
import { actorById } from '#commons/extraction/actors.ts';
import { makeArticle, makeEvent, sourceOf } from '../helpers/events.ts';
import { corpusEvents } from './fixtures.ts';
import { BASE, body, json } from './helpers.ts';

const pageOf = (files: Map<string, { body: string }>, event: CeasefireEvent) => parseHTML(body(files as never, `developments/${event.id}.html`)).document;
const texts = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
const fact = (doc: Document, label: string) => {
  const dt = [...doc.querySelectorAll('dl.facts dt')].find((d) => d.textContent === label);
  return dt?.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim();
};
const jsonLdOf = (doc: Document) => JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!) as Record<string, any>;
const meta = (doc: Document, property: string) => doc.querySelector(`meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content');

function munich() {
  const reuters = makeArticle({ seed: 'reuters', url: 'https://news.example.org/reuters', publisher: 'Reuters' });
  const ap = makeArticle({ seed: 'ap', url: 'https://apnews.example/truce', publisher: 'AP', publishedAt: { date: '2016-02-13', precision: 'day', basis: 'metadata' } });
  const dates: Pick<CeasefireEvent, 'occurred' | 'effective'> = {
    occurred: { date: '2016-02-12', precision: 'day', basis: 'relative' },
    effective: { date: '2016-02', precision: 'month', basis: 'explicit', ambiguous: ['2016-02', '2016-12'] },
  };
  return mergeEvents(
    makeEvent({
      seed: 'munich',
      article: reuters,
      ...dates,
      venue: { name: 'Munich', country: 'DE', lat: 48.137, lon: 11.575 },
      theatre: { country: 'SY', areas: [{ name: 'Aleppo', country: 'SY', lat: 36.2, lon: 37.16 }, { name: 'Idlib', country: 'SY' }] },
      people: [{ name: 'John Kerry', role: 'US Secretary of State', actor: 'US' }, { name: 'Sergei Lavrov' }],
      evidence: [
        { articleId: reuters.id, quote: 'The parties agreed a cessation of hostilities.' },
        { articleId: reuters.id, quote: 'It takes effect in a week.' },
      ],
    }),
    makeEvent({ seed: 'munich', article: ap, ...dates, evidence: [{ articleId: ap.id, quote: 'Aid will reach besieged towns.' }] }),
  );
}

describe('a page per development', () => {
  it('is every item\'s link, in every format and every feed that lists it, and exists', async () => {
    const events = await corpusEvents();
    const files = renderFeeds(events, { baseUrl: BASE, pageSize: 20 });
    const pages = [...files.keys()].filter((k) => k.startsWith('developments/'));
    expect(pages.sort()).toEqual(events.map((e) => `developments/${e.id}.html`).sort());
    for (const key of [...files.keys()].filter((k) => k.endsWith('.json') && files.get(k)!.contentType.includes('feed+json'))) {
      for (const item of json(files, key).items) {
        expect(item.url, key).toBe(`${BASE}/developments/${item._ceasefire.id}.html`);
        expect(files.get(`developments/${item._ceasefire.id}.html`)!.contentType, key).toBe('text/html; charset=utf-8');
      }
    }
    // The timeline entries link to them too, relatively.
    const index = parseHTML(body(files, 'index.html')).document;
    const hrefs = [...index.querySelectorAll('ol.timeline article > h2 > a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toHaveLength(20);
    for (const href of hrefs) expect(files.has(href!), href!).toBe(true);
    const archived = parseHTML(body(files, 'theatre/SY.html')).document.querySelector('ol.timeline article > h2 > a')!.getAttribute('href')!;
    expect(archived).toMatch(/^\.\.\/developments\/[0-9a-f]+\.html$/);
  });

  it('shows the headline, type, dates with precision and basis, places with coordinates, every actor and person, every source with its quotes', () => {
    const event = munich();
    const doc = pageOf(renderFeeds([event], { baseUrl: BASE }), event);
    expect(doc.querySelector('h1')!.textContent).toBe(event.headline);
    expect(doc.querySelector('title')!.textContent).toBe(`${event.headline} · Ceasefire developments`);
    expect(texts(doc, 'header .dateline')).toEqual(['12 February 2016 · Agreement · Syria: Aleppo, Idlib']);
    expect(fact(doc, 'Type')).toBe('Agreement');
    expect(fact(doc, 'When')).toBe('12 February 2016 (to the day; resolved from a relative date, such as “on Friday”, against the article’s date)');
    expect(fact(doc, 'Effective')).toBe('February 2016 (known to the month; written in full in the article; the text also allows December 2016)');
    expect(fact(doc, 'Theatre')).toBe('Syria (SY): Aleppo, Idlib');
    expect(fact(doc, 'Venue')).toBe('Munich, Germany (DE)');
    expect(fact(doc, 'Parties')).toBe('Russia (state)United States (state)');
    expect(fact(doc, 'Mediators')).toBe('United Nations (organisation)');
    expect(fact(doc, 'Excluded')).toBe('Islamic State (armed group)Nusra Front (armed group)');
    expect(fact(doc, 'People')).toBe('John Kerry (US Secretary of State, United States)Sergei Lavrov');
    expect(fact(doc, 'Event codes')).toBe('CAMEO 0871 · PLOVER AGREE');
    expect(fact(doc, 'Item id')).toContain(itemId(event.id));
    // Places: the theatre country at its centre, its areas, the venue; coordinates where known, with a map link.
    const places = [...doc.querySelectorAll('table.places tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
    const [lat, lon] = actorById('SY')!.centroid!;
    expect(places).toEqual([
      ['Syria', 'theatre (centre of the country)', `${lat}°N ${lon}°E map`],
      ['Aleppo', 'area of the theatre', '36.2°N 37.16°E map'],
      ['Idlib', 'area of the theatre', 'no coordinates'],
      ['Munich', 'venue', '48.137°N 11.575°E map'],
    ]);
    expect(doc.querySelector('table.places a')!.getAttribute('href')).toBe(`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=6/${lat}/${lon}`);
    // Every source, earliest first, with what it says (in the order of the event's evidence).
    const sources = [...doc.querySelectorAll('ol.sources > li')].map((li) => ({
      link: li.querySelector('a')!.getAttribute('href'),
      quotes: [...li.querySelectorAll('blockquote')].map((q) => q.textContent),
    }));
    expect(sources).toEqual([
      { link: 'https://news.example.org/reuters', quotes: ['“It takes effect in a week.”', '“The parties agreed a cessation of hostilities.”'] },
      { link: 'https://apnews.example/truce', quotes: ['“Aid will reach besieged towns.”'] },
    ]);
  });

  it('links to earlier and later developments in the theatre and to the theatre\'s and the type\'s feeds', () => {
    const at = (seed: string, type: CeasefireEvent['type'], date: string) =>
      makeEvent({ seed, type, headline: `${type} ${seed}`, occurred: { date, precision: 'day', basis: 'explicit' }, theatre: { country: 'YE', areas: [] } });
    const talks = at('t', 'talks', '2022-03-20');
    const agreement = at('a', 'agreement', '2022-04-02');
    const violation = at('v', 'violation', '2022-05-01');
    const files = renderFeeds([talks, agreement, violation], { baseUrl: BASE });
    const doc = pageOf(files, agreement);
    const links = (id: string) => [...doc.querySelectorAll(`section[aria-labelledby="${id}"] li a`)].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(texts(doc, 'section h2')).toEqual(['What, when, who', 'Where', 'Sources and what they say', 'Earlier in Yemen', 'Later in Yemen', 'Follow developments like this']);
    expect(links('earlier')).toEqual([['talks t', `${talks.id}.html`]]);
    expect(links('later')).toEqual([['violation v', `${violation.id}.html`]]);
    expect(links('follow').map(([, href]) => href)).toEqual([
      '../theatre/YE.html', '../feeds/theatre/YE.xml', '../feeds/theatre/YE.atom', '../feeds/theatre/YE.json',
      '../type/agreement.html', '../feeds/type/agreement.xml', '../feeds/type/agreement.atom', '../feeds/type/agreement.json',
      '../index.html', '../feed.xml', '../atom.xml', '../feed.json',
    ]);
    for (const [, href] of [...links('follow'), ...links('earlier'), ...links('later')]) {
      expect(files.has(new URL(href!, `${BASE}/developments/x.html`).pathname.slice(1)), href!).toBe(true);
    }
    expect([...doc.querySelectorAll('p.crumbs a')].map((a) => a.getAttribute('href'))).toEqual(['../index.html', '../theatre/YE.html', '../type/agreement.html']);
    // Autodiscovery: the theatre's feed first.
    expect(doc.querySelector('link[rel="alternate"]')!.getAttribute('href')).toBe('../feeds/theatre/YE.xml');
  });

  it('carries schema.org JSON-LD for the event and OpenGraph tags for link previews', () => {
    const event = munich();
    const doc = pageOf(renderFeeds([event], { baseUrl: BASE }), event);
    const url = `${BASE}/developments/${event.id}.html`;
    expect(meta(doc, 'og:type')).toBe('article');
    expect(meta(doc, 'og:title')).toBe(event.headline);
    expect(meta(doc, 'og:url')).toBe(url);
    expect(meta(doc, 'og:site_name')).toBe('Ceasefire developments');
    expect(meta(doc, 'og:description')).toBe(`12 February 2016, Syria: ${event.summary}`);
    expect(meta(doc, 'description')).toBe(meta(doc, 'og:description'));
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(url);
    const ld = jsonLdOf(doc);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      identifier: itemId(event.id),
      url,
      name: event.headline,
      description: event.summary,
      startDate: '2016-02-12',
      attendee: [
        { '@type': 'GovernmentOrganization', name: 'Russia' },
        { '@type': 'GovernmentOrganization', name: 'United States' },
      ],
      organizer: [{ '@type': 'Organization', name: 'United Nations' }],
      contributor: [
        { '@type': 'Person', name: 'John Kerry', jobTitle: 'US Secretary of State', affiliation: { '@type': 'Organization', name: 'United States' } },
        { '@type': 'Person', name: 'Sergei Lavrov' },
      ],
    });
    expect(ld.location).toContainEqual({
      '@type': 'Place',
      name: 'Munich',
      address: { '@type': 'PostalAddress', addressCountry: 'DE' },
      geo: { '@type': 'GeoCoordinates', latitude: 48.137, longitude: 11.575 },
    });
    expect(ld.subjectOf.map((s: { url: string }) => s.url)).toEqual(['https://news.example.org/reuters', 'https://apnews.example/truce']);
  });

  it('keeps hostile text as text: no markup, no way out of the JSON-LD, no javascript: link', () => {
    const nasty = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(1)> & "q" \u2028';
    const article = makeArticle({ seed: 'evil', url: 'javascript:alert(1)', title: `Title ${nasty}`, publisher: nasty });
    const event = makeEvent({
      seed: 'evil',
      article,
      headline: `Truce ${nasty}`,
      summary: `Summary ${nasty}`,
      people: [{ name: nasty, role: nasty }],
      evidence: [{ articleId: article.id, quote: nasty }],
      sources: [sourceOf(article)],
    });
    const html = body(renderFeeds([event], { baseUrl: BASE }), `developments/${event.id}.html`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|javascript:|<!--/i);
    const doc = parseHTML(html).document;
    expect(doc.querySelector('h1')!.textContent).toBe(`Truce ${nasty}`);
    const ld = jsonLdOf(doc);
    expect(ld.name).toBe(`Truce ${nasty}`);
    expect(ld.subjectOf[0].url).toBeUndefined();
  });

  it('is written again only when the development or what it shows of its neighbours changes', () => {
    const at = (seed: string, type: CeasefireEvent['type'], date: string) =>
      makeEvent({ seed, type, occurred: { date, precision: 'day', basis: 'explicit' }, theatre: { country: 'YE', areas: [] } });
    const talks = at('t', 'talks', '2022-03-20');
    const agreement = at('a', 'agreement', '2022-04-02');
    const other = makeEvent({ seed: 'o', occurred: { date: '2022-04-03', precision: 'day', basis: 'explicit' } });
    const first = renderChangedFeeds([talks, agreement, other], { baseUrl: BASE });
    const pages = (files: Map<string, unknown>) => [...files.keys()].filter((k) => k.startsWith('developments/')).sort();
    // A second source for the agreement: its page changes, not its neighbour's (which shows only its headline, type and date).
    const reported = mergeEvents(agreement, makeEvent({ ...agreement, seed: 'a', article: makeArticle({ seed: 'second-outlet' }) }));
    const second = renderChangedFeeds([talks, reported, other], { baseUrl: BASE }, first.manifest);
    expect(pages(second.files)).toEqual([`developments/${agreement.id}.html`]);
    // A later violation: its page, and the page of the agreement it links back to ("Later in Yemen").
    const violation = at('v', 'violation', '2022-05-01');
    const third = renderChangedFeeds([talks, reported, other, violation], { baseUrl: BASE }, second.manifest);
    expect(pages(third.files)).toEqual([`developments/${agreement.id}.html`, `developments/${talks.id}.html`, `developments/${violation.id}.html`].sort());
    // Nothing changed: nothing written.
    expect(renderChangedFeeds([violation, other, reported, talks], { baseUrl: BASE }, third.manifest).files.size).toBe(0);
  });

  it('is left out for a broken stored event, whose items link to the timeline instead', () => {
    const broken = { ...makeEvent({ seed: 'broken' }), id: 'NOT-HEX/../x' } as CeasefireEvent;
    const files = renderFeeds([broken, makeEvent({ seed: 'fine' })], { baseUrl: BASE });
    expect([...files.keys()].filter((k) => k.startsWith('developments/'))).toHaveLength(1);
    expect([...files.keys()].filter((k) => k.includes('..'))).toEqual([]);
    expect(json(files, 'feed.json').items.find((i: { _ceasefire: { id: string } }) => i._ceasefire.id === broken.id).url).toBe(`${BASE}/`);
  });
});

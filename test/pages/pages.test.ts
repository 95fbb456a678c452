/**
 * The pages for people, in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) loads the rendered site from a local HTTP server and the assertions are on the DOM:
 * the timeline's order, the filters and the pages they lead to, the chart, autodiscovery, the
 * Content-Security-Policy, and feed.xml shown through feed.xsl with its "subscribe" explanation.
 *
 * Without /usr/bin/chromium every test here is skipped with a message saying how to install it; the
 * feed tests in test/feeds do not need a browser.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CeasefireEvent } from '#schemas/event.ts';
import { renderFeeds, listFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { corpusEvents } from '../feeds/fixtures.ts';
import { makeEvent } from '../helpers/events.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const MISSING =
  `Chromium is not installed at ${CHROMIUM}, so the browser tests of the pages are skipped. ` +
  'Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).';
export const SCREENSHOT = '/tmp/ceasefire-feed-index.png';

const DATED = [
  makeEvent({ seed: 'month', occurred: { date: '2016-01', precision: 'month', basis: 'explicit' } }),
  makeEvent({ seed: 'year', type: 'talks', occurred: { date: '2015', precision: 'year', basis: 'explicit' }, theatre: { country: 'YE', areas: [] } }),
  makeEvent({ seed: 'day', type: 'violation', occurred: { date: '2017-07-07', precision: 'day', basis: 'explicit' } }),
];

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

let server: Server;
let origin: string;
let files: Map<string, RenderedFile>;
let events: CeasefireEvent[];
let browser: Browser;
const offsite: string[] = [];
/**
 * Requests for /favicon.ico: none, as the pages and feed.xsl name an inline icon. (Headless Chromium
 * may not ask for icons at all, so the icon test below checks the link itself.)
 */
const iconRequests: string[] = [];
const consoleErrors: string[] = [];

/**
 * Serves the rendered files as the feed bucket behind CloudFront would: '/' and folders give
 * index.html. `?as=xml` serves a document as application/xml, so Chromium applies feed.xsl to Atom too.
 */
function serve(): Promise<void> {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const key = path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
    const file = files?.get(key);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = url.searchParams.get('as') === 'xml' ? 'application/xml; charset=utf-8' : file.contentType;
    response.writeHead(200, { 'content-type': type, 'x-content-type-options': 'nosniff' }).end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

async function open(path: string, viewport = { width: 1100, height: 1400 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) offsite.push(r.url());
    if (new URL(r.url()).pathname === '/favicon.ico') iconRequests.push(`${path}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  const response = await page.goto(`${origin}/${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

describe.skipIf(!HAVE_CHROMIUM)('the pages in headless Chromium', () => {
  beforeAll(async () => {
    await serve();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Real extractor output: 62 developments in 11 theatres; 20 a page, so archives exist.
    events = await corpusEvents();
    files = renderFeeds(events, { baseUrl: origin, pageSize: 20 });
    // A second site under dates/ with developments known only to the month or the year.
    for (const [key, file] of renderFeeds(DATED, { baseUrl: origin, path: 'dates', filtered: false })) files.set(key, file);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows the timeline newest first, as the feed lists it', async () => {
    const page = await open('');
    const rows = await page.$$eval('ol.timeline > li > article', (articles) =>
      articles.map((a) => ({ id: a.id.slice(3), date: a.querySelector('time')?.getAttribute('datetime') ?? '', headline: a.querySelector('h2')?.textContent ?? '' })),
    );
    const expected = [...events].sort(compareNewestFirst).slice(0, 20);
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    expect(rows.map((r) => r.headline)).toEqual(expected.map((e) => e.headline));
    const dates = rows.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    // Evidence is folded away and opens on a click, without any script.
    const first = page.locator('ol.timeline article').first();
    await expect.poll(() => first.locator('details.evidence blockquote').first().isVisible()).toBe(false);
    await first.locator('details.evidence > summary').click();
    await expect.poll(() => first.locator('details.evidence blockquote').first().isVisible()).toBe(true);
    // Older developments are a click away.
    const archives = Math.ceil((events.length - 20) / 20);
    await page.click('nav.pages a[rel="next"]');
    expect(page.url()).toBe(`${origin}/archive/${archives}/index.html`); // the newest archive
    expect(await page.$$eval('ol.timeline > li > article', (a) => a.length)).toBe(events.length - 20 - (archives - 1) * 20);
    await page.close();
  });

  it('filters by theatre and by type: the chips lead to pages with only those developments', async () => {
    const page = await open('');
    const theatreChips = await page.$$eval('nav.filters .by-theatre a.chip', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    const theatres = [...new Set(events.map((e) => e.theatre.country))];
    expect(theatreChips).toHaveLength(theatres.length + 1); // and "All"
    expect(await page.$$eval('nav.filters .by-type a.chip', (as) => as.length)).toBeGreaterThan(3);

    await page.click('nav.filters .by-theatre a.chip[href="theatre/YE.html"]');
    expect(page.url()).toBe(`${origin}/theatre/YE.html`);
    expect(await page.textContent('h1')).toBe('Ceasefire developments: Yemen');
    const yemen = await page.$$eval('ol.timeline article', (as) => as.map((a) => a.getAttribute('data-theatre')));
    expect(yemen.length).toBe(events.filter((e) => e.theatre.country === 'YE').length);
    expect(new Set(yemen)).toEqual(new Set(['YE']));
    await page.click('text=← All developments');
    expect(page.url()).toBe(`${origin}/index.html`);

    await page.click('nav.filters .by-type a.chip[href="type/violation.html"]');
    expect(page.url()).toBe(`${origin}/type/violation.html`);
    const types = await page.$$eval('ol.timeline article', (as) => as.map((a) => a.getAttribute('data-type')));
    expect(types.length).toBe(events.filter((e) => e.type === 'violation').length);
    expect(new Set(types)).toEqual(new Set(['violation']));
    await page.close();
  });

  it('draws the developments over time as an inline SVG chart with one series per theatre', async () => {
    const page = await open('');
    const series = await page.$$eval('svg.chart.wide g.series', (gs) =>
      gs.map((g) => ({ theatre: g.getAttribute('data-theatre'), bars: g.querySelectorAll('rect').length, label: g.querySelector('text')?.textContent })),
    );
    const theatres = [...new Set(events.map((e) => e.theatre.country))].sort();
    expect(series.map((s) => s.theatre).sort()).toEqual(theatres);
    for (const s of series) expect(s.bars, s.theatre!).toBeGreaterThan(0);
    const box = await page.locator('svg.chart.wide').boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(100);
    // A series label leads to its theatre's page.
    await page.locator('svg.chart.wide g.series[data-theatre="UA"] a').click();
    expect(page.url()).toBe(`${origin}/theatre/UA.html`);
    expect(await page.$$eval('svg.chart.wide g.series', (gs) => gs.map((g) => g.getAttribute('data-theatre')))).toEqual(['UA']);
    await page.close();
  });

  it('labels the chart\'s time axis without overlaps, in text big enough to read, from a wide screen to a phone', async () => {
    const chartPages = [...files.keys()].filter((k) => /^(index|theatre\/[A-Z]{2}|type\/[a-z]+)\.html$/.test(k) && files.get(k)!.body.includes('<svg class="chart'));
    expect(chartPages.length).toBeGreaterThan(10);
    const page = await open('');
    for (const key of chartPages) {
      await page.goto(`${origin}/${key}`);
      for (const width of [1100, 700, 390, 320]) {
        await page.setViewportSize({ width, height: 900 });
        const chart = await page.evaluate(() => {
          const shown = [...document.querySelectorAll<SVGSVGElement>('svg.chart')].filter((svg) => getComputedStyle(svg).display !== 'none');
          const svg = shown[0]!;
          const box = svg.getBoundingClientRect();
          const scale = svg.getScreenCTM()!.a;
          const axis = [...svg.querySelectorAll('g.axis text')].map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent, left: r.left, right: r.right };
          });
          const fonts = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          return { shown: shown.length, left: box.left, right: box.right, axis, smallest: Math.min(...fonts), pageWidth: document.documentElement.scrollWidth };
        });
        const at = `${key} at ${width} px`;
        expect(chart.shown, at).toBe(1);
        expect(chart.axis.length, at).toBeGreaterThan(0);
        expect(chart.smallest, at).toBeGreaterThanOrEqual(10);
        expect(chart.pageWidth, `${at}: no horizontal scrolling`).toBeLessThanOrEqual(width);
        for (const label of chart.axis) {
          expect(label.left, `${at}: ${label.text}`).toBeGreaterThanOrEqual(chart.left - 0.5);
          expect(label.right, `${at}: ${label.text}`).toBeLessThanOrEqual(chart.right + 0.5);
        }
        const sorted = [...chart.axis].sort((a, b) => a.left - b.left);
        for (let i = 1; i < sorted.length; i++) {
          expect(sorted[i - 1]!.right, `${at}: ${sorted[i - 1]!.text} / ${sorted[i]!.text}`).toBeLessThan(sorted[i]!.left);
        }
      }
    }
    await page.close();
  });

  it('advertises every feed for autodiscovery, and every link resolves with its content type', async () => {
    const page = await open('');
    const alternates = await page.$$eval('link[rel="alternate"]', (ls) => ls.map((l) => ({ type: l.getAttribute('type'), href: (l as HTMLLinkElement).href })));
    const feeds = listFeeds(events, { baseUrl: origin });
    expect(alternates).toHaveLength(feeds.length * 3);
    expect(alternates.slice(0, 3)).toEqual([
      { type: 'application/rss+xml', href: `${origin}/feed.xml` },
      { type: 'application/atom+xml', href: `${origin}/atom.xml` },
      { type: 'application/feed+json', href: `${origin}/feed.json` },
    ]);
    for (const feed of feeds) {
      for (const url of [feed.urls.rss, feed.urls.atom, feed.urls.json]) expect(alternates.map((a) => a.href), feed.id).toContain(url);
    }
    for (const { href } of alternates) {
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
      expect(response.headers()['content-type'], href).toMatch(/^application\/(xml|atom\+xml|feed\+json); charset=utf-8$/);
    }
    await page.close();
  });

  it('shows feed.xml in the browser as a readable page that explains how to subscribe', async (context) => {
    const page = await open('feed.xml');
    if (await page.evaluate(() => typeof XSLTProcessor === 'undefined')) {
      context.skip('this Chromium no longer runs XSLT (feed.xsl); see docs/feeds.md');
    }
    await page.waitForSelector('#subscribe');
    const text = await page.textContent('#subscribe');
    expect(text).toMatch(/subscribe/i);
    expect(text).toContain('feed reader');
    expect(text).toContain(`${origin}/feed.xml`);
    expect(await page.textContent('h1')).toBe('Ceasefire developments');
    const titles = await page.$$eval('main article h3', (hs) => hs.map((h) => h.textContent?.trim()));
    expect(titles).toEqual([...events].sort(compareNewestFirst).slice(0, 20).map((e) => e.headline));
    await page.click('text=timeline of developments');
    expect(page.url()).toBe(`${origin}/`);
    await page.close();

    const filtered = await open('feeds/theatre/YE.xml');
    await filtered.waitForSelector('#subscribe');
    expect(await filtered.textContent('h1')).toBe('Ceasefire developments: Yemen');
    expect(await filtered.textContent('#subscribe')).toContain(`${origin}/feeds/theatre/YE.xml`);
    await filtered.close();
  });

  it('shows each item in the feed view with the date line of the pages, as precise as the date is known', async (context) => {
    /** Event id -> the date line's text, from a page's timeline or from the feed view of a feed. */
    const datelines = (page: Page, selector: string) =>
      page.$$eval(selector, (as) =>
        as.map((a) => [
          (a.querySelector('a[href*="#ev-"]') as HTMLAnchorElement).href.replace(/^.*#ev-/, ''),
          a.querySelector('.dateline, .meta')!.textContent!.replace(/\s+/g, ' ').trim(),
        ]),
      );
    const archives = Math.ceil((events.length - 20) / 20);
    const pairs: [string, string][] = [['feed.xml', ''], ['dates/feed.xml', 'dates/'], ['atom.xml?as=xml', ''], ['dates/atom.xml?as=xml', 'dates/']];
    for (let n = 1; n <= archives; n++) pairs.push([`archive/${n}/feed.xml`, `archive/${n}/index.html`]);
    for (const [feed, html] of pairs) {
      const view = await open(feed);
      if (await view.evaluate(() => typeof XSLTProcessor === 'undefined')) context.skip('this Chromium no longer runs XSLT (feed.xsl)');
      await view.waitForSelector('#subscribe');
      const shown = await datelines(view, 'main article');
      await view.close();
      const page = await open(html);
      const expected = await datelines(page, 'ol.timeline article');
      await page.close();
      expect(shown.length, feed).toBeGreaterThan(0);
      expect(shown, feed).toEqual(expected);
      if (feed.startsWith('dates/')) {
        expect(shown.map(([, line]) => line)).toEqual(['7 July 2017 · Violation · Syria: Aleppo', 'January 2016 · Agreement · Syria: Aleppo', '2015 · Talks · Yemen']);
      }
    }
  });

  it('names an inline icon on the pages and in the feed view, so browsers do not ask for /favicon.ico', async (context) => {
    for (const path of ['', 'theatre/YE.html', 'type/agreement.html', 'feed.xml']) {
      const page = await open(path);
      if (path.endsWith('.xml')) {
        if (await page.evaluate(() => typeof XSLTProcessor === 'undefined')) context.skip('this Chromium no longer runs XSLT (feed.xsl)');
        await page.waitForSelector('#subscribe');
      }
      const icon = await page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel~="icon"]')?.href ?? '';
        const image = new Image();
        const loaded = new Promise((resolve) => {
          image.onload = () => resolve(image.naturalWidth);
          image.onerror = () => resolve(0);
        });
        image.src = href;
        return { href, width: await loaded };
      });
      expect(icon.href, path).toMatch(/^data:image\/svg\+xml,/);
      expect(icon.width, `${path}: the icon is an image the browser can draw`).toBeGreaterThan(0);
      await page.close();
    }
  });

  it('loads nothing from elsewhere, runs no script and breaks no CSP rule; one screenshot for people to judge', async () => {
    const page = await open('');
    expect(await page.$$('script')).toHaveLength(0);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.chip')!).borderRadius)).not.toBe('0px'); // the hashed stylesheet applied
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await page.close();
    expect(offsite).toEqual([]);
    expect(iconRequests).toEqual([]);
    expect(consoleErrors.filter((e) => !/XSLT/.test(e))).toEqual([]);
  });
});

if (!HAVE_CHROMIUM) {
  describe('the pages in headless Chromium', () => {
    it.skip(MISSING, () => {});
  });
}

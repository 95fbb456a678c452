/**
 * The site in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core) loads
 * the rendered site from a local HTTP server that sends what CloudFront and the local feed server send
 * (content types, the site's Content-Security-Policy), and the assertions are on the DOM: the
 * timeline's order, the filters and the pages they lead to, the chart, autodiscovery, every feed
 * address shown as a readable page that explains how to subscribe (CSS, no XSLT), and every item link
 * of every feed opening its development's page. Over the whole run: no console error or warning, no
 * browser issue (deprecated XSLT, Content-Security-Policy violations), no request that fails or leaves
 * the site.
 *
 * Without Chromium the suite is skipped with how to install it, except in CI, where it fails
 * (test/helpers/tools.ts; .ci/run installs Chromium).
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CeasefireEvent } from '#schemas/event.ts';
import { itemId, renderFeeds, listFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { DEFAULT_MIN_CONFIDENCE } from '#commons/feeds/threshold.ts';
import { corroboratedConfidence } from '#commons/extraction/events.ts';
import { corpusEvents } from '../feeds/fixtures.ts';
import { json, kid, kids, parseXml } from '../feeds/helpers.ts';
import { makeEvent } from '../helpers/events.ts';
import { missingProgram, serveFiles } from '../helpers/tools.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SUITE = 'the site in headless Chromium';
export const SCREENSHOT = '/tmp/ceasefire-feed-index.png';
export const FEED_SCREENSHOT = '/tmp/ceasefire-feed-feed.png';

const DATED = [
  makeEvent({ seed: 'month', occurred: { date: '2016-01', precision: 'month', basis: 'explicit' } }),
  makeEvent({ seed: 'year', type: 'talks', occurred: { date: '2015', precision: 'year', basis: 'explicit' }, theatre: { country: 'YE', areas: [] } }),
  makeEvent({ seed: 'day', type: 'violation', occurred: { date: '2017-07-07', precision: 'day', basis: 'explicit' } }),
];

/** One outlet's report below the feeds' minimum confidence, the newest development of the site. */
const HELD = makeEvent({
  seed: 'held',
  type: 'violation',
  headline: 'Ceasefire in Aleppo, Syria violated (one outlet)',
  occurred: { date: '2026-01-02', precision: 'day', basis: 'metadata' },
  confidence: 0.45,
  firstReportedAt: '2026-01-02T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
});
export const HELD_SCREENSHOT = '/tmp/ceasefire-feed-held.png';

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

let server: Server;
let origin: string;
let files: Map<string, RenderedFile>;
let events: CeasefireEvent[];
let browser: Browser;
/** What went wrong anywhere in the run, checked at the end: requests that left the site or failed, console errors and warnings, browser issues. */
const offsite: string[] = [];
const failed: string[] = [];
const consoleProblems: string[] = [];
const issues: string[] = [];
/**
 * Requests for /favicon.ico from the pages: none, as they name an inline icon. (Headless Chromium
 * may not ask for icons at all, so the icon test below checks the link itself.)
 */
const iconRequests: string[] = [];

async function open(path: string, viewport = { width: 1100, height: 1400 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) offsite.push(`${path}: ${r.url()}`);
    if (new URL(r.url()).pathname === '/favicon.ico' && !/\.(xml|atom)$/.test(path)) iconRequests.push(`${path}: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${path}: ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failed.push(`${path}: ${r.failure()?.errorText} ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${path}: ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`${path}: ${e.message}`));
  // What DevTools' Issues panel shows: deprecated features (XSLT: the banner), CSP violations, …
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => issues.push(`${path}: ${issue.code} ${JSON.stringify(issue.details).slice(0, 300)}`));
  await cdp.send('Audits.enable');
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  const response = await page.goto(`${origin}/${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

/** Every RSS and Atom document of the site. */
const xmlKeys = () => [...files.keys()].filter((k) => /(^|\/)(feed|atom)\.xml$|^(dates\/)?feeds\/.*\.(xml|atom)$/.test(k));

describe.runIf(HAVE_CHROMIUM)(SUITE, () => {
  beforeAll(async () => {
    ({ server, origin } = await serveFiles(() => files));
    // Real extractor output: 62 developments in 11 theatres; 20 a page, so archives exist.
    events = [...(await corpusEvents()), HELD];
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

  it('sees what it watches for: the XSLT deprecation (the banner), a CSP violation, a console error, a failed request', async () => {
    const probe = (body: string, contentType: string): RenderedFile => ({ body, contentType });
    files.set('_probe/feed.xml', probe('<?xml version="1.0"?><?xml-stylesheet href="view.xsl" type="text/xsl"?><rss version="2.0"><channel><title>t</title></channel></rss>', 'application/xml; charset=utf-8'));
    files.set(
      '_probe/view.xsl',
      probe('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><html><body>view</body></html></xsl:template></xsl:stylesheet>', 'text/xsl'),
    );
    files.set('_probe/page.html', probe('<!doctype html><title>p</title><img src="missing.png" alt=""><script>document.title = "ran"</script>', 'text/html; charset=utf-8'));
    const caught = () => [...issues, ...consoleProblems, ...failed].filter((p) => p.startsWith('_probe/'));
    for (const path of ['_probe/feed.xml', '_probe/page.html']) await (await open(path)).close();
    await expect.poll(() => caught().join('\n')).toMatch(/_probe\/feed\.xml: DeprecationIssue .*XSLT/);
    expect(caught().join('\n')).toMatch(/_probe\/page\.html: ContentSecurityPolicyIssue/);
    expect(caught().join('\n')).toMatch(/_probe\/page\.html: error: Executing inline script violates/);
    expect(caught().join('\n')).toMatch(/_probe\/page\.html: 404 .*missing\.png/);
    for (const list of [issues, consoleProblems, failed]) list.splice(0, list.length, ...list.filter((p) => !p.startsWith('_probe/')));
    for (const key of [...files.keys()].filter((k) => k.startsWith('_probe/'))) files.delete(key);
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
    // A headline opens the development's page, and its crumbs lead back.
    const [oldest] = await page.$$eval('ol.timeline > li > article', (as) => as.slice(-1).map((a) => a.id.slice(3)));
    await page.click(`#ev-${oldest} h2 a`);
    expect(page.url()).toBe(`${origin}/developments/${oldest}.html`);
    expect(await page.textContent('h1')).toBe(events.find((e) => e.id === oldest)!.headline);
    await page.click('p.crumbs a:first-child');
    expect(page.url()).toBe(`${origin}/index.html`);
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
      expect(response.headers()['content-type'], href).toMatch(/^application\/(xml|feed\+json); charset=utf-8$/);
    }
    await page.close();
  });

  it('shows every RSS and Atom address as a readable page that explains how to subscribe, styled by CSS, with no XSLT', async () => {
    const keys = xmlKeys();
    expect(keys.length).toBeGreaterThan(40);
    const page = await open('');
    for (const key of keys) {
      const response = await page.goto(`${origin}/${key}`);
      expect(response?.status(), key).toBe(200);
      const view = await page.evaluate(() => {
        const root = document.documentElement;
        const shown = (e: Element | null | undefined) => !!e && getComputedStyle(e).display !== 'none';
        const head = root.localName === 'rss' ? root.querySelector('channel')! : root;
        const items = [...head.children].filter((e) => e.localName === 'item' || e.localName === 'entry');
        const child = (e: Element, name: string) => [...e.children].find((c) => c.localName === name);
        const self = [...head.children].find((e) => e.localName === 'link' && e.getAttribute('rel') === 'self')!;
        return {
          root: root.localName,
          xslt: typeof XSLTProcessor !== 'undefined' && root.localName === 'html',
          title: shown(child(head, 'title')) ? child(head, 'title')!.textContent : null,
          box: getComputedStyle(head, '::after').content,
          self: shown(self) ? getComputedStyle(self, '::before').content : null,
          items: items.map((item) => ({
            shown: shown(item),
            title: shown(child(item, 'title')) ? child(item, 'title')!.textContent : null,
            coverage: shown(child(item, 'coverage')) ? child(item, 'coverage')!.textContent : null,
            hidden: ['content', 'encoded', 'guid', 'id', 'point'].filter((name) => child(item, name) && shown(child(item, name))),
          })),
        };
      });
      const twin = json(files, key.replace(/\.(xml|atom)$/, '.json').replace(/(^|\/)(feed|atom)\.json$/, '$1feed.json'));
      expect(view.root, key).toBe(key.endsWith('.atom') || key.endsWith('atom.xml') ? 'feed' : 'rss');
      expect(view.xslt, key).toBe(false);
      expect(view.title, key).toBe(twin.title);
      expect(view.box, key).toMatch(/subscribe.*copy the address of this page.*feed reader/s);
      expect(view.self, key).toContain(`${origin}/${key}`);
      expect(view.items.map((i) => i.title?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')), key).toEqual(twin.items.map((i: { title: string }) => i.title));
      for (const item of view.items) {
        expect(item.shown, key).toBe(true);
        expect(item.coverage, key).toMatch(/^(\d{1,2} )?([A-Z][a-z]+ )?\d{4} · /);
        expect(item.hidden, `${key}: machine fields stay hidden`).toEqual([]);
      }
      if (key.startsWith('dates/')) {
        expect(view.items.map((i) => i.coverage)).toEqual(['7 July 2017 · Syria: Aleppo', 'January 2016 · Syria: Aleppo', '2015 · Yemen']);
      }
    }
    await page.goto(`${origin}/feed.xml`);
    await page.screenshot({ path: FEED_SCREENSHOT, fullPage: false });
    await page.close();
  });

  it('shows a JSON Feed address as text that says what it is and where the RSS, Atom and page are', async () => {
    for (const key of ['feed.json', 'feeds/theatre/YE.json', 'archive/1/feed.json']) {
      const page = await open(key);
      const text = await page.evaluate(() => document.body.innerText);
      expect(JSON.parse(text).user_comment, key).toBe(json(files, key).user_comment);
      expect(text, key).toContain('To subscribe, paste its address into a feed reader');
      await page.close();
    }
  });

  it('opens every item link of every feed on its development page, with the same id, in every format', async () => {
    /** Item id -> the links every document gives it. */
    const links = new Map<string, Set<string>>();
    const add = (id: string, link: string) => links.set(id, (links.get(id) ?? new Set()).add(link));
    for (const key of [...files.keys()].filter((k) => !k.startsWith('dates/'))) {
      if (key.endsWith('.json') && files.get(key)!.contentType.startsWith('application/feed+json')) {
        for (const item of json(files, key).items) add(item.id, item.url);
      } else if (xmlKeys().includes(key)) {
        const root = parseXml(files.get(key)!.body);
        if (root.local === 'rss') for (const item of kids(kid(root, 'channel')!, 'item')) add(kid(item, 'guid')!.text, kid(item, 'link')!.text);
        else for (const entry of kids(root, 'entry')) add(kid(entry, 'id')!.text, kids(entry, 'link').find((l) => l.attributes.rel === 'alternate')!.attributes.href!);
      }
    }
    // Every development that reaches the feeds' minimum confidence, and no other.
    expect([...links.keys()].sort()).toEqual(events.filter((e) => corroboratedConfidence(e) >= DEFAULT_MIN_CONFIDENCE).map((e) => itemId(e.id)).sort());
    expect(links.has(itemId(HELD.id))).toBe(false);
    const page = await open('');
    for (const [id, hrefs] of links) {
      expect([...hrefs], `${id}: one link in every feed and format`).toHaveLength(1);
      const [href] = hrefs;
      const response = await page.goto(href!);
      expect(response?.status(), href).toBe(200);
      const ld = JSON.parse((await page.textContent('script[type="application/ld+json"]'))!);
      expect(ld.identifier, href).toBe(id);
      expect(await page.textContent('dl.facts code'), href).toBe(id);
      expect(await page.textContent('h1'), href).toBe(ld.name);
    }
    // The links of a development's page lead where they say.
    const collapse = events.find((e) => e.type === 'collapse' && e.theatre.country === 'YE')!;
    await page.goto(`${origin}/developments/${collapse.id}.html`);
    for (const href of await page.$$eval('main a[href]:not([rel~="nofollow"])', (as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
    await page.click('section[aria-labelledby="follow"] a[href="../theatre/YE.html"]');
    expect(page.url()).toBe(`${origin}/theatre/YE.html`);
    await page.close();
  });

  it('marks a development below the feeds\' minimum confidence on the timeline and on its page, where no feed lists it', async () => {
    const page = await open('');
    const entry = page.locator(`#ev-${HELD.id}`);
    const flag = entry.locator('p.held .flag');
    expect(await flag.isVisible()).toBe(true);
    expect(await flag.textContent()).toBe("Below the feeds' confidence threshold");
    expect(await flag.getAttribute('title')).toMatch(/^Confidence, from 0 to 1, says how well the reports support a development/);
    expect(await entry.locator('p.held').innerText()).toContain('Confidence 0.45, under the 0.55 the RSS, Atom and JSON feeds require');
    // The page says how many it marks; a development that reaches the minimum carries no mark.
    const below = [...events].sort(compareNewestFirst).slice(0, 20).filter((e) => corroboratedConfidence(e) < DEFAULT_MIN_CONFIDENCE).length;
    expect(below).toBeGreaterThan(0);
    expect(await page.locator('ol.timeline article p.held').count()).toBe(below);
    expect(await page.locator('header p.note').innerText()).toMatch(
      new RegExp(`^${below === 1 ? 'One development' : `${below} developments`} on this page (is|are) below the feeds' confidence threshold of 0\\.55`),
    );
    await page.screenshot({ path: HELD_SCREENSHOT, clip: (await entry.boundingBox())! });
    // Its explanation is on its page, marked the same way, with the confidence and how it came about.
    await entry.locator('p.held a').click();
    expect(page.url()).toBe(`${origin}/developments/${HELD.id}.html#confidence`);
    expect(await page.locator('header p.held .flag').isVisible()).toBe(true);
    expect(await page.locator('dt#confidence + dd').innerText()).toMatch(/^0\.45 \(from its strongest report; no other outlet has corroborated it yet\)\n.*this one is on the pages only/s);
    // The timelines of its theatre and type list it; none of their feeds does.
    for (const path of ['theatre/SY.html', 'type/violation.html']) {
      await page.goto(`${origin}/${path}`);
      expect(await page.locator(`#ev-${HELD.id} p.held`).isVisible(), path).toBe(true);
    }
    const documents = [...files].filter(([, file]) => /^application\/(xml|feed\+json)/.test(file.contentType));
    expect(documents.length).toBeGreaterThan(60);
    for (const [key, file] of documents) expect(file.body, key).not.toContain(HELD.id);
    await page.close();
  });

  it('names an inline icon on the pages, so browsers do not ask for /favicon.ico; the feed views get one at /favicon.ico', async () => {
    for (const path of ['', 'theatre/YE.html', 'type/agreement.html', `developments/${events[0]!.id}.html`]) {
      const page = await open(path);
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
    const page = await open('feed.xml');
    const response = await page.request.get(`${origin}/favicon.ico`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    await page.close();
  });

  it('loads nothing from elsewhere, runs no script and breaks no CSP rule; one screenshot for people to judge', async () => {
    const page = await open('');
    expect(await page.$$('script')).toHaveLength(0);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.chip')!).borderRadius)).not.toBe('0px'); // the hashed stylesheet applied
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await page.close();
    const development = await open(`developments/${events[0]!.id}.html`);
    // The JSON-LD is a data block, never run: the only <script>, and no CSP violation (below).
    expect(await development.$$eval('script', (ss) => ss.map((s) => s.getAttribute('type')))).toEqual(['application/ld+json']);
    expect(await development.evaluate(() => getComputedStyle(document.querySelector('dl.facts')!).display)).toBe('grid');
    await development.close();
    // Over the whole run, every page and feed view:
    expect(offsite).toEqual([]);
    expect(failed).toEqual([]);
    expect(iconRequests).toEqual([]);
    expect(consoleProblems).toEqual([]);
    expect(issues).toEqual([]);
  });
});

if (!HAVE_CHROMIUM) {
  missingProgram(SUITE, `Chromium is not installed at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

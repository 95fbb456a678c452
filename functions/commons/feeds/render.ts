/**
 * Pure feed rendering: events in, files out (no I/O, no clock). The same events give byte-identical
 * files whatever their input order, so the publisher can skip uploads whose bytes did not change.
 *
 * Output keys (relative to `path`):
 *   feed.xml  (RSS 2.0, via `feed`)   atom.xml (Atom 1.0, via `feed`)   feed.json (JSON Feed 1.1)
 *   index.html (readable page)
 *   archive/<n>/{feed.xml, atom.xml, feed.json, index.html}   (RFC 5005 archive documents)
 *
 * Paging (RFC 5005 "archived feeds"): the current documents hold the newest `pageSize` events. The
 * older ones are cut into archive pages counted from the OLDEST end: archive 1 holds the oldest
 * `pageSize`, the highest number is the newest (and may be partly filled). New developments
 * therefore change only the current documents and the newest archive; older archive pages keep
 * their URL and content (unless a report about a very old development arrives). Links: the current
 * feed has `prev-archive` to the newest archive; every archive has `current`, `prev-archive`
 * (except archive 1) and `next-archive` (except the newest), and `<fh:archive/>`. JSON Feed pages
 * chain with `next_url` (towards older items).
 */
import { createHash } from 'node:crypto';
import { Feed, type Item } from 'feed';
import { SCHEMA_BASE_URL, type CeasefireEvent } from '#schemas/event.ts';
import { mergeAll, compareTimestamps } from '#commons/store/merge.ts';
import { compareNewestFirst } from '#commons/store/order.ts';
import { cleanText, escapeHtml, safeHttpUrl, xmlJsAttribute } from './escape.ts';
import { dateRefToDate, eventHtml, eventText, externalUrl } from './describe.ts';
import { renderHtmlPage } from './html.ts';

export interface RenderOptions {
  /** Public base URL the files are served from, e.g. https://d123.cloudfront.net (no trailing slash needed). */
  baseUrl: string;
  title?: string;
  /** Items per document (current feed and each archive page). Default 100. */
  pageSize?: number;
  /** WebSub hub advertised by the current feed. */
  websubHub?: string;
  /** Folder of this feed under baseUrl; '' (default) for the main feed. */
  path?: string;
}

export interface RenderedFile {
  body: string;
  contentType: string;
}

export const DEFAULT_TITLE = 'Ceasefire developments';
export const DEFAULT_PAGE_SIZE = 100;
/**
 * Part of every page fingerprint. Bump it whenever the rendered bytes change for the same events
 * (layout, wording, fields), or publishers holding an old manifest would keep stale pages. The
 * pinned digest test in test/feeds fails to remind you.
 */
export const RENDER_VERSION = '1';

/** The `updated` date of a feed with no events: fixed, so an empty feed is byte-stable too. */
export const EMPTY_FEED_DATE = new Date(0);

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

const FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json', html: 'index.html' } as const;
const FH_NAMESPACE = 'http://purl.org/syndication/history/1.0';
const ATOM_OPEN_TAG = '<feed xmlns="http://www.w3.org/2005/Atom">';
const TYPE_SCHEME = `${SCHEMA_BASE_URL}event-type`;
const COUNTRY_SCHEME = `${SCHEMA_BASE_URL}theatre-country`;

export const EMPTY_DESCRIPTION =
  'No ceasefire developments yet. Drop news articles into the inbox to fill this feed: ' +
  '`npx ceasefire-feed drop FILE` (a file or a folder), or `npm run demo` for sample articles.';
const DESCRIPTION = 'Structured ceasefire developments extracted from news articles: who, where, when, and the evidence.';

/** Atom ids must be IRIs; a tag URI (RFC 4151) that ends with the event id. */
export function atomEntryId(eventId: string): string {
  return `tag:ceasefire-feed.dev,2016:event:${eventId}`;
}

interface Page {
  /** 0 for the current documents, n >= 1 for archive n. */
  number: number;
  events: CeasefireEvent[];
  /** Key prefix of the page's files, e.g. '' or 'archive/3/' (below `path`). */
  dir: string;
}

interface Context {
  base: string;
  prefix: string;
  title: string;
  hub?: string;
  archives: number;
}

export function renderFeeds(
  events: readonly CeasefireEvent[],
  options: RenderOptions,
  cache?: RenderCache,
): Map<string, RenderedFile> {
  const { pages, ctx } = plan(events, options);
  const files = new Map<string, RenderedFile>();
  const used = new Set<string>();
  for (const page of pages) {
    const fingerprint = cache ? pageFingerprint(page, ctx) : '';
    let rendered = cache?.get(fingerprint);
    if (!rendered) {
      rendered = renderPage(page, ctx);
      cache?.set(fingerprint, rendered);
    }
    used.add(fingerprint);
    for (const [file, content] of rendered) files.set(`${ctx.prefix}${page.dir}${file}`, content);
  }
  cache?.retain(used);
  return files;
}

/** Page folder ('' or 'archive/<n>/') -> fingerprint of everything the page's bytes depend on. */
export type PageManifest = Record<string, string>;

export interface IncrementalRender {
  /** Files of the pages whose fingerprint differs from the previous manifest (all pages without one). */
  files: Map<string, RenderedFile>;
  /** Store this and pass it to the next call. */
  manifest: PageManifest;
  /** Files of pages that existed before and no longer do (to delete). */
  removed: string[];
}

/**
 * Like `renderFeeds`, but renders only the pages that changed since `previous` (a manifest the
 * publisher kept from the last build, e.g. beside the feeds in the bucket). Fingerprinting 10,000
 * events costs far less than rendering them, and usually only the current page and the newest
 * archive change. The files it returns are byte-identical to `renderFeeds`' files for those pages.
 */
export function renderChangedFeeds(
  events: readonly CeasefireEvent[],
  options: RenderOptions,
  previous: PageManifest = {},
): IncrementalRender {
  const { pages, ctx } = plan(events, options);
  const files = new Map<string, RenderedFile>();
  const manifest: PageManifest = {};
  for (const page of pages) {
    const fingerprint = pageFingerprint(page, ctx);
    manifest[page.dir] = fingerprint;
    if (previous[page.dir] === fingerprint) continue;
    for (const [file, content] of renderPage(page, ctx)) files.set(`${ctx.prefix}${page.dir}${file}`, content);
  }
  const removed = Object.keys(previous)
    .filter((dir) => !(dir in manifest))
    .sort()
    .flatMap((dir) => Object.values(FILES).map((file) => `${ctx.prefix}${dir}${file}`));
  return { files, manifest, removed };
}

function plan(events: readonly CeasefireEvent[], options: RenderOptions): { pages: Page[]; ctx: Context } {
  const base = safeHttpUrl(options.baseUrl)?.replace(/\/+$/, '');
  if (!base) throw new Error(`renderFeeds: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`renderFeeds: pageSize must be a positive integer`);
  const cleanPath = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  if (/(^|\/)\.\.?(\/|$)|[?#\\]/.test(cleanPath)) throw new Error(`renderFeeds: bad path ${JSON.stringify(options.path)}`);
  const hub = options.websubHub === undefined ? undefined : safeHttpUrl(options.websubHub);
  if (options.websubHub !== undefined && !hub) throw new Error('renderFeeds: websubHub must be an http(s) URL');

  const sorted = dedupe(events).sort(compareNewestFirst);
  const pages: Page[] = [{ number: 0, events: sorted.slice(0, pageSize), dir: '' }];
  const older = sorted.slice(pageSize).reverse(); // oldest first
  for (let n = 1; (n - 1) * pageSize < older.length; n++) {
    pages.push({ number: n, events: older.slice((n - 1) * pageSize, n * pageSize).reverse(), dir: `archive/${n}/` });
  }
  const ctx: Context = {
    base,
    prefix: cleanPath ? `${cleanPath}/` : '',
    title: cleanText(options.title ?? DEFAULT_TITLE),
    archives: pages.length - 1,
  };
  if (hub) ctx.hub = hub;
  return { pages, ctx };
}

/** The four documents of one page, keyed by file name. */
function renderPage(page: Page, ctx: Context): Map<string, RenderedFile> {
  const items = page.events.map((event) => prepare(event, page, ctx));
  const { rss, atom } = renderXml(page, items, ctx);
  return new Map<string, RenderedFile>([
    [FILES.rss, { body: rss, contentType: CONTENT_TYPES.rss }],
    [FILES.atom, { body: atom, contentType: CONTENT_TYPES.atom }],
    [FILES.json, { body: renderJson(page, items, ctx), contentType: CONTENT_TYPES.json }],
    [
      FILES.html,
      {
        body: renderHtmlPage({
          title: pageTitle(page, ctx),
          description: page.events.length ? DESCRIPTION : EMPTY_DESCRIPTION,
          updated: pageUpdated(page).toISOString(),
          items: items.map((i) => ({ event: i.event, html: i.html })),
          ...(olderPage(page, ctx) === undefined ? {} : { older: relative(page, olderPage(page, ctx)!, FILES.html) }),
          ...(newerPage(page, ctx) === undefined ? {} : { newer: relative(page, newerPage(page, ctx)!, FILES.html) }),
        }),
        contentType: CONTENT_TYPES.html,
      },
    ],
  ]);
}

/** Everything a page's bytes depend on, hashed: same fingerprint, same files. */
function pageFingerprint(page: Page, ctx: Context): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([RENDER_VERSION, ctx.base, ctx.prefix, ctx.title, ctx.hub ?? null, page.number, olderPage(page, ctx) ?? null, newerPage(page, ctx) ?? null]));
  for (const event of page.events) hash.update(JSON.stringify(event)).update('\n');
  return hash.digest('base64url');
}

/**
 * A memo of rendered pages across calls (a warm publish Lambda, the local runtime). With it, a
 * rebuild re-renders only the pages whose events changed, typically the current page and the
 * newest archive. The output is byte-identical with or without a cache. It keeps only the pages
 * used by the latest call.
 */
export class RenderCache {
  readonly #pages = new Map<string, Map<string, RenderedFile>>();
  get(fingerprint: string): Map<string, RenderedFile> | undefined {
    return this.#pages.get(fingerprint);
  }
  set(fingerprint: string, files: Map<string, RenderedFile>): void {
    this.#pages.set(fingerprint, files);
  }
  retain(used: ReadonlySet<string>): void {
    for (const key of this.#pages.keys()) if (!used.has(key)) this.#pages.delete(key);
  }
  get size(): number {
    return this.#pages.size;
  }
}

interface PreparedItem {
  event: CeasefireEvent;
  html: string;
  link: string;
}

/** Per-event work done once per page and shared by the four formats. */
function prepare(event: CeasefireEvent, page: Page, ctx: Context): PreparedItem {
  return { event, html: eventHtml(event), link: itemLink(ctx, page, event) };
}

/** One event per id; reports of the same id are merged (order-independent). */
function dedupe(events: readonly CeasefireEvent[]): CeasefireEvent[] {
  const byId = new Map<string, CeasefireEvent[]>();
  for (const e of events) {
    const group = byId.get(e.id);
    if (group) group.push(e);
    else byId.set(e.id, [e]);
  }
  return [...byId.values()].map((group) => (group.length === 1 ? group[0]! : mergeAll(group)));
}

// ---------------------------------------------------------------- URLs and links

function dirOf(number: number): string {
  return number === 0 ? '' : `archive/${number}/`;
}
function url(ctx: Context, number: number, file: string): string {
  return `${ctx.base}/${ctx.prefix}${dirOf(number)}${file}`;
}
/** The human page of a document; the main page is served at the folder URL. */
function pageUrl(ctx: Context, number: number): string {
  return number === 0 && ctx.prefix === '' ? `${ctx.base}/` : url(ctx, number, FILES.html);
}
/** Relative link between pages (the HTML uses relative links, so it works wherever it is served). */
function relative(from: Page, to: number, file: string): string {
  const up = from.number === 0 ? '' : '../../';
  return `${up}${dirOf(to)}${file}`;
}

interface RelLink {
  rel: string;
  href: string;
}
function archiveLinks(page: Page, ctx: Context, file: string): RelLink[] {
  const links: RelLink[] = [];
  if (page.number === 0) {
    if (ctx.archives > 0) links.push({ rel: 'prev-archive', href: url(ctx, ctx.archives, file) });
    return links;
  }
  links.push({ rel: 'current', href: url(ctx, 0, file) });
  if (page.number > 1) links.push({ rel: 'prev-archive', href: url(ctx, page.number - 1, file) });
  if (page.number < ctx.archives) links.push({ rel: 'next-archive', href: url(ctx, page.number + 1, file) });
  return links;
}

/** The page of the next older events (the newest archive from the current page), if any. */
function olderPage(page: Page, ctx: Context): number | undefined {
  const n = page.number === 0 ? ctx.archives : page.number - 1;
  return n > 0 ? n : undefined;
}
/** The page of the next newer events (the current page from the newest archive), if any. */
function newerPage(page: Page, ctx: Context): number | undefined {
  if (page.number === 0) return undefined;
  return page.number === ctx.archives ? 0 : page.number + 1;
}

/** Archive titles do not mention the archive count, so adding an archive leaves older pages unchanged. */
function pageTitle(page: Page, ctx: Context): string {
  return page.number === 0 ? ctx.title : `${ctx.title} (archive ${page.number})`;
}

/** Latest updatedAt on the page; a fixed epoch when the page is empty. */
function pageUpdated(page: Page): Date {
  let latest: string | undefined;
  for (const e of page.events) if (latest === undefined || compareTimestamps(e.updatedAt, latest) > 0) latest = e.updatedAt;
  return latest === undefined ? EMPTY_FEED_DATE : toDate(latest);
}

function toDate(timestamp: string): Date {
  const t = Date.parse(timestamp);
  return Number.isFinite(t) ? new Date(t) : EMPTY_FEED_DATE;
}

function itemLink(ctx: Context, page: Page, event: CeasefireEvent): string {
  return `${pageUrl(ctx, page.number)}#ev-${event.id}`;
}

// ---------------------------------------------------------------- RSS and Atom (the `feed` package)

/** Escape for an HTML-typed title (Atom type="html"; RSS readers treat titles as HTML too). */
function htmlTitle(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderXml(page: Page, items: readonly PreparedItem[], ctx: Context): { rss: string; atom: string } {
  const self = { rss: url(ctx, page.number, FILES.rss), atom: url(ctx, page.number, FILES.atom), json: url(ctx, page.number, FILES.json) };
  const feed = new Feed({
    id: url(ctx, 0, FILES.atom),
    title: pageTitle(page, ctx),
    description: page.events.length ? DESCRIPTION : EMPTY_DESCRIPTION,
    link: pageUrl(ctx, page.number),
    language: 'en',
    updated: pageUpdated(page),
    generator: 'ceasefire-feed',
    feedLinks: self,
    author: { name: ctx.title, link: `${ctx.base}/` },
    ...(page.number === 0 && ctx.hub ? { hub: ctx.hub } : {}),
  });
  for (const { event, html, link } of items) {
    const categories = [
      { name: event.type, term: event.type, scheme: TYPE_SCHEME, domain: TYPE_SCHEME },
      { name: event.theatre.country, term: event.theatre.country, scheme: COUNTRY_SCHEME, domain: COUNTRY_SCHEME },
    ];
    const item: Item = {
      title: htmlTitle(event.headline),
      id: atomEntryId(event.id),
      guid: event.id,
      link,
      date: toDate(event.updatedAt),
      published: dateRefToDate(event.occurred),
      description: `<p>${escapeHtml(event.summary)}</p>`,
      content: html,
      category: categories,
    };
    feed.addItem(item);
  }

  // RSS: RFC 5005 Appendix B links as atom:link. `feed` emits only rel=self/hub itself, and an
  // extension named 'atom:link' replaces its list, so the full list is given here.
  const rssLinks: RelLink[] = [{ rel: 'self', href: self.rss }];
  if (page.number === 0 && ctx.hub) rssLinks.push({ rel: 'hub', href: ctx.hub });
  rssLinks.push(...archiveLinks(page, ctx, FILES.rss));
  feed.addExtension({
    name: 'atom:link',
    objects: rssLinks.map((l) => ({
      _attributes: { href: xmlJsAttribute(l.href), rel: l.rel, ...(l.rel === 'hub' ? {} : { type: 'application/rss+xml' }) },
    })) as unknown as Record<string, unknown>,
  });
  if (page.number > 0) feed.addExtension({ name: 'fh:archive', objects: { _attributes: { 'xmlns:fh': FH_NAMESPACE } } });
  const rss = feed.rss2();

  // Atom: `feed` has no hook for extra feed-level links, so the RFC 5005 links (URLs we built from
  // baseUrl, escaped) are inserted after the root start tag. No event text goes through this path.
  let atom = feed.atom1();
  const extra = archiveLinks(page, ctx, FILES.atom).map(
    (l) => `\n    <link rel="${l.rel}" href="${escapeHtml(l.href)}" type="application/atom+xml"/>`,
  );
  if (page.number > 0) extra.push(`\n    <fh:archive xmlns:fh="${FH_NAMESPACE}"/>`);
  if (extra.length) {
    if (!atom.includes(ATOM_OPEN_TAG)) throw new Error('renderFeeds: unexpected Atom output from the feed package');
    atom = atom.replace(ATOM_OPEN_TAG, () => ATOM_OPEN_TAG + extra.join(''));
  }
  return { rss, atom };
}

// ---------------------------------------------------------------- JSON Feed 1.1 (plain object)

function renderJson(page: Page, items: readonly PreparedItem[], ctx: Context): string {
  const doc: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: pageTitle(page, ctx),
    home_page_url: pageUrl(ctx, page.number),
    feed_url: url(ctx, page.number, FILES.json),
    description: page.events.length ? DESCRIPTION : EMPTY_DESCRIPTION,
    authors: [{ name: ctx.title, url: `${ctx.base}/` }],
    language: 'en',
  };
  const older = olderPage(page, ctx);
  if (older !== undefined) doc.next_url = url(ctx, older, FILES.json);
  if (page.number === 0 && ctx.hub) doc.hubs = [{ type: 'WebSub', url: ctx.hub }];
  doc.items = items.map(({ event, html, link }) => {
    const item: Record<string, unknown> = { id: event.id, url: link };
    const external = externalUrl(event);
    if (external) item.external_url = external;
    item.title = cleanText(event.headline);
    item.summary = cleanText(event.summary);
    item.content_html = html;
    item.content_text = eventText(event);
    item.date_published = dateRefToDate(event.occurred).toISOString();
    item.date_modified = toDate(event.updatedAt).toISOString();
    item.tags = [event.type, event.theatre.country];
    item._ceasefire = event;
    return item;
  });
  // Compact: feed.json of 100 items is large and machine-read; indentation would add about a third.
  return `${JSON.stringify(doc)}\n`;
}

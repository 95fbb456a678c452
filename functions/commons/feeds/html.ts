/**
 * The human-readable pages: index.html (the timeline of every development), the filtered pages
 * (theatre/SY.html, type/agreement.html) and their archives. Self-contained: inline CSS, inline
 * SVG, no scripts, no external resources, and a Content-Security-Policy that forbids both, as a
 * second line of defence behind escaping. Feed autodiscovery via <link rel="alternate">. Links are
 * relative, so the pages work on CloudFront and on the local server alike.
 */
import { createHash } from 'node:crypto';
import type { CeasefireEvent, EventType } from '#schemas/event.ts';
import { escapeHtml } from './escape.ts';
import { confidenceFigure, datelineHtml, formatTimestamp } from './describe.ts';
import { TYPE_COLOURS } from './display.ts';

export const DISCOVERY_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const;
const FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/**
 * The site's icon. The pages name it inline (`ICON_HREF`), so browsers showing them do not ask for
 * /favicon.ico; the feeds, which cannot name one, have it published as favicon.ico (render.ts).
 */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5394"/>' +
  '<path d="M4 5h8M4 8h8M4 11h5" stroke="#fff" stroke-width="1.6"/></svg>';
export const ICON_HREF = `data:image/svg+xml,${encodeURIComponent(ICON_SVG)}`;

/** Relative links to one feed's three documents. */
export interface FeedHrefs {
  rss: string;
  atom: string;
  json: string;
}

export interface NamedFeed {
  /** "Ceasefire developments: Syria" */
  title: string;
  /** Short name for lists: "Syria". */
  label: string;
  hrefs: FeedHrefs;
}

export interface FilterLink {
  label: string;
  href: string;
  count: number;
  current?: boolean;
}

export interface HtmlPageInput {
  /** <title> and <h1>. */
  title: string;
  description: string;
  /** A line under the description (plain text): what the marked developments on the page are. */
  note?: string;
  /** ISO timestamp from the data (max updatedAt), shown when the page lists developments. */
  updated?: string;
  /** Newest first: each development's complete list entry, `articleStart(event, href)` + body + `ARTICLE_END`. */
  items: readonly string[];
  /** This page's feed. */
  feed: NamedFeed;
  /** Further feeds for autodiscovery and the list of feeds (the filtered feeds on the main page, the main feed elsewhere). */
  otherFeeds?: readonly NamedFeed[];
  /** Link back to the whole timeline (filtered and archive pages). */
  home?: string;
  /** Filters by theatre and by type (the main page). */
  filters?: { theatres: readonly FilterLink[]; types: readonly FilterLink[]; all: FilterLink };
  /** Inline SVG chart (from chartSvg) and the sentence that explains it. */
  chart?: { svg: string; caption: string };
  /** Relative link to the page of older developments, if any. */
  older?: string;
  /** Relative link to the page of newer developments, if any. */
  newer?: string;
  /** A note for an empty page; the default explains how to add articles. */
  emptyHtml?: string;
}


const STYLE = `
:root { color-scheme: light dark; --muted: #666; --rule: #ddd; --accent: #0b5394; --chip: #f1f3f5; --warn: #9a3412; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --rule: #444; --accent: #8ab4f8; --chip: #262a30; --warn: #fdba74; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 2px solid var(--rule); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 0.25rem; }
a { color: var(--accent); }
.meta, small, .dateline { color: var(--muted); }
.crumbs { margin: 0.25rem 0 0; font-size: 0.95rem; }
section.chart-box { margin: 1rem 0; }
svg.chart { width: 100%; height: auto; max-width: 720px; display: block; }
svg.chart.narrow { display: none; max-width: 26rem; }
@media (max-width: 42rem) { svg.chart.wide { display: none; } svg.chart.narrow { display: block; } }
svg.chart a text { fill: var(--accent); }
.chart-caption { font-size: 0.85rem; margin: 0.2rem 0 0; }
nav.filters p { margin: 0.35rem 0; line-height: 2; }
.chip { display: inline-block; padding: 0 0.6rem; margin: 0 0.15rem 0.2rem 0; border-radius: 1rem; background: var(--chip); text-decoration: none; white-space: nowrap; font-size: 0.92rem; }
.chip[aria-current="page"] { background: var(--accent); color: #fff; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 1.1rem; border-left: 3px solid var(--rule); }
ol.timeline > li { position: relative; }
ol.timeline > li::before { content: ""; position: absolute; left: -1.55rem; top: 1.15rem; width: 0.8rem; height: 0.8rem; border-radius: 50%; background: var(--rule); }
article { border-bottom: 1px solid var(--rule); padding: 0.75rem 0 1rem; }
article ul { padding-left: 1.2rem; margin: 0.25rem 0; }
.dateline { margin: 0 0 0.4rem; }
.type { display: inline-block; padding: 0 0.45rem; border-radius: 0.25rem; color: #fff; font-size: 0.85rem; }
${(Object.keys(TYPE_COLOURS) as EventType[]).map((type) => `.t-${type} { background: ${TYPE_COLOURS[type]}; }`).join('\n')}
p.held { margin: 0 0 0.4rem; font-size: 0.92rem; }
.flag { display: inline-block; padding: 0 0.45rem; border: 1px solid var(--warn); border-radius: 0.25rem; color: var(--warn); font-size: 0.85rem; font-weight: 600; }
details.evidence { margin: 0.4rem 0; }
details.evidence > summary { cursor: pointer; color: var(--muted); }
blockquote { margin: 0.5rem 0 0.5rem 0.5rem; padding-left: 0.75rem; border-left: 3px solid var(--rule); }
blockquote p { margin: 0.15rem 0; }
.empty { padding: 1rem; border: 1px dashed var(--rule); }
code { font-size: 0.95em; }
nav.pages { margin: 1rem 0; display: flex; justify-content: space-between; }
details.feeds { margin: 1.5rem 0; }
details.feeds ul { columns: 2; padding-left: 1.2rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.9rem; }
article.development h2 { margin-top: 1.25rem; }
p.summary { font-size: 1.05rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0.5rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.facts ul { margin: 0; padding-left: 1.1rem; }
@media (max-width: 30rem) { dl.facts { grid-template-columns: 1fr; gap: 0 1rem; } dl.facts dd { margin-bottom: 0.5rem; } }
.none { color: var(--muted); }
table.places { border-collapse: collapse; width: 100%; }
table.places th, table.places td { text-align: left; vertical-align: top; padding: 0.2rem 0.75rem 0.2rem 0; border-bottom: 1px solid var(--rule); }
ol.sources { padding-left: 1.4rem; }
ol.sources > li { margin: 0.6rem 0; }
`.trim();

/** CSP allows exactly this stylesheet (by hash): no inline script or style can run or apply beyond it. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const DEFAULT_EMPTY = [
  '<div class="empty">',
  '<p><strong>No developments yet.</strong> The feed fills as news articles about ceasefires, truces and talks arrive.</p>',
  '<p>Drop articles (.txt, .md, .html, .json or a feed) into the inbox:</p>',
  '<ul><li><code>npx ceasefire-feed drop FILE</code> (a file or a folder)</li><li><code>npm run demo</code> to load sample articles</li></ul>',
  '<p>Then reload this page or your feed reader.</p>',
  '</div>',
].join('\n');

function alternateLinks(feed: NamedFeed): string[] {
  return (['rss', 'atom', 'json'] as const).map(
    (format) =>
      `<link rel="alternate" type="${DISCOVERY_TYPES[format]}" title="${escapeHtml(`${feed.title} (${FORMAT_NAMES[format]})`)}" href="${escapeHtml(feed.hrefs[format])}">`,
  );
}

export function subscribeLinks(hrefs: FeedHrefs): string {
  return (['rss', 'atom', 'json'] as const)
    .map((format) => `<a href="${escapeHtml(hrefs[format])}">${FORMAT_NAMES[format]}</a>`)
    .join(' \u00b7 ');
}

function chip(link: FilterLink): string {
  return `<a class="chip" href="${escapeHtml(link.href)}"${link.current ? ' aria-current="page"' : ''}>${escapeHtml(link.label)} (${link.count})</a>`;
}

/**
 * The start of one development's entry in the timeline: heading, linked to `href` (the development's
 * page), and date line (then its body, then ARTICLE_END). The entry keeps the anchor `#ev-<id>`.
 */
export function articleStart(event: CeasefireEvent, href: string): string {
  return [
    `<li><article id="ev-${escapeHtml(event.id)}" data-type="${escapeHtml(event.type)}" data-theatre="${escapeHtml(event.theatre.country)}">`,
    `<h2><a href="${escapeHtml(href)}">${escapeHtml(event.headline)}</a></h2>`,
    datelineHtml(event, true),
  ].join('\n');
}
export const ARTICLE_END = '</article></li>';

/** What a development's confidence means, in one sentence (the title of its mark, and its page's explanation). */
export const CONFIDENCE_MEANS =
  'Confidence, from 0 to 1, says how well the reports support a development: higher when an article reports it in its ' +
  'headline or lead, in the wording of the development itself, dated by its own text, over several sentences, with its ' +
  'sides named, as its main news; each further independent outlet that reports it adds to it.';

/**
 * The mark of a development below the feeds' minimum confidence, on its timeline entries and its own
 * page: a short label whose title says what confidence means, and a line on where it is and when it
 * joins the feeds; `explainHref` leads to its page's explanation.
 */
export function belowThresholdHtml(confidence: number, minimum: number, explainHref: string): string {
  return (
    `<p class="held"><span class="flag" title="${escapeHtml(CONFIDENCE_MEANS)}">Below the feeds' confidence threshold</span> ` +
    escapeHtml(
      `Confidence ${confidenceFigure(confidence)}, under the ${confidenceFigure(minimum)} the RSS, Atom and JSON feeds require: shown on the pages, ` +
        'not in the feeds yet. It joins them when another outlet reports it or a re-extraction raises its confidence.',
    ) +
    ` <a href="${escapeHtml(explainHref)}">About confidence</a></p>`
  );
}

/**
 * A page's start, up to its <body>: the CSP, the title, the icon, autodiscovery of `feeds`, the
 * stylesheet, and `extra` head elements (already HTML).
 */
export function pageStart(title: string, feeds: readonly NamedFeed[], extra: readonly string[] = []): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="icon" href="${escapeHtml(ICON_HREF)}">`,
    ...extra,
    ...feeds.flatMap(alternateLinks),
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  ];
}

/** Every page's end. */
export const PAGE_END = [
  '<footer><p>Feed readers poll these feeds; they change only when a development is added or updated. ' +
    'Paste a feed link into your reader to subscribe.</p></footer>',
  '</body>',
  '</html>',
  '',
];

export function renderHtmlPage(input: HtmlPageInput): string {
  const title = escapeHtml(input.title);
  const others = input.otherFeeds ?? [];
  const out: string[] = [...pageStart(input.title, [input.feed, ...others]), '<header>'];
  if (input.home) out.push(`<p class="crumbs"><a href="${escapeHtml(input.home)}">\u2190 All developments</a></p>`);
  out.push(
    `<h1>${title}</h1>`,
    `<p>${escapeHtml(input.description)}</p>`,
    ...(input.note ? [`<p class="meta note">${escapeHtml(input.note)}</p>`] : []),
    `<p class="meta">Subscribe: ${subscribeLinks(input.feed.hrefs)}` +
      (input.items.length && input.updated ? ` \u00b7 updated <time datetime="${escapeHtml(input.updated)}">${escapeHtml(formatTimestamp(input.updated))}</time>` : '') +
      '</p>',
    '</header>',
  );
  if (input.chart) {
    out.push(
      '<section class="chart-box" aria-label="Developments over time">',
      '<h2>Developments over time</h2>',
      input.chart.svg,
      `<p class="meta chart-caption">${escapeHtml(input.chart.caption)}</p>`,
      '</section>',
    );
  }
  if (input.filters) {
    const { theatres, types, all } = input.filters;
    out.push(
      '<nav class="filters" aria-label="Filter developments">',
      `<p class="by-theatre"><strong>Theatre:</strong> ${[all, ...theatres].map(chip).join(' ')}</p>`,
      `<p class="by-type"><strong>Type:</strong> ${[all, ...types].map(chip).join(' ')}</p>`,
      '</nav>',
    );
  }
  out.push('<main>');
  if (input.items.length === 0) out.push(input.emptyHtml ?? DEFAULT_EMPTY);
  else {
    out.push('<ol class="timeline">');
    out.push(...input.items);
    out.push('</ol>');
  }
  out.push('</main>');
  if (input.older || input.newer) {
    out.push(
      '<nav class="pages">',
      input.newer ? `<a href="${escapeHtml(input.newer)}" rel="prev">\u2190 Newer developments</a>` : '<span></span>',
      input.older ? `<a href="${escapeHtml(input.older)}" rel="next">Older developments \u2192</a>` : '<span></span>',
      '</nav>',
    );
  }
  if (others.length) {
    out.push(
      '<details class="feeds">',
      `<summary>${escapeHtml(others.length === 1 ? 'The feed of all developments' : `All ${others.length} filtered feeds`)}</summary>`,
      '<ul>',
      ...others.map((feed) => `<li>${escapeHtml(feed.label)}: ${subscribeLinks(feed.hrefs)}</li>`),
      '</ul>',
      '</details>',
    );
  }
  out.push(...PAGE_END);
  return out.join('\n');
}

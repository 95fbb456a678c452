/**
 * The human-readable page of developments (index.html). Self-contained: inline CSS, no scripts, no
 * external resources, and a Content-Security-Policy that forbids both, as a second line of defence
 * behind escaping. Feed autodiscovery via <link rel="alternate">. Links are relative, so the page
 * works on CloudFront and on the local server alike.
 */
import { createHash } from 'node:crypto';
import type { CeasefireEvent } from '#schemas/event.ts';
import { escapeHtml } from './escape.ts';
import { EVENT_TYPE_LABELS, countryLabel } from './describe.ts';

export interface HtmlPageInput {
  title: string;
  description: string;
  /** ISO timestamp from the data (max updatedAt; epoch when empty). */
  updated: string;
  /** Newest first, each with its HTML fragment (from `eventHtml`). */
  items: readonly { event: CeasefireEvent; html: string }[];
  /** Relative link to the page of older developments, if any. */
  older?: string;
  /** Relative link to the page of newer developments, if any. */
  newer?: string;
}

const STYLE = `
:root { color-scheme: light dark; --muted: #666; --rule: #ddd; --accent: #0b5394; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --rule: #444; --accent: #8ab4f8; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 2px solid var(--rule); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 0.25rem; }
a { color: var(--accent); }
.meta, small { color: var(--muted); }
article { border-bottom: 1px solid var(--rule); padding: 0.75rem 0 1rem; }
article ul { padding-left: 1.2rem; margin: 0.25rem 0; }
blockquote { margin: 0.5rem 0 0.5rem 0.5rem; padding-left: 0.75rem; border-left: 3px solid var(--rule); }
blockquote p { margin: 0.15rem 0; }
.empty { padding: 1rem; border: 1px dashed var(--rule); }
code { font-size: 0.95em; }
nav { margin: 1rem 0; display: flex; justify-content: space-between; }
`.trim();

/** CSP allows exactly this stylesheet (by hash): no inline script or style can run or apply beyond it. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Backtick-quoted commands in a description become <code> (on escaped text). */
function withCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function renderHtmlPage(input: HtmlPageInput): string {
  const title = escapeHtml(input.title);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${title}</title>`,
    `<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="feed.xml">`,
    `<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="atom.xml">`,
    `<link rel="alternate" type="application/feed+json" title="${title} (JSON Feed)" href="feed.json">`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${title}</h1>`,
    `<p>${withCode(input.description)}</p>`,
    `<p class="meta">Subscribe: <a href="feed.xml">RSS</a> \u00b7 <a href="atom.xml">Atom</a> \u00b7 <a href="feed.json">JSON Feed</a>` +
      (input.items.length ? ` \u00b7 updated <time datetime="${escapeHtml(input.updated)}">${escapeHtml(input.updated)}</time>` : '') +
      '</p>',
    '</header>',
    '<main>',
  ];
  if (input.items.length === 0) {
    out.push(
      '<div class="empty">',
      '<p><strong>No developments yet.</strong> The feed fills as news articles about ceasefires, truces and talks arrive.</p>',
      '<p>Drop articles (.txt, .md, .html, .json or a feed) into the inbox:</p>',
      '<ul><li><code>npx ceasefire-feed drop FILE</code> (a file or a folder)</li><li><code>npm run demo</code> to load sample articles</li></ul>',
      '<p>Then reload this page or your feed reader.</p>',
      '</div>',
    );
  }
  for (const { event, html } of input.items) {
    const where = countryLabel(event.theatre.country);
    out.push(
      `<article id="ev-${escapeHtml(event.id)}">`,
      `<h2><a href="#ev-${escapeHtml(event.id)}">${escapeHtml(event.headline)}</a></h2>`,
      `<p class="meta">${escapeHtml(`${EVENT_TYPE_LABELS[event.type] ?? event.type} \u00b7 ${event.occurred.date} \u00b7 ${where}`)}</p>`,
      html,
      '</article>',
    );
  }
  out.push('</main>');
  if (input.older || input.newer) {
    out.push(
      '<nav>',
      input.newer ? `<a href="${escapeHtml(input.newer)}" rel="prev">\u2190 Newer developments</a>` : '<span></span>',
      input.older ? `<a href="${escapeHtml(input.older)}" rel="next">Older developments \u2192</a>` : '<span></span>',
      '</nav>',
    );
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
